#include "core/common.h"
#include "core/file.h"
#include "core/utf8.h"
#include "import/xmlsafe.h"

#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/* --- reading ------------------------------------------------------------ */

/* What the parser callbacks learn; hung on ctxt->_private. */
struct guard {
	char *msg;       /* the last error message (libxml2's own "last error") */
	int line;        /* its line */
	bool doctype;    /* a DOCTYPE (or declaration) was seen */
	int doctype_line;
};

/* A name from the parser's error, cut and without controls, for our own
 * message. */
static char *err_name(const char *s)
{
	if (!s)
		return xstrdup("?");
	size_t n = strnlen(s, 40);
	char *c = xstrndup(s, n);
	for (char *p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return c;
}

/* The reason in our own words: libxml2's messages name its own options
 * ("use XML_PARSE_HUGE") and internals, which mean nothing to whoever
 * wrote the file. */
static char *own_message(const xmlError *e)
{
	char *a = err_name(e->str1), *r;
	switch (e->code) {
	case XML_ERR_TAG_NAME_MISMATCH: r = xasprintf("end tag does not match the start tag <%s>", a); break;
	case XML_ERR_TAG_NOT_FINISHED: r = xasprintf("element <%s> is not closed", a); break;
	case XML_ERR_UNDECLARED_ENTITY:
	case XML_WAR_UNDECLARED_ENTITY: r = xasprintf("undefined entity &%s; (only &amp; &lt; &gt; &quot; &apos; and character references)", a); break;
	case XML_ERR_ENTITYREF_SEMICOL_MISSING: r = xstrdup("'&' must start an entity or character reference (write &amp;)"); break;
	case XML_ERR_INVALID_CHARREF: r = xstrdup("character reference to a character XML does not allow"); break;
	case XML_ERR_INVALID_CHAR: r = xstrdup("a character XML does not allow"); break;
	case XML_ERR_INVALID_ENCODING:
	case XML_I18N_CONV_FAILED: r = xstrdup("bytes that are not valid in the file's encoding"); break;
	case XML_ERR_UNSUPPORTED_ENCODING: r = xstrdup("unsupported encoding (use UTF-8)"); break;
	case XML_ERR_DOCUMENT_EMPTY: r = xstrdup("empty document"); break;
	case XML_ERR_DOCUMENT_START: r = xstrdup("no XML at the start of the file"); break;
	case XML_ERR_DOCUMENT_END: r = xstrdup("content after the end of the root element"); break;
	case XML_ERR_LT_IN_ATTRIBUTE: r = xstrdup("'<' inside an attribute value (write &lt;)"); break;
	case XML_ERR_ATTRIBUTE_NOT_FINISHED: r = xstrdup("attribute value not closed, or longer than the reader allows (10 MB)"); break;
	case XML_ERR_ATTRIBUTE_NOT_STARTED:
	case XML_ERR_ATTRIBUTE_WITHOUT_VALUE: r = xstrdup("attribute without a quoted value"); break;
	case XML_ERR_ATTRIBUTE_REDEFINED: r = xasprintf("attribute %s given twice", a); break;
	case XML_ERR_GT_REQUIRED: r = xstrdup("'>' expected"); break;
	case XML_ERR_LTSLASH_REQUIRED: r = xstrdup("end tag expected"); break;
	case XML_ERR_NAME_REQUIRED: r = xstrdup("a name was expected"); break;
	case XML_ERR_COMMENT_NOT_FINISHED: r = xstrdup("comment not closed"); break;
	case XML_ERR_HYPHEN_IN_COMMENT: r = xstrdup("'--' inside a comment"); break;
	case XML_ERR_CDATA_NOT_FINISHED: r = xstrdup("CDATA section not closed"); break;
	case XML_ERR_NAME_TOO_LONG: r = xstrdup("a name longer than the reader allows (50,000 bytes)"); break;
	case XML_ERR_INVALID_HEX_CHARREF:
	case XML_ERR_INVALID_DEC_CHARREF: r = xstrdup("malformed character reference (write &#20013; or &#x4E2D;)"); break;
	case XML_ERR_STRING_NOT_STARTED: r = xstrdup("a quoted value was expected"); break;
	case XML_ERR_STRING_NOT_CLOSED: r = xstrdup("a quoted value is not closed"); break;
	case XML_ERR_PI_NOT_STARTED:
	case XML_ERR_PI_NOT_FINISHED: r = xstrdup("a processing instruction (<?...?>) is malformed or not closed"); break;
	case XML_ERR_XMLDECL_NOT_FINISHED: r = xstrdup("the XML declaration (<?xml ...?>) is malformed or not closed"); break;
	case XML_ERR_RESERVED_XML_NAME: r = xstrdup("the XML declaration (<?xml ...?>) must be at the very start of the file"); break;
	case XML_ERR_VERSION_MISSING: r = xstrdup("the XML declaration needs version=\"1.0\""); break;
	case XML_ERR_UNKNOWN_VERSION: r = xstrdup("unsupported XML version (use 1.0)"); break;
	case XML_ERR_ENCODING_NAME: r = xstrdup("a malformed encoding name in the XML declaration"); break;
	case XML_ERR_SPACE_REQUIRED: r = xstrdup("a space was expected"); break;
	case XML_ERR_EQUAL_REQUIRED: r = xstrdup("'=' expected after an attribute name"); break;
	case XML_NS_ERR_UNDEFINED_NAMESPACE: r = xasprintf("namespace prefix %s is not declared", a); break;
	case XML_NS_ERR_QNAME: r = xstrdup("a malformed prefixed name (prefix:name)"); break;
	case XML_ERR_NO_MEMORY:
	case XML_ERR_INTERNAL_ERROR:
		r = xstrdup("a text, attribute or nesting beyond the reader's limits (10 MB per text, 256 levels)");
		break;
	default: r = xasprintf("parser error %d", e->code); break;
	}
	free(a);
	return r;
}

static void on_error(void *ud, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ud;
	struct guard *g = ctxt ? ctxt->_private : NULL;
	if (!g || !e || e->level < XML_ERR_ERROR || g->msg)
		return;   /* the first error is the one that explains */
	g->msg = own_message(e);
	/* one line, whatever libxml2 said (it continues some messages on a
	 * second line: "Bytes: 0xFF ...") */
	for (char *p = g->msg; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	/* The errors raised without the parser's context carry no line:
	 * the parser's own position then. */
	g->line = e->line > 0 ? e->line : ctxt->input ? ctxt->input->line : 0;
}

static void stop_at_doctype(xmlParserCtxtPtr ctxt)
{
	struct guard *g = ctxt->_private;
	if (g && !g->doctype) {
		g->doctype = true;
		g->doctype_line = xmlSAX2GetLineNumber(ctxt);
	}
	xmlStopParser(ctxt);
}

static void on_internal_subset(void *ud, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	(void)name; (void)ext; (void)sys;
	stop_at_doctype(ud);
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *pub,
			   const xmlChar *sys, xmlChar *content)
{
	(void)name; (void)type; (void)pub; (void)sys; (void)content;
	stop_at_doctype(ud);
}

static void on_external_subset(void *ud, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	(void)name; (void)ext; (void)sys;
	stop_at_doctype(ud);
}

/* Never load anything from outside the file. */
static xmlParserInputPtr on_resolve_entity(void *ud, const xmlChar *pub, const xmlChar *sys)
{
	(void)pub; (void)sys;
	stop_at_doctype(ud);
	return NULL;
}

/* Read at most max_bytes of a regular file (core/file.h), the error in
 * the importers' "path:line: reason" form. */
static char *slurp(const char *path, size_t max_bytes, size_t *len, char **err)
{
	struct buf b = BUF_INIT;
	const char *why;
	switch (file_read_regular(path, max_bytes, &b, &why)) {
	case FILE_OK:
		*len = b.len;
		return buf_detach(&b);
	case FILE_NO_OPEN:
		*err = xasprintf("%s: cannot open: %s", path, why);
		break;
	case FILE_TOO_LARGE:
		*err = xasprintf("%s: file too large (limit %zu bytes)", path, max_bytes);
		break;
	case FILE_NO_READ:
		*err = xasprintf("%s: cannot read: %s", path, why);
		break;
	case FILE_NOT_REGULAR:
		*err = xasprintf("%s: %s", path, why);
		break;
	}
	return NULL;
}

/* Defence in depth: a parsed tree must hold no DTD and no entity nodes. */
static int check_tree(const char *path, xmlDocPtr doc, char **err)
{
	if (doc->intSubset || doc->extSubset) {
		*err = xasprintf("%s:1: DOCTYPE not allowed", path);
		return -1;
	}
	const xmlNode *n = doc->children;
	while (n) {
		if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_DECL ||
		    n->type == XML_DTD_NODE || n->type == XML_ENTITY_NODE) {
			long line = n->parent ? xmlGetLineNo(n->parent) : 0;
			const char *name = n->name ? (const char *)n->name : "";
			if (line > 0)
				*err = xasprintf("%s:%ld: entity reference &%s; not allowed", path, line, name);
			else
				*err = xasprintf("%s: entity reference &%s; not allowed", path, name);
			return -1;
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = (n->parent && n->parent->type != XML_DOCUMENT_NODE) ? n->parent : NULL;
		if (n)
			n = n->next;
	}
	return 0;
}

xmlDocPtr xmlsafe_read_file(const char *path, size_t max_bytes, char **err)
{
	*err = NULL;
	size_t len = 0;
	char *data = slurp(path, max_bytes, &len, err);
	if (!data)
		return NULL;
	if (len > INT_MAX) {
		free(data);
		*err = xasprintf("%s: file too large", path);
		return NULL;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		free(data);
		*err = xasprintf("%s: out of memory", path);
		return NULL;
	}
	struct guard g = { 0 };
	ctxt->_private = &g;
	ctxt->sax->serror = on_error;
	ctxt->sax->internalSubset = on_internal_subset;
	ctxt->sax->externalSubset = on_external_subset;
	ctxt->sax->entityDecl = on_entity_decl;
	ctxt->sax->resolveEntity = on_resolve_entity;
	ctxt->loadsubset = 0;
	ctxt->replaceEntities = 0;

	/* No NOENT, DTDLOAD, DTDVALID, DTDATTR or HUGE: libxml2's size and
	 * depth limits stay on.  Line numbers beyond 65535 are kept.  The
	 * errors libxml2 raises without the parser's context (the encoding
	 * converters': "encoding error : input conversion failed ...") would
	 * go to stderr in its words: they come to on_error too. */
	xmlStructuredErrorFunc old_handler = xmlStructuredError;
	void *old_data = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(ctxt, on_error);
	int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL, opts);
	xmlSetStructuredErrorFunc(old_data, old_handler);
	free(data);

	if (g.doctype) {
		*err = xasprintf("%s:%d: DOCTYPE not allowed", path, g.doctype_line > 0 ? g.doctype_line : 1);
	} else if (!doc) {
		if (g.msg && g.line > 0)
			*err = xasprintf("%s:%d: not well-formed XML: %s", path, g.line, g.msg);
		else if (g.msg)
			*err = xasprintf("%s: not well-formed XML: %s", path, g.msg);
		else
			*err = xasprintf("%s: not well-formed XML", path);
	} else if (!xmlDocGetRootElement(doc)) {
		*err = xasprintf("%s:1: document has no root element", path);
	} else {
		check_tree(path, doc, err);
	}
	free(g.msg);
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	if (*err) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* --- element access ------------------------------------------------------ */

bool xmlsafe_is(const xmlNode *node, const char *ns, const char *name)
{
	if (!node || node->type != XML_ELEMENT_NODE || strcmp((const char *)node->name, name) != 0)
		return false;
	if (!ns)
		return node->ns == NULL || node->ns->href == NULL;
	return node->ns && node->ns->href && strcmp((const char *)node->ns->href, ns) == 0;
}

xmlNodePtr xmlsafe_child(const xmlNode *parent, const char *ns, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (xmlsafe_is(c, ns, name))
			return c;
	return NULL;
}

/* --- character classes ----------------------------------------------------- */

/* Bytes of the whitespace character at p (ASCII, U+00A0, U+3000), or 0. */
static size_t ws_len(const unsigned char *p)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

/* Bytes of the control character at p (C0 other than whitespace, DEL,
 * C1 U+0080..U+009F) or of an invalid UTF-8 sequence there, all dropped;
 * else 0.  Dropping a bad sequence whole matters: copied byte by byte,
 * its leftovers could join the next bytes into a control character. */
static size_t ctl_len(const unsigned char *p)
{
	if (*p < 0x20 || *p == 0x7F)
		return 1;
	if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
		return 2;
	if (*p >= 0x80) {
		uint32_t cp;
		size_t n = strnlen((const char *)p, 4);
		if (!utf8_decode((const char *)p, n, &cp))
			return utf8_bad_len((const char *)p, n);
	}
	return 0;
}

/* Bytes of the (valid) character at p, to be copied whole. */
static size_t char_len(const unsigned char *p)
{
	uint32_t cp;
	size_t n = *p < 0x80 ? 1 : utf8_decode((const char *)p, strnlen((const char *)p, 4), &cp);
	return n ? n : 1;
}

static void add_raw(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = ws_len(p);
		if (n == 1) { /* keep ASCII whitespace as is */
			buf_addc(b, (char)*p++);
			continue;
		}
		n = ctl_len(p);
		if (n) {
			p += n;
			continue;
		}
		n = char_len(p);
		buf_add(b, p, n);
		p += n;
	}
}

static void collect_text(struct buf *b, const xmlNode *n)
{
	for (; n; n = n->next) {
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
			add_raw(b, (const char *)n->content);
		else if (n->type == XML_ELEMENT_NODE)
			collect_text(b, n->children); /* depth bounded by the XML parser */
	}
}

char *xmlsafe_raw_text(const xmlNode *node)
{
	struct buf b = BUF_INIT;
	if (node)
		collect_text(&b, node->children);
	return buf_detach(&b);
}

/* --- paragraphs -------------------------------------------------------------- */

struct para {
	struct buf out;   /* finished paragraphs, '\n'-separated */
	struct buf cur;   /* the paragraph being built */
	bool space;       /* a space is due before the next character */
};

static void para_text(struct para *p, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		size_t n = ws_len(u);
		if (n) {
			p->space = p->cur.len > 0;
			u += n;
			continue;
		}
		n = ctl_len(u);
		if (n) {
			u += n;
			continue;
		}
		if (p->space) {
			buf_addc(&p->cur, ' ');
			p->space = false;
		}
		n = char_len(u);
		buf_add(&p->cur, u, n);
		u += n;
	}
}

