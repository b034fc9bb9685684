/* cli_serve.c - qiao serve and qiao config check: the settings come from
 * the configuration file (core/config.h), then the command line. */
#include "core/common.h"
#include "cli.h"
#include "app/app.h"
#include "core/cidr.h"
#include "core/config.h"
#include "core/file.h"
#include "http/server.h"
#include "pages/pages.h"

#include <getopt.h>
#include <pwd.h>
#include <unistd.h>

#ifndef QIAO_CONFFILE
#define QIAO_CONFFILE "/etc/qiao/qiao.conf"
#endif

/* text's words from column col on, wrapped before width onto lines
 * indented by indent. */
static void wrap_words(struct buf *out, const char *text, size_t col, size_t indent, size_t width)
{
	bool first = true; /* on this line */
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		if (!first && col + 1 + n > width) {
			buf_addc(out, '\n');
			for (col = 0; col < indent; col++)
				buf_addc(out, ' ');
			first = true;
		}
		if (!first) {
			buf_addc(out, ' ');
			col++;
		}
		buf_add(out, p, n);
		col += n;
		p += n;
		first = false;
	}
	buf_addc(out, '\n');
}

/* "  --name ARG", the description from column 23 (or two spaces after a
 * longer term), wrapped. */
static void option_line(struct buf *out, const char *name, const char *arg, const char *help)
{
	size_t start = out->len;
	buf_addf(out, "  --%s%s%s", name, arg ? " " : "", arg ? arg : "");
	size_t col = out->len - start;
	do {
		buf_addc(out, ' ');
		col++;
	} while (col < 23 || out->data[out->len - 2] != ' ');
	wrap_words(out, help, col, 23, 80);
}

/* qiao serve --help: --config, then every key of the key table as an
 * option (core/config.c), so the help, config check and the manual pages
 * (generated from both) cannot disagree. */
static void serve_help(void)
{
	size_t n;
	const struct config_key *t = config_table(&n);
	struct buf out = BUF_INIT, syn = BUF_INIT;
	buf_adds(&syn, "[--config FILE]");
	for (size_t i = 0; i < n; i++) {
		buf_addf(&syn, " [--%s%s%s]%s", t[i].name, t[i].arg ? " " : "", t[i].arg ? t[i].arg : "", t[i].list ? "..." : "");
	}
	buf_adds(&out, "usage: qiao serve");
	/* the synopsis, wrapped under its first option */
	const char *p = syn.data;
	size_t col = 17;
	while (*p) {
		const char *e = strstr(p + 1, " [");
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (*p == ' ') {
			p++;
			len--;
		}
		if (col + 1 + len > 80) {
			buf_adds(&out, "\n                 ");
			col = 17;
		}
		buf_addc(&out, ' ');
		buf_add(&out, p, len);
		col += 1 + len;
		p += len;
	}
	buf_adds(&out, "\n\n"
		 "Serve the portal over HTTP.  Settings come from the configuration file,\n"
		 "then from these options, which override it (qiao.conf(5)).  SIGHUP reads\n"
		 "the file again: `qiao config keys` lists the keys it applies.\n");
	option_line(&out, "config", "FILE", "configuration file (default $QIAO_CONFIG, else " QIAO_CONFFILE " when it exists)");
	for (size_t i = 0; i < n; i++)
		option_line(&out, t[i].name, t[i].arg, t[i].help);
	fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	buf_release(&syn);
}

static const char config_usage[] =
	"usage: qiao config check [--config FILE]\n"
	"       qiao config keys\n"
	"\n"
	"  check   read the configuration file (default $QIAO_CONFIG, else\n"
	"          " QIAO_CONFFILE "), print the effective settings and exit 0,\n"
	"          or name the first error (FILE:LINE) and exit 1\n"
	"  keys    every key, one a line: name, its value's form (- for yes/no),\n"
	"          reload (SIGHUP applies it) or restart, and what it means,\n"
	"          separated by tabs\n"
	"  --config FILE  the file to check\n";

/* The configuration file: path (--config), else $QIAO_CONFIG, else the
 * default one.  *given: it must exist. */
static const char *config_path(const char *path, bool *given)
{
	*given = path != NULL;
	if (!path) {
		const char *env = getenv("QIAO_CONFIG");
		*given = env && *env;
		path = *given ? env : QIAO_CONFFILE;
	}
	return path;
}

