/* device.h - turn request headers into a rendering profile.
 *
 * Pure apart from device_rules_load(): detection reads only the headers it
 * is given and the rules table, allocates nothing and keeps no state, so it
 * is safe to call from any thread once the rules are loaded.
 *
 *   char *err = NULL;
 *   struct device_rules *r = device_rules_load("db/devices.rules", &err);
 *   if (!r) { log_error("%s", err); free(err); ... }
 *   struct device_headers h = { .user_agent = ua, .accept = accept };
 *   struct device_caps caps;
 *   device_detect(r, &h, &caps);
 *   ... caps.profile, caps.content_type, caps.budget ...
 *   device_rules_free(r);
 *
 * The decision order (first that applies wins):
 *   1. ?view= (wml, xhtml, xhtmlmp, html), then the view cookie (html or
 *      xhtml only: WAP 1.x gateways often drop cookies, so WML travels in
 *      links instead);
 *   2. proxy browsers (Opera Mini, UC Browser) get html, proxy_phone is set;
 *   3. Accept: text/vnd.wap.wml or application/vnd.wap.wmlc with q>0 and no
 *      HTML/XHTML type with q>0 (a bare wildcard does not count) -> wml;
 *      application/vnd.wap.xhtml+xml with q>0 -> xhtmlmp, unless the
 *      User-Agent matches an html rule (a smartphone or desktop) -> html;
 *   4. the first User-Agent rule of the rules file that matches;
 *   5. an x-wap-profile/Profile header -> xhtmlmp; otherwise html.
 * Then the budget is capped by X-WAP-Client-SDU-Size and gzip is read from
 * Accept-Encoding. */
#ifndef QIAO_DEVICE_H
#define QIAO_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

enum device_profile { PROFILE_HTML = 0, PROFILE_XHTMLMP = 1, PROFILE_WML = 2 };

/* Default byte budgets of one response body (uncompressed markup).  The
 * HTML one stands for "the home page stays under 14 KB compressed". */
#define DEVICE_BUDGET_WML 1400
#define DEVICE_BUDGET_XHTMLMP 10240
#define DEVICE_BUDGET_HTML 14336

/* "html", "xhtmlmp" or "wml" (static). */
const char *device_profile_name(enum device_profile p);
/* Accepts the view values "wml", "xhtml", "xhtmlmp", "html" (any case);
 * false (and *out untouched) for anything else, including NULL. */
bool device_profile_parse(const char *s, enum device_profile *out);
size_t device_profile_budget(enum device_profile p);

struct device_headers {            /* any may be NULL; "" counts as absent */
	const char *user_agent, *accept, *accept_charset, *accept_encoding;
	const char *wap_profile;        /* x-wap-profile or Profile header */
	const char *sdu_size;           /* X-WAP-Client-SDU-Size */
	const char *opera_phone_ua;     /* X-OperaMini-Phone-UA */
	const char *device_stock_ua;    /* Device-Stock-UA */
	const char *ucbrowser_ua;       /* X-UCBrowser-UA */
	const char *view_param;         /* the ?view= query value (override) */
	const char *view_cookie;        /* value of the view cookie (override, html/xhtml only) */
};

struct device_caps {
	enum device_profile profile;
	size_t budget;                  /* byte budget of one response body (uncompressed markup) */
	bool gzip;                      /* Accept-Encoding allows gzip (q-values, "*", "x-gzip") */
	bool wmlc_preferred;            /* Accept prefers application/vnd.wap.wmlc to text/vnd.wap.wml */
	const char *content_type;       /* full Content-Type to send, with "; charset=utf-8" (static) */
	bool overridden;                /* profile came from ?view= or the cookie */
	bool from_param;                /* came from ?view= */
	const char *proxy_phone;        /* Opera Mini / UC: the real phone's UA (points into headers), else NULL */
	const char *rule;               /* why: "override:param", "accept:wml", "ua:Nokia7110", ...
	                                 * static or owned by the rules (valid until device_rules_free) */
};

struct device_rules;

/* Parse rules text (syntax: see the header of db/devices.rules).  name is
 * used in error messages.  On error returns NULL and sets *err to a
 * malloc'd "name:line: reason" that the caller frees.  The result is freed
 * with device_rules_free(). */
struct device_rules *device_rules_parse(const char *text, const char *name, char **err);
/* Read and parse a file; I/O errors come back as "path: reason". */
struct device_rules *device_rules_load(const char *path, char **err);
void device_rules_free(struct device_rules *r);
size_t device_rules_count(const struct device_rules *r);

/* Fill *out from the headers.  rules may be NULL (no User-Agent rules).
 * Does not allocate; out's strings point at static text, into rules or into
 * the headers. */
void device_detect(const struct device_rules *rules, const struct device_headers *h,
		   struct device_caps *out);

#endif
