/* config.c - qiao.conf: parse, validate and print the server's settings.
 * Pure: the caller reads the file (config.h). */
#include "core/common.h"
#include "core/config.h"
#include "core/buf.h"
#include "core/cidr.h"

#include <arpa/inet.h>

#include <ctype.h>

/* The keys in the order of the documentation and of config_print. */
enum key_id { K_LISTEN, K_STAFF_LISTEN, K_DB, K_ROOT, K_USER, K_WORKERS, K_CACHE_SIZE, K_ACCESS_LOG,
	K_STAFF_ACCESS_LOG, K_LOG_LOCAL_TIME, K_STAFF_SECURE_COOKIES, K_TRUSTED_GATEWAY, K_TRUSTED_PROXY,
	K_COUNT };

#ifndef QIAO_SHAREDIR
#define QIAO_SHAREDIR "/usr/share/qiao"
#endif

/* The one key table: `qiao serve --help`, `qiao config keys` and the
 * manual pages (generated from those at build time) all print it.  A
 * key is reloadable when SIGHUP can apply a change safely in a running
 * server; the others are read once, at start-up. */
static const struct config_key table[] = {
	[K_LISTEN] = { "listen", "ADDR:PORT",
		"address to listen on (default 127.0.0.1:8080; port 0 picks one)", false, false },
	[K_STAFF_LISTEN] = { "staff-listen", "ADDR:PORT",
		"also serve the staff console there (login, letters, news, preview; off by default; "
		"never on the public port)", false, false },
	[K_DB] = { "db", "PATH", "database (default $QIAO_DB or var/qiao.db)", false, false },
	[K_ROOT] = { "root", "DIR",
		"where wml/ xhtml-mp/ html/ db/ are (default: the source tree when run from it, else "
		QIAO_SHAREDIR ")", false, false },
	[K_USER] = { "user", "NAME",
		"become this user once the ports are bound (when started as root); the logs it creates "
		"are given to it", false, false },
	[K_WORKERS] = { "workers", "N", "worker processes sharing the port (default: one per CPU)", false, false },
	[K_CACHE_SIZE] = { "cache-size", "MB", "memory for rendered pages per worker (default 64; 0: off)", false, false },
	[K_ACCESS_LOG] = { "access-log", "FILE|-",
		"Combined Log Format access log; '-' is standard output (SIGHUP reopens the file); lookup "
		"codes and form tokens are written as REDACTED", true, false },
	[K_STAFF_ACCESS_LOG] = { "staff-access-log", "FILE|-",
		"the staff listener's access log (its requests never go to the public one); '-' is "
		"standard output", true, false },
	[K_LOG_LOCAL_TIME] = { "log-local-time", NULL, "log times in the local time zone ($TZ), not UTC", true, false },
	[K_STAFF_SECURE_COOKIES] = { "staff-secure-cookies", NULL,
		"the staff listener is reached through TLS (a reverse proxy): mark its session cookies "
		"Secure", true, false },
	[K_TRUSTED_GATEWAY] = { "trusted-gateway", "ADDR[/BITS]",
		"a WAP gateway (or a range of them) whose phone-number headers "
		"(X-WAP-Network-Client-MSISDN, X-MSISDN, X-Up-Calling-Line-ID...) are believed; "
		"repeatable", true, true },
	[K_TRUSTED_PROXY] = { "trusted-proxy", "ADDR[/BITS]",
		"a reverse proxy (or a range) whose X-Forwarded-For or Forwarded header names the client "
		"for logs and limits; repeatable", true, true },
};

static const char *const keys[] = {
	[K_LISTEN] = "listen", [K_DB] = "db", [K_ROOT] = "root", [K_ACCESS_LOG] = "access-log",
	[K_STAFF_LISTEN] = "staff-listen", [K_CACHE_SIZE] = "cache-size", [K_WORKERS] = "workers",
	[K_TRUSTED_GATEWAY] = "trusted-gateway", [K_TRUSTED_PROXY] = "trusted-proxy",
	[K_STAFF_ACCESS_LOG] = "staff-access-log", [K_USER] = "user",
	[K_LOG_LOCAL_TIME] = "log-local-time", [K_STAFF_SECURE_COOKIES] = "staff-secure-cookies", [K_COUNT] = NULL,
};

_Static_assert(K_COUNT <= 16, "struct config's origin[] is too small");
_Static_assert(sizeof table / sizeof table[0] == K_COUNT, "a key without its table entry");

const char *const *config_keys(void)
{
	return keys;
}

const struct config_key *config_table(size_t *n)
{
	*n = K_COUNT;
	return table;
}

void config_init(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->listen = xstrdup("127.0.0.1:8080");
	c->cache_size_mb = 64;
}