/* Read the configuration file into c.  An explicit file (--config,
 * $QIAO_CONFIG) must exist; the default one only when it is there.  0, or
 * -1 with *err (malloc'd, one line). */
static int read_config(struct config *c, const char *path, char **err)
{
	bool given;
	path = config_path(path, &given);
	*err = NULL;
	if (!given && access(path, F_OK) != 0)
		return 0;
	struct buf b = BUF_INIT;
	const char *why;
	enum file_status fs = file_read(path, CONFIG_MAX_BYTES + 1, &b, &why);
	if (fs != FILE_OK) {
		*err = xasprintf("cannot read %s: %s", path, fs == FILE_TOO_LARGE ? "larger than 1 MiB" : why);
		return -1;
	}
	int rc = config_parse(c, b.data ? b.data : "", b.len, path, err);
	buf_release(&b);
	return rc;
}

/* read_config, or 1 after a one-line error. */
static int load_config(struct config *c, const char *cmd, const char *path)
{
	char *err = NULL;
	if (read_config(c, path, &err) != 0) {
		cli_error("%s: %s", cmd, err);
		free(err);
		return 1;
	}
	return 0;
}

/* The value of --config in argv (before getopt runs), or NULL. */
static const char *config_arg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], "--config=", 9) == 0)
			return argv[i] + 9;
	}
	return NULL;
}

/* The ranges of a list key (already checked by config_set). */
static struct cidr *ranges(char *const *items, size_t n)
{
	struct cidr *nets = xcalloc(n + 1, sizeof *nets);
	for (size_t i = 0; i < n; i++)
		cidr_parse(items[i], &nets[i]);
	return nets;
}

/* --- reloading (SIGHUP) ----------------------------------------------- */

/* What a reload needs: where the settings came from (the file, then the
 * command line over it), the settings running now, and in each worker
 * what it built from the settings it was handed. */
static struct reload_state {
	const char *config;        /* --config, or NULL */
	const char **flag_key;     /* the command line's settings, in order */
	const char **flag_value;
	size_t n_flags;
	struct config *running;    /* supervisor: the settings the workers run with */
	struct config applied;     /* worker: the settings it took last */
	struct cidr *gateways, *proxies; /* worker: its trusted ranges */
	struct app *app;
} rs;

/* An access log a reload names must open, as the user serving now. */
static int log_opens(const char *path, const char *was, char **err)
{
	if (!path || strcmp(path, "-") == 0 || (was && strcmp(path, was) == 0))
		return 0;
	FILE *f = fopen(path, "a");
	if (!f) {
		*err = xasprintf("cannot open access log %s: %s", path, strerror(errno));
		return -1;
	}
	fclose(f);
	return 0;
}

/* The server's reload_read: the file again, the command line over it.  A
 * bad file (or a log that cannot be opened) changes nothing; the
 * restart-only keys keep their running value and are named in the log. */
static char *reload_read(void *arg, char **status)
{
	(void)arg;
	bool given;
	const char *path = config_path(rs.config, &given);
	struct config fresh;
	config_init(&fresh);
	char *err = NULL;
	int rc = read_config(&fresh, rs.config, &err);
	for (size_t i = 0; rc == 0 && i < rs.n_flags; i++) {
		char *e = NULL;
		if (config_set(&fresh, rs.flag_key[i], rs.flag_value[i], CONFIG_FROM_FLAG, &e) != 0)
			free(e); /* it was accepted at start-up */
	}
	if (rc == 0 && log_opens(fresh.access_log, rs.running->access_log, &err) != 0)
		rc = -1;
	if (rc == 0 && log_opens(fresh.staff_access_log, rs.running->staff_access_log, &err) != 0)
		rc = -1;
	if (rc != 0) {
		log_error("SIGHUP: %s: still running on the previous settings", err);
		*status = xasprintf("reload failed: %s; running on the previous settings", err);
	} else {
		struct buf restart = BUF_INIT;
		int changed = config_reload(rs.running, &fresh, &restart);
		const char *file = given || access(path, F_OK) == 0 ? path : "no configuration file";
		if (restart.len) {
			log_warn("SIGHUP: %s changed in %s: needs a restart (running with the old value)", restart.data,
				 file);
			*status = xasprintf("settings reloaded from %s; restart needed for: %s", file, restart.data);
		} else {
			*status = xasprintf("settings reloaded from %s", file);
		}
		log_info("SIGHUP: settings read from %s: %d reloadable key%s changed", file, changed,
			 changed == 1 ? "" : "s");
		log_set_local_time(rs.running->log_local_time);
		buf_release(&restart);
	}
	free(err);
	config_free(&fresh);
	struct buf out = BUF_INIT;
	config_print(rs.running, &out);
	return buf_detach(&out);
}

