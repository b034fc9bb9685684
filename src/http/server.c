/* server.c - the portal over HTTP (h1.c on libevent): listening, workers, limits,
 * the route table,
 * rendering the chosen template in the client's dialect, response headers
 * and compression, the access log and signals. */
#include "core/common.h"
#include "http/server.h"
#include "http/app.h"
#include "http/cache.h"
#include "http/h1.h"
#include "http/req.h"
#include "pages/pages.h"
#include "render/esc.h"
#include "render/tpl.h"
#include "render/view.h"
#include "store/store.h"
#include "wbxml/wbxml.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h> /* URI decoding only */
#include <event2/keyvalq_struct.h>
#include <event2/util.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <signal.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Request limits, set explicitly rather than left to library defaults. */
#define MAX_HEADERS_SIZE 8192
#define MAX_BODY_SIZE 65536
#define IO_TIMEOUT_SECS 30
#define MAX_URI_LEN 2048
#define SHUTDOWN_GRACE_MS 5000
#define GZIP_MIN_BYTES 256
/* gzip level for cached pages: compressed once, served many times (see
 * bench/RESULTS.md for the measurement behind the choice). */
#define GZIP_LEVEL 9

static const char *const tpl_dirs[] = { "html", "xhtml-mp", "wml" };
static const char *const tpl_exts[] = { ".html", ".xhtml", ".wml" };
static const enum esc_dialect tpl_dialects[] = { ESC_HTML, ESC_XHTMLMP, ESC_WML };

struct server {
	struct app app;
	struct event_base *base;
	struct h1_server *http;
	struct h1_server *staff_http;
	struct event *sig_term, *sig_int, *sig_hup, *drain_timer;
	FILE *access_log;
	const char *access_log_path;
	int drain_ticks;
	bool stopping;
};

/* --- helpers for handlers (req.h) -------------------------------------- */

const char *req_param(const struct req *r, const char *name)
{
	return form_get(&r->query, name);
}

struct store *req_store(const struct req *r)
{
	return r->app->store;
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
			r->body_state = 1;
	}
	return r->body_state == 1 ? &r->body_form : NULL;
}

static bool carry_view_in_links(const struct req *r)
{
	return r->caps.profile == PROFILE_WML && r->caps.from_param;
}

/* The WML region parameter to carry, when it is a plain id. */
static const char *carried_region(const struct req *r)
{
	if (r->caps.profile != PROFILE_WML)
		return NULL;
	const char *v = req_param(r, REQ_REGION_PARAM);
	size_t n = v ? strspn(v, "0123456789") : 0;
	return n > 0 && n < 10 && v[n] == '\0' && v[0] != '0' ? v : NULL;
}

void req_link(struct req *r, struct view *v, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	const char *region = carried_region(r);
	/* Only links that lead back to the services need it: the home page
	 * and /services..., /section/... (the topic guides).  A link that
	 * names its own region choice keeps it. */
	bool wants = strcmp(b.data, "/") == 0 || strncmp(b.data, "/?", 2) == 0 ||
		     strncmp(b.data, "/services", 9) == 0 || strncmp(b.data, "/section/", 9) == 0;
	if (region && wants && !strstr(b.data, "?" REQ_REGION_PARAM "=") && !strstr(b.data, "&" REQ_REGION_PARAM "="))
		buf_addf(&b, "%c" REQ_REGION_PARAM "=%s", strchr(b.data, '?') ? '&' : '?', region);
	if (carry_view_in_links(r))
		buf_adds(&b, strchr(b.data, '?') ? "&view=wml" : "?view=wml");
	view_setn(v, key, b.data, b.len);
	buf_release(&b);
}

int req_fail(struct req *r, int status, const char *why)
{
	r->error = why;
	return status;
}

/* --- root directory ---------------------------------------------------- */

static bool has_templates(const char *dir)
{
	char *p = xasprintf("%s/html/layout.html", dir);
	struct stat sb;
	bool ok = stat(p, &sb) == 0;
	free(p);
	return ok;
}

/* The source tree when run from it (or from its build directory), else
 * the installed share directory. */
static char *find_root(const char *configured)
{
	if (configured)
		return xstrdup(configured);
	if (has_templates("."))
		return xstrdup(".");
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash)
				break;
			*slash = '\0';
			if (has_templates(exe))
				return xstrdup(exe);
			/* An installed tree moved as a whole: PREFIX/bin/qiao finds
			 * PREFIX/share/qiao. */
			char *share = xasprintf("%s/share/qiao", exe);
			if (has_templates(share))
				return share;
			free(share);
		}
	}
	return xstrdup(QIAO_SHAREDIR);
}

/* --- the access log (Combined Log Format) ------------------------------ */

