/* resp.c - responses: the body in the client's dialect (through the
 * application's renderer, compiled to WBXML when asked), headers,
 * conditional GET (304), the rendered-page cache, gzip and the access log
 * (Combined Log Format). */
#include "core/common.h"
#include "core/gz.h"
#include "http/cache.h"
#include "http/h1.h"
#include "http/req.h"
#include "http/serve.h"
#include "render/dialect.h"
#include "wbxml/wbxml.h"

#include <strings.h>

#define GZIP_MIN_BYTES 256
/* gzip level for cached pages: compressed once, served many times (see
 * bench/RESULTS.md for the measurement behind the choice). */
#define GZIP_LEVEL GZ_LEVEL

static void log_file_open(FILE **slot, const char *path)
{
	if (!path || strcmp(path, "-") == 0) {
		/* none, or standard output (a reload may have changed it) */
		if (*slot && *slot != stdout)
			fclose(*slot);
		*slot = path ? stdout : NULL;
		return;
	}
	FILE *f = fopen(path, "a");
	if (!f) {
		log_error("cannot open access log %s: %s", path, strerror(errno));
		return;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	if (*slot && *slot != stdout)
		fclose(*slot);
	*slot = f;
}

void access_log_open(struct server *s)
{
	log_file_open(&s->access_log, s->access_log_path);
	log_file_open(&s->staff_log, s->staff_log_path);
}

/* The request target as logged: the values of parameters that let
 * someone read or post as the client (a letter's lookup code, a form
 * token) are replaced by "REDACTED". */
static bool secret_param(const char *name, size_t n)
{
	return (n == 4 && memcmp(name, "code", 4) == 0) || (n == 5 && memcmp(name, "token", 5) == 0);
}

static void add_target(const char *t, size_t n, struct buf *out)
{
	const char *q = memchr(t, '?', n);
	if (!q) {
		buf_add(out, t, n);
		return;
	}
	buf_add(out, t, (size_t)(q + 1 - t));
	const char *p = q + 1, *end = t + n;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *pe = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(pe - p));
		if (eq && secret_param(p, (size_t)(eq - p))) {
			buf_add(out, p, (size_t)(eq + 1 - p));
			buf_adds(out, "REDACTED");
		} else {
			buf_add(out, p, (size_t)(pe - p));
		}
		if (amp)
			buf_addc(out, '&');
		p = amp ? amp + 1 : end;
	}
}

static void access_log_write(struct server *s, const struct req *r, int status, size_t bytes)
{
	FILE *log = r->staff ? s->staff_log : s->access_log;
	if (!log || !r->hreq)
		return;
	const struct h1_req *hr = r->hreq;
	char ts[64];
	time_t now = time(NULL);
	struct tm tm;
	if (log_local_time())
		localtime_r(&now, &tm);
	else
		gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%d/%b/%Y:%H:%M:%S %z", &tm);

	/* Quote-safe copies: a client controls the target and headers. */
	struct buf line = BUF_INIT;
	const char *who = req_peer(r);
	buf_addf(&line, "%s - - [%s] \"%s ", *who ? who : "-", ts, hr->method);
	struct buf target = BUF_INIT;
	add_target(hr->target, hr->target_len, &target);
	const char *fields[3] = { target.data ? target.data : "", h1_req_header(hr, "Referer"), h1_req_header(hr, "User-Agent") };
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
	fwrite(line.data, 1, line.len, log);
	if (log == stdout)
		fflush(stdout);
	buf_release(&line);
	buf_release(&target);
}

/* --- responses --------------------------------------------------------- */

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

/* Hand the response to h1: one write with the pre-serialised head (the
 * header lines head[0..head_len)); a cached body is referenced, not
 * copied. */
static void transport_send_head(struct server *s, struct req *r, struct resp *p, const char *head, size_t head_len)
{
	bool head_only = p->no_body || r->method == REQ_HEAD;
	access_log_write(s, r, p->status, head_only ? 0 : p->len);
	if (p->entry && p->body && (p->body == p->entry->body || p->body == p->entry->gz)) {
		cache_entry_ref(p->entry);
		h1_respond(r->conn, p->status, head, head_len, p->body, p->len, head_only, unref_entry, p->entry);
	} else {
		h1_respond(r->conn, p->status, head, head_len, p->body, p->len, head_only, NULL, NULL);
	}
}

