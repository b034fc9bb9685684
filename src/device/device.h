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
 *   3. Accept, the first evidence: WML (text/vnd.wap.wml or
 *      application/vnd.wap.wmlc, q>0) listed and no XHTML type
 *      (application/vnd.wap.xhtml+xml, application/xhtml+xml) -> wml,
 *      whatever else is listed (WAP 1.x gateways add text/html), unless an
 *      explicit q puts text/html above WML; application/vnd.wap.xhtml+xml
 *      listed -> at least xhtmlmp (html when the User-Agent matches an html
 *      rule), unless an explicit q puts WML above it;
 *   4. the UAProf profile of the request (headers.uaprof, looked up by the
 *      caller): an XHTML browser -> xhtmlmp (html as above); WML only -> wml;
 *   5. the first User-Agent rule of the rules file that matches;
 *   6. an x-wap-profile/Profile header -> xhtmlmp; otherwise html.
 * Then the budget is capped by the profile's WmlDeckSize (wml) and
 * MaxSduSize and by X-WAP-Client-SDU-Size, and gzip is read from
 * Accept-Encoding.  A wml answer is written in WML 1.1 unless there is
 * positive evidence that the browser reads a later WML (1.2 brought
 * accesskey): the UAProf WmlVersion list naming 1.2 or 1.3, or the
 * matching User-Agent rule written with the profile wml1.2 / wml1.3 (each
 * such rule names its public source); never a ?view=wml override.
 *
 * device_detect_explain() makes the same decision and also writes it down
 * step by step (which evidence, which rule, which budget) for
 * "qiao device explain" and the staff preview. */
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

/* Facts of a UAProf profile, looked up by the caller (the server or the
 * CLI, from the store's uaprof table) for the request's profile header.
 * device never fetches or reads a profile itself. */
struct device_uaprof {
	const char *url;
	bool wml;                       /* WmlVersion or a WML type in CcppAccept */
	bool xhtml;                     /* XhtmlVersion or an XHTML type in CcppAccept */
	unsigned wml_version;           /* the highest WML 1.x its WmlVersion lists, as 11, 12,
	                                 * 13 (device_wml_version); 0 when it lists none */
	unsigned screen_w, screen_h;    /* ScreenSize, 0 when unknown */
	size_t wml_deck_size;           /* WmlDeckSize, 0 when unknown */
	size_t max_sdu_size;            /* WAP MaxSduSize / WTP max SDU, 0 when unknown */
};

struct device_headers {            /* any may be NULL; "" counts as absent */
	const char *user_agent, *accept, *accept_charset, *accept_encoding;
	const char *wap_profile;        /* x-wap-profile or Profile header */
	const char *sdu_size;           /* X-WAP-Client-SDU-Size */
	const char *opera_phone_ua;     /* X-OperaMini-Phone-UA */
	const char *device_stock_ua;    /* Device-Stock-UA */
	const char *ucbrowser_ua;       /* X-UCBrowser-UA */
	const char *view_param;         /* the ?view= query value (override) */
	const char *view_cookie;        /* value of the view cookie (override, html/xhtml only) */
	const struct device_uaprof *uaprof; /* the profile named by wap_profile, if known */
};

/* Request headers a decision can depend on (device_caps.used). */
enum {
	DEVICE_DEP_UA = 1 << 0,
	DEVICE_DEP_ACCEPT = 1 << 1,
	DEVICE_DEP_ENCODING = 1 << 2,
	DEVICE_DEP_PROFILE = 1 << 3,    /* X-Wap-Profile, Profile, Wap-Profile */
	DEVICE_DEP_SDU = 1 << 4,
	DEVICE_DEP_PROXY = 1 << 5,      /* X-OperaMini-Phone-UA, X-UCBrowser-UA, Device-Stock-UA */
	DEVICE_DEP_COOKIE = 1 << 6,
};

struct device_caps {
	enum device_profile profile;
	unsigned wml_version;           /* wml: the WML version of the decks, 11 (WML 1.1, the
	                                 * default), 12 or 13; 0 for the other profiles */
	size_t budget;                  /* byte budget of one response body (uncompressed markup) */
	bool gzip;                      /* Accept-Encoding allows gzip (q-values, "*", "x-gzip") */
	bool wmlc_preferred;            /* Accept prefers application/vnd.wap.wmlc to text/vnd.wap.wml */
	const char *content_type;       /* full Content-Type to send, with "; charset=utf-8" (static) */
	bool overridden;                /* profile came from ?view= or the cookie */
	bool from_param;                /* came from ?view= */
	const char *proxy_phone;        /* Opera Mini / UC: the real phone's UA (points into headers), else NULL */
	const char *rule;               /* why: "override:param", "accept:wml", "ua:Nokia7110", ...
	                                 * static or owned by the rules (valid until device_rules_free) */
	unsigned used;                  /* DEVICE_DEP_* of the headers this request's answer read */
};

/* The decision written down, step by step. */
#define DEVICE_TRACE_STEPS 16
struct device_step {
	const char *evidence;           /* "user-agent", "accept", "uaprof", "rule", "budget", ... (static) */
	char text[240];
};
struct device_trace {
	size_t n;
	struct device_step step[DEVICE_TRACE_STEPS];
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
/* The same, also filling *trace (may be NULL) with the steps taken. */
void device_detect_explain(const struct device_rules *rules, const struct device_headers *h,
			   struct device_caps *out, struct device_trace *trace);

/* The names of the headers in mask (DEVICE_DEP_*), ", "-separated, into
 * buf (always terminated when size > 0); returns the full length. */
size_t device_depends(unsigned mask, char *buf, size_t size);
/* Every request header any decision may read: the Vary value for a
 * response chosen by device_detect().  Vary must name them all, not only
 * the ones this request's answer read: a cache compares the next request
 * on the stored response's Vary alone.  (Cookie: the view override.) */
const char *device_vary(void);

/* The WML versions a browser reads, from a UAProf WmlVersion list
 * ("1.1, 1.2.1/June 2000, 1.3": items separated by commas): the highest
 * 1.x item as 10 * major + minor (11, 12, 13; a minor above 3 counts as
 * 13), 0 when no item is a WML 1.x version.  WML 2.0 items do not count:
 * they describe the XHTML browser. */
unsigned device_wml_version(const char *list);

/* Split a profile header value (x-wap-profile, Profile, wap-profile) into
 * its profile URLs: quoted or bare, comma-separated; items that are not
 * http(s) URLs (Profile-Diff digests such as "1-xYz...") are skipped.  At
 * most max; urls[i] points into value, lens[i] is its length.  Never
 * fetches anything. */
size_t device_profile_urls(const char *value, const char **urls, size_t *lens, size_t max);

#endif