static void access_log_open(struct server *s)
{
	if (!s->access_log_path)
		return;
	if (strcmp(s->access_log_path, "-") == 0) {
		s->access_log = stdout;
		return;
	}
	FILE *f = fopen(s->access_log_path, "a");
	if (!f) {
		log_error("cannot open access log %s: %s", s->access_log_path, strerror(errno));
		return;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	if (s->access_log && s->access_log != stdout)
		fclose(s->access_log);
	s->access_log = f;
}

static void access_log_write(struct server *s, const struct req *r, int status, size_t bytes)
{
	if (!s->access_log || !r->hreq)
		return;
	const struct h1_req *hr = r->hreq;
	char ts[64];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S %z", &tm);

	/* Quote-safe copies: a client controls the target and headers. */
	struct buf line = BUF_INIT;
	buf_addf(&line, "%s - - [%s] \"%s ", hr->peer ? hr->peer : "-", ts, hr->method);
	const char *fields[3] = { hr->target, h1_req_header(hr, "Referer"), h1_req_header(hr, "User-Agent") };
	for (int f = 0; f < 3; f++) {
		if (f == 1)
			buf_addf(&line, " HTTP/1.%d\" %d %zu \"", hr->minor, status, bytes);
		else if (f == 2)
			buf_adds(&line, "\" \"");
		const char *v = fields[f] ? fields[f] : "-";
		for (; *v; v++) {
			unsigned char c = (unsigned char)*v;
			if (c == '"' || c == '\\' || c < 0x20 || c == 0x7f)
				buf_addf(&line, "\\x%02x", c);
			else
				buf_addc(&line, (char)c);
		}
	}
	buf_adds(&line, "\"\n");
	fwrite(line.data, 1, line.len, s->access_log);
	if (s->access_log == stdout)
		fflush(stdout);
	buf_release(&line);
}

/* --- responses --------------------------------------------------------- */

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "请求有误";
	case 403: return "禁止访问";
	case 404: return "页面不存在";
	case 405: return "不支持的请求方法";
	case 413: return "提交内容过长";
	case 414: return "网址过长";
	case 429: return "请求过于频繁";
	case 503: return "服务暂不可用";
	default: return status >= 500 ? "服务器内部错误" : "出错了";
	}
}

static const char *status_default_message(int status)
{
	switch (status) {
	case 400: return "网址或参数格式不正确，请检查后重试。";
	case 404: return "您访问的页面不存在或已被删除。";
	case 405: return "此页面不支持该请求方法。";
	case 413: return "提交的内容超过了允许的长度。";
	case 414: return "网址超过了允许的长度。";
	case 429: return "您的操作过于频繁，请稍后再试。";
	case 503: return "服务暂时不可用，请稍后再试。";
	default: return "服务器暂时无法处理您的请求，请稍后再试。";
	}
}

/* Links that switch dialect: the current path and query with view=X. */
static void set_switch_links(struct req *r)
{
	static const char *const keys[] = { "switch_html", "switch_xhtml", "switch_wml" };
	static const char *const vals[] = { "html", "xhtml", "wml" };
	for (int i = 0; i < 3; i++) {
		struct buf b = BUF_INIT;
		esc_url_path(&b, r->path);
		char sep = '?';
		for (size_t f = 0; f < r->query.n; f++) {
			const struct form_field *fld = &r->query.fields[f];
			if (strcmp(fld->name, "view") == 0)
				continue;
			buf_addc(&b, sep);
			sep = '&';
			esc_url_component(&b, fld->name, strlen(fld->name));
			buf_addc(&b, '=');
			esc_url_component(&b, fld->value, fld->value_len);
		}
		buf_addf(&b, "%cview=%s", sep, vals[i]);
		view_setn(r->view, keys[i], b.data, b.len);
		buf_release(&b);
	}
	view_set_bool(r->view, "is_html", r->caps.profile == PROFILE_HTML);
	view_set_bool(r->view, "is_xhtml", r->caps.profile == PROFILE_XHTMLMP);
	view_set_bool(r->view, "is_wml", r->caps.profile == PROFILE_WML);
	req_link(r, r->view, "home_url", "/");
}

/* Render the page (or the error page) and the layout around it. */
static int render_page(struct req *r, int status, struct buf *out)
{
	struct app *app = r->app;
	const struct tpl_set *set = app->tpl[r->caps.profile];
	struct buf content = BUF_INIT;
	char *err = NULL;
	const char *tpl = r->tpl;

	if (status != 200) {
		tpl = "error";
		view_set_int(r->view, "status", status);
		view_set(r->view, "error_title", status_title(status));
		view_set(r->view, "error", r->error ? r->error : status_default_message(status));
		if (!r->title)
			r->title = status_title(status);
	}
	/* Links every template may use (home_url in the crumbs, the switches). */
	set_switch_links(r);
	if (!tpl || tpl_render(set, tpl, r->view, &content, &err) != 0) {
		log_error("render %s (%s): %s", tpl ? tpl : "(none)", device_profile_name(r->caps.profile), err ? err : "no template named");
		free(err);
		buf_release(&content);
		return -1;
	}
	view_set(r->view, "title", r->title ? r->title : "湖南省人民政府门户网站");
	/* Raw on purpose: content is our own template output, escaped there. */
	view_setn(r->view, "body", content.data ? content.data : "", content.len);
	buf_release(&content);
	if (tpl_render(set, r->layout ? r->layout : "layout", r->view, out, &err) != 0) {
		log_error("render layout (%s): %s", device_profile_name(r->caps.profile), err);
		free(err);
		return -1;
	}
	return 0;
}

size_t req_render_size(struct req *r)
{
	struct buf b = BUF_INIT;
	size_t n = render_page(r, 200, &b) == 0 ? b.len : 0;
	buf_release(&b);
	return n;
}