static void transport_send(struct server *s, struct req *r, struct resp *p)
{
	transport_send_head(s, r, p, p->head.data, p->head.len);
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
static int produce_body(struct server *s, struct req *r, int status, struct buf *body, const char **ctype)
{
	if (r->text && (status == 200 || (status >= 300 && status < 400))) {
		buf_adds(body, r->text);
		*ctype = r->text_type ? r->text_type : "text/plain; charset=utf-8";
		return status;
	}
	if (s->app->render(s->app->ctx, r, status, body) != 0) {
		/* A template failed: a bug of ours.  Try the error page. */
		status = 500;
		r->error = NULL;
		r->tpl = NULL;
		buf_reset(body);
		if (s->app->render(s->app->ctx, r, status, body) != 0) {
			buf_reset(body);
			buf_adds(body, "500 Internal Server Error\n");
			*ctype = "text/plain; charset=utf-8";
			return status;
		}
	}
	*ctype = r->caps.content_type;
	/* A phone behind a proxy that does not compile WML can ask for binary
	 * WML (WBXML) outright. */
	const struct dialect *d = dialect_of(r->caps.profile);
	if (d->wbxml && r->caps.wmlc_preferred && strncmp(*ctype, d->media_type, strlen(d->media_type)) == 0) {
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
	if (body->len > r->caps.budget && !d->budget_gzip)
		log_warn("%s: %zu bytes exceed the %s budget of %zu", r->path, body->len, d->name, r->caps.budget);
	return status;
}

/* The headers that depend on the request, not on the page.  Returns
 * whether the response sets a cookie. */
static bool request_headers(struct req *r, struct resp *p)
{
	bool cookie = false;
	/* A client over its limit learns when to try again. */
	if (p->status == 429) {
		char secs[24];
		snprintf(secs, sizeof secs, "%d", r->retry_after > 0 ? r->retry_after : 3600);
		resp_header(p, "Retry-After", secs);
	}
	if (r->caps.from_param) {
		/* Remember html/xhtml in a cookie; an explicit WML choice clears it. */
		const char *keep = dialect_of(r->caps.profile)->cookie;
		if (keep) {
			buf_addf(&p->head, "Set-Cookie: qiao_view=%s; Path=/; Max-Age=31536000; SameSite=Lax\r\n", keep);
			cookie = true;
		} else if (r->hdrs.view_cookie) {
			buf_adds(&p->head, "Set-Cookie: qiao_view=; Path=/; Max-Age=0\r\n");
			cookie = true;
		}
	}
	if (r->set_cookie) {
		buf_addf(&p->head, "Set-Cookie: %s\r\n", r->set_cookie);
		cookie = true;
	}
	if (r->headers)
		buf_adds(&p->head, r->headers);
	if (p->status == 405)
		resp_header(p, "Allow", r->error && strstr(r->error, "POST") ? "GET, HEAD, POST" : "GET, HEAD");
	if (p->status == 503) {
		char secs[24];
		snprintf(secs, sizeof secs, "%d", r->retry_after > 0 ? r->retry_after : 5);
		resp_header(p, "Retry-After", secs);
	}
	if (r->location && p->status == 201)
		resp_header(p, "Location", r->location);
	return cookie;
}

/* Who may keep the response: nobody when it is not cacheable; only the
 * browser when it sets a cookie (a shared cache would hand the cookie to
 * everyone behind it); otherwise any cache, for a minute. */
static void cache_control(struct resp *p, bool cacheable, bool sets_cookie)
{
	if (!cacheable)
		buf_adds(&p->head, "Cache-Control: no-store\r\n");
	else if (sets_cookie)
		buf_adds(&p->head, "Cache-Control: private, max-age=60\r\n");
	else
		buf_adds(&p->head, "Cache-Control: public, max-age=60\r\n");
}

/* Vary: every request header device detection may read (the answer of
 * any detected response depends on them; a cache compares the next
 * request on these alone). */
static bool is_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The API's JSON and the feeds are the same for every device: they vary
 * with the encoding only, and any origin may read them (CORS, no
 * credentials). */
static bool is_data(const char *ctype)
{
	return is_prefix(ctype, "application/json") || is_prefix(ctype, "application/problem+json") ||
	       is_prefix(ctype, "application/atom+xml");
}

static void vary_header(struct buf *head, const char *ctype)
{
	if (is_data(ctype)) {
		buf_adds(head, "Vary: Accept-Encoding\r\nAccess-Control-Allow-Origin: *\r\n");
		return;
	}
	buf_addf(head, "Vary: %s\r\n", device_vary());
}

static void common_headers(struct req *r, struct resp *p, const char *ctype, bool cacheable)
{
	resp_header(p, "Content-Type", ctype);
	vary_header(&p->head, ctype);
	bool cookie = request_headers(r, p);
	if (r->set_cookie) /* the page's own cookie (my region): this answer is the client's alone */
		buf_adds(&p->head, "Cache-Control: private, no-store\r\n");
	else
		cache_control(p, cacheable, cookie);
}

static void http_date(time_t t, char *out, size_t n)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* Does the request's If-None-Match / If-Modified-Since match the
 * representation tagged etag (of entry e)? */
static bool not_modified(struct req *r, const struct cache_entry *e, const char *etag)
{
	const char *inm = req_header(r, "If-None-Match");
	if (inm)
		return cache_etag_matches(inm, etag); /* wins over If-Modified-Since */
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

/* The entry's header blocks, made once when it enters the cache: per
 * representation (identity, gzip), the lines that do not depend on the
 * request, in the order a 200 answer sends them:
 *
 *   Content-Type, Vary, Last-Modified   (head_fixed bytes, both alike)
 *   Cache-Control: public, max-age=60   (CC_PUBLIC)
 *   ETag                                (part: the end of a 304's lines)
 *   Content-Encoding: gzip              (the gzip block only)
 *
 * The request's own lines (a view cookie) go after Last-Modified and turn
 * the Cache-Control private: resp_send_entry() then splices them in. */
#define CC_PUBLIC "Cache-Control: public, max-age=60\r\n"

static void entry_heads(struct cache_entry *e)
{
	struct buf fixed = BUF_INIT;
	char date[64];
	http_date(e->last_modified, date, sizeof date);
	buf_addf(&fixed, "Content-Type: %s\r\n", e->content_type);
	vary_header(&fixed, e->content_type);
	buf_addf(&fixed, "Last-Modified: %s\r\n", date);
	e->head_fixed = fixed.len;
	for (int i = 0; i < 2; i++) {
		const char *etag = i ? e->gz_etag : e->etag;
		if (i && !e->gz)
			break;
		struct buf h = BUF_INIT;
		buf_add(&h, fixed.data, fixed.len);
		buf_adds(&h, CC_PUBLIC);
		buf_addf(&h, "ETag: %s\r\n", etag);
		e->heads[i].part = h.len;
		if (i)
			buf_adds(&h, "Content-Encoding: gzip\r\n");
		e->heads[i].len = h.len;
		e->heads[i].data = buf_detach(&h);
	}
	buf_release(&fixed);
}

void resp_send_entry(struct server *s, struct req *r, struct cache_entry *e)
{
	struct resp p;
	memset(&p, 0, sizeof p);
	p.status = 200;
	cache_entry_ref(e);
	p.entry = e;
	if (!e->heads[0].data)
		entry_heads(e);
	/* The representation this client gets, and its own tag: a 304 names
	 * the same one a 200 would. */
	bool gz = r->caps.gzip && e->gz;
	const struct cache_head *h = &e->heads[gz];
	if (not_modified(r, e, gz ? e->gz_etag : e->etag)) {
		p.status = 304;
		p.no_body = true;
	} else if (gz) {
		p.body = e->gz;
		p.len = e->gz_len;
	} else {
		p.body = e->body;
		p.len = e->body_len;
	}
	size_t end = p.no_body ? h->part : h->len;
	/* Most hits add nothing of their own: the block goes out as it is. */
	bool cookie = request_headers(r, &p);
	if (p.head.len == 0) {
		transport_send_head(s, r, &p, h->data, end);
	} else {
		size_t tail = e->head_fixed + sizeof CC_PUBLIC - 1;
		struct buf own = BUF_INIT;
		buf_grow(&own, end + p.head.len + 64);
		buf_add(&own, h->data, e->head_fixed);
		buf_add(&own, p.head.data, p.head.len);
		buf_release(&p.head);
		p.head = own;
		cache_control(&p, true, cookie);
		buf_add(&p.head, h->data + tail, end - tail);
		transport_send(s, r, &p);
	}
	resp_release(&p);
}

/* Cache a freshly handled request when it may be, else send it as it is
 * (compressed on the fly when accepted). */
void resp_send(struct server *s, struct req *r, int status)
{
	struct resp p;
	memset(&p, 0, sizeof p);
	const char *ctype;
	status = produce_body(s, r, status, &p.own, &ctype);
	bool cacheable = status == 200 && !r->no_store && !r->set_cookie && (r->method == REQ_GET || r->method == REQ_HEAD);
	if (cacheable && s->cache && r->cache_key) {
		struct cache_entry *e = cache_put(s->cache, r->cache_key, strlen(r->cache_key), ctype,
						  p.own.data ? p.own.data : "", p.own.len, GZIP_LEVEL,
						  s->changed_at ? (time_t)s->changed_at : time(NULL));
		if (e) {
			buf_release(&p.own);
			entry_heads(e);
			resp_send_entry(s, r, e);
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

/* A write by this process or any other (an import, a staff command, a
 * message) empties the cache. */
void resp_cache_sync(struct server *s)
{
	int64_t gen, at;
	if (!s->app->generation(s->app->ctx, false, &gen, &at))
		return;
	if (gen != s->cache_generation) {
		cache_clear(s->cache);
		s->cache_generation = gen;
		s->changed_at = at;
	}
}


void resp_send_preflight(struct server *s, struct req *r)
{
	struct resp p;
	memset(&p, 0, sizeof p);
	p.status = 204;
	p.no_body = true;
	buf_adds(&p.head, "Access-Control-Allow-Origin: *\r\n"
		 "Access-Control-Allow-Methods: GET, HEAD\r\n"
		 "Access-Control-Allow-Headers: If-None-Match, If-Modified-Since\r\n"
		 "Access-Control-Max-Age: 86400\r\n"
		 "Cache-Control: public, max-age=86400\r\n");
	transport_send(s, r, &p);
	resp_release(&p);
}
