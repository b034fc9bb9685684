/* check.c - crawl the portal as three phones and check each page (see check.h). */
#include "core/common.h"
#include "check/check.h"
#include "render/dialect.h"
#include "check/lint.h"
#include "wbxml/wbxml.h"

#include <strings.h>
#include <libxml/catalog.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <zlib.h>

#define MAX_BODY (4u << 20)
#define REQ_TIMEOUT_MS 10000

/* The phones of tests/e2e/lib.sh, one per profile. */
static const struct phone {
	enum device_profile profile;
	const char *headers[4];
} phones[] = {
	{ PROFILE_WML, { "User-Agent: Nokia7110/1.0 (05.01)", "Accept: text/vnd.wap.wml", NULL, NULL } },
	{ PROFILE_XHTMLMP,
	  { "User-Agent: SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1",
	    "Accept: application/vnd.wap.xhtml+xml,application/xhtml+xml;q=0.9,text/vnd.wap.wml;q=0.8,*/*;q=0.5",
	    NULL, NULL } },
	{ PROFILE_HTML,
	  { "User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
	    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
	    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
	    "Accept-Encoding: gzip", NULL } },
};

enum link_kind { LINK_PAGE, LINK_RESOURCE, LINK_FORM };

struct page {
	enum device_profile profile;
	char *target, *from;           /* from: the linking page, NULL for the start */
	enum link_kind kind;
	int status;                    /* 0 when the fetch failed */
	char *content_type;
	char charset[40];
	size_t sent, bytes, gzip;
	long wbxml;                    /* -1: not WML or did not compile */
	size_t budget;
	const char *measure;           /* what the budget applies to: "markup", "gzip" */
	int wellformed, valid;         /* 1 yes, 0 no, -1 not checked */
	struct lint_result find;       /* lint findings plus ours */
	bool failed;
};

struct queued {
	char *target, *from;
	enum link_kind kind;
};

