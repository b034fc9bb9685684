/* app.h - the application context: what `qiao serve` opens once and every
 * request reaches as r->app (opaque to http/): the store, the templates
 * of each dialect, the device rules and the settings (trusted WAP
 * gateways).  It also renders a route inside the process, without a
 * socket (the staff preview, tests).
 *
 *   struct app app;
 *   if (app_open(&app, db_path, NULL, &err) != 0) ... one-line error ...
 *   struct server_app hooks;
 *   app_server_hooks(&app, &hooks);      the server's hooks, ctx = &app
 *   hooks.routes = page_routes; hooks.staff_routes = staff_routes;
 *   ... server_run() ...
 *   app_close(&app);
 */
#ifndef QIAO_APP_H
#define QIAO_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "device/device.h"
#include "render/dialect.h"

struct cidr;
struct req;
struct route;
struct server_app;
struct store;
struct tpl_set;
struct device_rules;

struct app {
	const char *db_path;
	struct store *store;           /* this process's connection (per worker) */
	struct tpl_set *tpl[DIALECT_COUNT]; /* indexed by enum device_profile */
	struct device_rules *rules;
	char *root;                    /* where wml/ xhtml-mp/ html/ db/ live */
	const struct cidr *trusted_gateways; /* WAP gateways (ranges) whose phone-number headers we believe */
	size_t n_trusted_gateways;
	bool staff_secure_cookies;     /* the staff listener is reached over TLS: cookies get Secure */
	int64_t next_publish;          /* when the next scheduled article appears (0: none known) */
	int64_t publish_epoch;         /* scheduled appearances seen (part of the cache generation) */
};

/* Find the root (configured, the source tree, or the installed share
 * directory), load the templates and device rules, and open (and
 * migrate) the database once so that its errors come before any socket.
 * The store itself is opened per worker (app->store stays NULL).  0, or
 * -1 with *err (malloc'd). */
int app_open(struct app *app, const char *db_path, const char *root, char **err);
void app_close(struct app *app);

/* Open this process's store connection (tests, in-process rendering).  0
 * or -1 with *err. */
int app_open_store(struct app *app, char **err);

/* The server hooks (server.h) over app; routes are left NULL for the
 * caller to hand in. */
void app_server_hooks(struct app *app, struct server_app *out);

/* The store of the request's application. */
struct store *req_store(const struct req *r);

/* The size in bytes of the page as it would be rendered now (template
 * and layout, uncompressed), for handlers that fit content to a budget. */
size_t req_render_size(struct req *r);

/* A page rendered inside the process, as a phone of the given profile
 * would get it: status, content type, markup (uncompressed) and the
 * profile's byte budget.  Release body with buf_release(). */
struct app_page {
	int status;
	const char *content_type;
	struct buf body;
	size_t budget;
};

/* Render GET uri ("/news/12?p=2") with routes for profile.  Returns 0. */
int app_render(struct app *app, const struct route *routes, const char *uri, enum device_profile profile,
	       struct app_page *out);

#endif