static void free_list(char **list, size_t *n)
{
	for (size_t i = 0; i < *n; i++) {
		free(list[i]);
		list[i] = NULL;
	}
	*n = 0;
}

void config_free(struct config *c)
{
	free(c->listen);
	free(c->db);
	free(c->root);
	free(c->access_log);
	free(c->staff_listen);
	free(c->staff_access_log);
	free(c->user);
	free_list(c->trusted_gateway, &c->n_trusted_gateway);
	free_list(c->trusted_proxy, &c->n_trusted_proxy);
	memset(c, 0, sizeof *c);
}

/* --- values ------------------------------------------------------------ */

static bool listen_ok(const char *v)
{
	const char *colon;
	if (v[0] == '[') {
		const char *close = strchr(v, ']');
		if (!close || close[1] != ':' || close == v + 1)
			return false;
		char host[64];
		size_t n = (size_t)(close - v - 1);
		unsigned char a[16];
		if (n >= sizeof host)
			return false;
		memcpy(host, v + 1, n);
		host[n] = '\0';
		if (inet_pton(AF_INET6, host, a) != 1)
			return false;
		colon = close + 1;
	} else {
		colon = strrchr(v, ':');
		if (!colon || colon == v)
			return false;
		for (const char *p = v; p < colon; p++)
			if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
				return false;
	}
	const char *p = colon + 1;
	if (!*p || strlen(p) > 5)
		return false;
	long port = 0;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
		port = port * 10 + (*p - '0');
	}
	return port <= 65535;
}

/* A decimal number in [lo, hi]. */
static bool number_ok(const char *v, long lo, long hi, long *out)
{
	if (!*v || strlen(v) > 9)
		return false;
	long n = 0;
	for (const char *p = v; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
		n = n * 10 + (*p - '0');
	}
	if (n < lo || n > hi)
		return false;
	*out = n;
	return true;
}