/* A set of strings (open addressing), for the targets seen per profile. */
struct strset {
	char **slots;
	size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Adds s (copied); false when it was already there. */
static bool strset_add(struct strset *set, const char *s)
{
	if ((set->n + 1) * 2 > set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 256;
		char **ns = xcalloc(ncap, sizeof(*ns));
		for (size_t i = 0; i < set->cap; i++) {
			if (!set->slots[i])
				continue;
			size_t j = hash_str(set->slots[i]) & (ncap - 1);
			while (ns[j])
				j = (j + 1) & (ncap - 1);
			ns[j] = set->slots[i];
		}
		free(set->slots);
		set->slots = ns;
		set->cap = ncap;
	}
	size_t j = hash_str(s) & (set->cap - 1);
	while (set->slots[j]) {
		if (strcmp(set->slots[j], s) == 0)
			return false;
		j = (j + 1) & (set->cap - 1);
	}
	set->slots[j] = xstrdup(s);
	set->n++;
	return true;
}

static void strset_free(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

struct crawl {
	const struct check_options *o;
	struct httpc_url origin;
	bool validate;
	long long start_ms, deadline_ms;
	bool truncated;                /* time ran out */
	bool limited[3];               /* max_pages reached with links left, per profile */
	struct page *pages;
	size_t npages;
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void add_finding(struct page *pg, enum lint_severity sev, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_finding(struct page *pg, enum lint_severity sev, const char *rule, const char *fmt, ...)
{
	struct lint_result *r = &pg->find;
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\r')
			b.data[i] = ' ';
	r->items = xrealloc(r->items, (r->n + 1) * sizeof(*r->items));
	r->items[r->n++] = (struct lint_finding){ sev, rule, buf_detach(&b) };
	if (sev == LINT_ERROR)
		r->errors++;
	else
		r->warnings++;
}

/* --- links ---------------------------------------------------------------- */

static bool same_host(const struct httpc_url *a, const struct httpc_url *b)
{
	return a->port == b->port && strcasecmp(a->host, b->host) == 0;
}

/* The value of the query parameter name in target, or NULL (malloc'd). */
static char *query_param(const char *target, const char *name)
{
	const char *q = strchr(target, '?');
	if (!q)
		return NULL;
	size_t nl = strlen(name);
	for (const char *p = q + 1; *p;) {
		size_t len = strcspn(p, "&;");
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
			return xstrndup(p + nl + 1, len - nl - 1);
		p += len;
		if (*p)
			p++;
	}
	return NULL;
}

char *check_link_target(const struct httpc_url *origin, const char *page_target, const char *href,
			enum device_profile p)
{
	if (!href)
		return NULL;
	while (isspace((unsigned char)*href))
		href++;
	size_t hl = strlen(href);
	while (hl > 0 && isspace((unsigned char)href[hl - 1]))
		hl--;
	if (hl == 0 || href[0] == '#')
		return NULL;
	char *h = xstrndup(href, hl);
	/* WML variables can't be resolved without a browser context. */
	if (p == PROFILE_WML && strchr(h, '$')) {
		free(h);
		return NULL;
	}
	struct buf base = BUF_INIT;
	buf_addf(&base, strchr(origin->host, ':') ? "http://[%s]:%d%s" : "http://%s:%d%s", origin->host,
		 origin->port, page_target);
	xmlChar *abs = xmlBuildURI((const xmlChar *)h, (const xmlChar *)base.data);
	buf_release(&base);
	free(h);
	if (!abs)
		return NULL;
	struct httpc_url u;
	char *err = NULL, *out = NULL;
	if (httpc_url_parse((const char *)abs, &u, &err) == 0) {
		if (same_host(&u, origin)) {
			char *view = query_param(u.target, "view");
			enum device_profile vp;
			if (!view || !device_profile_parse(view, &vp) || vp == p)
				out = xstrdup(u.target);
			free(view);
		}
		httpc_url_free(&u);
	}
	free(err);
	xmlFree(abs);
	return out;
}

struct linkset {
	struct queued *items;
	size_t n;
};

static void push_link(struct linkset *ls, const struct crawl *c, const struct page *pg, const char *href,
		      enum link_kind kind)
{
	char *t = check_link_target(&c->origin, pg->target, href, pg->profile);
	if (!t)
		return;
	ls->items = xrealloc(ls->items, (ls->n + 1) * sizeof(*ls->items));
	ls->items[ls->n++] = (struct queued){ t, xstrdup(pg->target), kind };
}

static char *get_attr(const xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && strcasecmp((const char *)a->name, name) == 0)
			return (char *)xmlNodeGetContent((const xmlNode *)a);
	return NULL;
}

static bool is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static bool is_post(const xmlNode *n)
{
	char *m = get_attr(n, "method");
	bool post = m && strcasecmp(m, "get") != 0;
	xmlFree(m);
	return post;
}

static void collect_links(const struct crawl *c, const struct page *pg, const xmlNode *n, struct linkset *ls)
{
	static const char *const wml_url_attrs[] = { "onpick", "onenterforward", "onenterbackward", "ontimer" };
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		char *v = NULL;
		if (is_el(n, "a") || is_el(n, "link") || is_el(n, "area")) {
			v = get_attr(n, "href");
			push_link(ls, c, pg, v, is_el(n, "link") ? LINK_RESOURCE : LINK_PAGE);
		} else if (is_el(n, "go") && !is_post(n)) {
			v = get_attr(n, "href");
			push_link(ls, c, pg, v, LINK_PAGE);
		} else if (is_el(n, "img") || is_el(n, "script")) {
			v = get_attr(n, "src");
			push_link(ls, c, pg, v, LINK_RESOURCE);
		} else if (is_el(n, "form") && !is_post(n)) {
			v = get_attr(n, "action");
			push_link(ls, c, pg, v, LINK_FORM);
		}
		xmlFree(v);
		if (pg->profile == PROFILE_WML)
			for (size_t i = 0; i < ARRAY_LEN(wml_url_attrs); i++) {
				char *w = get_attr(n, wml_url_attrs[i]);
				push_link(ls, c, pg, w, LINK_PAGE);
				xmlFree(w);
			}
		collect_links(c, pg, n->children, ls);
	}
}

/* --- markup checks ------------------------------------------------------- */

struct errs {
	struct buf msg;
	int count;
};

static void collect_err(void *ctx, xmlErrorPtr e)
{
	struct errs *es = ((xmlParserCtxtPtr)ctx)->_private;
	if (!es || !e || e->level < XML_ERR_ERROR)
		return;
	if (es->count++ < 3) {
		if (es->msg.len)
			buf_adds(&es->msg, "; ");
		buf_addf(&es->msg, "line %d: %s", e->line, e->message ? e->message : "error");
		while (es->msg.len && (es->msg.data[es->msg.len - 1] == '\n' || es->msg.data[es->msg.len - 1] == ' '))
			buf_truncate(&es->msg, es->msg.len - 1);
	}
}

/* Parse with the DTD (through the catalog, never the network). */
static void validate_dtd(struct page *pg, const char *markup, size_t len)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return;
	struct errs es = { BUF_INIT, 0 };
	ctxt->_private = &es;
	ctxt->sax->serror = collect_err;
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, markup, (int)(len > INT_MAX ? INT_MAX : len), NULL, NULL,
					  XML_PARSE_DTDVALID | XML_PARSE_NONET | XML_PARSE_NOERROR |
					  XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	bool ok = doc && ctxt->wellFormed && ctxt->valid;
	pg->valid = ok ? 1 : 0;
	if (!ok) {
		if (!es.msg.len)
			buf_adds(&es.msg, doc && !doc->intSubset ? "no DOCTYPE" : "invalid");
		if (es.count > 3)
			buf_addf(&es.msg, " (+%d more)", es.count - 3);
		add_finding(pg, LINT_ERROR, "VALID_MARKUP", "%s", es.msg.data);
	}
	buf_release(&es.msg);
	ctxt->_private = NULL;
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
}

/* gzip size of data at level 6 (what a server would send). */
static size_t gzip_size(const char *data, size_t len)
{
	z_stream zs = { 0 };
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	unsigned char out[16384];
	size_t total = 0;
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	int rc;
	do {
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		rc = deflate(&zs, Z_FINISH);
		total += sizeof(out) - zs.avail_out;
	} while (rc == Z_OK || rc == Z_BUF_ERROR);
	deflateEnd(&zs);
	return rc == Z_STREAM_END ? total : 0;
}

static int gunzip(const char *data, size_t len, struct buf *out)
{
	z_stream zs = { 0 };
	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return -1;
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	int rc;
	do {
		buf_grow(out, 16384);
		zs.next_out = (Bytef *)out->data + out->len;
		zs.avail_out = (uInt)(out->cap - out->len - 1);
		size_t before = zs.avail_out;
		rc = inflate(&zs, Z_NO_FLUSH);
		out->len += before - zs.avail_out;
		out->data[out->len] = '\0';
		if (out->len > MAX_BODY)
			rc = Z_MEM_ERROR;
	} while (rc == Z_OK);
	inflateEnd(&zs);
	return rc == Z_STREAM_END ? 0 : -1;
}

static bool media_is(const char *ct, const char *type)
{
	if (!ct)
		return false;
	size_t n = strlen(type);
	if (strncasecmp(ct, type, n) != 0)
		return false;
	char c = ct[n];
	return c == '\0' || c == ';' || c == ' ' || c == '\t';
}

static bool markup_type_ok(enum device_profile p, const char *ct)
{
	const struct dialect *d = dialect_of(p);
	return media_is(ct, d->media_type) || (d->alt_media_type && media_is(ct, d->alt_media_type));
}

static bool is_markup_type(const char *ct)
{
	for (size_t i = 0; i < DIALECT_COUNT; i++)
		if (markup_type_ok(dialects[i].profile, ct))
			return true;
	return false;
}

/* Check one fetched page; queue its links into ls. */
static void check_page(struct crawl *c, struct page *pg, const struct httpc_response *res, struct linkset *ls)
{
	const char *ct = httpc_header(res, "Content-Type");
	pg->content_type = xstrdup(ct ? ct : "");
	lint_charset_of(ct, pg->charset, sizeof(pg->charset));
	pg->sent = res->body.len;

	if (pg->status >= 300 && pg->status < 400) {
		const char *loc = httpc_header(res, "Location");
		if (loc)
			push_link(ls, c, pg, loc, pg->kind);
		return;
	}
	if (pg->status >= 400) {
		if (pg->kind == LINK_FORM && pg->status < 500)
			add_finding(pg, LINT_WARNING, "BROKEN_LINK", "form action answers %d without its fields (from %s)",
				    pg->status, pg->from ? pg->from : "-");
		else
			add_finding(pg, LINT_ERROR, "BROKEN_LINK", "%s answers %d (linked from %s)", pg->target,
				    pg->status, pg->from ? pg->from : "the start");
	}
	if (pg->kind == LINK_RESOURCE && !is_markup_type(ct))
		return;                   /* an image or style sheet: status only */

	/* The markup, decompressed when the server gzip'd it. */
	struct buf plain = BUF_INIT;
	const char *ce = httpc_header(res, "Content-Encoding");
	const char *markup = res->body.data ? res->body.data : "";
	size_t len = res->body.len;
	if (ce && (strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0)) {
		if (gunzip(markup, len, &plain) != 0) {
			add_finding(pg, LINT_ERROR, "CONTENT_ENCODING", "gzip body does not inflate");
			buf_release(&plain);
			return;
		}
		pg->gzip = len;
		markup = plain.data ? plain.data : "";
		len = plain.len;
	} else if (ce && *ce && strcasecmp(ce, "identity") != 0) {
		add_finding(pg, LINT_ERROR, "CONTENT_ENCODING", "unexpected Content-Encoding '%s'", ce);
		return;
	} else {
		pg->gzip = gzip_size(markup, len);
	}
	pg->bytes = len;

	const struct dialect *d = dialect_of(pg->profile);
	if (!markup_type_ok(pg->profile, ct))
		add_finding(pg, LINT_ERROR, "CONTENT_TYPE", "'%s', expected %s", ct ? ct : "(none)",
			    d->media_type);
	else if (!pg->charset[0])
		add_finding(pg, LINT_ERROR, "CONTENT_TYPE", "no charset parameter in '%s'", ct);

	pg->budget = d->budget;
	pg->measure = d->budget_gzip ? "gzip" : "markup";
	size_t measured = d->budget_gzip ? pg->gzip : pg->bytes;
	if (measured > pg->budget)
		add_finding(pg, LINT_ERROR, "PAGE_SIZE_LIMIT", "%zu %s bytes, budget %zu", measured, pg->measure,
			    pg->budget);

	if (d->wbxml) {
		pg->wbxml = wbxml_wml_size(markup, len);
		if (pg->wbxml < 0) {
			char *err = NULL;
			struct buf tmp = BUF_INIT;
			wbxml_encode_wml(markup, len, &tmp, &err);
			add_finding(pg, LINT_ERROR, "WBXML_COMPILE", "%s", err ? err : "does not compile");
			free(err);
			buf_release(&tmp);
		}
	}

	/* mobileOK-style lint (also tells us whether XML parses). */
	struct lint_input in = {
		.profile = pg->profile, .markup = markup, .len = len, .content_type = ct,
		.cache_control = httpc_header(res, "Cache-Control"), .expires = httpc_header(res, "Expires"),
	};
	struct lint_result lr;
	lint_page(&in, &lr);
	for (size_t i = 0; i < lr.n; i++) {
		add_finding(pg, lr.items[i].severity, lr.items[i].rule, "%s", lr.items[i].message);
	}
	bool xml = d->xml;
	pg->wellformed = xml ? !lint_has(&lr, "WELL_FORMED") : -1;
	lint_result_free(&lr);
	if (xml && pg->wellformed == 1 && c->validate)
		validate_dtd(pg, markup, len);

	/* Links, from a tree of the right kind. */
	if (pg->kind != LINK_RESOURCE && len <= INT_MAX) {
		xmlDocPtr doc = NULL;
		if (!xml) {
			doc = htmlReadMemory(markup, (int)len, NULL, "utf-8",
					     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		} else if (pg->wellformed == 1) {
			doc = xmlReadMemory(markup, (int)len, NULL, NULL,
					    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		}
		if (doc)
			collect_links(c, pg, xmlDocGetRootElement(doc), ls);
		xmlFreeDoc(doc);
	}
	buf_release(&plain);
}

/* --- crawl ---------------------------------------------------------------- */

static void progress(const struct crawl *c, enum device_profile p, size_t n, const char *target)
{
	if (!c->o->progress)
		return;
	fprintf(stderr, "\r\033[K[%s] %zu  %.60s", device_profile_name(p), n, target);
	fflush(stderr);
}

static struct page *new_page(struct crawl *c)
{
	c->pages = xrealloc(c->pages, (c->npages + 1) * sizeof(*c->pages));
	struct page *pg = &c->pages[c->npages++];
	memset(pg, 0, sizeof(*pg));
	pg->wbxml = -1;
	pg->wellformed = -1;
	pg->valid = -1;
	pg->measure = "";
	return pg;
}

/* Crawl one profile.  Returns -1 when the very first request cannot be
 * made (the server is not there), with *err set. */
static int crawl_profile(struct crawl *c, const struct phone *ph, char **err)
{
	struct strset seen = { 0 };
	/* Two FIFO queues: images and style sheets are checked as soon as a
	 * page names them, before the pages waiting (so a page limit does not
	 * hide a broken image of an early page). */
	struct fifo { struct queued *v; size_t n, head; } qs[2] = { { NULL, 0, 0 }, { NULL, 0, 0 } };
	size_t fetched = 0;
	int rc = 0;
	qs[1].v = xmalloc(sizeof(*qs[1].v));
	qs[1].v[qs[1].n++] = (struct queued){ xstrdup(c->origin.target), NULL, LINK_PAGE };
	strset_add(&seen, c->origin.target);

	for (;;) {
		struct fifo *q = qs[0].head < qs[0].n ? &qs[0] : &qs[1];
		if (q->head >= q->n)
			break;
		if (fetched >= c->o->max_pages) {
			c->limited[ph->profile] = true;
			break;
		}
		long long left = c->deadline_ms - now_ms();
		if (left <= 0) {
			c->truncated = true;
			break;
		}
		struct queued item = q->v[q->head++];
		progress(c, ph->profile, fetched + 1, item.target);

		struct httpc_limits lim = HTTPC_LIMITS_DEFAULT;
		lim.max_body = MAX_BODY;
		lim.timeout_ms = left < REQ_TIMEOUT_MS ? (int)left : REQ_TIMEOUT_MS;
		struct httpc_response res;
		char *ferr = NULL;
		int got = httpc_get(&c->origin, item.target, ph->headers, &lim, &res, &ferr);
		fetched++;
		if (got != 0 && fetched == 1 && c->npages == 0) {
			*err = xasprintf("%s%s: %s", c->o->base, item.target, ferr);
			free(ferr);
			free(item.target);
			free(item.from);
			httpc_response_free(&res);
			rc = -1;
			break;
		}
		struct page *pg = new_page(c);
		pg->profile = ph->profile;
		pg->target = item.target;
		pg->from = item.from;
		pg->kind = item.kind;
		if (got != 0) {
			add_finding(pg, LINT_ERROR, "FETCH", "%s", ferr);
			free(ferr);
		} else {
			pg->status = res.status;
			struct linkset ls = { NULL, 0 };
			check_page(c, pg, &res, &ls);
			for (size_t i = 0; i < ls.n; i++) {
				if (strset_add(&seen, ls.items[i].target)) {
					struct fifo *to = &qs[ls.items[i].kind == LINK_RESOURCE ? 0 : 1];
					to->v = xrealloc(to->v, (to->n + 1) * sizeof(*to->v));
					to->v[to->n++] = ls.items[i];
				} else {
					free(ls.items[i].target);
					free(ls.items[i].from);
				}
			}
			free(ls.items);
		}
		httpc_response_free(&res);
		pg->failed = pg->find.errors > 0;
	}
	for (int k = 0; k < 2; k++) {
		for (size_t i = qs[k].head; i < qs[k].n; i++) {
			free(qs[k].v[i].target);
			free(qs[k].v[i].from);
		}
		free(qs[k].v);
	}
	strset_free(&seen);
	return rc;
}

/* --- reports -------------------------------------------------------------- */

void check_json_string(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	buf_addc(b, '"');
	while (*p) {
		unsigned char ch = *p;
		if (ch == '"' || ch == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)ch);
			p++;
		} else if (ch == '\n') {
			buf_adds(b, "\\n");
			p++;
		} else if (ch == '\t') {
			buf_adds(b, "\\t");
			p++;
		} else if (ch == '\r') {
			buf_adds(b, "\\r");
			p++;
		} else if (ch < 0x20 || ch == 0x7f) {
			buf_addf(b, "\\u%04x", ch);
			p++;
		} else if (ch < 0x80) {
			buf_addc(b, (char)ch);
			p++;
		} else {
			/* one well-formed UTF-8 sequence, or U+FFFD for one bad byte */
			size_t n = ch >= 0xf0 && ch <= 0xf4 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc2 && ch <= 0xdf ? 2 : 0;
			bool ok = n > 0 && ch < 0xf5;
			uint32_t cp = n == 4 ? ch & 0x07u : n == 3 ? ch & 0x0fu : ch & 0x1fu;
			for (size_t i = 1; ok && i < n; i++) {
				if ((p[i] & 0xc0) != 0x80)
					ok = false;
				else
					cp = (cp << 6) | (p[i] & 0x3fu);
			}
			if (ok && ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
				   (n == 4 && (cp < 0x10000 || cp > 0x10ffff))))
				ok = false;
			if (ok) {
				buf_add(b, p, n);
				p += n;
			} else {
				buf_adds(b, "\\ufffd");
				p++;
			}
		}
	}
	buf_addc(b, '"');
}

