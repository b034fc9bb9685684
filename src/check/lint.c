/* lint.c - mobileOK Basic style lint of one page (see lint.h). */
#include "core/common.h"
#include "check/lint.h"
#include "core/xml.h"

#include <strings.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

struct lint {
	struct lint_result *res;
	enum device_profile profile;
	bool has_title;                /* a non-blank title seen */
	bool saw_head_or_card;
	char doc_charset[40];          /* from the XML declaration or a meta element */
	/* radio groups: names seen, and whether one is checked */
	struct radio { char *name; bool checked; int line; } *radios;
	size_t nradios;
};

static void add(struct lint *l, enum lint_severity sev, const char *rule, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add(struct lint *l, enum lint_severity sev, const char *rule, long line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	if (line > 0)
		buf_addf(&b, "line %ld: ", line);
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	lint_result_add(l->res, sev, rule, buf_detach(&b));
}

static bool is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, name) == 0;
}

/* An attribute value (no namespace), or NULL.  Caller frees with xmlFree. */
static char *attr(const xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next) {
		if (a->name && strcasecmp((const char *)a->name, name) == 0)
			return (char *)xmlNodeGetContent((const xmlNode *)a);
	}
	return NULL;
}

static bool has_attr(const xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && strcasecmp((const char *)a->name, name) == 0)
			return true;
	return false;
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

char *lint_charset_of(const char *ct, char *out, size_t outsz)
{
	if (outsz == 0)
		return out;
	out[0] = '\0';
	if (!ct)
		return out;
	const char *p = ct;
	while ((p = strchr(p, ';')) != NULL) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset", 7) != 0)
			continue;
		const char *q = p + 7;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '"')
			q++;
		size_t i = 0;
		while (*q && *q != '"' && *q != ';' && *q != ' ' && *q != '\t' && i + 1 < outsz)
			out[i++] = (char)tolower((unsigned char)*q++);
		out[i] = '\0';
		return out;
	}
	return out;
}

static bool is_utf8_name(const char *cs)
{
	return strcmp(cs, "utf-8") == 0 || strcmp(cs, "utf8") == 0;
}

static void note_meta(struct lint *l, const xmlNode *n)
{
	char *cs = attr(n, "charset");
	char *he = attr(n, "http-equiv");
	char *content = attr(n, "content");
	long line = xmlGetLineNo(n);
	if (cs && !l->doc_charset[0]) {
		size_t i = 0;
		for (const char *p = cs; *p && i + 1 < sizeof(l->doc_charset); p++)
			if (!isspace((unsigned char)*p))
				l->doc_charset[i++] = (char)tolower((unsigned char)*p);
		l->doc_charset[i] = '\0';
	}
	if (he && content && strcasecmp(he, "content-type") == 0 && !l->doc_charset[0]) {
		char *ct = xasprintf("x;%s", strchr(content, ';') ? strchr(content, ';') + 1 : "");
		lint_charset_of(ct, l->doc_charset, sizeof(l->doc_charset));
		free(ct);
	}
	if (he && strcasecmp(he, "refresh") == 0)
		add(l, LINT_ERROR, "AUTO_REFRESH", line, "meta http-equiv=\"refresh\" (content \"%s\")", content ? content : "");
	xmlFree(cs);
	xmlFree(he);
	xmlFree(content);
}

static void note_radio(struct lint *l, const xmlNode *n)
{
	char *type = attr(n, "type");
	bool radio = type && strcasecmp(type, "radio") == 0;
	xmlFree(type);
	if (!radio)
		return;
	char *name = attr(n, "name");
	const char *nm = name ? name : "";
	bool checked = has_attr(n, "checked");
	size_t i;
	for (i = 0; i < l->nradios; i++)
		if (strcmp(l->radios[i].name, nm) == 0)
			break;
	if (i == l->nradios) {
		l->radios = xrealloc(l->radios, (l->nradios + 1) * sizeof(*l->radios));
		l->radios[l->nradios++] = (struct radio){ xstrdup(nm), false, (int)xmlGetLineNo(n) };
	}
	l->radios[i].checked |= checked;
	xmlFree(name);
}

static bool any_descendant_selected(const xmlNode *n)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, "option") && has_attr(c, "selected"))
			return true;
		if (any_descendant_selected(c))
			return true;
	}
	return false;
}

