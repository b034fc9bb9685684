/* req.h - one request as the page handlers see it.
 *
 * The HTTP layer parses the request and detects the device; a handler
 * reads parameters, asks the store, fills r->view and names a template in
 * r->tpl, and returns an HTTP status.  The HTTP layer then renders the
 * template in the client's dialect (or the error page for a status other
 * than 200), applies the layout, and sends it.  Handlers never write
 * markup. */
#ifndef QIAO_REQ_H
#define QIAO_REQ_H

#include "core/form.h"
#include "device/device.h"

#include <stdbool.h>
#include <stdint.h>

struct app;
struct view;
struct store;
struct h1_conn;
struct h1_req;

enum req_method { REQ_GET = 1, REQ_HEAD = 2, REQ_POST = 4, REQ_OTHER = 8 };

#define REQ_MAX_ARGS 4

struct req {
	struct h1_conn *conn;           /* NULL for in-process rendering */
	const struct h1_req *hreq;
	struct app *app;
	enum req_method method;
	char *path;                     /* decoded path, without the query */
	struct form query;              /* query parameters */
	const char *args[REQ_MAX_ARGS]; /* path segments captured by the route */
	int nargs;
	struct device_headers hdrs;
	struct device_caps caps;

	/* Filled by the handler. */
	struct view *view;              /* root of the page's data (never NULL) */
	const char *tpl;                /* template name, same in every dialect */
	const char *layout;             /* layout template (NULL: "layout") */
	const char *title;              /* page title (copied into the view) */
	const char *error;              /* explanation shown on an error page */
	const char *text;               /* plain-text answer (e.g. /healthz) */
	bool no_store;                  /* depends on this request: never cached */
	const char *set_cookie;         /* a Set-Cookie value to send (the answer
	                                   is then private, never cached); the
	                                   handler keeps it alive (e.g. in view) */

	/* Private to the HTTP layer. */
	struct form body_form;
	int body_state;                 /* 0 unparsed, 1 parsed, -1 unusable */
	char *cache_key;                /* set when the response may be cached */
};

/* A query parameter, or NULL. */
const char *req_param(const struct req *r, const char *name);
struct store *req_store(const struct req *r);
/* A request header, or NULL. */
const char *req_header(const struct req *r, const char *name);
/* The value of cookie name copied into out (NUL-terminated); false when
 * absent, empty or longer than cap - 1. */
bool req_cookie(const struct req *r, const char *name, char *out, size_t cap);
/* The client's address as text ("127.0.0.1"), never NULL. */
const char *req_peer(const struct req *r);
/* The request body (not NUL-terminated) and its length. */
const char *req_body(const struct req *r, size_t *len);
/* The POSTed form (application/x-www-form-urlencoded, any charset
 * parameter tolerated), parsed on first use; NULL when the body is not such
 * a form or is malformed (the handler answers 400). */
const struct form *req_form(struct req *r);

/* Parse a positive id from a captured segment: false when malformed. */
bool req_arg_id(const struct req *r, int i, int64_t *out);
/* Set view[key] to a link to the portal path (printf format), carrying
 * ?view=wml when a WML override must travel in links (WAP 1.x gateways
 * often drop cookies), and for WML on links to /, /services... and
 * /section/... the chosen region (r=ID, see REQ_REGION_PARAM) that other
 * phones keep in a cookie.  The path must
 * already be URL-encoded. */
#define REQ_REGION_PARAM "r"
/* The cookie that remembers the region for XHTML-MP and HTML phones. */
#define REQ_REGION_COOKIE "qiao_region"
void req_link(struct req *r, struct view *v, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The size in bytes of the page as it would be rendered now (template
 * and layout, uncompressed), for handlers that fit content to a budget. */
size_t req_render_size(struct req *r);

/* Answer an error page: sets r->error and returns status. */
int req_fail(struct req *r, int status, const char *why);

#endif