static void para_break(struct para *p)
{
	if (p->cur.len) {
		if (p->out.len)
			buf_addc(&p->out, '\n');
		buf_add(&p->out, p->cur.data, p->cur.len);
		buf_reset(&p->cur);
	}
	p->space = false;
}

static char *para_finish(struct para *p)
{
	para_break(p);
	buf_release(&p->cur);
	return buf_detach(&p->out);
}

char *xmlsafe_clean_line(const char *s)
{
	struct para p = { BUF_INIT, BUF_INIT, false };
	para_text(&p, s ? s : "");
	return para_finish(&p);
}

char *xmlsafe_line_text(const xmlNode *node)
{
	char *raw = xmlsafe_raw_text(node);
	char *line = xmlsafe_clean_line(raw);
	free(raw);
	return line;
}

char *xmlsafe_child_text(const xmlNode *parent, const char *ns, const char *name)
{
	xmlNodePtr c = xmlsafe_child(parent, ns, name);
	return c ? xmlsafe_line_text(c) : NULL;
}

char *xmlsafe_raw_attr(const xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

char *xmlsafe_attr(const xmlNode *node, const char *name)
{
	char *raw = xmlsafe_raw_attr(node, name);
	if (!raw)
		return NULL;
	char *s = xmlsafe_clean_line(raw);
	free(raw);
	return s;
}

static void ignore_error(void *ud, xmlErrorPtr e)
{
	(void)ud;
	(void)e;
}

static bool name_in(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcasecmp(name, *list) == 0)
			return true;
	return false;
}

