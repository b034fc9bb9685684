/* test_config.c - qiao.conf: keys, values, errors with FILE:LINE, flags
 * over the file, and the printed settings read back the same. */
#include "core/common.h"
#include "harness.h"

#include "core/buf.h"
#include "core/config.h"

static int parse(struct config *c, const char *text, char **err)
{
	return config_parse(c, text, strlen(text), "t.conf", err);
}

TEST(defaults)
{
	struct config c;
	config_init(&c);
	CHECK_STR(c.listen, "127.0.0.1:8080");
	CHECK_INT(c.cache_size_mb, 64);
	CHECK_INT(c.workers, 0);
	CHECK(c.db == NULL && c.access_log == NULL && c.staff_listen == NULL);
	config_free(&c);
}

TEST(every_key)
{
	struct config c;
	char *err = NULL;
	config_init(&c);
	const char *text =
		"# a comment\n"
		"\n"
		"listen = 0.0.0.0:80\r\n"
		"  db=/var/lib/qiao/qiao.db  \n"
		"root = /usr/share/qiao\n"
		"access-log = \"/var/log/qiao/access log\"\n"
		"staff-listen = [::1]:8081\n"
		"staff-access-log = /var/log/qiao/staff.log\n"
		"cache-size = 0\n"
		"workers = 4\n"
		"log-local-time = yes\n"
		"staff-secure-cookies = yes\n"
		"trusted-gateway = 10.0.0.7\n"
		"trusted-gateway = 2001:db8::1\n"
		"trusted-proxy = 10.0.0.0/8\n";
	CHECK_INT(parse(&c, text, &err), 0);
	CHECK(err == NULL);
	CHECK_STR(c.listen, "0.0.0.0:80");
	CHECK_STR(c.db, "/var/lib/qiao/qiao.db");
	CHECK_STR(c.root, "/usr/share/qiao");
	CHECK_STR(c.access_log, "/var/log/qiao/access log");
	CHECK_STR(c.staff_listen, "[::1]:8081");
	CHECK_STR(c.staff_access_log, "/var/log/qiao/staff.log");
	CHECK_INT(c.cache_size_mb, 0);
	CHECK_INT(c.workers, 4);
	CHECK(c.log_local_time);
	CHECK(c.staff_secure_cookies);
	CHECK_INT(c.n_trusted_gateway, 2);
	CHECK_STR(c.trusted_gateway[1], "2001:db8::1");
	CHECK_INT(c.n_trusted_proxy, 1);
	CHECK_STR(c.trusted_proxy[0], "10.0.0.0/8");
	config_free(&c);
}

static void expect_error(const char *text, const char *want)
{
	struct config c;
	char *err = NULL;
	config_init(&c);
	CHECK_INT(parse(&c, text, &err), -1);
	CHECK_STR(err, want);
	free(err);
	config_free(&c);
}

TEST(errors_name_the_line)
{
	expect_error("listen = 1.2.3.4:80\nlisten_port = 80\n", "t.conf:2: unknown key 'listen_port'");
	expect_error("\n\nworkers\n", "t.conf:3: expected 'key = value'");
	expect_error(" = 3\n", "t.conf:1: a value without a key");
	expect_error("workers = 0\n", "t.conf:1: workers needs a number from 1 to 256, not '0'");
	expect_error("workers = 4x\n", "t.conf:1: workers needs a number from 1 to 256, not '4x'");
	expect_error("cache-size = 65537\n", "t.conf:1: cache-size needs megabytes (0-65536), not '65537'");
	expect_error("cache-size = -1\n", "t.conf:1: cache-size needs megabytes (0-65536), not '-1'");
	expect_error("listen = 80\n", "t.conf:1: listen needs ADDR:PORT (an IPv6 address in brackets), not '80'");
	expect_error("listen = 1.2.3.4:65536\n", "t.conf:1: listen needs ADDR:PORT (an IPv6 address in brackets), not '1.2.3.4:65536'");
	expect_error("staff-listen = [nothing]:80\n", "t.conf:1: staff-listen needs ADDR:PORT (an IPv6 address in brackets), not '[nothing]:80'");
	expect_error("trusted-gateway = gateway.example\n", "t.conf:1: trusted-gateway needs an IPv4 or IPv6 address or range (ADDR/BITS), not 'gateway.example'");
	expect_error("trusted-proxy = 10.0.0.0/33\n", "t.conf:1: trusted-proxy needs an IPv4 or IPv6 address or range (ADDR/BITS), not '10.0.0.0/33'");
	expect_error("db = \n", "t.conf:1: db needs a path");
	expect_error("user = root; rm\n", "t.conf:1: user needs a user name, not 'root; rm'");
	expect_error("user = -x\n", "t.conf:1: user needs a user name, not '-x'");
	expect_error("log-local-time = 1\n", "t.conf:1: log-local-time needs yes or no, not '1'");
	expect_error("db = \"a\tb\"\n", "t.conf:1: db needs a path without control characters");
	expect_error("root = \"/x\n", "t.conf:1: an unbalanced double quote");
	expect_error("workers = 2\nworkers = 3\n", "t.conf:2: workers is set twice");
	/* Keys are the option names: underscores and case are not guessed. */
	expect_error("access_log = /x\n", "t.conf:1: unknown key 'access_log'");
	expect_error("Listen = 1.2.3.4:80\n", "t.conf:1: unknown key 'Listen'");
}

TEST(nul_byte)
{
	struct config c;
	char *err = NULL;
	config_init(&c);
	CHECK_INT(config_parse(&c, "db = a\0b\n", 9, "t.conf", &err), -1);
	CHECK_STR(err, "t.conf:1: a NUL byte");
	free(err);
	config_free(&c);
}

