/* server.c - HTTP on libevent's evhttp: listening, limits, the route table,
 * rendering the chosen template in the client's dialect, response headers
 * and compression, the access log and signals. */
#include "core/common.h"
#include "http/server.h"
#include "http/app.h"
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
#include <event2/http.h>
#include <event2/http_struct.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>
#include <netinet/in.h>
#include <signal.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Request limits, set explicitly rather than left to library defaults. */
#define MAX_HEADERS_SIZE 8192
#define MAX_BODY_SIZE 65536
#define IO_TIMEOUT_SECS 30
#define MAX_URI_LEN 2048
#define SHUTDOWN_GRACE_MS 5000
#define GZIP_MIN_BYTES 256

static const char *const tpl_dirs[] = { "html", "xhtml-mp", "wml" };
static const char *const tpl_exts[] = { ".html", ".xhtml", ".wml" };
static const enum esc_dialect tpl_dialects[] = { ESC_HTML, ESC_XHTMLMP, ESC_WML };

struct server {
	struct app app;
	struct event_base *base;
	struct evhttp *http;
	struct evhttp_bound_socket *bound;
	struct evhttp *staff_http;
	struct evhttp_bound_socket *staff_bound;
	struct event *sig_term, *sig_int, *sig_hup, *drain_timer;
	FILE *access_log;
	const char *access_log_path;
	int inflight;
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
	if (!r->ev)
		return NULL;
	return evhttp_find_header(evhttp_request_get_input_headers(r->ev), name);
}

const char *req_peer(const struct req *r)
{
	char *host = NULL;
	ev_uint16_t port = 0;
	struct evhttp_connection *conn = r->ev ? evhttp_request_get_connection(r->ev) : NULL;
	if (conn)
		evhttp_connection_get_peer(conn, &host, &port);
	return host ? host : "";
}