static bool path_ok(const char *v)
{
	if (!*v)
		return false;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static void set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static int key_index(const char *key)
{
	for (int i = 0; i < K_COUNT; i++)
		if (strcmp(keys[i], key) == 0)
			return i;
	return -1;
}

/* A POSIX portable user name. */
static bool user_ok(const char *v)
{
	bool good = *v && *v != '-' && strlen(v) <= 32;
	for (const char *q = v; good && *q; q++)
		good = isalnum((unsigned char)*q) || *q == '_' || *q == '-' || *q == '.';
	return good;
}

/* One more address or range for a list key. */
static int add_range(struct config *c, int k, const char *value, enum config_origin from, char **err)
{
	const char *key = keys[k];
	char **items = k == K_TRUSTED_GATEWAY ? c->trusted_gateway : c->trusted_proxy;
	size_t *n_items = k == K_TRUSTED_GATEWAY ? &c->n_trusted_gateway : &c->n_trusted_proxy;
	struct cidr net;
	if (!cidr_parse(value, &net)) {
		*err = xasprintf("%s needs an IPv4 or IPv6 address or range (ADDR/BITS), not '%s'", key, value);
		return -1;
	}
	/* The first one from the command line replaces the file's list. */
	if (from == CONFIG_FROM_FLAG && c->origin[k] != CONFIG_FROM_FLAG)
		free_list(items, n_items);
	if (*n_items >= CONFIG_MAX_LIST) {
		*err = xasprintf("more than %d %s entries", CONFIG_MAX_LIST, key);
		return -1;
	}
	items[(*n_items)++] = xstrdup(value);
	return 0;
}

int config_set(struct config *c, const char *key, const char *value, enum config_origin from, char **err)
{
	*err = NULL;
	int k = key_index(key);
	if (k < 0) {
		*err = xasprintf("unknown key '%s'", key);
		return -1;
	}
	bool list = table[k].list;
	if (!list && from == CONFIG_FROM_FILE && c->origin[k] == CONFIG_FROM_FILE) {
		*err = xasprintf("%s is set twice", key);
		return -1;
	}
	long n;
	switch ((enum key_id)k) {
	case K_LISTEN:
	case K_STAFF_LISTEN:
		if (!listen_ok(value)) {
			*err = xasprintf("%s needs ADDR:PORT (an IPv6 address in brackets), not '%s'", key, value);
			return -1;
		}
		set_str(k == K_LISTEN ? &c->listen : &c->staff_listen, value);
		break;
	case K_DB:
	case K_ROOT:
	case K_ACCESS_LOG:
	case K_STAFF_ACCESS_LOG:
		if (!path_ok(value)) {
			*err = xasprintf("%s needs a path%s", key, *value ? " without control characters" : "");
			return -1;
		}
		set_str(k == K_DB ? &c->db : k == K_ROOT ? &c->root : k == K_ACCESS_LOG ? &c->access_log : &c->staff_access_log, value);
		break;
	case K_USER:
		if (!user_ok(value)) {
			*err = xasprintf("user needs a user name, not '%s'", value);
			return -1;
		}
		set_str(&c->user, value);
		break;
	case K_LOG_LOCAL_TIME:
	case K_STAFF_SECURE_COOKIES: {
		bool *flag = k == K_LOG_LOCAL_TIME ? &c->log_local_time : &c->staff_secure_cookies;
		if (strcmp(value, "yes") == 0)
			*flag = true;
		else if (strcmp(value, "no") == 0)
			*flag = false;
		else {
			*err = xasprintf("%s needs yes or no, not '%s'", keys[k], value);
			return -1;
		}
		break;
	}
	case K_CACHE_SIZE:
		if (!number_ok(value, 0, 65536, &n)) {
			*err = xasprintf("cache-size needs megabytes (0-65536), not '%s'", value);
			return -1;
		}
		c->cache_size_mb = n;
		break;
	case K_WORKERS:
		if (!number_ok(value, 1, 256, &n)) {
			*err = xasprintf("workers needs a number from 1 to 256, not '%s'", value);
			return -1;
		}
		c->workers = (int)n;
		break;
	case K_TRUSTED_GATEWAY:
	case K_TRUSTED_PROXY:
		if (add_range(c, k, value, from, err) != 0)
			return -1;
		break;
	case K_COUNT:
		break;
	}
	c->origin[k] = from;
	return 0;
}

/* --- the file ---------------------------------------------------------- */

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

int config_parse(struct config *c, const char *text, size_t len, const char *name, char **err)
{
	*err = NULL;
	if (len > CONFIG_MAX_BYTES) {
		*err = xasprintf("%s: larger than %d bytes", name, CONFIG_MAX_BYTES);
		return -1;
	}
	size_t lineno = 0;
	const char *p = text, *end = text + len;
	while (p < end) {
		lineno++;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *next = eol ? eol + 1 : end;
		if (!eol)
			eol = end;
		if (eol > p && eol[-1] == '\r')
			eol--;
		const char *why = NULL;
		size_t linelen = eol > p ? (size_t)(eol - p) : 0;
		if (linelen && memchr(p, '\0', linelen)) {
			why = "a NUL byte";
			goto bad;
		}
		while (p < eol && blank(*p))
			p++;
		if (p == eol || *p == '#') {
			p = next;
			continue;
		}
		const char *eq = memchr(p, '=', (size_t)(eol - p));
		if (!eq) {
			why = "expected 'key = value'";
			goto bad;
		}
		const char *ke = eq;
		while (ke > p && blank(ke[-1]))
			ke--;
		if (ke == p) {
			why = "a value without a key";
			goto bad;
		}
		const char *v = eq + 1, *ve = eol;
		while (v < ve && blank(*v))
			v++;
		while (ve > v && blank(ve[-1]))
			ve--;
		if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
			v++;
			ve--;
		} else if (v < ve && (*v == '"' || ve[-1] == '"')) {
			why = "an unbalanced double quote";
			goto bad;
		}
		char *key = xstrndup(p, (size_t)(ke - p));
		char *val = xstrndup(v, (size_t)(ve - v));
		char *e = NULL;
		int rc = config_set(c, key, val, CONFIG_FROM_FILE, &e);
		free(key);
		free(val);
		if (rc != 0) {
			*err = xasprintf("%s:%zu: %s", name, lineno, e);
			free(e);
			return -1;
		}
		p = next;
		continue;
bad:
		*err = xasprintf("%s:%zu: %s", name, lineno, why);
		return -1;
	}
	return 0;
}

static void print_str(struct buf *out, const char *key, const char *v, const char *unset)
{
	size_t n = v ? strlen(v) : 0;
	/* Quoted when the file would otherwise read it differently. */
	if (v && n && (blank(v[0]) || blank(v[n - 1]) || v[0] == '"' || v[n - 1] == '"'))
		buf_addf(out, "%s = \"%s\"\n", key, v);
	else if (v)
		buf_addf(out, "%s = %s\n", key, v);
	else
		buf_addf(out, "# %s = (%s)\n", key, unset);
}

