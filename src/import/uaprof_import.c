/* uaprof_import.c - reading a UAProf profile file (RDF/XML through the
 * safe reader) into the record store/uaprof.c writes (see
 * uaprof_import.h). */
#include "core/common.h"

#include "import/uaprof_import.h"
#include "import/xmlsafe.h"
#include "store/uaprof.h"

#include <libxml/tree.h>

#define UAPROF_MAX_FILE (2 * 1024 * 1024)
#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

struct facts {
	char *vendor, *model, *xhtml_version;
	struct buf wml_versions, accept, charsets;
	long screen_w, screen_h, deck, sdu;   /* -1: absent */
	const xmlNode *bad;                    /* first malformed attribute */
	const char *bad_why;
};

static bool local_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The items of an attribute: the rdf:li of its rdf:Bag/rdf:Seq, or its
 * own text.  Each item is appended to out (", "-separated). */
static void items(const xmlNode *attr, struct buf *out)
{
	bool any = false;
	for (const xmlNode *c = attr->children; c; c = c->next) {
		if (!xmlsafe_is(c, RDF_NS, "Bag") && !xmlsafe_is(c, RDF_NS, "Seq") && !xmlsafe_is(c, RDF_NS, "Alt"))
			continue;
		for (const xmlNode *li = c->children; li; li = li->next) {
			if (!xmlsafe_is(li, RDF_NS, "li"))
				continue;
			char *t = xmlsafe_line_text(li);
			if (*t) {
				if (out->len)
					buf_adds(out, ", ");
				buf_adds(out, t);
			}
			free(t);
			any = true;
		}
	}
	if (!any) {
		char *t = xmlsafe_line_text(attr);
		if (*t) {
			if (out->len)
				buf_adds(out, ", ");
			buf_adds(out, t);
		}
		free(t);
	}
}

/* A whole number of bytes, 1..16 MiB; -1 when not one. */
static long bytes_of(const char *s)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > 16L * 1024 * 1024)
		return -1;
	return v;
}

static void set_text(char **dst, const xmlNode *n)
{
	if (*dst)
		return;                 /* the first one wins */
	char *t = xmlsafe_line_text(n);
	if (*t)
		*dst = t;
	else
		free(t);
}

static void collect(const xmlNode *n, struct facts *f)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (local_is(n, "WmlVersion")) {
			items(n, &f->wml_versions);
		} else if (local_is(n, "CcppAccept")) {
			items(n, &f->accept);
		} else if (local_is(n, "CcppAccept-Charset")) {
			items(n, &f->charsets);
		} else if (local_is(n, "XhtmlVersion")) {
			set_text(&f->xhtml_version, n);
		} else if (local_is(n, "Vendor")) {
			set_text(&f->vendor, n);
		} else if (local_is(n, "Model")) {
			set_text(&f->model, n);
		} else if (local_is(n, "ScreenSize") && f->screen_w < 0) {
			char *t = xmlsafe_line_text(n);
			unsigned w, h;
			char x, extra;
			if (sscanf(t, "%u%c%u%c", &w, &x, &h, &extra) == 3 && (x == 'x' || x == 'X') &&
			    w > 0 && h > 0 && w <= 100000 && h <= 100000) {
				f->screen_w = w;
				f->screen_h = h;
			} else if (!f->bad) {
				f->bad = n;
				f->bad_why = "ScreenSize is not WIDTHxHEIGHT";
			}
			free(t);
		} else if ((local_is(n, "WmlDeckSize") && f->deck < 0) || (local_is(n, "MaxSduSize") && f->sdu < 0)) {
			char *t = xmlsafe_line_text(n);
			long v = bytes_of(t);
			if (v < 0 && !f->bad) {
				f->bad = n;
				f->bad_why = local_is(n, "WmlDeckSize") ? "WmlDeckSize is not a number of bytes"
									 : "MaxSduSize is not a number of bytes";
			}
			if (local_is(n, "WmlDeckSize"))
				f->deck = v;
			else
				f->sdu = v;
			free(t);
		} else {
			collect(n->children, f);
		}
	}
}

