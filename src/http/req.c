/* req.c - the request API handlers use (see req.h). */
#include "core/common.h"
#include "core/charset.h"
#include "core/uri.h"
#include "core/utf8.h"
#include "http/h1.h"
#include "http/req.h"
#include "render/dialect.h"
#include "render/view.h"

#include <strings.h>

const char *req_param(const struct req *r, const char *name)
{
	return form_get(&r->query, name);
}

bool req_arg_id(const struct req *r, int i, int64_t *out)
{
	if (i >= r->nargs)
		return false;
	const char *s = r->args[i];
	if (!*s || strlen(s) > 15)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v <= 0)
		return false;
	*out = v;
	return true;
}

const char *req_header(const struct req *r, const char *name)
{
	return r->hreq ? h1_req_header(r->hreq, name) : NULL;
}

const char *req_peer(const struct req *r)
{
	if (r->client[0])
		return r->client;
	return r->hreq && r->hreq->peer ? r->hreq->peer : "";
}

const char *req_body(const struct req *r, size_t *len)
{
	if (!r->hreq || !r->hreq->body) {
		*len = 0;
		return "";
	}
	*len = r->hreq->body_len;
	return r->hreq->body;
}

bool req_cookie(const struct req *r, const char *name, char *out, size_t cap)
{
	const char *c = req_header(r, "Cookie");
	size_t nl = strlen(name);
	for (const char *p = c; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		size_t n = strcspn(p, ";");
		if (n > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
			size_t vl = n - nl - 1;
			while (vl && p[nl + 1 + vl - 1] == ' ')
				vl--;
			if (vl == 0 || vl >= cap)
				return false;
			memcpy(out, p + nl + 1, vl);
			out[vl] = '\0';
			return true;
		}
		p += n;
	}
	return false;
}

/* The charset a form names for itself: a field REQ_CHARSET_PARAM our
 * forms carry (removed, so no link repeats it), else the charset
 * parameter of the body's Content-Type; false when neither says. */
static bool form_charset(struct form *f, const char *ctype, enum charset *cs)
{
	bool named = false;
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->fields[i].name, REQ_CHARSET_PARAM) != 0)
			continue;
		if (!named)
			named = charset_find(f->fields[i].value, f->fields[i].value_len, cs);
		free(f->fields[i].name);
		free(f->fields[i].value);
		memmove(&f->fields[i], &f->fields[i + 1], (f->n - i - 1) * sizeof f->fields[0]);
		f->n--;
		i--;
	}
	const char *c = ctype && !named ? strcasestr(ctype, "charset=") : NULL;
	if (c) {
		c += 8;
		c += *c == '"';
		named = charset_find(c, strcspn(c, "\"; "), cs);
	}
	return named;
}

/* Decode the values of f to UTF-8 for a page sent in page_cs.  A value
 * in the charset the form names is decoded strictly; without a name, a
 * value that is valid UTF-8 stays (our own links carry UTF-8) and any
 * other is read in the page's charset.  -1 when a value is not valid in
 * its charset (the client gets a 400, never mojibake). */
static int form_to_utf8(struct form *f, const char *ctype, enum charset page_cs)
{
	enum charset cs = page_cs;
	bool named = form_charset(f, ctype, &cs);
	if (cs == CHARSET_UTF8)
		return 0;
	for (size_t i = 0; i < f->n; i++) {
		struct form_field *fld = &f->fields[i];
		if (!named && utf8_valid(fld->value, fld->value_len))
			continue;
		struct buf b = BUF_INIT;
		if (charset_decode(cs, fld->value, fld->value_len, &b) != 0) {
			buf_release(&b);
			return -1;
		}
		free(fld->value);
		fld->value_len = b.len;
		fld->value = b.data ? buf_detach(&b) : xstrdup("");
	}
	return 0;
}

int req_choose_charset(struct req *r)
{
	bool page = r->format == REQ_FMT_PAGE && !r->staff && r->caps.content_type;
	r->caps.charset = page ? charset_choose(r->caps.charsets, r->lang == LANG_ZH_HANT) : CHARSET_UTF8;
	if (r->caps.charset != CHARSET_UTF8) {
		const char *ct = r->caps.content_type, *c = strstr(ct, "charset=utf-8");
		if (c)
			r->caps.content_type = arena_printf(&r->arena, "%.*scharset=%s%s", (int)(c - ct), ct,
							    charset_name(r->caps.charset), c + 13);
	}
	bool view_from_query = r->hdrs.view_param && r->hdrs.view_param == req_param(r, "view");
	int rc = form_to_utf8(&r->query, NULL, r->caps.charset);
	if (view_from_query) /* its value may have been replaced */
		r->hdrs.view_param = req_param(r, "view");
	return rc == 0 ? 200 : 400;
}

const struct form *req_form(struct req *r)
{
	if (r->body_state == 0) {
		r->body_state = -1;
		const char *ct = req_header(r, "Content-Type");
		size_t len;
		const char *body = req_body(r, &len);
		/* Old phones sometimes omit the type on a form post; an empty body
		 * is an empty form. */
		bool is_form = !ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
		if (is_form && form_parse(&r->body_form, body, len) == 0)
			r->body_state = form_to_utf8(&r->body_form, ct, r->caps.charset) == 0 ? 1 : -1;
	}
	return r->body_state == 1 ? &r->body_form : NULL;
}

int req_fail(struct req *r, int status, const char *why)
{
	r->error = why;
	return status;
}

