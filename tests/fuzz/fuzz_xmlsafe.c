/* fuzz_xmlsafe.c - libFuzzer target for the safe XML reader shared by
 * both importers (src/import/xmlsafe.c): xmlsafe_read_file() on the input
 * as a file, the text helpers on the document it returns, and the HTML
 * reduction (xmlsafe_html_to_text, xmlsafe_text_to_paragraphs,
 * xmlsafe_clean_line) on the input as text.  Checks xmlsafe.h's promises:
 * an error is "PATH:LINE: reason" on one line, a DOCTYPE is never
 * accepted, no text helper returns NULL or a control character, a line
 * has no line break and no blank at either end, paragraphs are separated
 * by exactly one '\n' with none empty. */
#include "core/common.h"
#include "import/xmlsafe.h"
#include "fuzz_util.h"

#include <libxml/parser.h>

/* newline_ok: 1 lets '\n' through, 2 all ASCII white space (raw text
 * keeps it "exactly as decoded": '\r', '\f', '\v' too). */
static void no_controls(const char *s, int newline_ok)
{
	FUZZ_ASSERT(s != NULL);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' && newline_ok)
			continue;
		if ((*p == '\r' || *p == '\f' || *p == '\v') && newline_ok == 2)
			continue;
		if (*p == '\t')
			continue;
		FUZZ_ASSERT(*p >= 0x20 && *p != 0x7f);
		if (p[0] == 0xc2 && p[1])  /* C1 controls U+0080..U+009F */
			FUZZ_ASSERT(p[1] < 0x80 || p[1] > 0x9f);
	}
}

static void check_line(const char *s)
{
	no_controls(s, 0);
	FUZZ_ASSERT(!strchr(s, '\n'));
	size_t n = strlen(s);
	if (n)
		FUZZ_ASSERT(s[0] != ' ' && s[n - 1] != ' ');
	FUZZ_ASSERT(!strstr(s, "  "));
}

static void check_paragraphs(const char *s)
{
	no_controls(s, 1);
	size_t n = strlen(s);
	if (n)
		FUZZ_ASSERT(s[0] != '\n' && s[n - 1] != '\n');
	FUZZ_ASSERT(!strstr(s, "\n\n"));
}

static void walk(const xmlNode *node, int depth)
{
	for (const xmlNode *n = node; n && depth < 64; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		char *raw = xmlsafe_raw_text(n), *line = xmlsafe_line_text(n), *para = xmlsafe_node_to_text(n);
		no_controls(raw, 2);
		check_line(line);
		check_paragraphs(para);
		free(raw);
		free(line);
		free(para);
		for (const xmlAttr *a = n->properties; a; a = a->next) {
			char *v = xmlsafe_attr(n, (const char *)a->name), *rv = xmlsafe_raw_attr(n, (const char *)a->name);
			if (!a->ns)
				FUZZ_ASSERT(v && rv);
			if (v)
				check_line(v);
			free(v);
			free(rv);
		}
		char *ct = xmlsafe_child_text(n, NULL, "title");
		if (ct)
			check_line(ct);
		free(ct);
		walk(n->children, depth + 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_path(data, size);
	char *err = NULL;
	xmlDocPtr doc = xmlsafe_read_file(path, 1u << 20, &err);
	if (!doc) {
		FUZZ_ASSERT(err && strncmp(err, path, strlen(path)) == 0 && err[strlen(path)] == ':');
		FUZZ_ASSERT(!strchr(err, '\n'));
		free(err);
	} else {
		FUZZ_ASSERT(!err);
		FUZZ_ASSERT(!doc->intSubset && !doc->extSubset);
		walk(xmlDocGetRootElement(doc), 0);
		xmlFreeDoc(doc);
	}
	char *html = fuzz_copy(data, size);
	char *t = xmlsafe_html_to_text(html, size);
	check_paragraphs(t);
	free(t);
	free(html);
	char *s = fuzz_str(data, size);
	char *p = xmlsafe_text_to_paragraphs(s);
	check_paragraphs(p);
	char *l = xmlsafe_clean_line(s);
	check_line(l);
	free(p);
	free(l);
	free(s);
	return 0;
}