/* A response on its way out, independent of the transport. */
struct resp {
	int status;
	struct buf head;               /* "Name: value\r\n" lines */
	const char *body;
	size_t len;
	struct buf own;                /* body storage when not from the cache */
	struct cache_entry *entry;     /* body from the cache (referenced) */
	bool no_body;                  /* HEAD, 304 */
};

static void resp_header(struct resp *p, const char *name, const char *value)
{
	buf_addf(&p->head, "%s: %s\r\n", name, value);
}

static void unref_entry(void *arg)
{
	cache_entry_unref(arg);
}

/* Hand the response to h1: one write with the pre-serialised head; a
 * cached body is referenced, not copied. */
static void transport_send(struct server *s, struct req *r, struct resp *p)
{
	bool head_only = p->no_body || r->method == REQ_HEAD;
	access_log_write(s, r, p->status, head_only ? 0 : p->len);
	if (p->entry && p->body && (p->body == p->entry->body || p->body == p->entry->gz)) {
		cache_entry_ref(p->entry);
		h1_respond(r->conn, p->status, p->head.data, p->head.len, p->body, p->len, head_only,
			   unref_entry, p->entry);
	} else {
		h1_respond(r->conn, p->status, p->head.data, p->head.len, p->body, p->len, head_only, NULL, NULL);
	}
}

static void resp_release(struct resp *p)
{
	buf_release(&p->head);
	buf_release(&p->own);
	if (p->entry)
		cache_entry_unref(p->entry);
}

/* Render the body for status; returns the status finally sent (500 when a
 * template failed) and sets *ctype. */
static int produce_body(struct req *r, int status, struct buf *body, const char **ctype)
{
	if (r->text && status == 200) {
		buf_adds(body, r->text);
		*ctype = "text/plain; charset=utf-8";
		return status;
	}
	if (render_page(r, status, body) != 0) {
		/* A template failed: a bug of ours.  Try the error page. */
		status = 500;
		r->error = NULL;
		r->tpl = NULL;
		buf_reset(body);
		if (render_page(r, status, body) != 0) {
			buf_reset(body);
			buf_adds(body, "500 Internal Server Error\n");
			*ctype = "text/plain; charset=utf-8";
			return status;
		}
	}
	*ctype = r->caps.content_type;
	/* A phone behind a proxy that does not compile WML can ask for binary
	 * WML (WBXML) outright. */
	if (r->caps.profile == PROFILE_WML && r->caps.wmlc_preferred && strncmp(*ctype, "text/vnd.wap.wml", 16) == 0) {
		struct buf bin = BUF_INIT;
		char *werr = NULL;
		if (wbxml_encode_wml(body->data, body->len, &bin, &werr) == 0) {
			buf_release(body);
			*body = bin;
			*ctype = "application/vnd.wap.wmlc";
		} else {
			log_error("%s: cannot compile WML: %s", r->path, werr);
			free(werr);
			buf_release(&bin);
		}
	}
	if (body->len > r->caps.budget && r->caps.profile != PROFILE_HTML)
		log_warn("%s: %zu bytes exceed the %s budget of %zu", r->path, body->len,
			 device_profile_name(r->caps.profile), r->caps.budget);
	return status;
}

/* The headers that depend on the request, not on the page. */
static void request_headers(struct req *r, struct resp *p)
{
	if (r->caps.from_param) {
		/* Remember html/xhtml in a cookie; an explicit WML choice clears it. */
		if (r->caps.profile == PROFILE_HTML)
			buf_adds(&p->head, "Set-Cookie: qiao_view=html; Path=/; Max-Age=31536000; SameSite=Lax\r\n");
		else if (r->caps.profile == PROFILE_XHTMLMP)
			buf_adds(&p->head, "Set-Cookie: qiao_view=xhtml; Path=/; Max-Age=31536000; SameSite=Lax\r\n");
		else if (r->hdrs.view_cookie)
			buf_adds(&p->head, "Set-Cookie: qiao_view=; Path=/; Max-Age=0\r\n");
	}
	if (r->set_cookie)
		buf_addf(&p->head, "Set-Cookie: %s\r\n", r->set_cookie);
	if (p->status == 405)
		resp_header(p, "Allow", r->error && strstr(r->error, "POST") ? "GET, HEAD, POST" : "GET, HEAD");
}

static void common_headers(struct req *r, struct resp *p, const char *ctype, bool cacheable)
{
	resp_header(p, "Content-Type", ctype);
	buf_adds(&p->head, "Vary: User-Agent, Accept, Accept-Encoding, Cookie\r\n");
	buf_adds(&p->head, cacheable ? "Cache-Control: public, max-age=60\r\n"
		 : r->set_cookie ? "Cache-Control: private, no-store\r\n" : "Cache-Control: no-store\r\n");
	request_headers(r, p);
}