int req_set_uri(struct req *r, const char *uri, const char *raw_path, size_t raw_path_len,
		const char *raw_query, size_t raw_query_len)
{
	int status = 200;
	size_t plen = 0;
	if (uri && strlen(uri) > REQ_MAX_URI) {
		status = 414;
	} else if (!raw_path || !raw_path_len) {
		r->path = xstrdup("/");
	} else {
		r->path = uri_decode(raw_path, raw_path_len, &plen);
		if (strlen(r->path) != plen || r->path[0] != '/')
			status = 400;
	}
	if (!r->path)
		r->path = xstrdup("/");
	if (status == 200 && raw_query && form_parse(&r->query, raw_query, raw_query_len) != 0)
		status = 400;
	r->hdrs.view_param = req_param(r, "view");
	req_lang_route(r);
	return status;
}

int req_local(struct req *r, struct app *app, const char *uri)
{
	memset(r, 0, sizeof *r);
	r->app = app;
	r->method = REQ_GET;
	struct uri_ref u;
	if (uri_split(uri, &u) != 0) {
		r->path = xstrdup("/");
		return 400;
	}
	return req_set_uri(r, uri, u.path, u.path_len, u.query, u.query_len);
}

void req_release(struct req *r)
{
	free(r->cache_key);
	req_free_args(r);
	view_free(r->view);
	form_release(&r->query);
	form_release(&r->body_form);
	free(r->path);
	arena_release(&r->arena);
}

bool req_api_route(struct req *r)
{
	size_t n = strlen(REQ_API_PREFIX);
	if (!r->path || strncmp(r->path, REQ_API_PREFIX, n) != 0 || (r->path[n] != '\0' && r->path[n] != '/'))
		return false;
	if (r->path[n] == '\0')
		r->path[1] = '\0';
	else
		memmove(r->path, r->path + n, strlen(r->path + n) + 1);
	r->format = REQ_FMT_JSON;
	req_data_caps(r, "application/json", "api");
	return true;
}

void req_data_caps(struct req *r, const char *content_type, const char *rule)
{
	/* The same answer for every client: the data row's lists, whole
	 * texts, no budget, no view choice to remember. */
	bool gzip = r->caps.gzip;
	memset(&r->caps, 0, sizeof r->caps);
	/* Their language is the URL's alone (Vary names no Cookie or
	 * Accept-Language for them). */
	if (r->lang_negotiated) {
		r->lang = LANG_ZH_HANS;
		r->lang_link = "";
		r->lang_negotiated = false;
	}
	r->lang_remember = false;
	r->caps.profile = dialect_for_data()->profile;
	r->caps.budget = SIZE_MAX;
	r->caps.gzip = gzip;
	r->caps.content_type = content_type;
	r->caps.rule = rule;
}

static enum req_method method_of(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return REQ_GET;
	if (strcmp(m, "HEAD") == 0)
		return REQ_HEAD;
	if (strcmp(m, "POST") == 0)
		return REQ_POST;
	if (strcmp(m, "OPTIONS") == 0)
		return REQ_OPTIONS;
	return REQ_OTHER;
}

static void cookie_view(struct req *r, const char *cookie)
{
	/* Find qiao_view=VALUE in a Cookie header without allocating. */
	static char val[16];
	val[0] = '\0';
	for (const char *p = cookie; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, "qiao_view=", 10) == 0) {
			p += 10;
			size_t n = strcspn(p, "; ");
			if (n < sizeof val) {
				memcpy(val, p, n);
				val[n] = '\0';
				r->hdrs.view_cookie = val;
			}
			return;
		}
		p = strchr(p, ';');
	}
}

/* The headers device detection reads. */
static void device_headers_of(struct req *r, const struct h1_req *hr)
{
	r->hdrs.user_agent = h1_req_header(hr, "User-Agent");
	r->hdrs.accept = h1_req_header(hr, "Accept");
	r->hdrs.accept_charset = h1_req_header(hr, "Accept-Charset");
	r->hdrs.wap_profile = h1_req_header(hr, "X-Wap-Profile");
	if (!r->hdrs.wap_profile)
		r->hdrs.wap_profile = h1_req_header(hr, "Profile");
	if (!r->hdrs.wap_profile)
		r->hdrs.wap_profile = h1_req_header(hr, "Wap-Profile");
	r->hdrs.sdu_size = h1_req_header(hr, "X-WAP-Client-SDU-Size");
	r->hdrs.opera_phone_ua = h1_req_header(hr, "X-OperaMini-Phone-UA");
	r->hdrs.device_stock_ua = h1_req_header(hr, "Device-Stock-UA");
	r->hdrs.ucbrowser_ua = h1_req_header(hr, "X-UCBrowser-UA");
	cookie_view(r, h1_req_header(hr, "Cookie"));
}

int req_from_h1(struct req *r, struct h1_conn *conn, const struct h1_req *hr, struct app *app, bool device)
{
	memset(r, 0, sizeof *r);
	r->conn = conn;
	r->hreq = hr;
	r->app = app;
	r->method = method_of(hr->method);
	if (device)
		device_headers_of(r, hr);
	r->hdrs.accept_encoding = h1_req_header(hr, "Accept-Encoding");
	/* The target is origin-form here (h1 reduces absolute-form). */
	const char *q = memchr(hr->target, '?', hr->target_len);
	size_t plen = q ? (size_t)(q - hr->target) : hr->target_len;
	return req_set_uri(r, hr->target, hr->target, plen, q ? q + 1 : NULL,
			   q ? hr->target_len - plen - 1 : 0);
}