struct summary {
	size_t pages, failures, warnings, broken, max_bytes, max_gzip, max_sent;
	long max_wbxml;
};

static void summarize(const struct crawl *c, struct summary s[3], struct summary *total)
{
	memset(s, 0, 3 * sizeof(*s));
	memset(total, 0, sizeof(*total));
	for (int i = 0; i < 3; i++)
		s[i].max_wbxml = -1;
	total->max_wbxml = -1;
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *pg = &c->pages[i];
		struct summary *ps[2] = { &s[pg->profile], total };
		for (int k = 0; k < 2; k++) {
			struct summary *x = ps[k];
			x->pages++;
			x->failures += pg->failed;
			x->warnings += pg->find.warnings;
			x->broken += pg->status >= 400 && pg->failed && lint_has(&pg->find, "BROKEN_LINK");
			if (pg->bytes > x->max_bytes)
				x->max_bytes = pg->bytes;
			if (pg->gzip > x->max_gzip)
				x->max_gzip = pg->gzip;
			if (pg->sent > x->max_sent)
				x->max_sent = pg->sent;
			if (pg->wbxml > x->max_wbxml)
				x->max_wbxml = pg->wbxml;
		}
	}
}


static void json_tri(struct buf *b, int v)
{
	buf_adds(b, v < 0 ? "null" : v ? "true" : "false");
}

