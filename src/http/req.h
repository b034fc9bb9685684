/* req.h - one request as the page handlers see it (implemented in req.c).
 *
 * The HTTP layer parses the request and detects the device; a handler
 * reads parameters, asks the application (r->app: store, settings; opaque
 * to http/), fills r->view and names a template in r->tpl, and returns an
 * HTTP status.  The application's renderer then renders the template in
 * the client's dialect (or the error page for a status other than 200),
 * applies the layout, and the HTTP layer sends it.  Handlers never write
 * markup. */
#ifndef QIAO_REQ_H
#define QIAO_REQ_H

#include "core/arena.h"
#include "core/cidr.h"
#include "core/form.h"
#include "device/device.h"
#include "render/lang.h"

#include <stdbool.h>
#include <stdint.h>

struct app;
struct h1_conn;
struct h1_req;
struct view;

enum req_method { REQ_GET = 1, REQ_HEAD = 2, REQ_POST = 4, REQ_OTHER = 8, REQ_OPTIONS = 16 };

/* What the answer is written as: the page in the client's dialect, the
 * same view as JSON (the API, /api/v1/...), or an Atom feed. */
enum req_format { REQ_FMT_PAGE = 0, REQ_FMT_JSON, REQ_FMT_ATOM };

/* The API's prefix: /api/v1/X is the page /X answered as JSON. */
#define REQ_API_PREFIX "/api/v1"

#define REQ_MAX_ARGS 4

struct req {
	struct h1_conn *conn;           /* NULL for in-process rendering */
	const struct h1_req *hreq;
	struct app *app;                /* the application's context (opaque here) */
	enum req_method method;
	char *path;                     /* decoded path, without the query */
	struct form query;              /* query parameters */
	const char *args[REQ_MAX_ARGS]; /* path segments captured by the route */
	int nargs;
	struct device_headers hdrs;
	struct device_caps caps;
	enum lang_id lang;               /* the page's language (render/lang.h); 0: 简体 */
	/* How the language was chosen (req_lang.c, render/langpick.h). */
	const char *lang_link;          /* the path prefix every link carries ("" for 简体
	                                   unless the URL named it: "/zh-hans") */
	bool lang_in_url;               /* the URL's first segment named it (stripped) */
	bool lang_negotiated;           /* no prefix: the cookie or Accept-Language was read (Vary) */
	bool lang_remember;             /* send the lang cookie (the URL chose; a dialect with cookies) */
	/* The client's address: the peer, or the address a trusted proxy
	 * reported (server_config.trusted_proxies); "" until set. */
	char client[CIDR_ADDR_SIZE];
	int retry_after;                /* seconds for Retry-After (429, 503); 0: the default */
	bool staff;                     /* came in on the staff listener */

	/* Filled by the handler. */
	struct view *view;              /* root of the page's data (never NULL) */
	const char *tpl;                /* template name, same in every dialect */
	const char *layout;             /* layout template (NULL: "layout") */
	const char *title;              /* page title (copied into the view) */
	const char *error;              /* explanation shown on an error page */
	const char *text;               /* plain-text answer (e.g. /healthz) */
	const char *text_type;          /* its Content-Type (NULL: text/plain) */
	const char *headers;            /* extra "Name: value\r\n" lines (staff: cookies, Location) */
	bool no_store;                  /* depends on this request: never cached */
	enum req_format format;         /* set by req_api_route() or a feed handler */
	const char *location;           /* a 201's Location, or NULL */
	const char *problem_field;      /* API errors: the request field at fault */
	struct arena arena;             /* strings that live until the reply is sent */
	const char *set_cookie;         /* a Set-Cookie value to send (the answer
	                                   is then private, never cached); the
	                                   handler keeps it alive (e.g. in arena) */

	/* Private to the HTTP layer. */
	struct form body_form;
	int body_state;                 /* 0 unparsed, 1 parsed, -1 unusable */
	char *cache_key;                /* set when the response may be cached */
};

/* A query parameter, or NULL. */
const char *req_param(const struct req *r, const char *name);
/* A request header, or NULL. */
const char *req_header(const struct req *r, const char *name);
/* The value of cookie name copied into out (NUL-terminated); false when
 * absent, empty or longer than cap - 1. */
bool req_cookie(const struct req *r, const char *name, char *out, size_t cap);
/* The cookie that remembers the chosen region for XHTML-MP and HTML
 * phones (pages/region.c); it is part of the cache key. */