static void http_date(time_t t, char *out, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* Does the request's If-None-Match / If-Modified-Since match e? */
static bool not_modified(struct req *r, const struct cache_entry *e)
{
	const char *inm = req_header(r, "If-None-Match");
	if (inm) {
		/* A list of entity tags, possibly weak (W/"..."), or "*". */
		const char *tag = e->etag;
		size_t tl = strlen(tag);
		for (const char *p = inm; *p;) {
			while (*p == ' ' || *p == ',')
				p++;
			if (*p == '*')
				return true;
			if (p[0] == 'W' && p[1] == '/')
				p += 2;
			if (strncmp(p, tag, tl) == 0)
				return true;
			const char *comma = strchr(p, ',');
			if (!comma)
				break;
			p = comma;
		}
		return false; /* If-None-Match wins over If-Modified-Since */
	}
	const char *ims = req_header(r, "If-Modified-Since");
	if (ims) {
		struct tm tm;
		memset(&tm, 0, sizeof tm);
		const char *end = strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		if (end && *end == '\0')
			return timegm(&tm) >= e->last_modified;
	}
	return false;
}

/* The entry's fixed headers, made once when it enters the cache. */
static void entry_head(struct cache_entry *e)
{
	struct buf h = BUF_INIT;
	char date[64];
	http_date(e->last_modified, date, sizeof date);
	buf_addf(&h, "Content-Type: %s\r\nVary: User-Agent, Accept, Accept-Encoding, Cookie\r\n"
		 "Cache-Control: public, max-age=60\r\nETag: %s\r\nLast-Modified: %s\r\n",
		 e->content_type, e->etag, date);
	e->head_len = h.len;
	e->head = buf_detach(&h);
}

/* Answer from a cache entry: 304, or the plain or gzip body. */
static void send_entry(struct server *s, struct req *r, struct cache_entry *e)
{
	struct resp p;
	memset(&p, 0, sizeof p);
	p.status = 200;
	cache_entry_ref(e);
	p.entry = e;
	if (!e->head)
		entry_head(e);
	buf_grow(&p.head, e->head_len + 128);
	buf_add(&p.head, e->head, e->head_len);
	request_headers(r, &p);
	if (not_modified(r, e)) {
		p.status = 304;
		p.no_body = true;
	} else if (r->caps.gzip && e->gz) {
		buf_adds(&p.head, "Content-Encoding: gzip\r\n");
		p.body = e->gz;
		p.len = e->gz_len;
	} else {
		p.body = e->body;
		p.len = e->body_len;
	}
	transport_send(s, r, &p);
	resp_release(&p);
}

/* Answer a freshly handled request: cache it when it may be, else send it
 * as it is (compressed on the fly when accepted). */
static void send_response(struct server *s, struct req *r, int status)
{
	struct resp p;
	memset(&p, 0, sizeof p);
	const char *ctype;
	status = produce_body(r, status, &p.own, &ctype);
	bool cacheable = status == 200 && !r->no_store && !r->set_cookie && (r->method == REQ_GET || r->method == REQ_HEAD);
	if (cacheable && s->app.cache && r->cache_key) {
		struct cache_entry *e = cache_put(s->app.cache, r->cache_key, strlen(r->cache_key), ctype,
						  p.own.data ? p.own.data : "", p.own.len, GZIP_LEVEL,
						  s->app.changed_at ? (time_t)s->app.changed_at : time(NULL));
		if (e) {
			buf_release(&p.own);
			send_entry(s, r, e);
			return;
		}
	}
	p.status = status;
	common_headers(r, &p, ctype, cacheable);
	p.body = p.own.data ? p.own.data : "";
	p.len = p.own.len;
	char *gz = NULL;
	size_t gz_len = 0;
	if (r->caps.gzip && p.len >= GZIP_MIN_BYTES && cache_gzip(p.body, p.len, GZIP_LEVEL, &gz, &gz_len) == 0 &&
	    gz_len < p.len) {
		resp_header(&p, "Content-Encoding", "gzip");
		p.body = gz;
		p.len = gz_len;
	}
	transport_send(s, r, &p);
	free(gz);
	resp_release(&p);
}

/* Drop the cached pages when the store has changed under them (a write
 * by this process or any other: an import, a staff command, a message). */
static void cache_sync(struct app *app)
{
	if (!store_changed(app->store))
		return;
	int64_t gen = store_generation(app->store);
	if (gen != app->cache_generation) {
		cache_clear(app->cache);
		app->cache_generation = gen;
		app->changed_at = store_changed_at(app->store);
	}
}

/* --- dispatch ---------------------------------------------------------- */

static bool route_match(const char *pattern, const char *path, struct req *r)
{
	r->nargs = 0;
	const char *p = pattern, *q = path;
	while (*p && *q) {
		if (*p == '*') {
			const char *end = strchr(q, '/');
			size_t n = end ? (size_t)(end - q) : strlen(q);
			if (n == 0 || r->nargs == REQ_MAX_ARGS)
				return false;
			r->args[r->nargs++] = xstrndup(q, n);
			q += n;
			p++;
		} else if (*p == *q) {
			p++;
			q++;
		} else {
			return false;
		}
	}
	return *p == '\0' && *q == '\0';
}

static void free_args(struct req *r)
{
	for (int i = 0; i < r->nargs; i++)
		free((char *)r->args[i]);
	r->nargs = 0;
}

static int dispatch(struct req *r, const struct route *routes)
{
	bool path_known = false;
	for (const struct route *rt = routes; rt->pattern; rt++) {
		if (!route_match(rt->pattern, r->path, r)) {
			free_args(r);
			continue;
		}
		path_known = true;
		if (!(rt->methods & (int)r->method)) {
			free_args(r);
			r->error = (rt->methods & REQ_POST) ? "此页面只接受 GET、HEAD 或 POST 请求。" : "此页面只接受 GET 或 HEAD 请求。";
			continue;
		}
		return rt->handler(r);
	}
	return path_known ? 405 : 404;
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


/* Decode the path and parse the query into r; an HTTP status. */
static int req_set_uri(struct req *r, const char *uri, const char *raw_path, const char *raw_query)
{
	int status = 200;
	size_t plen = 0;
	if (uri && strlen(uri) > MAX_URI_LEN) {
		status = 414;
	} else if (!raw_path || !*raw_path) {
		r->path = xstrdup("/");
	} else {
		r->path = evhttp_uridecode(raw_path, 0, &plen);
		if (!r->path || strlen(r->path) != plen || r->path[0] != '/')
			status = 400;
	}
	if (!r->path)
		r->path = xstrdup("/");
	if (status == 200 && raw_query && form_parse(&r->query, raw_query, strlen(raw_query)) != 0)
		status = 400;
	r->hdrs.view_param = req_param(r, "view");
	return status;
}

static void req_release(struct req *r)
{
	free(r->cache_key);
	free_args(r);
	view_free(r->view);
	form_release(&r->query);
	form_release(&r->body_form);
	free(r->path);
}

/* One listening socket: the public portal or the staff listener. */
struct listener {
	struct server *s;
	const struct route *routes;
	bool staff;
};

/* Phones repeat: the same few header sets arrive again and again, so the
 * detection result is remembered per set of inputs (a small table per
 * worker).  A proxy browser's answer points into its request's headers
 * and is never remembered. */
#define DETECT_MEMO 256
#define DETECT_KEY_MAX 2048

struct detect_slot {
	uint64_t hash;
	char *key;
	size_t len;
	struct device_caps caps;
};
static struct detect_slot detect_memo[DETECT_MEMO];

static void detect_memo_free(void)
{
	for (size_t i = 0; i < DETECT_MEMO; i++) {
		free(detect_memo[i].key);
		detect_memo[i].key = NULL;
	}
}

static void detect_memoised(struct app *app, const struct device_headers *h, struct device_caps *caps)
{
	const char *parts[] = { h->user_agent, h->accept, h->accept_charset, h->accept_encoding, h->wap_profile,
				h->sdu_size, h->opera_phone_ua, h->device_stock_ua, h->ucbrowser_ua, h->view_param,
				h->view_cookie };
	char key[DETECT_KEY_MAX];
	size_t len = 0;
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		size_t n = parts[i] ? strlen(parts[i]) : 0;
		if (len + n + 2 > sizeof key) {
			device_detect(app->rules, h, caps);
			return;
		}
		key[len++] = parts[i] ? '\1' : '\2'; /* absent differs from empty */
		memcpy(key + len, parts[i] ? parts[i] : "", n);
		len += n;
	}
	uint64_t hash = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		hash ^= (unsigned char)key[i];
		hash *= 1099511628211ull;
	}
	struct detect_slot *slot = &detect_memo[hash & (DETECT_MEMO - 1)];
	if (slot->key && slot->hash == hash && slot->len == len && memcmp(slot->key, key, len) == 0) {
		*caps = slot->caps;
		return;
	}
	device_detect(app->rules, h, caps);
	if (caps->proxy_phone)
		return;
	free(slot->key);
	slot->key = xmalloc(len);
	memcpy(slot->key, key, len);
	slot->len = len;
	slot->hash = hash;
	slot->caps = *caps;
}

