/* check_page.c - `qiao check` on one fetched page: the links it names,
 * its numbers (check/measure.h), lint, and DTD validity. */
#include "core/common.h"
#include "check/crawl.h"
#include "check/measure.h"
#include "render/dialect.h"
#include "core/gz.h"
#include "core/xml.h"

#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

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
		check_add_finding(pg, LINT_ERROR, "VALID_MARKUP", "%s", es.msg.data);
	}
	buf_release(&es.msg);
	ctxt->_private = NULL;
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
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

/* Redirects and error statuses; true when that is all there is to check. */
static bool status_only(const struct crawl *c, struct page *pg, const struct httpc_response *res,
			struct linkset *ls, const char *ct)
{
	if (pg->status >= 300 && pg->status < 400) {
		const char *loc = httpc_header(res, "Location");
		if (loc)
			push_link(ls, c, pg, loc, pg->kind);
		return true;
	}
	if (pg->status >= 400) {
		if (pg->kind == LINK_FORM && pg->status < 500)
			check_add_finding(pg, LINT_WARNING, "BROKEN_LINK", "form action answers %d without its fields (from %s)",
				    pg->status, pg->from ? pg->from : "-");
		else
			check_add_finding(pg, LINT_ERROR, "BROKEN_LINK", "%s answers %d (linked from %s)", pg->target,
				    pg->status, pg->from ? pg->from : "the start");
	}
	return pg->kind == LINK_RESOURCE && !is_markup_type(ct);   /* an image or style sheet */
}

/* The markup, inflated into plain when the server gzip'd it (*gzipped);
 * NULL after a CONTENT_ENCODING finding. */
static const char *plain_markup(struct page *pg, const struct httpc_response *res, struct buf *plain,
				size_t *len, bool *gzipped)
{
	const char *ce = httpc_header(res, "Content-Encoding");
	const char *markup = res->body.data ? res->body.data : "";
	*len = res->body.len;
	*gzipped = ce && (strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0);
	if (*gzipped) {
		if (gz_inflate(markup, *len, MAX_BODY, plain) != 0) {
			check_add_finding(pg, LINT_ERROR, "CONTENT_ENCODING", "gzip body does not inflate");
			return NULL;
		}
		*len = plain->len;
		return plain->data ? plain->data : "";
	}
	if (ce && *ce && strcasecmp(ce, "identity") != 0) {
		check_add_finding(pg, LINT_ERROR, "CONTENT_ENCODING", "unexpected Content-Encoding '%s'", ce);
		return NULL;
	}
	return markup;
}

/* The numbers, as the staff preview shows them; the gzip size is the
 * server's (gzip_sent bytes) when it compressed. */
static void measure_page(struct page *pg, const char *markup, size_t len, bool gzipped, size_t gzip_sent)
{
	struct measure m;
	size_t budget = dialect_of(pg->profile)->budget;
	if (gzipped)
		measure_sent(markup, len, pg->profile, budget, gzip_sent, &m);
	else
		measure_markup(markup, len, pg->profile, budget, &m);
	pg->bytes = m.raw;
	pg->gzip = m.gzip < 0 ? 0 : (size_t)m.gzip;
	pg->budget = m.budget;
	pg->measure = dialect_of(pg->profile)->budget_gzip ? "gzip" : "markup";
	if (!m.within)
		check_add_finding(pg, LINT_ERROR, "PAGE_SIZE_LIMIT", "%zu %s bytes, budget %zu", m.counted, pg->measure,
			    pg->budget);
	pg->wbxml = m.wbxml;
	if (m.wbxml_error)
		check_add_finding(pg, LINT_ERROR, "WBXML_COMPILE", "%s", m.wbxml_error);
	pg->wellformed = m.wellformed;
	measure_release(&m);
}

/* mobileOK-style lint, its findings added to the page's. */
static void lint_into(struct page *pg, const struct httpc_response *res, const char *markup, size_t len,
		      const char *ct)
{
	struct lint_input in = {
		.profile = pg->profile, .markup = markup, .len = len, .content_type = ct,
		.cache_control = httpc_header(res, "Cache-Control"), .expires = httpc_header(res, "Expires"),
	};
	struct lint_result lr;
	lint_page(&in, &lr);
	for (size_t i = 0; i < lr.n; i++)
		check_add_finding(pg, lr.items[i].severity, lr.items[i].rule, "%s", lr.items[i].message);
	lint_result_free(&lr);
}

/* Links, from a tree of the right kind. */
static void find_links(const struct crawl *c, const struct page *pg, const char *markup, size_t len,
		       struct linkset *ls)
{
	if (pg->kind == LINK_RESOURCE || len > INT_MAX)
		return;
	xmlDocPtr doc = NULL;
	if (!dialect_of(pg->profile)->xml) {
		doc = htmlReadMemory(markup, (int)len, NULL, "utf-8",
				     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	} else if (pg->wellformed == 1) {
		struct xml_fault f;
		doc = xml_read(markup, len, &f);
		xml_fault_release(&f);
	}
	if (doc)
		collect_links(c, pg, xmlDocGetRootElement(doc), ls);
	xmlFreeDoc(doc);
}

void check_page(struct crawl *c, struct page *pg, const struct httpc_response *res, struct linkset *ls)
{
	const char *ct = httpc_header(res, "Content-Type");
	pg->content_type = xstrdup(ct ? ct : "");
	lint_charset_of(ct, pg->charset, sizeof(pg->charset));
	pg->sent = res->body.len;
	if (status_only(c, pg, res, ls, ct))
		return;

	struct buf plain = BUF_INIT;
	size_t len;
	bool gzipped;
	const char *markup = plain_markup(pg, res, &plain, &len, &gzipped);
	if (!markup) {
		buf_release(&plain);
		return;
	}
	if (!markup_type_ok(pg->profile, ct))
		check_add_finding(pg, LINT_ERROR, "CONTENT_TYPE", "'%s', expected %s", ct ? ct : "(none)",
			    dialect_of(pg->profile)->media_type);
	else if (!pg->charset[0])
		check_add_finding(pg, LINT_ERROR, "CONTENT_TYPE", "no charset parameter in '%s'", ct);
	measure_page(pg, markup, len, gzipped, res->body.len);
	lint_into(pg, res, markup, len, ct);
	if (dialect_of(pg->profile)->xml && pg->wellformed == 1 && c->validate)
		validate_dtd(pg, markup, len);
	find_links(c, pg, markup, len, ls);
	buf_release(&plain);
}