/* The ranges of a list key (already checked by config_set). */
static struct cidr *ranges(char *const *items, size_t n);

/* The server's reload_apply, in a worker: the trusted ranges, the staff
 * cookies and the log time for the application; the logs and proxies for
 * the server. */
static void reload_apply(void *arg, const char *text, struct server_live *live)
{
	(void)arg;
	struct config c;
	config_init(&c);
	char *err = NULL;
	if (config_parse(&c, text, strlen(text), "reload", &err) != 0) {
		log_error("SIGHUP: settings not taken: %s", err); /* cannot happen: printed by config_print */
		free(err);
		config_free(&c);
		return;
	}
	free(rs.gateways);
	free(rs.proxies);
	config_free(&rs.applied);
	rs.applied = c;
	rs.gateways = ranges(c.trusted_gateway, c.n_trusted_gateway);
	rs.proxies = ranges(c.trusted_proxy, c.n_trusted_proxy);
	rs.app->trusted_gateways = rs.gateways;
	rs.app->n_trusted_gateways = c.n_trusted_gateway;
	rs.app->staff_secure_cookies = c.staff_secure_cookies;
	log_set_local_time(c.log_local_time);
	live->access_log = rs.applied.access_log;
	live->staff_access_log = rs.applied.staff_access_log;
	live->proxies = rs.proxies;
	live->n_proxies = c.n_trusted_proxy;
}

/* Open the application, hand its route tables and hooks to the server and
 * run it. */
static int serve_app(struct config *c)
{
	struct server_config cfg = {
		.listen = c->listen, .access_log = c->access_log, .staff_listen = c->staff_listen,
		.staff_access_log = c->staff_access_log, .user = c->user,
		.cache_bytes = (size_t)c->cache_size_mb << 20, .workers = c->workers,
	};
	if (cfg.workers == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		cfg.workers = cpus > 0 && cpus <= 256 ? (int)cpus : 1;
	}
	if (server_check_config(&cfg) != 0)
		return EXIT_USAGE;
	log_set_local_time(c->log_local_time);
	/* What the workers would only find out later, each in its own log:
	 * an access log that cannot be opened. */
	const char *logs[2] = { cfg.access_log, cfg.staff_access_log };
	for (int i = 0; i < 2; i++) {
		if (!logs[i] || strcmp(logs[i], "-") == 0)
			continue;
		FILE *f = fopen(logs[i], "a");
		if (!f) {
			cli_error("serve: cannot open access log %s: %s", logs[i], strerror(errno));
			return 1;
		}
		/* The workers, as --user, reopen it (SIGHUP too). */
		struct passwd *pw = c->user ? getpwnam(c->user) : NULL;
		if (c->user && !pw) {
			fclose(f);
			cli_error("serve: --user: no such user '%s'", c->user);
			return EXIT_USAGE;
		}
		if (pw && fchown(fileno(f), pw->pw_uid, pw->pw_gid) != 0) {
			cli_error("serve: cannot give %s to %s: %s", logs[i], c->user, strerror(errno));
			fclose(f);
			return 1;
		}
		fclose(f);
	}
	const char *db_path = cli_db_path(c->db);
	struct app app;
	char *err = NULL;
	if (app_open(&app, db_path, c->root, &err) != 0) {
		fprintf(stderr, "qiao: serve: %s\n", err);
		free(err);
		app_close(&app);
		return 1;
	}
	rs.gateways = ranges(c->trusted_gateway, c->n_trusted_gateway);
	rs.proxies = ranges(c->trusted_proxy, c->n_trusted_proxy);
	rs.running = c;
	rs.app = &app;
	config_init(&rs.applied);
	app.trusted_gateways = rs.gateways;
	app.n_trusted_gateways = c->n_trusted_gateway;
	app.staff_secure_cookies = c->staff_secure_cookies;
	cfg.trusted_proxies = rs.proxies;
	cfg.n_trusted_proxies = c->n_trusted_proxy;
	cfg.reload_read = reload_read;
	cfg.reload_apply = reload_apply;
	struct server_app hooks;
	app_server_hooks(&app, &hooks);
	hooks.routes = page_routes;
	hooks.staff_routes = staff_routes;
	cfg.app = &hooks;
	char *what = xasprintf("serving %s with templates from %s", db_path, app.root);
	cfg.what = what;
	int rc = server_run(&cfg);
	free(what);
	free(rs.gateways);
	free(rs.proxies);
	config_free(&rs.applied);
	rs.gateways = rs.proxies = NULL;
	app_close(&app);
	return rc;
}