static enum req_method method_of(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return REQ_GET;
	if (strcmp(m, "HEAD") == 0)
		return REQ_HEAD;
	if (strcmp(m, "POST") == 0)
		return REQ_POST;
	return REQ_OTHER;
}

static void on_request(struct h1_conn *conn, const struct h1_req *hr, void *arg)
{
	struct listener *l = arg;
	struct server *s = l->s;
	struct req r;
	memset(&r, 0, sizeof r);
	r.conn = conn;
	r.hreq = hr;
	r.app = &s->app;
	r.method = method_of(hr->method);

	if (!l->staff) {
		r.hdrs.user_agent = h1_req_header(hr, "User-Agent");
		r.hdrs.accept = h1_req_header(hr, "Accept");
		r.hdrs.accept_charset = h1_req_header(hr, "Accept-Charset");
		r.hdrs.wap_profile = h1_req_header(hr, "X-Wap-Profile");
		if (!r.hdrs.wap_profile)
			r.hdrs.wap_profile = h1_req_header(hr, "Profile");
		r.hdrs.sdu_size = h1_req_header(hr, "X-WAP-Client-SDU-Size");
		r.hdrs.opera_phone_ua = h1_req_header(hr, "X-OperaMini-Phone-UA");
		r.hdrs.device_stock_ua = h1_req_header(hr, "Device-Stock-UA");
		r.hdrs.ucbrowser_ua = h1_req_header(hr, "X-UCBrowser-UA");
		cookie_view(&r, h1_req_header(hr, "Cookie"));
	}
	r.hdrs.accept_encoding = h1_req_header(hr, "Accept-Encoding");

	/* The target is origin-form here (h1 reduces absolute-form). */
	const char *q = memchr(hr->target, '?', hr->target_len);
	char *raw_path = q ? xstrndup(hr->target, (size_t)(q - hr->target)) : NULL;
	int status = req_set_uri(&r, hr->target, raw_path ? raw_path : hr->target, q ? q + 1 : NULL);
	free(raw_path);
	if (l->staff)
		r.hdrs.view_param = "html"; /* staff pages are for desktop browsers */
	detect_memoised(&s->app, &r.hdrs, &r.caps);
	if (l->staff)
		r.caps.from_param = false;
	if (r.caps.proxy_phone)
		log_info("proxy browser for phone: %.200s", r.caps.proxy_phone);

	if (status == 200 && !l->staff && s->app.cache && (r.method == REQ_GET || r.method == REQ_HEAD)) {
		cache_sync(&s->app);
		/* Everything of the profile that changes the bytes, then the target. */
		struct buf key = BUF_INIT;
		char num[32];
		int nl = snprintf(num, sizeof num, "%d|%zu|%d|", (int)r.caps.profile, r.caps.budget, (int)r.caps.wmlc_preferred);
		buf_grow(&key, (size_t)nl + strlen(r.caps.content_type) + hr->target_len + 2);
		buf_add(&key, num, (size_t)nl);
		buf_adds(&key, r.caps.content_type);
		buf_addc(&key, '|');
		buf_add(&key, hr->target, hr->target_len);
		/* Pages follow the region cookie (pages/region.c). */
		char region[24];
		if (req_cookie(&r, REQ_REGION_COOKIE, region, sizeof region)) {
			buf_adds(&key, "|region=");
			buf_adds(&key, region);
		}
		r.cache_key = buf_detach(&key);
		struct cache_entry *e = cache_get(s->app.cache, r.cache_key, strlen(r.cache_key));
		if (e) {
			send_entry(s, &r, e);
			req_release(&r);
			return;
		}
	}
	r.view = view_new();
	if (status == 200)
		status = dispatch(&r, l->routes);
	send_response(s, &r, status);
	req_release(&r);
}