#define REQ_REGION_COOKIE "qiao_region"
/* The query parameter that carries the region on WML links instead
 * (render/page.c, req_link). */
#define REQ_REGION_PARAM "r"
/* The client's address as text ("127.0.0.1"), never NULL: behind a
 * trusted proxy the address it reported (X-Forwarded-For, Forwarded). */
const char *req_peer(const struct req *r);
/* The request body (not NUL-terminated) and its length. */
const char *req_body(const struct req *r, size_t *len);
/* The POSTed form (application/x-www-form-urlencoded, any charset
 * parameter tolerated), parsed on first use; NULL when the body is not such
 * a form or is malformed (the handler answers 400). */
const struct form *req_form(struct req *r);

/* Parse a positive id from a captured segment: false when malformed. */
bool req_arg_id(const struct req *r, int i, int64_t *out);
/* Answer an error page: sets r->error and returns status. */
int req_fail(struct req *r, int status, const char *why);

/* --- for the HTTP layer and in-process rendering ----------------------- */

/* Longest request target accepted (bytes). */
#define REQ_MAX_URI 2048

/* Set r->path (decoded) and r->query from a target's raw path and query
 * (either may be NULL; uri is the whole target, for its length).  Returns
 * 200, 400 (bad escape, NUL byte, not starting with '/') or 414. */
int req_set_uri(struct req *r, const char *uri, const char *raw_path, size_t raw_path_len,
		const char *raw_query, size_t raw_query_len);
/* A request made inside the process (no connection): GET uri, e.g.
 * "/news/12?p=2".  r is reset first; returns 200, or 400 / 414 as above
 * (a target that is not a strict relative reference is 400). */
int req_local(struct req *r, struct app *app, const char *uri);
/* A request read by h1 on conn: method, target, and (when device) the
 * headers device detection reads; Accept-Encoding always.  Returns 200
 * or 400 / 414 as req_set_uri. */
int req_from_h1(struct req *r, struct h1_conn *conn, const struct h1_req *hr, struct app *app, bool device);
/* When r->path is under REQ_API_PREFIX: strip the prefix ("/api/v1"
 * alone is "/"), set r->format to JSON and the device to the richest
 * dialect with no byte budget (the API's lists are the smartphone's),
 * and return true.  Otherwise false and nothing changes. */
bool req_api_route(struct req *r);
/* Set r's device to the one every data answer (API, feed) is made for,
 * keeping only whether gzip is accepted (render/dialect.h:
 * dialect_for_data). */
void req_data_caps(struct req *r, const char *content_type, const char *rule);

/* The language of the URL (called by req_set_uri): when r->path starts
 * with a language segment ("/zh-hant/news/3", "/en", "/zh-hans/"),
 * strip it (leaving at least "/"), set r->lang, r->lang_link and
 * r->lang_in_url.  Otherwise r->lang is 简体 and r->lang_link "". */
void req_lang_route(struct req *r);
/* After device detection, for a page whose URL named no language: the
 * "lang" cookie (dialects that keep cookies), else Accept-Language, else
 * 简体; sets r->lang_negotiated.  For a URL that did name one, decides
 * whether to remember it in the cookie (r->lang_remember).  Data answers
 * (API, feeds) skip this: their language is the URL's alone. */
void req_lang_negotiate(struct req *r);
/* A 繁體 page's byte budget keeps LANG_HANT_GROWTH bytes for the
 * conversion (render/langpick.h); called by req_lang_negotiate, and by
 * in-process rendering after detection. */
void req_lang_budget(struct req *r);
/* The Set-Cookie value remembering r's language (static). */
const char *req_lang_cookie(const struct req *r);
/* The form field by which our forms name the charset they are posted in
 * (as Baidu's "ie"): forms on a page in GBK or Big5 carry ie=gbk / big5. */
#define REQ_CHARSET_PARAM "ie"
/* Once the device and the page's language are known: choose the charset
 * the page goes out in (r->caps.charset, and the charset in
 * r->caps.content_type), and decode the query's values to UTF-8 (see
 * docs/charsets.md).  Returns 200, or 400 when a value is not valid in
 * its charset.  The POSTed form (req_form) is decoded alike. */
int req_choose_charset(struct req *r);

/* Free what the request owns (path, query, form, args, view). */
void req_release(struct req *r);
/* Free the path segments captured by a route. */
void req_free_args(struct req *r);

#endif