const char *req_body(const struct req *r, size_t *len)
{
	if (!r->ev) {
		*len = 0;
		return "";
	}
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	*len = evbuffer_get_length(in);
	return *len ? (const char *)evbuffer_pullup(in, -1) : "";
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

void req_link(struct req *r, struct view *v, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
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

static void access_log_write(struct server *s, struct evhttp_request *ev, int status, size_t bytes)
{
	if (!s->access_log)
		return;
	char *host = NULL;
	ev_uint16_t port = 0;
	struct evhttp_connection *conn = evhttp_request_get_connection(ev);
	if (conn)
		evhttp_connection_get_peer(conn, &host, &port);
	char ts[64];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S %z", &tm);
	struct evkeyvalq *in = evhttp_request_get_input_headers(ev);
	const char *ref = evhttp_find_header(in, "Referer");
	const char *ua = evhttp_find_header(in, "User-Agent");
	static const char *const methods[] = { "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH" };
	enum evhttp_cmd_type cmd = evhttp_request_get_command(ev);
	const char *m = "-";
	for (unsigned i = 0; i < ARRAY_LEN(methods); i++)
		if (cmd == (enum evhttp_cmd_type)(1u << i))
			m = methods[i];

	/* Quote-safe copies: a client controls the URI and headers. */
	struct buf line = BUF_INIT;
	buf_addf(&line, "%s - - [%s] \"%s ", host ? host : "-", ts, m);
	const char *fields[3] = { evhttp_request_get_uri(ev), ref, ua };
	for (int f = 0; f < 3; f++) {
		if (f == 1)
			buf_addf(&line, " HTTP/%d.%d\" %d %zu \"", ev->major, ev->minor, status, bytes);
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

static const char *status_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

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

static int gzip_buf(const char *in, size_t len, struct buf *out)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong bound = deflateBound(&z, (uLong)len);
	buf_reset(out);
	buf_grow(out, bound);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->data;
	z.avail_out = (uInt)bound;
	int rc = deflate(&z, Z_FINISH);
	out->len = z.total_out;
	deflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
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
	set_switch_links(r);
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

static void send_response(struct server *s, struct req *r, int status)
{
	struct evhttp_request *ev = r->ev;
	struct evkeyvalq *oh = evhttp_request_get_output_headers(ev);
	struct buf body = BUF_INIT, gz = BUF_INIT;
	const char *ctype;

	if (r->text && status == 200) {
		buf_adds(&body, r->text);
		ctype = "text/plain; charset=utf-8";
	} else {
		if (render_page(r, status, &body) != 0) {
			/* A template failed: a bug of ours.  Try the error page. */
			status = 500;
			r->error = NULL;
			r->tpl = NULL;
			buf_reset(&body);
			if (render_page(r, status, &body) != 0) {
				buf_reset(&body);
				buf_adds(&body, "500 Internal Server Error\n");
				r->caps.content_type = "text/plain; charset=utf-8";
			}
		}
		ctype = r->caps.content_type;
	}
	/* A phone behind a proxy that does not compile WML can ask for binary
	 * WML (WBXML) outright. */
	if (r->caps.profile == PROFILE_WML && r->caps.wmlc_preferred && strncmp(ctype, "text/vnd.wap.wml", 16) == 0) {
		struct buf bin = BUF_INIT;
		char *werr = NULL;
		if (wbxml_encode_wml(body.data, body.len, &bin, &werr) == 0) {
			buf_release(&body);
			body = bin;
			ctype = "application/vnd.wap.wmlc";
		} else {
			log_error("%s: cannot compile WML: %s", r->path, werr);
			free(werr);
			buf_release(&bin);
		}
	}
	if (body.len > r->caps.budget && r->caps.profile != PROFILE_HTML)
		log_warn("%s: %zu bytes exceed the %s budget of %zu", r->path, body.len,
			 device_profile_name(r->caps.profile), r->caps.budget);

	evhttp_add_header(oh, "Content-Type", ctype);
	evhttp_add_header(oh, "Vary", "User-Agent, Accept, Accept-Encoding, Cookie");
	if (r->no_store || status != 200)
		evhttp_add_header(oh, "Cache-Control", "no-store");
	else
		evhttp_add_header(oh, "Cache-Control", "public, max-age=60");
	if (r->caps.from_param) {
		/* Remember html/xhtml in a cookie; an explicit WML choice clears it. */
		const char *v = r->caps.profile == PROFILE_HTML ? "html" : r->caps.profile == PROFILE_XHTMLMP ? "xhtml" : NULL;
		if (v) {
			char cookie[96];
			snprintf(cookie, sizeof cookie, "qiao_view=%s; Path=/; Max-Age=31536000; SameSite=Lax", v);
			evhttp_add_header(oh, "Set-Cookie", cookie);
		} else if (r->hdrs.view_cookie) {
			evhttp_add_header(oh, "Set-Cookie", "qiao_view=; Path=/; Max-Age=0");
		}
	}
	const char *send = body.data ? body.data : "";
	size_t send_len = body.len;
	if (r->caps.gzip && body.len >= GZIP_MIN_BYTES && gzip_buf(body.data, body.len, &gz) == 0 && gz.len < body.len) {
		evhttp_add_header(oh, "Content-Encoding", "gzip");
		send = gz.data;
		send_len = gz.len;
	}
	char clen[32];
	snprintf(clen, sizeof clen, "%zu", send_len);
	evhttp_add_header(oh, "Content-Length", clen);
	if (status == 405)
		evhttp_add_header(oh, "Allow", r->error && strstr(r->error, "POST") ? "GET, HEAD, POST" : "GET, HEAD");

	struct evbuffer *eb = evbuffer_new();
	evbuffer_add(eb, send, send_len);
	access_log_write(s, ev, status, r->method == REQ_HEAD ? 0 : send_len);
	evhttp_send_reply(ev, status, status_reason(status), eb);
	evbuffer_free(eb);
	buf_release(&body);
	buf_release(&gz);
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

static void on_complete(struct evhttp_request *ev, void *arg)
{
	(void)ev;
	struct server *s = arg;
	s->inflight--;
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

static void on_request(struct evhttp_request *ev, void *arg)
{
	struct listener *l = arg;
	struct server *s = l->s;
	struct req r;
	memset(&r, 0, sizeof r);
	r.ev = ev;
	r.app = &s->app;
	s->inflight++;
	evhttp_request_set_on_complete_cb(ev, on_complete, s);

	switch (evhttp_request_get_command(ev)) {
	case EVHTTP_REQ_GET: r.method = REQ_GET; break;
	case EVHTTP_REQ_HEAD: r.method = REQ_HEAD; break;
	case EVHTTP_REQ_POST: r.method = REQ_POST; break;
	default: r.method = REQ_OTHER; break;
	}

	struct evkeyvalq *in = evhttp_request_get_input_headers(ev);
	if (!l->staff) {
		r.hdrs.user_agent = evhttp_find_header(in, "User-Agent");
		r.hdrs.accept = evhttp_find_header(in, "Accept");
		r.hdrs.accept_charset = evhttp_find_header(in, "Accept-Charset");
		r.hdrs.wap_profile = evhttp_find_header(in, "X-Wap-Profile");
		if (!r.hdrs.wap_profile)
			r.hdrs.wap_profile = evhttp_find_header(in, "Profile");
		r.hdrs.sdu_size = evhttp_find_header(in, "X-WAP-Client-SDU-Size");
		r.hdrs.opera_phone_ua = evhttp_find_header(in, "X-OperaMini-Phone-UA");
		r.hdrs.device_stock_ua = evhttp_find_header(in, "Device-Stock-UA");
		r.hdrs.ucbrowser_ua = evhttp_find_header(in, "X-UCBrowser-UA");
		cookie_view(&r, evhttp_find_header(in, "Cookie"));
	}
	r.hdrs.accept_encoding = evhttp_find_header(in, "Accept-Encoding");

	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(ev);
	int status = req_set_uri(&r, evhttp_request_get_uri(ev), u ? evhttp_uri_get_path(u) : NULL,
				 u ? evhttp_uri_get_query(u) : NULL);
	if (l->staff)
		r.hdrs.view_param = "html"; /* staff pages are for desktop browsers */
	device_detect(s->app.rules, &r.hdrs, &r.caps);
	if (l->staff)
		r.caps.from_param = false;
	if (r.caps.proxy_phone)
		log_info("proxy browser for phone: %.200s", r.caps.proxy_phone);
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
	if (s->inflight <= 0 || s->drain_ticks * 20 >= SHUTDOWN_GRACE_MS)
		event_base_loopexit(s->base, NULL);
}

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct server *s = arg;
	if (s->stopping)
		return;
	s->stopping = true;
	log_info("signal %d: stopping (finishing %d in-flight responses)", (int)sig, s->inflight);
	if (s->bound) {
		evhttp_del_accept_socket(s->http, s->bound);
		s->bound = NULL;
	}
	if (s->staff_bound) {
		evhttp_del_accept_socket(s->staff_http, s->staff_bound);
		s->staff_bound = NULL;
	}
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
	device_rules_free(app->rules);
	store_close(app->store);
	free(app->root);
}

/* Bind http to spec ("ADDR:PORT"); logs the real address.  0 or -1 after
 * printing a one-line error (2 for a malformed spec). */
static int bind_listener(struct evhttp *http, const char *spec, const char *what,
			 struct evhttp_bound_socket **bound)
{
	char *host = NULL;
	int port = 0;
	if (parse_listen(spec, &host, &port) != 0) {
		fprintf(stderr, "qiao: serve: bad %s '%s' (expected ADDR:PORT)\n", what, spec);
		return 2;
	}
	*bound = evhttp_bind_socket_with_handle(http, host, (ev_uint16_t)port);
	free(host);
	if (!*bound) {
		fprintf(stderr, "qiao: serve: cannot listen on %s: %s\n", spec,
			errno == EADDRINUSE ? "address already in use" : strerror(errno));
		return -1;
	}
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	evutil_socket_t fd = evhttp_bound_socket_get_fd(*bound);
	char addr[INET6_ADDRSTRLEN] = "?";
	int real_port = port;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
			inet_ntop(AF_INET6, &a6->sin6_addr, addr, sizeof addr);
			real_port = ntohs(a6->sin6_port);
		} else {
			struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
			inet_ntop(AF_INET, &a4->sin_addr, addr, sizeof addr);
			real_port = ntohs(a4->sin_port);
		}
	}
	bool v6 = strchr(addr, ':') != NULL;
	log_info("%s on http://%s%s%s:%d/", what, v6 ? "[" : "", addr, v6 ? "]" : "", real_port);
	return 0;
}

static struct evhttp *new_http(struct event_base *base, struct listener *l)
{
	struct evhttp *http = evhttp_new(base);
	if (!http)
		return NULL;
	evhttp_set_max_headers_size(http, MAX_HEADERS_SIZE);
	evhttp_set_max_body_size(http, MAX_BODY_SIZE);
	evhttp_set_timeout(http, IO_TIMEOUT_SECS);
	/* Every method reaches us, so that 405 comes in the client's dialect. */
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
				   EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS |
				   EVHTTP_REQ_TRACE | EVHTTP_REQ_PATCH);
	evhttp_set_gencb(http, on_request, l);
	return http;
}

int server_run(const struct server_config *cfg)
{
	struct server s;
	memset(&s, 0, sizeof s);
	int rc = 1;
	char *err = NULL;
	struct listener pub = { &s, page_routes, false }, staff = { &s, staff_routes, true };

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
	s.app.store = store_open(cfg->db_path, STORE_READWRITE, &err);
	if (!s.app.store) {
		fprintf(stderr, "qiao: serve: %s\n", err);
		goto out;
	}

	signal(SIGPIPE, SIG_IGN);
	s.base = event_base_new();
	if (s.base)
		s.http = new_http(s.base, &pub);
	if (!s.base || !s.http) {
		fprintf(stderr, "qiao: serve: cannot set up the event loop\n");
		goto out;
	}
	char *what = xasprintf("serving %s with templates from %s", cfg->db_path, s.app.root);
	int brc = bind_listener(s.http, cfg->listen, what, &s.bound);
	free(what);
	if (brc != 0) {
		rc = brc == 2 ? 2 : 1;
		goto out;
	}
	if (cfg->staff_listen) {
		s.staff_http = new_http(s.base, &staff);
		brc = s.staff_http ? bind_listener(s.staff_http, cfg->staff_listen, "staff preview", &s.staff_bound) : -1;
		if (brc != 0) {
			rc = brc == 2 ? 2 : 1;
			goto out;
		}
	}

	s.access_log_path = cfg->access_log;
	access_log_open(&s);
	s.sig_term = evsignal_new(s.base, SIGTERM, on_stop, &s);
	s.sig_int = evsignal_new(s.base, SIGINT, on_stop, &s);
	s.sig_hup = evsignal_new(s.base, SIGHUP, on_hup, &s);
	event_add(s.sig_term, NULL);
	event_add(s.sig_int, NULL);
	event_add(s.sig_hup, NULL);

	event_base_dispatch(s.base);
	log_info("stopped");
	rc = 0;

out:
	if (s.drain_timer)
		event_free(s.drain_timer);
	if (s.sig_term)
		event_free(s.sig_term);
	if (s.sig_int)
		event_free(s.sig_int);
	if (s.sig_hup)
		event_free(s.sig_hup);
	if (s.staff_http)
		evhttp_free(s.staff_http);
	if (s.http)
		evhttp_free(s.http);
	if (s.base)
		event_base_free(s.base);
	if (s.access_log && s.access_log != stdout)
		fclose(s.access_log);
	app_release(&s.app);
	free(err);
	return rc;
}