static void facts_release(struct facts *f)
{
	free(f->vendor);
	free(f->model);
	free(f->xhtml_version);
	buf_release(&f->wml_versions);
	buf_release(&f->accept);
	buf_release(&f->charsets);
}

void uaprof_import_result_release(struct uaprof_import_result *r)
{
	free(r->url);
	r->url = NULL;
}

static bool url_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 8 || n >= sizeof(((struct uaprof_hit *)0)->url))
		return false;
	if (strncasecmp(u, "http://", 7) != 0 && strncasecmp(u, "https://", 8) != 0)
		return false;
	for (const char *p = u; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == ',' || (unsigned char)*p == 0x7f)
			return false;
	return true;
}

int uaprof_import(struct store *st, const char *path, const char *url,
		  struct uaprof_import_result *res, char **err)
{
	memset(res, 0, sizeof *res);
	*err = NULL;
	xmlDocPtr doc = xmlsafe_read_file(path, UAPROF_MAX_FILE, err);
	if (!doc)
		return -1;
	const xmlNode *root = xmlDocGetRootElement(doc);
	struct facts f = { .screen_w = -1, .screen_h = -1, .deck = -1, .sdu = -1 };
	char *about = NULL;
	int rc = -1;

	if (!xmlsafe_is(root, RDF_NS, "RDF")) {
		*err = xasprintf("%s:%ld: not a UAProf profile (the root element is <%s>, expected rdf:RDF)",
				 path, xmlGetLineNo(root), (const char *)root->name);
		goto out;
	}
	const xmlNode *top = xmlsafe_child(root, RDF_NS, "Description");
	if (!top) {
		*err = xasprintf("%s:%ld: no rdf:Description in the profile", path, xmlGetLineNo(root));
		goto out;
	}
	xmlChar *ab = xmlGetNsProp(top, (const xmlChar *)"about", (const xmlChar *)RDF_NS);
	if (ab) {
		about = xmlsafe_clean_line((const char *)ab);
		xmlFree(ab);
	}
	collect(root->children, &f);
	if (f.bad) {
		*err = xasprintf("%s:%ld: %s", path, xmlGetLineNo(f.bad), f.bad_why);
		goto out;
	}
	const char *key = url ? url : about;
	if (!key || !*key) {
		*err = xasprintf("%s: the profile has no rdf:about URL; give one with --url", path);
		goto out;
	}
	if (!url_ok(key)) {
		*err = xasprintf("%s: \"%.200s\" is not an http(s) URL a phone could send", path, key);
		goto out;
	}
	const char *acc = buf_cstr(&f.accept);
	res->wml = f.wml_versions.len || uaprof_has_type(acc, "text/vnd.wap.wml") || uaprof_has_type(acc, "application/vnd.wap.wmlc");
	res->xhtml = f.xhtml_version || uaprof_has_type(acc, "application/vnd.wap.xhtml+xml") ||
		     uaprof_has_type(acc, "application/xhtml+xml");
	if (!res->wml && !res->xhtml && !f.accept.len) {
		*err = xasprintf("%s: the profile names no browser markup (no WmlVersion, XhtmlVersion or CcppAccept)", path);
		goto out;
	}
	res->screen_w = f.screen_w > 0 ? (unsigned)f.screen_w : 0;
	res->screen_h = f.screen_h > 0 ? (unsigned)f.screen_h : 0;
	res->wml_deck_size = f.deck > 0 ? (size_t)f.deck : 0;
	res->max_sdu_size = f.sdu > 0 ? (size_t)f.sdu : 0;

	const struct uaprof_record rec = {
		.url = key, .source = path, .vendor = f.vendor, .model = f.model,
		.wml_versions = buf_cstr(&f.wml_versions), .xhtml_version = f.xhtml_version,
		.accept = buf_cstr(&f.accept), .accept_charset = buf_cstr(&f.charsets),
		.screen_w = f.screen_w, .screen_h = f.screen_h, .deck = f.deck, .sdu = f.sdu,
	};
	if (uaprof_store(st, &rec, &res->replaced, err) != 0)
		goto out;
	res->url = xstrdup(key);
	rc = 0;
out:
	free(about);
	facts_release(&f);
	xmlFreeDoc(doc);
	return rc;
}