int app_render(struct app *app, const char *uri, enum device_profile profile, struct app_page *out)
{
	struct req r;
	memset(&r, 0, sizeof r);
	r.app = app;
	r.method = REQ_GET;
	memset(out, 0, sizeof *out);
	struct evhttp_uri *u = evhttp_uri_parse(uri);
	int status = u ? req_set_uri(&r, uri, evhttp_uri_get_path(u), evhttp_uri_get_query(u)) : 400;
	if (u)
		evhttp_uri_free(u);
	r.hdrs.view_param = device_profile_name(profile);
	if (profile == PROFILE_XHTMLMP)
		r.hdrs.accept = "application/vnd.wap.xhtml+xml";
	device_detect(app->rules, &r.hdrs, &r.caps);
	r.view = view_new();
	if (status == 200)
		status = dispatch(&r, page_routes);
	if (r.text && status == 200) {
		buf_adds(&out->body, r.text);
		out->content_type = "text/plain; charset=utf-8";
	} else if (render_page(&r, status, &out->body) == 0) {
		out->content_type = r.caps.content_type;
	} else {
		status = 500;
		out->content_type = "text/plain; charset=utf-8";
	}
	out->status = status;
	out->budget = r.caps.budget;
	req_release(&r);
	return 0;
}

/* --- signals and shutdown ---------------------------------------------- */

static void on_drain(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *s = arg;
	s->drain_ticks++;
	size_t busy = (s->http ? h1_server_busy(s->http) : 0) + (s->staff_http ? h1_server_busy(s->staff_http) : 0);
	if (busy == 0 || s->drain_ticks * 20 >= SHUTDOWN_GRACE_MS)
		event_base_loopexit(s->base, NULL);
}

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct server *s = arg;
	if (s->stopping)
		return;
	s->stopping = true;
	log_info("signal %d: stopping", (int)sig);
	if (s->http)
		h1_server_stop_accepting(s->http);
	if (s->staff_http)
		h1_server_stop_accepting(s->staff_http);
	struct timeval tv = { 0, 20 * 1000 };
	s->drain_timer = event_new(s->base, -1, EV_PERSIST, on_drain, s);
	event_add(s->drain_timer, &tv);
}

static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	struct server *s = arg;
	access_log_open(s);
	log_info("SIGHUP: access log reopened");
}

/* --- start-up ---------------------------------------------------------- */

static int parse_listen(const char *spec, char **host, int *port)
{
	const char *colon;
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':')
			return -1;
		*host = xstrndup(spec + 1, (size_t)(close - spec - 1));
		colon = close + 1;
	} else {
		colon = strrchr(spec, ':');
		if (!colon || colon == spec)
			return -1;
		*host = xstrndup(spec, (size_t)(colon - spec));
	}
	char *end;
	errno = 0;
	long p = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || p < 0 || p > 65535) {
		free(*host);
		*host = NULL;
		return -1;
	}
	*port = (int)p;
	return 0;
}

static int load_templates(struct app *app, char **err)
{
	for (int i = 0; i < 3; i++) {
		char *dir = xasprintf("%s/%s", app->root, tpl_dirs[i]);
		app->tpl[i] = tpl_set_load(dir, tpl_exts[i], tpl_dialects[i], i != PROFILE_HTML, err);
		free(dir);
		if (!app->tpl[i])
			return -1;
		if (!tpl_exists(app->tpl[i], "layout") || !tpl_exists(app->tpl[i], "error")) {
			*err = xasprintf("%s/%s: the layout and error templates are required", app->root, tpl_dirs[i]);
			return -1;
		}
	}
	return 0;
}