int cmd_serve(int argc, char **argv)
{
	/* Every option but --config and --help is a key of qiao.conf with the
	 * same name. */
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'C' },
		{ "listen", required_argument, NULL, 'k' },
		{ "db", required_argument, NULL, 'k' },
		{ "root", required_argument, NULL, 'k' },
		{ "access-log", required_argument, NULL, 'k' },
		{ "trusted-gateway", required_argument, NULL, 'k' },
		{ "trusted-proxy", required_argument, NULL, 'k' },
		{ "staff-listen", required_argument, NULL, 'k' },
		{ "staff-access-log", required_argument, NULL, 'k' },
		{ "cache-size", required_argument, NULL, 'k' },
		{ "workers", required_argument, NULL, 'k' },
		{ "user", required_argument, NULL, 'k' },
		{ "log-local-time", no_argument, NULL, 'k' },
		{ "staff-secure-cookies", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			serve_help();
			return 0;
		}
	struct config conf;
	config_init(&conf);
	rs.config = config_arg(argc, argv);
	rs.flag_key = xcalloc((size_t)argc, sizeof *rs.flag_key);
	rs.flag_value = xcalloc((size_t)argc, sizeof *rs.flag_value);
	rs.n_flags = 0;
	int rc = load_config(&conf, "serve", rs.config);
	int c, idx;
	while (rc == 0 && (c = cli_next_opt_index("serve", argc, argv, opts, &idx)) != -1) {
		if (c == 'C')
			continue;
		if (c != 'k') {
			rc = EXIT_USAGE;
			break;
		}
		char *err = NULL;
		const char *v = opts[idx].has_arg == no_argument ? "yes" : optarg;
		if (config_set(&conf, opts[idx].name, v, CONFIG_FROM_FLAG, &err) != 0) {
			cli_error("serve: --%s", err);
			free(err);
			rc = EXIT_USAGE;
		} else {
			rs.flag_key[rs.n_flags] = opts[idx].name;
			rs.flag_value[rs.n_flags++] = v;
		}
	}
	if (rc == 0 && optind < argc) {
		cli_error("serve: unexpected argument '%s' (see 'qiao serve --help')", argv[optind]);
		rc = EXIT_USAGE;
	}
	if (rc == 0)
		rc = serve_app(&conf);
	config_free(&conf);
	free(rs.flag_key);
	free(rs.flag_value);
	return rc;
}

int cmd_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL;
	int c;
	while ((c = cli_next_opt("config", argc, argv, opts)) != -1) {
		switch (c) {
		case 'C': path = optarg; break;
		case 'h': fputs(config_usage, stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error("config: missing command (check; see 'qiao config --help')");
		return EXIT_USAGE;
	}
	bool keys = strcmp(argv[optind], "keys") == 0;
	if (!keys && strcmp(argv[optind], "check") != 0) {
		cli_error("config: unknown command '%s' (see 'qiao config --help')", argv[optind]);
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		cli_error("config: unexpected argument '%s' (see 'qiao config --help')", argv[optind + 1]);
		return EXIT_USAGE;
	}
	if (keys) {
		size_t n;
		const struct config_key *t = config_table(&n);
		for (size_t i = 0; i < n; i++)
			printf("%s\t%s\t%s\t%s\n", t[i].name, t[i].arg ? t[i].arg : "-", t[i].reload ? "reload" : "restart",
			       t[i].help);
		return 0;
	}
	struct config conf;
	config_init(&conf);
	int rc = load_config(&conf, "config", path);
	if (rc == 0) {
		struct buf out = BUF_INIT;
		config_print(&conf, &out);
		fwrite(out.data, 1, out.len, stdout);
		buf_release(&out);
	}
	config_free(&conf);
	return rc;
}