/* Elements whose content is not text for a reader. */
static const char *const dropped[] = { "script", "style", "head", "title", "template",
	"iframe", "object", "embed", "noscript", "svg", "math", "select", "textarea", NULL };
/* Elements that begin and end a paragraph. */
static const char *const blocks[] = { "p", "div", "br", "hr", "li", "h1", "h2", "h3", "h4",
	"h5", "h6", "tr", "blockquote", "section", "article", "table", "ul", "ol", "dl", "dt",
	"dd", "pre", "header", "footer", "nav", "aside", "main", "figure", "figcaption",
	"address", "center", "form", "fieldset", "caption", "body", "html", NULL };
/* Table cells: a space between neighbours. */
static const char *const cells[] = { "td", "th", NULL };

static bool enter(struct para *p, const xmlNode *n)
{
	const char *name = (const char *)n->name;
	if (name_in(name, dropped))
		return false;
	if (name_in(name, blocks))
		para_break(p);
	else if (name_in(name, cells))
		p->space = p->cur.len > 0;
	return true;
}

static void leave(struct para *p, const xmlNode *n)
{
	const char *name = (const char *)n->name;
	if (name_in(name, blocks))
		para_break(p);
	else if (name_in(name, cells))
		p->space = p->cur.len > 0;
}

/* Walk the siblings from first and their descendants without recursion
 * (the HTML parser puts no bound on nesting). */
