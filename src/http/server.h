/* server.h - the HTTP server (our HTTP/1.1 layer, h1, on libevent).
 *
 * The server knows no page and no database: the application hands it its
 * route tables and a few hooks (struct server_app) with an opaque context
 * that every request carries as r->app.  `qiao serve` builds them
 * (app/app.c) the way lwan's lwan_set_url_map hands a URL map down:
 *
 *   struct server_config cfg = { .listen = "127.0.0.1:8080", .app = &hooks, ... };
 *   if (server_check_config(&cfg) != 0) return 2;
 *   ... open the application ...
 *   return server_run(&cfg);
 */
#ifndef QIAO_SERVER_H
#define QIAO_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "device/device.h"
#include "http/route.h"

struct app;
struct cidr;
struct req;

/* What the application plugs into the server.  Every hook gets ctx. */
struct server_app {
	struct app *ctx;                    /* r->app of every request */
	const struct route *routes;         /* the public portal */
	const struct route *staff_routes;   /* the staff listener's */
	/* In each worker before it serves (its own database connection...):
	 * 0, or -1 with *err (malloc'd). */
	int (*worker_open)(struct app *ctx, char **err);
	void (*worker_close)(struct app *ctx);
	/* The device of one request's headers. */
	void (*detect)(struct app *ctx, const struct device_headers *h, struct device_caps *caps);
	/* The content generation the rendered-page cache follows: false when
	 * it has certainly not changed since the last call (unless first),
	 * else true with *gen and the time it began (*changed_at). */
	bool (*generation)(struct app *ctx, bool first, int64_t *gen, int64_t *changed_at);
	/* Render r's page (the error page when status != 200) in r's
	 * dialect into out: 0, or -1 when a template failed. */
	int (*render)(struct app *ctx, struct req *r, int status, struct buf *out);
};

/* What a reload (SIGHUP) changes in the server itself: the access logs
 * and the trusted proxies.  The pointers belong to the reload hooks and
 * stay valid until their next call. */
struct server_live {
	const char *access_log;
	const char *staff_access_log;
	const struct cidr *proxies;
	size_t n_proxies;
};

struct server_config {
	const char *listen;      /* "ADDR:PORT" or "[v6addr]:PORT"; port 0 = any */
	const char *what;        /* what is served, for the start-up log line */
	const char *access_log;  /* NULL: none; "-": stdout */
	const char *staff_listen; /* NULL: no staff listener (preview) */
	const char *staff_access_log; /* the staff listener's log (NULL: none; never the public one) */
	const char *user;        /* become this user once the sockets are bound (NULL: stay) */
	size_t cache_bytes;      /* rendered-page cache bound; 0 = no cache */
	int workers;             /* worker processes (SO_REUSEPORT); 1 = in-process */
	/* Proxies whose X-Forwarded-For / Forwarded name the client (logs,
	 * limits: req_peer()). */
	const struct cidr *trusted_proxies;
	size_t n_trusted_proxies;
	const struct server_app *app;
	/* SIGHUP.  reload_read runs in the supervisor (or the only process):
	 * it reads the settings again and returns, malloc'd, the settings
	 * every worker is to run with (the running ones when the file is
	 * bad; it logs why) and in *status a line for systemd's STATUS=.
	 * reload_apply runs in each worker (and in a worker started later)
	 * with that text: it updates the application and fills *live.  NULL:
	 * SIGHUP only reopens the access logs. */
	char *(*reload_read)(void *arg, char **status);
	void (*reload_apply)(void *arg, const char *text, struct server_live *live);
	void *reload_arg;
};

/* The addresses are well-formed: 0, or 2 after a one-line usage error. */
int server_check_config(const struct server_config *cfg);

/* Run until SIGTERM/SIGINT.  Returns the process exit status (0, or 1
 * after printing a one-line error such as a port in use). */
int server_run(const struct server_config *cfg);

#endif