static void table_shape(const xmlNode *n, size_t *rows, size_t *maxcols)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || is(c, "table"))
			continue;
		if (is(c, "tr")) {
			size_t cols = 0;
			for (const xmlNode *d = c->children; d; d = d->next)
				if (is(d, "td") || is(d, "th"))
					cols++;
			(*rows)++;
			if (cols > *maxcols)
				*maxcols = cols;
		} else {
			table_shape(c, rows, maxcols);
		}
	}
}

static void check_card(struct lint *l, const xmlNode *n, long line)
{
	l->saw_head_or_card = true;
	char *t = attr(n, "title");
	if (blank(t)) {
		char *id = attr(n, "id");
		add(l, LINT_ERROR, "PAGE_TITLE", line, "card \"%s\" has no title", id ? id : "");
		xmlFree(id);
	} else {
		l->has_title = true;
	}
	xmlFree(t);
}

static void check_img(struct lint *l, const xmlNode *n, long line)
{
	char *src = attr(n, "src");
	const char *s = src ? src : "";
	if (!has_attr(n, "alt"))
		add(l, LINT_ERROR, "NON_TEXT_ALTERNATIVES", line, "img \"%s\" without alt", s);
	if (!has_attr(n, "width") || !has_attr(n, "height"))
		add(l, LINT_ERROR, "IMAGES_SPECIFY_SIZE", line, "img \"%s\" without width and height", s);
	if (has_attr(n, "usemap") || has_attr(n, "ismap"))
		add(l, LINT_ERROR, "IMAGE_MAPS", line, "img \"%s\" is an image map", s);
	xmlFree(src);
}

static void check_select(struct lint *l, const xmlNode *n, long line)
{
	if (l->profile == PROFILE_WML) {
		if (!has_attr(n, "value") && !has_attr(n, "ivalue"))
			add(l, LINT_WARNING, "PROVIDE_DEFAULTS", line, "select without value or ivalue");
	} else if (!has_attr(n, "multiple") && !any_descendant_selected(n)) {
		char *nm = attr(n, "name");
		add(l, LINT_WARNING, "PROVIDE_DEFAULTS", line, "select \"%s\" has no selected option",
		    nm ? nm : "");
		xmlFree(nm);
	}
}

/* Attributes that apply to any element. */
static void check_any(struct lint *l, const xmlNode *n, long line)
{
	const char *name = (const char *)n->name;
	if (l->profile == PROFILE_WML && (is(n, "card") || is(n, "wml")) && has_attr(n, "ontimer"))
		add(l, LINT_ERROR, "AUTO_REFRESH", line, "ontimer on <%s>", name);
	char *target = attr(n, "target");
	if (target) {
		if (strcasecmp(target, "_self") != 0 && strcasecmp(target, "_parent") != 0 &&
		    strcasecmp(target, "_top") != 0)
			add(l, LINT_ERROR, "POP_UPS", line, "<%s target=\"%s\">", name, target);
		xmlFree(target);
	}
	if (is(n, "a") || is(n, "go") || is(n, "link") || is(n, "area")) {
		char *href = attr(n, "href");
		if (href && blank(href))
			add(l, LINT_WARNING, "EMPTY_LINK", line, "<%s href=\"\">", name);
		xmlFree(href);
	}
}

static void walk(struct lint *l, const xmlNode *n, int table_depth)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		long line = xmlGetLineNo(n);
		const char *name = (const char *)n->name;
		int depth = table_depth;

		if (is(n, "title") && l->profile != PROFILE_WML) {
			char *t = (char *)xmlNodeGetContent(n);
			if (!blank(t))
				l->has_title = true;
			xmlFree(t);
		} else if (is(n, "card") && l->profile == PROFILE_WML) {
			check_card(l, n, line);
		} else if (is(n, "frameset") || is(n, "frame") || is(n, "iframe")) {
			add(l, LINT_ERROR, "NO_FRAMES", line, "<%s> element", name);
		} else if (is(n, "table")) {
			if (table_depth > 0)
				add(l, LINT_ERROR, "TABLES_NESTED", line, "table inside a table");
			size_t rows = 0, cols = 0;
			table_shape(n, &rows, &cols);
			if (rows < 2 || cols < 2)
				add(l, LINT_WARNING, "TABLES_LAYOUT", line,
				    "table of %zu row(s) x %zu column(s) looks like layout", rows, cols);
			depth++;
		} else if (is(n, "map") || is(n, "area")) {
			add(l, LINT_ERROR, "IMAGE_MAPS", line, "<%s> element", name);
		} else if (is(n, "img")) {
			check_img(l, n, line);
		} else if (is(n, "meta")) {
			note_meta(l, n);
		} else if (is(n, "timer") && l->profile == PROFILE_WML) {
			add(l, LINT_ERROR, "AUTO_REFRESH", line, "<timer> in a WML card");
		} else if (is(n, "onevent") && l->profile == PROFILE_WML) {
			char *type = attr(n, "type");
			if (type && strcmp(type, "ontimer") == 0)
				add(l, LINT_ERROR, "AUTO_REFRESH", line, "ontimer event");
			xmlFree(type);
		} else if (is(n, "select")) {
			check_select(l, n, line);
		} else if (is(n, "input")) {
			note_radio(l, n);
		}

		check_any(l, n, line);
		walk(l, n->children, depth);
	}
}