static void app_release(struct app *app)
{
	for (int i = 0; i < 3; i++)
		tpl_set_free(app->tpl[i]);
	cache_free(app->cache);
	detect_memo_free();
	device_rules_free(app->rules);
	store_close(app->store);
	free(app->root);
}

/* Open a listening TCP socket for host:port.  With reuseport, several
 * sockets share the port and the kernel spreads connections over them.
 * Returns the fd, or -1 with errno set. */
static int listen_socket(const char *host, int port, bool reuseport, char *addr, size_t addr_len, int *real_port)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	char ports[16];
	snprintf(ports, sizeof ports, "%d", port);
	int gai = getaddrinfo(*host ? host : NULL, ports, &hints, &res);
	if (gai != 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (reuseport)
			setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
		if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
			int e = errno;
			close(fd);
			fd = -1;
			errno = e;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		return -1;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	*real_port = port;
	snprintf(addr, addr_len, "?");
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
			inet_ntop(AF_INET6, &a6->sin6_addr, addr, (socklen_t)addr_len);
			*real_port = ntohs(a6->sin6_port);
		} else {
			struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
			inet_ntop(AF_INET, &a4->sin_addr, addr, (socklen_t)addr_len);
			*real_port = ntohs(a4->sin_port);
		}
	}
	return fd;
}

/* n listening sockets on spec, one per worker, logged as what.  A plain
 * bind comes first, so that a port another server holds is refused rather
 * than shared (SO_REUSEPORT would otherwise share it).  0 or -1 after a
 * one-line error. */
static int open_listeners(const char *spec, int n, int *fds, const char *what)
{
	char *host = NULL, addr[INET6_ADDRSTRLEN];
	int port = 0, real_port = 0;
	parse_listen(spec, &host, &port); /* validated already */
	int probe = listen_socket(host, port, false, addr, sizeof addr, &real_port);
	if (probe < 0) {
		fprintf(stderr, "qiao: serve: cannot listen on %s: %s\n", spec,
			errno == EADDRINUSE ? "address already in use" : strerror(errno));
		free(host);
		return -1;
	}
	close(probe);
	for (int i = 0; i < n; i++) {
		fds[i] = listen_socket(host, real_port, true, addr, sizeof addr, &real_port);
		if (fds[i] < 0) {
			fprintf(stderr, "qiao: serve: cannot listen on %s: %s\n", spec, strerror(errno));
			while (i-- > 0)
				close(fds[i]);
			free(host);
			return -1;
		}
	}
	free(host);
	bool v6 = strchr(addr, ':') != NULL;
	log_info("%s on http://%s%s%s:%d/", what, v6 ? "[" : "", addr, v6 ? "]" : "", real_port);
	return 0;
}

static struct h1_server *new_http(struct event_base *base, struct listener *l, int fd)
{
	struct h1_config cfg = {
		.max_head_bytes = MAX_HEADERS_SIZE,
		.max_body_bytes = MAX_BODY_SIZE,
		.max_target_bytes = MAX_URI_LEN,
		.head_timeout_ms = 10000,
		.body_timeout_ms = 30000,
		.idle_timeout_ms = 60000,
		.write_timeout_ms = IO_TIMEOUT_SECS * 1000,
		.max_conns = 20000,
		.out_high_water = 256 * 1024,
	};
	return h1_server_new(base, fd, &cfg, on_request, l);
}

/* One worker: its own store connection, cache and event loop on its
 * sockets, until SIGTERM/SIGINT.  Returns the exit status. */
static int worker_run(struct server *s, const struct server_config *cfg, int pub_fd, int staff_fd)
{
	struct listener pub = { s, page_routes, false }, staff = { s, staff_routes, true };
	int rc = 1;
	char *err = NULL;
	s->app.store = store_open(cfg->db_path, STORE_READWRITE, &err);
	if (!s->app.store) {
		fprintf(stderr, "qiao: serve: %s\n", err);
		free(err);
		return 1;
	}
	if (cfg->cache_bytes) {
		s->app.cache = cache_new(cfg->cache_bytes);
		store_changed(s->app.store);
		s->app.cache_generation = store_generation(s->app.store);
		s->app.changed_at = store_changed_at(s->app.store);
	}
	s->base = event_base_new();
	if (s->base)
		s->http = new_http(s->base, &pub, pub_fd);
	if (s->http && staff_fd >= 0)
		s->staff_http = new_http(s->base, &staff, staff_fd);
	if (!s->base || !s->http || (staff_fd >= 0 && !s->staff_http)) {
		fprintf(stderr, "qiao: serve: cannot set up the event loop\n");
		goto out;
	}
	s->access_log_path = cfg->access_log;
	access_log_open(s);
	s->sig_term = evsignal_new(s->base, SIGTERM, on_stop, s);
	s->sig_int = evsignal_new(s->base, SIGINT, on_stop, s);
	s->sig_hup = evsignal_new(s->base, SIGHUP, on_hup, s);
	event_add(s->sig_term, NULL);
	event_add(s->sig_int, NULL);
	event_add(s->sig_hup, NULL);

	event_base_dispatch(s->base);
	rc = 0;
out:
	if (s->drain_timer)
		event_free(s->drain_timer);
	if (s->sig_term)
		event_free(s->sig_term);
	if (s->sig_int)
		event_free(s->sig_int);
	if (s->sig_hup)
		event_free(s->sig_hup);
	if (s->staff_http)
		h1_server_free(s->staff_http);
	if (s->http)
		h1_server_free(s->http);
	if (s->base)
		event_base_free(s->base);
	if (s->access_log && s->access_log != stdout)
		fclose(s->access_log);
	return rc;
}