static void walk(struct para *p, const xmlNode *first)
{
	const xmlNode *top = first ? first->parent : NULL;
	const xmlNode *n = first;
	while (n) {
		bool descend = false;
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content)
			para_text(p, (const char *)n->content);
		else if (n->type == XML_ELEMENT_NODE && enter(p, n))
			descend = true;
		if (descend && n->children) {
			n = n->children;
			continue;
		}
		if (descend)
			leave(p, n);
		while (n && !n->next) {
			n = n->parent;
			if (n == top || !n)
				return;
			leave(p, n);
		}
		n = n ? n->next : NULL;
	}
}

char *xmlsafe_node_to_text(const xmlNode *node)
{
	struct para p = { BUF_INIT, BUF_INIT, false };
	if (node && node->children)
		walk(&p, node->children);
	return para_finish(&p);
}

char *xmlsafe_html_to_text(const char *html, size_t len)
{
	struct para p = { BUF_INIT, BUF_INIT, false };
	if (html && len > 0 && len <= INT_MAX) {
		int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;
		/* nothing from libxml2 on stderr (see xmlsafe_read_file) */
		xmlStructuredErrorFunc old_handler = xmlStructuredError;
		void *old_data = xmlStructuredErrorContext;
		xmlSetStructuredErrorFunc(NULL, ignore_error);
		htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, "UTF-8", opts);
		xmlSetStructuredErrorFunc(old_data, old_handler);
		if (doc) {
			walk(&p, doc->children);
			xmlFreeDoc(doc);
		}
	}
	return para_finish(&p);
}

static bool looks_like_html(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!'))
			return true;
		if (*p == '&') {
			const char *q = p + 1;
			if (*q == '#') {
				q++;
				if (*q == 'x' || *q == 'X')
					q++;
				const char *d = q;
				while (isxdigit((unsigned char)*q))
					q++;
				if (q > d && *q == ';')
					return true;
			} else {
				const char *d = q;
				while (isalnum((unsigned char)*q))
					q++;
				if (q > d && isalpha((unsigned char)*d) && *q == ';')
					return true;
			}
		}
	}
	return false;
}

char *xmlsafe_text_to_paragraphs(const char *s)
{
	if (!s)
		s = "";
	if (looks_like_html(s))
		return xmlsafe_html_to_text(s, strlen(s));
	struct para p = { BUF_INIT, BUF_INIT, false };
	const char *line = s;
	for (;;) {
		const char *end = line + strcspn(line, "\r\n");
		char *one = xstrndup(line, (size_t)(end - line));
		para_text(&p, one);
		para_break(&p);
		free(one);
		if (!*end)
			break;
		line = end + 1;
	}
	return para_finish(&p);
}