static void finish(struct lint *l, const struct lint_input *in)
{
	if (!l->has_title && (l->profile != PROFILE_WML || !l->saw_head_or_card))
		add(l, LINT_ERROR, "PAGE_TITLE", 0, l->profile == PROFILE_WML ? "deck without a card" : "no <title>");

	for (size_t i = 0; i < l->nradios; i++) {
		if (!l->radios[i].checked)
			add(l, LINT_WARNING, "PROVIDE_DEFAULTS", l->radios[i].line,
			    "radio group \"%s\" has no checked button", l->radios[i].name);
		free(l->radios[i].name);
	}
	free(l->radios);
	l->radios = NULL;

	char http_cs[40];
	lint_charset_of(in->content_type, http_cs, sizeof(http_cs));
	if (!http_cs[0] && !l->doc_charset[0])
		add(l, LINT_ERROR, "CHARACTER_ENCODING_SUPPORT", 0, "no charset in Content-Type nor in the document");
	if (http_cs[0] && !is_utf8_name(http_cs))
		add(l, LINT_ERROR, "CHARACTER_ENCODING_SUPPORT", 0, "Content-Type charset is %s, not utf-8", http_cs);
	if (l->doc_charset[0] && !is_utf8_name(l->doc_charset))
		add(l, LINT_ERROR, "CHARACTER_ENCODING_SUPPORT", 0, "document declares %s, not utf-8", l->doc_charset);

	if (blank(in->cache_control) && blank(in->expires))
		add(l, LINT_ERROR, "CACHING", 0, "neither Cache-Control nor Expires");
}

size_t lint_page(const struct lint_input *in, struct lint_result *out)
{
	memset(out, 0, sizeof(*out));
	struct lint l = { .res = out, .profile = in->profile };
	const char *markup = in->markup ? in->markup : "";
	size_t len = in->len > INT_MAX ? INT_MAX : in->len;
	xmlDocPtr doc = NULL;

	if (in->profile == PROFILE_HTML) {
		htmlParserCtxtPtr hc = htmlNewParserCtxt();
		if (hc) {
			doc = htmlCtxtReadMemory(hc, markup, (int)len, NULL, "utf-8",
						 HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
						 HTML_PARSE_NOBLANKS);
			htmlFreeParserCtxt(hc);
		}
	} else {
		struct xml_fault fe;
		doc = xml_read(markup, len, &fe);
		if (!doc)
			add(&l, LINT_ERROR, "WELL_FORMED", fe.line, "not well-formed XML: %s", fe.msg);
		else if (doc->encoding) {
			size_t i = 0;
			for (const xmlChar *p = doc->encoding; *p && i + 1 < sizeof(l.doc_charset); p++)
				l.doc_charset[i++] = (char)tolower(*p);
			l.doc_charset[i] = '\0';
		}
		xml_fault_release(&fe);
		if (!doc)
			return out->errors;
	}
	if (doc)
		walk(&l, xmlDocGetRootElement(doc), 0);
	finish(&l, in);
	xmlFreeDoc(doc);
	return out->errors;
}

void lint_result_add(struct lint_result *r, enum lint_severity sev, const char *rule, char *message)
{
	/* One line, also when it quotes libxml2 ("...\nBytes: 0xE4 ..."). */
	for (char *p = message; p && *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	r->items = xrealloc(r->items, (r->n + 1) * sizeof(*r->items));
	r->items[r->n++] = (struct lint_finding){ sev, rule, message };
	if (sev == LINT_ERROR)
		r->errors++;
	else
		r->warnings++;
}

void lint_result_free(struct lint_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->items[i].message);
	free(r->items);
	memset(r, 0, sizeof(*r));
}

bool lint_has(const struct lint_result *res, const char *rule)
{
	for (size_t i = 0; i < res->n; i++)
		if (strcmp(res->items[i].rule, rule) == 0)
			return true;
	return false;
}