/* One key's line(s). */
static void print_key(const struct config *c, int k, struct buf *out)
{
	switch ((enum key_id)k) {
	case K_LISTEN: print_str(out, "listen", c->listen, "unset"); break;
	case K_DB: print_str(out, "db", c->db, "$QIAO_DB, else the built-in default"); break;
	case K_ROOT: print_str(out, "root", c->root, "the source tree when run from it, else the installed data"); break;
	case K_ACCESS_LOG: print_str(out, "access-log", c->access_log, "none"); break;
	case K_STAFF_LISTEN: print_str(out, "staff-listen", c->staff_listen, "off"); break;
	case K_STAFF_ACCESS_LOG: print_str(out, "staff-access-log", c->staff_access_log, "none"); break;
	case K_USER: print_str(out, "user", c->user, "the starting user"); break;
	case K_LOG_LOCAL_TIME: buf_addf(out, "log-local-time = %s\n", c->log_local_time ? "yes" : "no"); break;
	case K_STAFF_SECURE_COOKIES:
		buf_addf(out, "staff-secure-cookies = %s\n", c->staff_secure_cookies ? "yes" : "no");
		break;
	case K_CACHE_SIZE: buf_addf(out, "cache-size = %ld\n", c->cache_size_mb); break;
	case K_WORKERS:
		if (c->workers)
			buf_addf(out, "workers = %d\n", c->workers);
		else
			buf_addf(out, "# workers = (one per CPU)\n");
		break;
	case K_TRUSTED_GATEWAY:
	case K_TRUSTED_PROXY: {
		char *const *items = k == K_TRUSTED_GATEWAY ? c->trusted_gateway : c->trusted_proxy;
		size_t n = k == K_TRUSTED_GATEWAY ? c->n_trusted_gateway : c->n_trusted_proxy;
		if (!n)
			buf_addf(out, "# %s = (none)\n", keys[k]);
		for (size_t i = 0; i < n; i++)
			buf_addf(out, "%s = %s\n", keys[k], items[i]);
		break;
	}
	case K_COUNT:
		break;
	}
}

void config_print(const struct config *c, struct buf *out)
{
	for (int k = 0; k < K_COUNT; k++)
		print_key(c, k, out);
}

/* Give dst src's value of key k. */
static void copy_key(struct config *dst, const struct config *src, int k)
{
	char **dstr = NULL;
	char *const *sstr = NULL;
	switch ((enum key_id)k) {
	case K_LISTEN: dstr = &dst->listen; sstr = &src->listen; break;
	case K_DB: dstr = &dst->db; sstr = &src->db; break;
	case K_ROOT: dstr = &dst->root; sstr = &src->root; break;
	case K_ACCESS_LOG: dstr = &dst->access_log; sstr = &src->access_log; break;
	case K_STAFF_LISTEN: dstr = &dst->staff_listen; sstr = &src->staff_listen; break;
	case K_STAFF_ACCESS_LOG: dstr = &dst->staff_access_log; sstr = &src->staff_access_log; break;
	case K_USER: dstr = &dst->user; sstr = &src->user; break;
	case K_LOG_LOCAL_TIME: dst->log_local_time = src->log_local_time; break;
	case K_STAFF_SECURE_COOKIES: dst->staff_secure_cookies = src->staff_secure_cookies; break;
	case K_CACHE_SIZE: dst->cache_size_mb = src->cache_size_mb; break;
	case K_WORKERS: dst->workers = src->workers; break;
	case K_TRUSTED_GATEWAY:
		free_list(dst->trusted_gateway, &dst->n_trusted_gateway);
		for (size_t i = 0; i < src->n_trusted_gateway; i++)
			dst->trusted_gateway[i] = xstrdup(src->trusted_gateway[i]);
		dst->n_trusted_gateway = src->n_trusted_gateway;
		break;
	case K_TRUSTED_PROXY:
		free_list(dst->trusted_proxy, &dst->n_trusted_proxy);
		for (size_t i = 0; i < src->n_trusted_proxy; i++)
			dst->trusted_proxy[i] = xstrdup(src->trusted_proxy[i]);
		dst->n_trusted_proxy = src->n_trusted_proxy;
		break;
	case K_COUNT:
		break;
	}
	if (dstr) {
		free(*dstr);
		*dstr = *sstr ? xstrdup(*sstr) : NULL;
	}
	dst->origin[k] = src->origin[k];
}

int config_reload(struct config *running, const struct config *fresh, struct buf *restart)
{
	int changed = 0;
	struct buf a = BUF_INIT, b = BUF_INIT;
	for (int k = 0; k < K_COUNT; k++) {
		a.len = b.len = 0;
		print_key(running, k, &a);
		print_key(fresh, k, &b);
		if (a.len == b.len && memcmp(a.data, b.data, a.len) == 0)
			continue;
		if (table[k].reload) {
			copy_key(running, fresh, k);
			changed++;
		} else {
			if (restart->len)
				buf_addc(restart, ' ');
			buf_adds(restart, keys[k]);
		}
	}
	buf_release(&a);
	buf_release(&b);
	return changed;
}