static void report_json(const struct crawl *c, FILE *f, long long elapsed)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\n\"base\": ");
	check_json_string(&b, c->o->base);
	buf_addf(&b, ",\n\"validated\": %s,\n\"catalog\": ", c->validate ? "true" : "false");
	if (c->o->catalog)
		check_json_string(&b, c->o->catalog);
	else
		buf_adds(&b, "null");
	buf_adds(&b, ",\n\"pages\": [");
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *pg = &c->pages[i];
		buf_adds(&b, i ? ",\n  {" : "\n  {");
		buf_adds(&b, "\"profile\": ");
		check_json_string(&b, device_profile_name(pg->profile));
		buf_adds(&b, ", \"path\": ");
		check_json_string(&b, pg->target);
		buf_adds(&b, ", \"from\": ");
		if (pg->from)
			check_json_string(&b, pg->from);
		else
			buf_adds(&b, "null");
		buf_addf(&b, ", \"kind\": \"%s\"",
			 pg->kind == LINK_PAGE ? "page" : pg->kind == LINK_FORM ? "form" : "resource");
		buf_addf(&b, ", \"status\": %d, \"content_type\": ", pg->status);
		check_json_string(&b, pg->content_type);
		buf_adds(&b, ", \"charset\": ");
		check_json_string(&b, pg->charset);
		buf_addf(&b, ", \"sent\": %zu, \"bytes\": %zu, \"gzip\": %zu, \"wbxml\": ", pg->sent, pg->bytes,
			 pg->gzip);
		if (pg->wbxml >= 0)
			buf_addf(&b, "%ld", pg->wbxml);
		else
			buf_adds(&b, "null");
		buf_addf(&b, ", \"budget\": %zu, \"budget_measure\": ", pg->budget);
		check_json_string(&b, pg->measure);
		buf_adds(&b, ", \"wellformed\": ");
		json_tri(&b, pg->wellformed);
		buf_adds(&b, ", \"valid\": ");
		json_tri(&b, pg->valid);
		buf_addf(&b, ", \"result\": \"%s\", \"findings\": [", pg->failed ? "fail" : "ok");
		for (size_t k = 0; k < pg->find.n; k++) {
			const struct lint_finding *fd = &pg->find.items[k];
			buf_adds(&b, k ? ", {\"rule\": " : "{\"rule\": ");
			check_json_string(&b, fd->rule);
			buf_addf(&b, ", \"severity\": \"%s\", \"message\": ", fd->severity == LINT_ERROR ? "error" : "warning");
			check_json_string(&b, fd->message);
			buf_addc(&b, '}');
		}
		buf_adds(&b, "]}");
	}
	struct summary s[3], total;
	summarize(c, s, &total);
	buf_adds(&b, "\n],\n\"summary\": {\"profiles\": {");
	for (int i = 0; i < 3; i++) {
		const struct summary *x = &s[dialect_order[i]];
		buf_addf(&b, "%s\"%s\": {\"pages\": %zu, \"failures\": %zu, \"warnings\": %zu, \"broken_links\": %zu, "
			 "\"max_bytes\": %zu, \"max_sent\": %zu, \"max_gzip\": %zu, \"max_wbxml\": ",
			 i ? ", " : "", device_profile_name(dialect_order[i]), x->pages, x->failures, x->warnings, x->broken,
			 x->max_bytes, x->max_sent, x->max_gzip);
		if (x->max_wbxml >= 0)
			buf_addf(&b, "%ld", x->max_wbxml);
		else
			buf_adds(&b, "null");
		buf_addf(&b, ", \"page_limit_reached\": %s}", c->limited[dialect_order[i]] ? "true" : "false");
	}
	buf_addf(&b, "}, \"pages\": %zu, \"failures\": %zu, \"warnings\": %zu, \"broken_links\": %zu, "
		 "\"elapsed_ms\": %lld, \"timed_out\": %s}\n}\n",
		 total.pages, total.failures, total.warnings, total.broken, elapsed, c->truncated ? "true" : "false");
	fwrite(b.data, 1, b.len, f);
	buf_release(&b);
}