/* --- the supervisor of several workers ---------------------------------- */

static volatile sig_atomic_t sup_stop, sup_hup;

static void sup_signal(int sig)
{
	if (sig == SIGHUP)
		sup_hup = 1;
	else
		sup_stop = 1;
}

static pid_t spawn_worker(struct server *s, const struct server_config *cfg, int *fds, int n, int staff_fd, int i)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	/* The child keeps its own socket only. */
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	for (int k = 0; k < n; k++)
		if (k != i)
			close(fds[k]);
	if (i != 0 && staff_fd >= 0)
		close(staff_fd);
	int rc = worker_run(s, cfg, fds[i], i == 0 ? staff_fd : -1);
	app_release(&s->app);
	_exit(rc);
}

/* Start n workers and keep them running until SIGTERM/SIGINT, which is
 * passed on to them; SIGHUP too.  A worker that dies is restarted. */
static int supervise(struct server *s, const struct server_config *cfg, int *fds, int n, int staff_fd)
{
	pid_t *pids = xcalloc((size_t)n, sizeof *pids);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sup_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	for (int i = 0; i < n; i++)
		pids[i] = spawn_worker(s, cfg, fds, n, staff_fd, i);
	log_info("%d workers started", n);
	int alive = n, rc = 0;
	bool stopping = false;
	while (alive > 0) {
		if (sup_stop && !stopping) {
			stopping = true;
			for (int i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGTERM);
		}
		if (sup_hup) {
			sup_hup = 0;
			for (int i = 0; i < n; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGHUP);
		}
		int st;
		pid_t pid = waitpid(-1, &st, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < n; i++) {
			if (pids[i] != pid)
				continue;
			pids[i] = 0;
			if (stopping || sup_stop) {
				alive--;
				if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
					rc = 1;
			} else {
				log_error("worker %d (pid %d) ended (%s %d); starting another", i, (int)pid,
					  WIFSIGNALED(st) ? "signal" : "status", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
				sleep(1);
				pids[i] = spawn_worker(s, cfg, fds, n, staff_fd, i);
			}
		}
	}
	free(pids);
	return rc;
}

int server_run(const struct server_config *cfg)
{
	struct server s;
	memset(&s, 0, sizeof s);
	int rc = 1;
	char *err = NULL;
	int n = cfg->workers > 0 ? cfg->workers : 1;
	int *fds = xcalloc((size_t)n, sizeof *fds);
	int staff_fd = -1;

	/* Usage errors first: a malformed address is the caller's mistake. */
	const char *specs[2] = { cfg->listen, cfg->staff_listen };
	for (int i = 0; i < 2; i++) {
		char *h = NULL;
		int p;
		if (specs[i] && parse_listen(specs[i], &h, &p) != 0) {
			fprintf(stderr, "qiao: serve: bad %s '%s' (expected ADDR:PORT)\n", i ? "--staff-listen" : "--listen", specs[i]);
			free(fds);
			return 2;
		}
		free(h);
	}
	s.app.root = find_root(cfg->root);
	s.app.trusted_gateways = cfg->trusted_gateways;
	s.app.n_trusted_gateways = cfg->n_trusted_gateways;
	if (load_templates(&s.app, &err) != 0) {
		fprintf(stderr, "qiao: serve: %s\n", err);
		goto out;
	}
	char *rules = xasprintf("%s/db/devices.rules", s.app.root);
	s.app.rules = device_rules_load(rules, &err);
	free(rules);
	if (!s.app.rules) {
		fprintf(stderr, "qiao: serve: %s\n", err);
		goto out;
	}
	/* Open (and migrate) the store once here, so that its errors come
	 * before any socket; each worker then opens its own connection. */
	struct store *probe = store_open(cfg->db_path, STORE_READWRITE, &err);
	if (!probe) {
		fprintf(stderr, "qiao: serve: %s\n", err);
		goto out;
	}
	store_close(probe);

	signal(SIGPIPE, SIG_IGN);
	h1_raise_fd_limit();
	char *what = xasprintf("serving %s with templates from %s", cfg->db_path, s.app.root);
	int lrc = open_listeners(cfg->listen, n, fds, what);
	free(what);
	if (lrc != 0)
		goto out;
	if (cfg->staff_listen && open_listeners(cfg->staff_listen, 1, &staff_fd, "staff preview") != 0) {
		for (int i = 0; i < n; i++)
			close(fds[i]);
		goto out;
	}
	if (n == 1)
		rc = worker_run(&s, cfg, fds[0], staff_fd);
	else
		rc = supervise(&s, cfg, fds, n, staff_fd);
	log_info("stopped");
	for (int i = 0; i < n; i++)
		close(fds[i]);
	if (staff_fd >= 0)
		close(staff_fd);
out:
	app_release(&s.app);
	free(fds);
	free(err);
	return rc;
}