TEST(flags_override_the_file)
{
	struct config c;
	char *err = NULL;
	config_init(&c);
	CHECK_INT(parse(&c, "workers = 2\ntrusted-gateway = 10.0.0.1\ntrusted-gateway = 10.0.0.2\n", &err), 0);
	CHECK_INT(config_set(&c, "workers", "8", CONFIG_FROM_FLAG, &err), 0);
	CHECK_INT(c.workers, 8);
	/* A list from the command line replaces the file's, then grows. */
	CHECK_INT(config_set(&c, "trusted-gateway", "192.0.2.1", CONFIG_FROM_FLAG, &err), 0);
	CHECK_INT(config_set(&c, "trusted-gateway", "192.0.2.2", CONFIG_FROM_FLAG, &err), 0);
	CHECK_INT(c.n_trusted_gateway, 2);
	CHECK_STR(c.trusted_gateway[0], "192.0.2.1");
	CHECK_STR(c.trusted_gateway[1], "192.0.2.2");
	CHECK_INT(config_set(&c, "bogus", "1", CONFIG_FROM_FLAG, &err), -1);
	CHECK_STR(err, "unknown key 'bogus'");
	free(err);
	config_free(&c);
}

TEST(list_is_bounded)
{
	struct config c;
	char *err = NULL;
	config_init(&c);
	struct buf b = BUF_INIT;
	for (int i = 0; i <= CONFIG_MAX_LIST; i++)
		buf_addf(&b, "trusted-gateway = 10.0.%d.%d\n", i / 256, i % 256);
	CHECK_INT(parse(&c, b.data, &err), -1);
	CHECK(err && strstr(err, "t.conf:65: more than 64 trusted-gateway entries"));
	free(err);
	buf_release(&b);
	config_free(&c);
}

TEST(printed_settings_read_back)
{
	struct config c, d;
	char *err = NULL;
	config_init(&c);
	CHECK_INT(parse(&c, "db = \" spaced \"\nworkers = 3\ntrusted-gateway = ::1\naccess-log = -\n", &err), 0);
	struct buf out = BUF_INIT;
	config_print(&c, &out);
	CHECK(strstr(out.data, "db = \" spaced \"\n") != NULL);
	CHECK(strstr(out.data, "# staff-listen = (off)\n") != NULL);
	config_init(&d);
	CHECK_INT(config_parse(&d, out.data, out.len, "printed", &err), 0);
	CHECK_STR(d.db, " spaced ");
	CHECK_STR(d.access_log, "-");
	CHECK_STR(d.listen, c.listen);
	CHECK_INT(d.workers, 3);
	CHECK_INT(d.cache_size_mb, 64);
	CHECK_INT(d.n_trusted_gateway, 1);
	CHECK(d.staff_listen == NULL && d.root == NULL);
	buf_release(&out);
	config_free(&c);
	config_free(&d);
}

TEST(every_key_is_known)
{
	const char *const *k = config_keys();
	size_t n = 0;
	for (; k[n]; n++)
		;
	CHECK_INT(n, 13);
}

/* SIGHUP: the reloadable keys are taken, the restart-only ones are named
 * and keep their running value; the table marks each key. */
TEST(reload_takes_only_reloadable_keys)
{
	struct config run, fresh;
	char *err = NULL;
	config_init(&run);
	config_init(&fresh);
	CHECK_INT(parse(&run, "listen = 127.0.0.1:80\naccess-log = /a\ntrusted-proxy = 10.0.0.1\nworkers = 2\n", &err), 0);
	CHECK_INT(parse(&fresh, "listen = 127.0.0.1:81\naccess-log = /b\ntrusted-proxy = 10.0.0.0/8\n"
			"trusted-proxy = ::1\nworkers = 2\nlog-local-time = yes\ncache-size = 1\n", &err), 0);
	struct buf restart = BUF_INIT;
	CHECK_INT(config_reload(&run, &fresh, &restart), 3);
	CHECK_STR(restart.data, "listen cache-size");
	CHECK_STR(run.listen, "127.0.0.1:80");
	CHECK_INT(run.cache_size_mb, 64);
	CHECK_STR(run.access_log, "/b");
	CHECK_INT(run.n_trusted_proxy, 2);
	CHECK_STR(run.trusted_proxy[1], "::1");
	CHECK(run.log_local_time);
	/* Nothing changed: nothing to do. */
	struct buf none = BUF_INIT;
	CHECK_INT(config_reload(&run, &run, &none), 0);
	CHECK_INT(none.len, 0);
	/* A key unset again is a change too. */
	config_free(&fresh);
	config_init(&fresh);
	CHECK_INT(parse(&fresh, "listen = 127.0.0.1:80\nworkers = 2\n", &err), 0);
	CHECK_INT(config_reload(&run, &fresh, &none), 3);
	CHECK(run.access_log == NULL && run.n_trusted_proxy == 0 && !run.log_local_time);
	buf_release(&restart);
	buf_release(&none);
	config_free(&run);
	config_free(&fresh);
	size_t n;
	const struct config_key *t = config_table(&n);
	const char *const *k = config_keys();
	CHECK_INT(n, 13);
	for (size_t i = 0; i < n; i++) {
		CHECK_STR(t[i].name, k[i]);
		CHECK(t[i].help && *t[i].help);
	}
}

int main(void)
{
	RUN(defaults);
	RUN(every_key);
	RUN(errors_name_the_line);
	RUN(nul_byte);
	RUN(flags_override_the_file);
	RUN(list_is_bounded);
	RUN(printed_settings_read_back);
	RUN(every_key_is_known);
	RUN(reload_takes_only_reloadable_keys);
	return harness_done("config");
}