static void page_row(FILE *f, const struct page *pg)
{
	char wb[24] = "-";
	if (pg->wbxml >= 0)
		snprintf(wb, sizeof(wb), "%ld", pg->wbxml);
	fprintf(f, "%-8s %4d %7zu %7zu %7zu %6s %7zu  %-4s %s\n", device_profile_name(pg->profile), pg->status,
		pg->sent, pg->bytes, pg->gzip, wb, pg->budget, pg->failed ? "FAIL" : "ok", pg->target);
}

static void report_text(const struct crawl *c, FILE *f, long long elapsed)
{
	fprintf(f, "qiao check %s: DTD validation %s\n", c->o->base,
		c->validate ? (c->o->catalog ? c->o->catalog : "via XML_CATALOG_FILES")
			    : "off (no --catalog and no XML_CATALOG_FILES)");
	if (c->o->all) {
		fprintf(f, "\n%-8s %4s %7s %7s %7s %6s %7s  %-4s %s\n", "profile", "code", "sent", "bytes", "gzip",
			"wbxml", "budget", "res", "path");
		for (size_t i = 0; i < c->npages; i++)
			page_row(f, &c->pages[i]);
	}
	size_t nfail = 0;
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *pg = &c->pages[i];
		if (!pg->failed)
			continue;
		if (nfail++ == 0)
			fprintf(f, "\nFailing pages:\n");
		fprintf(f, "FAIL %s %s (status %d, %zu bytes%s%s)\n", device_profile_name(pg->profile), pg->target,
			pg->status, pg->bytes, pg->from ? ", linked from " : "", pg->from ? pg->from : "");
		for (size_t k = 0; k < pg->find.n; k++)
			if (pg->find.items[k].severity == LINT_ERROR)
				fprintf(f, "     %s: %s\n", pg->find.items[k].rule, pg->find.items[k].message);
	}
	/* Warnings grouped by profile and rule, with a first example. */
	bool header = false;
	for (int oi = 0; oi < 3; oi++) {
		enum device_profile p = dialect_order[oi];
		const char *done[32];
		size_t ndone = 0;
		for (size_t i = 0; i < c->npages; i++) {
			const struct page *pg = &c->pages[i];
			if (pg->profile != p)
				continue;
			for (size_t k = 0; k < pg->find.n; k++) {
				const struct lint_finding *fd = &pg->find.items[k];
				if (fd->severity != LINT_WARNING)
					continue;
				bool seen = false;
				for (size_t d = 0; d < ndone; d++)
					seen |= strcmp(done[d], fd->rule) == 0;
				if (seen || ndone == ARRAY_LEN(done))
					continue;
				done[ndone++] = fd->rule;
				size_t count = 0;
				for (size_t j = i; j < c->npages; j++)
					if (c->pages[j].profile == p)
						for (size_t m = 0; m < c->pages[j].find.n; m++)
							count += c->pages[j].find.items[m].severity == LINT_WARNING &&
								 strcmp(c->pages[j].find.items[m].rule, fd->rule) == 0;
				if (!header) {
					fprintf(f, "\nWarnings (do not fail a page):\n");
					header = true;
				}
				fprintf(f, "warn %s %s x%zu, first on %s: %s\n", device_profile_name(p), fd->rule, count,
					pg->target, fd->message);
			}
		}
	}

	struct summary s[3], total;
	summarize(c, s, &total);
	fprintf(f, "\n%-8s %6s %6s %6s %6s %9s %9s %9s\n", "profile", "pages", "failed", "warn", "broken", "max bytes",
		"max gzip", "max wbxml");
	for (int i = 0; i < 4; i++) {
		const struct summary *x = i < 3 ? &s[dialect_order[i]] : &total;
		char wb[24] = "-";
		if (x->max_wbxml >= 0)
			snprintf(wb, sizeof(wb), "%ld", x->max_wbxml);
		fprintf(f, "%-8s %6zu %6zu %6zu %6zu %9zu %9zu %9s%s\n", i < 3 ? device_profile_name(dialect_order[i]) : "total",
			x->pages, x->failures, x->warnings, x->broken, x->max_bytes, x->max_gzip, wb,
			i < 3 && c->limited[dialect_order[i]] ? "  (page limit reached)" : "");
	}
	fprintf(f, "\n%zu pages checked in %.1fs: %zu failed%s\n", total.pages, (double)elapsed / 1000.0, total.failures,
		c->truncated ? " (time limit reached: crawl incomplete)" : "");
}

