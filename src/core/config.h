/* config.h - the server's settings and the qiao.conf parser (pure: no I/O).
 *
 * qiao.conf is "key = value" lines; '#' starts a comment line; blank
 * lines are ignored; a value runs to the end of its line (spaces around
 * it are dropped; it may be wrapped in double quotes to keep them).  The
 * keys are the names of `qiao serve`'s options without their dashes
 * ("listen = 0.0.0.0:80" is --listen 0.0.0.0:80); list keys
 * (trusted-gateway, trusted-proxy) may appear more than once.  Unknown keys, bad values
 * and a repeated single key are errors with FILE:LINE.  Options given on
 * the command line override the file: a list given there replaces the
 * file's list.  qiao.conf(5) is generated from the key table.
 *
 *   struct config c;
 *   config_init(&c);
 *   if (config_parse(&c, text, len, "/etc/qiao/qiao.conf", &err) != 0) ...
 *   if (config_set(&c, "workers", "4", CONFIG_FROM_FLAG, &err) != 0) ...
 *   config_print(&c, &out);      the effective settings, in the file's form
 *   config_free(&c);
 */
#ifndef QIAO_CONFIG_H
#define QIAO_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

#define CONFIG_MAX_LIST 64       /* entries of one list key */
#define CONFIG_MAX_BYTES (1 << 20) /* a config file larger than this is refused */

enum config_origin { CONFIG_DEFAULT = 0, CONFIG_FROM_FILE, CONFIG_FROM_FLAG };

struct config {
	char *listen;            /* ADDR:PORT */
	char *db;                /* NULL: $QIAO_DB or the built-in default */
	char *root;              /* NULL: found at start-up */
	char *access_log;        /* NULL: none; "-": standard output */
	char *staff_listen;      /* NULL: no staff listener */
	char *staff_access_log;  /* NULL: the staff listener's requests are not logged */
	char *user;              /* NULL: keep the starting user */
	bool log_local_time;     /* log times in the local zone, not UTC */
	bool staff_secure_cookies; /* the staff listener is behind TLS: Secure cookies */
	long cache_size_mb;      /* 0-65536 */
	int workers;             /* 0: one per CPU */
	char *trusted_gateway[CONFIG_MAX_LIST]; /* ADDR or ADDR/BITS */
	size_t n_trusted_gateway;
	char *trusted_proxy[CONFIG_MAX_LIST];   /* ADDR or ADDR/BITS */
	size_t n_trusted_proxy;
	/* Where each key's value came from (indexed like config_keys()). */
	enum config_origin origin[16];
};

void config_init(struct config *c);
void config_free(struct config *c);

/* Set key to value (validated): 0, or -1 with *err (malloc'd) that names
 * the key but not where it came from. */
int config_set(struct config *c, const char *key, const char *value, enum config_origin from, char **err);

/* Parse a whole file's text (len bytes, NULs are errors) into c: 0, or
 * -1 with *err "NAME:LINE: why" (malloc'd) at the first error. */
int config_parse(struct config *c, const char *text, size_t len, const char *name, char **err);

/* The effective settings, one "key = value" line each (unset keys as
 * comments), in a form config_parse reads back to the same settings. */
void config_print(const struct config *c, struct buf *out);

/* The known keys, NULL-terminated. */
const char *const *config_keys(void);

/* The key table (*n entries, in the documentation's order): each key's
 * name, the form of its value, its description and whether SIGHUP
 * applies it.  `qiao serve --help`, `qiao config keys` and, through them,
 * the manual pages print it. */
struct config_key {
	const char *name;
	const char *arg;   /* the value's form ("ADDR:PORT"); NULL: a yes/no switch */
	const char *help;  /* one description */
	bool reload;       /* SIGHUP applies a change; else it needs a restart */
	bool list;         /* may be given more than once */
};
const struct config_key *config_table(size_t *n);

/* SIGHUP: give running the reloadable keys' values of fresh (the file
 * read again, with the command line over it); the restart-only keys
 * whose value differs keep running's value and are named in restart
 * (space-separated).  Returns how many reloadable keys changed. */
int config_reload(struct config *running, const struct config *fresh, struct buf *restart);

#endif