/* --- entry ------------------------------------------------------------------ */

int check_run(const struct check_options *o, char **err)
{
	*err = NULL;
	struct crawl c = { .o = o };
	if (httpc_url_parse(o->base, &c.origin, err) != 0)
		return -1;
	int rc = -1;
	if (o->catalog) {
		if (xmlLoadCatalog(o->catalog) != 0) {
			*err = xasprintf("cannot load the XML catalog %s", o->catalog);
			goto out;
		}
		c.validate = true;
	} else {
		const char *env = getenv("XML_CATALOG_FILES");
		c.validate = env && *env;
	}
	c.start_ms = now_ms();
	c.deadline_ms = c.start_ms + (long long)(o->timeout_secs > 0 ? o->timeout_secs : 120) * 1000;
	for (size_t i = 0; i < ARRAY_LEN(phones); i++) {
		if (crawl_profile(&c, &phones[i], err) != 0)
			goto out;
	}
	if (o->progress)
		fputs("\r\033[K", stderr);
	long long elapsed = now_ms() - c.start_ms;
	if (o->json)
		report_json(&c, o->out, elapsed);
	else
		report_text(&c, o->out, elapsed);
	fflush(o->out);
	rc = 0;
	for (size_t i = 0; i < c.npages; i++)
		if (c.pages[i].failed)
			rc = 1;
out:
	if (o->progress && rc < 0)
		fputs("\r\033[K", stderr);
	for (size_t i = 0; i < c.npages; i++) {
		free(c.pages[i].target);
		free(c.pages[i].from);
		free(c.pages[i].content_type);
		lint_result_free(&c.pages[i].find);
	}
	free(c.pages);
	httpc_url_free(&c.origin);
	if (o->catalog)
		xmlCatalogCleanup();
	return rc;
}
