#include "core/common.h"
#include "wbxml/wbxml.h"
#include "harness.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#define DOCTYPE "<?xml version=\"1.0\"?>\n" \
	"<!DOCTYPE wml PUBLIC \"-//WAPFORUM//DTD WML 1.1//EN\" \"http://www.wapforum.org/DTD/wml_1.1.xml\">\n"

#define WBXML2XML "/usr/bin/wbxml2xml"
#define WML_TESTER "/usr/lib/kannel/test/wml_tester"

/* Header we always expect: WBXML 1.3, WML 1.1 public id, UTF-8. */
#define HDR 0x03, 0x04, 0x6A

static int encode(const char *xml, struct buf *out, char **err)
{
	return wbxml_encode_wml(xml, strlen(xml), out, err);
}

/* Encode and compare with expected bytes; print a hex dump on mismatch. */
static bool bytes_are(const char *xml, const unsigned char *want, size_t n)
{
	struct buf out = BUF_INIT;
	char *err = NULL;
	bool ok = false;
	if (encode(xml, &out, &err) < 0) {
		fprintf(stderr, "    encode failed: %s\n", err);
	} else if (out.len != n || memcmp(out.data, want, n) != 0) {
		fprintf(stderr, "    got  (%zu):", out.len);
		for (size_t i = 0; i < out.len; i++)
			fprintf(stderr, " %02x", (unsigned char)out.data[i]);
		fprintf(stderr, "\n    want (%zu):", n);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %02x", want[i]);
		fprintf(stderr, "\n");
	} else {
		ok = true;
	}
	free(err);
	buf_release(&out);
	return ok;
}

#define CHECK_BYTES(xml, ...) do { \
	static const unsigned char want_[] = { __VA_ARGS__ }; \
	CHECK(bytes_are(xml, want_, sizeof(want_))); \
	} while (0)

/* Encoding error message for xml ("" when it encoded). */
static char *error_of(const char *xml)
{
	struct buf out = BUF_INIT;
	char *err = NULL;
	int rc = encode(xml, &out, &err);
	buf_release(&out);
	if (rc == 0) {
		free(err);
		return xstrdup("");
	}
	return err ? err : xstrdup("(no message)");
}

/* --- exact bytes, worked out by hand from WAP-192 / WAP-191 ------------------ */

TEST(tiny_deck)
{
	CHECK_BYTES(DOCTYPE
		"<wml>\n  <card id=\"c1\" title=\"Hi\">\n    <p>Hello &amp; bye</p>\n  </card>\n</wml>\n",
		HDR, 0x00,                       /* empty string table */
		0x7F,                            /* wml, content */
		0xE7,                            /* card, content + attributes */
		0x55, 0x03, 'c', '1', 0x00,      /* id="c1" */
		0x36, 0x03, 'H', 'i', 0x00,      /* title="Hi" */
		0x01,                            /* end of attributes */
		0x60,                            /* p, content */
		0x03, 'H', 'e', 'l', 'l', 'o', ' ', '&', ' ', 'b', 'y', 'e', 0x00,
		0x01, 0x01, 0x01);               /* </p></card></wml> */
}

TEST(empty_elements_have_no_end)
{
	/* <br/> and an element whose content is only whitespace: no 0x40, no END;
	 * <p align="center"> uses ALIGN_CENTER (0x07) with no value. */
	CHECK_BYTES(DOCTYPE "<wml><card><p align=\"center\">a<br/>b</p><p>  \n </p></card></wml>",
		HDR, 0x00, 0x7F, 0x67,
		0xE0, 0x07, 0x01,
		0x03, 'a', 0x00, 0x26, 0x03, 'b', 0x00, 0x01,
		0x20,
		0x01, 0x01);
}

TEST(deck_without_strings)
{
	/* No string anywhere, so no string table entries: the encoder once
	 * indexed its (NULL) entry table for every token (UBSan under clang:
	 * "applying zero offset to null pointer"). */
	CHECK_BYTES(DOCTYPE "<wml><card/></wml>",
		HDR, 0x00,
		0x7F,                            /* wml, content */
		0x27,                            /* card, nothing */
		0x01);                           /* </wml> */
}

TEST(href_value_tokens)
{
	/* HREF_HTTP (0x4B) takes "http://", then "www." (0xA1), "example" inline
	 * and ".com/" (0x85). */
	CHECK_BYTES(DOCTYPE "<wml><card><p><a href=\"http://www.example.com/\">x</a></p></card></wml>",
		HDR, 0x00, 0x7F, 0x67, 0x60,
		0xDC, 0x4B, 0xA1, 0x03, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0x00, 0x85, 0x01,
		0x03, 'x', 0x00, 0x01,
		0x01, 0x01, 0x01);
	/* https + .org/ in the middle of a value; plain HREF for a relative URL. */
	CHECK_BYTES(DOCTYPE "<wml><card><p><a href=\"https://a.org/b\">x</a>"
		"<a href=\"/n\">y</a></p></card></wml>",
		HDR, 0x00, 0x7F, 0x67, 0x60,
		0xDC, 0x4C, 0x03, 'a', 0x00, 0x88, 0x03, 'b', 0x00, 0x01, 0x03, 'x', 0x00, 0x01,
		0xDC, 0x4A, 0x03, '/', 'n', 0x00, 0x01, 0x03, 'y', 0x00, 0x01,
		0x01, 0x01, 0x01);
}

TEST(attribute_start_prefixes)
{
	/* type="accept" -> TYPE_ACCEPT 0x38; method="post" -> 0x1C;
	 * type="prev" on <do> -> 0x46; input type="text" -> 0x48;
	 * a value that is a whole word token: value="text" -> VALUE 0x4D + TEXT 0x9D. */
	CHECK_BYTES(DOCTYPE "<wml><card>"
		"<do type=\"accept\"><go href=\"/s\" method=\"post\"><postfield name=\"x\" value=\"text\"/></go></do>"
		"<do type=\"prev\"><prev/></do>"
		"<p><input name=\"q\" type=\"text\"/></p></card></wml>",
		HDR, 0x00, 0x7F, 0x67,
		0xE8, 0x38, 0x01,
		0xEB, 0x4A, 0x03, '/', 's', 0x00, 0x1C, 0x01,
		0xA1, 0x21, 0x03, 'x', 0x00, 0x4D, 0x9D, 0x01,
		0x01, 0x01,
		0xE8, 0x46, 0x01, 0x32, 0x01,
		0x60, 0xAF, 0x21, 0x03, 'q', 0x00, 0x48, 0x01, 0x01,
		0x01, 0x01);
}

TEST(variables)
{
	/* $(q) and $q: no conversion -> EXT_I_2; :e -> EXT_I_0; :u -> EXT_I_1;
	 * :n / :noesc -> EXT_I_2; "$$" -> a literal "$". */
	CHECK_BYTES(DOCTYPE "<wml><card><p>$(q)-$q-$(q:e)-$(q:u)-$(q:noesc) $$</p></card></wml>",
		HDR, 0x00, 0x7F, 0x67, 0x60,
		0x42, 'q', 0x00, 0x03, '-', 0x00,
		0x42, 'q', 0x00, 0x03, '-', 0x00,
		0x40, 'q', 0x00, 0x03, '-', 0x00,
		0x41, 'q', 0x00, 0x03, '-', 0x00,
		0x42, 'q', 0x00, 0x03, ' ', '$', 0x00,
		0x01, 0x01, 0x01);
	/* In an attribute value, after the start token's prefix. */
	CHECK_BYTES(DOCTYPE "<wml><card><p><a href=\"http://x/?a=$(a:E)&amp;b=$$\">y</a></p></card></wml>",
		HDR, 0x00, 0x7F, 0x67, 0x60,
		0xDC, 0x4B, 0x03, 'x', '/', '?', 'a', '=', 0x00, 0x40, 'a', 0x00,
		0x03, '&', 'b', '=', '$', 0x00, 0x01,
		0x03, 'y', 0x00, 0x01, 0x01, 0x01, 0x01);
	/* A '$' not starting a reference stays literal. */
	CHECK_BYTES(DOCTYPE "<wml><card><p>5 $ 6</p></card></wml>",
		HDR, 0x00, 0x7F, 0x67, 0x60, 0x03, '5', ' ', '$', ' ', '6', 0x00, 0x01, 0x01, 0x01);
}

TEST(chinese_and_entities_stay_utf8)
{
	/* 中 = E4 B8 AD, 文 = E6 96 87; &#20013; is 中; &nbsp; is U+00A0. */
	CHECK_BYTES(DOCTYPE "<wml><card><p>中文&#20013;&nbsp;x</p></card></wml>",
		HDR, 0x00, 0x7F, 0x67, 0x60,
		0x03, 0xE4, 0xB8, 0xAD, 0xE6, 0x96, 0x87, 0xE4, 0xB8, 0xAD, 0xC2, 0xA0, 'x', 0x00,
		0x01, 0x01, 0x01);
	/* A GBK deck comes out as UTF-8 too (D6D0 = 中). */
	CHECK_BYTES("<?xml version=\"1.0\" encoding=\"GBK\"?><wml><card><p>\xD6\xD0</p></card></wml>",
		HDR, 0x00, 0x7F, 0x67, 0x60, 0x03, 0xE4, 0xB8, 0xAD, 0x00, 0x01, 0x01, 0x01);
}

TEST(string_table_for_repeats)
{
	/* "长沙市" (9 bytes) three times: table "长沙市\0" (length 10), then
	 * STR_T 0 for the title and both texts.  "ab" (2 bytes) stays inline. */
	CHECK_BYTES(DOCTYPE "<wml><card title=\"长沙市\"><p>长沙市</p><p>长沙市</p>"
		"<p>ab</p><p>ab</p></card></wml>",
		HDR, 0x0A,
		0xE9, 0x95, 0xBF, 0xE6, 0xB2, 0x99, 0xE5, 0xB8, 0x82, 0x00,
		0x7F, 0xE7, 0x36, 0x83, 0x00, 0x01,
		0x60, 0x83, 0x00, 0x01,
		0x60, 0x83, 0x00, 0x01,
		0x60, 0x03, 'a', 'b', 0x00, 0x01,
		0x60, 0x03, 'a', 'b', 0x00, 0x01,
		0x01, 0x01);
	/* A repeated variable name goes in the table too: EXT_T_2 / EXT_T_0. */
	CHECK_BYTES(DOCTYPE "<wml><card><p>$(city)$(city:e)</p></card></wml>",
		HDR, 0x05, 'c', 'i', 't', 'y', 0x00,
		0x7F, 0x67, 0x60, 0x82, 0x00, 0x80, 0x00, 0x01, 0x01, 0x01);
}

TEST(whitespace_collapse)
{
	/* Indentation between blocks goes; runs collapse to one space; the space
	 * between two inline elements stays; text next to <br/> is trimmed. */
	CHECK_BYTES(DOCTYPE "<wml>\n <card>\n  <p>\n   Hello\n\t  world  <b>B</b> <i>I</i>\n"
		"   one <br/>\n   two\n  </p>\n </card>\n</wml>\n",
		HDR, 0x00, 0x7F, 0x67, 0x60,
		0x03, 'H', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', ' ', 0x00,
		0x64, 0x03, 'B', 0x00, 0x01,
		0x03, ' ', 0x00,
		0x6D, 0x03, 'I', 0x00, 0x01,
		0x03, ' ', 'o', 'n', 'e', 0x00, 0x26, 0x03, 't', 'w', 'o', 0x00,
		0x01, 0x01, 0x01);
}

TEST(unknown_attribute_is_literal)
{
	/* accesskey is WML 1.2: LITERAL + offset 0 of "accesskey" in the table;
	 * method="POST" matches neither METHOD token, so it is LITERAL too. */
	CHECK_BYTES(DOCTYPE "<wml><card><p><a accesskey=\"1\" href=\"/x\">y</a></p>"
		"<do type=\"accept\"><go href=\"/\" method=\"POST\"/></do></card></wml>",
		HDR, 0x11,
		'a', 'c', 'c', 'e', 's', 's', 'k', 'e', 'y', 0x00,
		'm', 'e', 't', 'h', 'o', 'd', 0x00,
		0x7F, 0x67, 0x60,
		0xDC, 0x04, 0x00, 0x03, '1', 0x00, 0x4A, 0x03, '/', 'x', 0x00, 0x01,
		0x03, 'y', 0x00, 0x01, 0x01,
		0xE8, 0x38, 0x01,
		0xAB, 0x4A, 0x03, '/', 0x00, 0x04, 0x0A, 0x03, 'P', 'O', 'S', 'T', 0x00, 0x01,
		0x01, 0x01, 0x01);
}

/* A deck whose DOCTYPE names WML 1.3 (or 1.2) gets its public id (0x0A,
 * 0x09: the WAP Forum's registry, and what Kannel's compiler writes), and
 * accesskey, an attribute since WML 1.2, gets its start token 0x5E
 * instead of a literal.  method="POST" stays literal in any version. */
TEST(wml13_public_id_and_accesskey)
{
	static const char deck[] =
		"<wml><card><p><a accesskey=\"1\" href=\"/x\">y</a></p>"
		"<do type=\"accept\"><go href=\"/\" method=\"POST\"/></do></card></wml>";
	char *xml13 = xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE wml PUBLIC \"-//WAPFORUM//DTD WML 1.3//EN\" "
				"\"http://www.wapforum.org/DTD/wml13.dtd\">\n%s", deck);
	CHECK_BYTES(xml13,
		0x03, 0x0A, 0x6A, 0x07,
		'm', 'e', 't', 'h', 'o', 'd', 0x00,
		0x7F, 0x67, 0x60,
		0xDC, 0x5E, 0x03, '1', 0x00, 0x4A, 0x03, '/', 'x', 0x00, 0x01,
		0x03, 'y', 0x00, 0x01, 0x01,
		0xE8, 0x38, 0x01,
		0xAB, 0x4A, 0x03, '/', 0x00, 0x04, 0x00, 0x03, 'P', 'O', 'S', 'T', 0x00, 0x01,
		0x01, 0x01, 0x01);
	free(xml13);
	char *xml12 = xasprintf("<?xml version=\"1.0\"?>\n<!DOCTYPE wml PUBLIC \"-//WAPFORUM//DTD WML 1.2//EN\" "
				"\"http://www.wapforum.org/DTD/wml12.dtd\">\n%s", deck);
	struct buf out = BUF_INIT;
	CHECK_INT(encode(xml12, &out, NULL), 0);
	CHECK(out.len > 16 && (unsigned char)out.data[1] == 0x09 && (unsigned char)out.data[15] == 0x5E);
	buf_release(&out);
	free(xml12);
	/* No DOCTYPE, or one we do not know: WML 1.1, as before. */
	CHECK_INT(encode("<wml><card/></wml>", &out, NULL), 0);
	CHECK(out.len > 2 && (unsigned char)out.data[1] == 0x04);
	buf_release(&out);
	CHECK_INT(encode("<!DOCTYPE wml PUBLIC \"-//WAPFORUM//DTD WML 9.9//EN\" \"x\"><wml><card/></wml>", &out, NULL), 0);
	CHECK(out.len > 2 && (unsigned char)out.data[1] == 0x04);
	buf_release(&out);
}

TEST(appends_and_size)
{
	const char *deck = DOCTYPE "<wml><card><p>x</p></card></wml>";
	struct buf out = BUF_INIT;
	buf_adds(&out, "HTTP");
	char *err = NULL;
	CHECK_INT(encode(deck, &out, &err), 0);
	CHECK(err == NULL);
	CHECK_INT(out.len, 4 + 13);
	CHECK(out.len >= 4 && memcmp(out.data, "HTTP\x03\x04\x6A", 7) == 0);
	CHECK_INT(wbxml_wml_size(deck, strlen(deck)), 13);
	CHECK_INT(wbxml_wml_size("<wml>", 5), -1);
	buf_release(&out);
}

TEST(errors_carry_the_line)
{
	char *e = error_of(DOCTYPE "<wml>\n<card>\n<p>x</card>\n</wml>");
	CHECK_CONTAINS(e, "line 5: not well-formed");
	free(e);

	e = error_of(DOCTYPE "<wml>\n<card>\n<p><div>x</div></p></card></wml>");
	CHECK_STR(e, "line 5: element <div> is not WML 1.1");
	free(e);

	e = error_of(DOCTYPE "<wml><card>\n<p>$(q:x)</p></card></wml>");
	CHECK_CONTAINS(e, "line 4: bad variable reference");
	free(e);

	e = error_of(DOCTYPE "<wml><card>\n\n<p><a href=\"$(\">x</a></p></card></wml>");
	CHECK_CONTAINS(e, "line 5: bad variable reference");
	free(e);

	e = error_of(DOCTYPE "<wml><card><p>\n&copy;</p></card></wml>");
	CHECK_STR(e, "line 4: undefined entity &copy;");
	free(e);

	e = error_of("<html><body/></html>");
	CHECK_STR(e, "line 1: root element is <html>, not <wml>");
	free(e);

	e = error_of("");
	CHECK_CONTAINS(e, "line 1: not well-formed");
	free(e);

	/* out is left untouched on error */
	struct buf out = BUF_INIT;
	char *err = NULL;
	CHECK_INT(encode("<wml><card></wml>", &out, &err), -1);
	CHECK_INT(out.len, 0);
	CHECK(err != NULL);
	free(err);
	buf_release(&out);
}

/* --- cross-checks with wbxml2xml and Kannel on the fixture decks --------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

static bool spew(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	bool ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

/* Canonical variable syntax: $(n:n|e|u), "$$" -> "$". */
static void canon_vars(struct buf *out, const char *s)
{
	for (size_t i = 0; s[i];) {
		if (s[i] != '$') {
			buf_addc(out, s[i++]);
			continue;
		}
		if (s[i + 1] == '$') {
			buf_addc(out, '$');
			i += 2;
			continue;
		}
		size_t j, name, nlen;
		char conv = 'n';
		if (s[i + 1] == '(') {
			name = j = i + 2;
			while (isalnum((unsigned char)s[j]) || s[j] == '_')
				j++;
			nlen = j - name;
			if (s[j] == ':') {
				conv = (char)tolower((unsigned char)s[j + 1]);
				while (s[j] && s[j] != ')')
					j++;
			}
			if (s[j] == ')')
				j++;
		} else if (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '_') {
			name = j = i + 1;
			while (isalnum((unsigned char)s[j]) || s[j] == '_')
				j++;
			nlen = j - name;
		} else {
			buf_addc(out, '$');
			i++;
			continue;
		}
		buf_addf(out, "$(%.*s:%c)", (int)nlen, s + name, conv == 'e' ? 'e' : conv == 'u' ? 'u' : 'n');
		i = j;
	}
}

static void flush_text(struct buf *canon, struct buf *text)
{
	struct buf c = BUF_INIT;
	for (size_t i = 0; i < text->len; i++) {
		char ch = text->data[i];
		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
			if (c.len && c.data[c.len - 1] != ' ')
				buf_addc(&c, ' ');
		} else {
			buf_addc(&c, ch);
		}
	}
	while (c.len && c.data[c.len - 1] == ' ')
		c.len--;
	if (c.len) {
		buf_adds(canon, "\"");
		buf_add(canon, c.data, c.len);
		buf_adds(canon, "\"");
	}
	buf_release(&c);
	buf_reset(text);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A canonical string for an element tree: names, sorted attributes with
 * canonical variables, and whitespace-normalised text runs. */
static void canon_tree(struct buf *canon, const xmlNode *n)
{
	buf_addf(canon, "<%s", (const char *)n->name);
	char *attrs[64];
	size_t na = 0;
	for (const xmlAttr *a = n->properties; a && na < 64; a = a->next) {
		xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
		struct buf one = BUF_INIT;
		buf_addf(&one, " %s%s%s=", a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "",
			 a->ns && a->ns->prefix ? ":" : "", (const char *)a->name);
		canon_vars(&one, v ? (const char *)v : "");
		xmlFree(v);
		attrs[na++] = buf_detach(&one);
	}
	qsort(attrs, na, sizeof(*attrs), cmp_str);
	for (size_t i = 0; i < na; i++) {
		buf_adds(canon, attrs[i]);
		free(attrs[i]);
	}
	buf_adds(canon, ">");
	struct buf text = BUF_INIT;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			canon_vars(&text, (const char *)c->content);
		} else if (c->type == XML_ENTITY_REF_NODE) {
			buf_adds(&text, strcmp((const char *)c->name, "nbsp") == 0 ? "\xC2\xA0" : "?");
		} else if (c->type == XML_ELEMENT_NODE) {
			flush_text(canon, &text);
			canon_tree(canon, c);
		}
	}
	flush_text(canon, &text);
	buf_release(&text);
	buf_addf(canon, "</%s>", (const char *)n->name);
}

static char *canon_doc(const char *xml, size_t len)
{
	xmlDoc *doc = xmlReadMemory(xml, (int)len, NULL, NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc)
		return NULL;
	struct buf canon = BUF_INIT;
	canon_tree(&canon, xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	return buf_detach(&canon);
}

static const char *top_dir(void)
{
	const char *t = getenv("QIAO_TOP");
	return t && *t ? t : ".";
}

/* The fixture decks, sorted; returns how many (at most max). */
static size_t fixture_decks(char names[][64], size_t max)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/tests/fixtures/wml", top_dir());
	DIR *d = opendir(dir);
	size_t n = 0;
	if (!d)
		return 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < max) {
		size_t l = strlen(de->d_name);
		if (l > 4 && l < 64 && strcmp(de->d_name + l - 4, ".wml") == 0)
			memcpy(names[n++], de->d_name, l + 1);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), (int (*)(const void *, const void *))strcmp);
	return n;
}

static int run_quiet(const char *cmd)
{
	int st = system(cmd);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST(fixtures_compile)
{
	char names[32][64];
	size_t n = fixture_decks(names, 32);
	CHECK(n >= 4);
	for (size_t i = 0; i < n; i++) {
		char path[4200];
		size_t len;
		snprintf(path, sizeof(path), "%s/tests/fixtures/wml/%s", top_dir(), names[i]);
		char *xml = slurp(path, &len);
		CHECK(xml != NULL);
		if (!xml)
			continue;
		struct buf out = BUF_INIT;
		char *err = NULL;
		int rc = wbxml_encode_wml(xml, len, &out, &err);
		if (rc < 0)
			fprintf(stderr, "    %s: %s\n", names[i], err);
		CHECK_INT(rc, 0);
		CHECK(out.len > 4 && out.len < len); /* binary is smaller than the text */
		free(err);
		free(xml);
		buf_release(&out);
	}
}

TEST(wbxml2xml_round_trip)
{
	if (access(WBXML2XML, X_OK) != 0) {
		SKIP("wbxml2xml not installed (apt-get install libwbxml2-utils)");
	}
	char tmpl[] = "/tmp/qiao-wbxml-XXXXXX";
	char *dir = mkdtemp(tmpl);
	CHECK(dir != NULL);
	if (!dir)
		return;
	char names[32][64];
	size_t n = fixture_decks(names, 32), checked = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4200], bin[4200], dec[4200], cmd[9000];
		size_t len, dlen;
		snprintf(path, sizeof(path), "%s/tests/fixtures/wml/%s", top_dir(), names[i]);
		snprintf(bin, sizeof(bin), "%s/deck.wmlc", dir);
		snprintf(dec, sizeof(dec), "%s/deck.xml", dir);
		char *xml = slurp(path, &len);
		struct buf out = BUF_INIT;
		CHECK(xml && wbxml_encode_wml(xml, len, &out, NULL) == 0);
		CHECK(spew(bin, out.data, out.len));
		buf_release(&out);
		unlink(dec);
		snprintf(cmd, sizeof(cmd), "%s -m 0 -o '%s' '%s' >/dev/null 2>&1", WBXML2XML, dec, bin);
		CHECK_INT(run_quiet(cmd), 0);
		char *decoded = slurp(dec, &dlen);
		CHECK(decoded != NULL);
		char *want = xml ? canon_doc(xml, len) : NULL;
		char *got = decoded ? canon_doc(decoded, dlen) : NULL;
		CHECK(want != NULL && got != NULL);
		if (want && got) {
			if (strcmp(want, got) != 0)
				fprintf(stderr, "    %s differs after wbxml2xml\n", names[i]);
			CHECK_STR(got, want);
			checked++;
		}
		free(want);
		free(got);
		free(decoded);
		free(xml);
		unlink(bin);
		unlink(dec);
	}
	rmdir(dir);
	printf("wbxml: wbxml2xml decoded %zu fixture decks back to the same trees\n", checked);
	CHECK(checked >= 4);
}

TEST(size_vs_kannel)
{
	if (access(WML_TESTER, X_OK) != 0) {
		SKIP("Kannel's wml_tester not installed (kannel-extras)");
	}
	char tmpl[] = "/tmp/qiao-kannel-XXXXXX";
	char *dir = mkdtemp(tmpl);
	CHECK(dir != NULL);
	if (!dir)
		return;
	char names[32][64];
	size_t n = fixture_decks(names, 32);
	long ours_total = 0, theirs_total = 0;
	size_t compared = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4200], bin[4200], cmd[9000];
		size_t len;
		struct stat st;
		snprintf(path, sizeof(path), "%s/tests/fixtures/wml/%s", top_dir(), names[i]);
		snprintf(bin, sizeof(bin), "%s/k.wmlc", dir);
		unlink(bin);
		snprintf(cmd, sizeof(cmd), "%s -b -f '%s' '%s' >/dev/null 2>&1", WML_TESTER, bin, path);
		if (run_quiet(cmd) != 0 || stat(bin, &st) != 0 || st.st_size == 0) {
			printf("wbxml: %s: Kannel did not compile it, not compared\n", names[i]);
			continue;
		}
		char *xml = slurp(path, &len);
		long ours = xml ? wbxml_wml_size(xml, len) : -1;
		free(xml);
		printf("wbxml: %-14s text %5zu  ours %5ld  kannel %5ld\n", names[i], len, ours, (long)st.st_size);
		CHECK(ours > 0);
		CHECK(ours * 100 <= (long)st.st_size * 125);
		ours_total += ours;
		theirs_total += (long)st.st_size;
		compared++;
		unlink(bin);
	}
	rmdir(dir);
	printf("wbxml: total ours %ld bytes, kannel %ld bytes over %zu decks\n", ours_total, theirs_total, compared);
	/* A comparison of nothing proves nothing: every fixture deck must
	 * have been compiled by Kannel and compared. */
	CHECK(n >= 4);
	CHECK_INT(compared, n);
}

int main(void)
{
	RUN(tiny_deck);
	RUN(empty_elements_have_no_end);
	RUN(deck_without_strings);
	RUN(href_value_tokens);
	RUN(attribute_start_prefixes);
	RUN(variables);
	RUN(chinese_and_entities_stay_utf8);
	RUN(string_table_for_repeats);
	RUN(whitespace_collapse);
	RUN(unknown_attribute_is_literal);
	RUN(wml13_public_id_and_accesskey);
	RUN(appends_and_size);
	RUN(errors_carry_the_line);
	RUN(fixtures_compile);
	RUN(wbxml2xml_round_trip);
	RUN(size_vs_kannel);
	xmlCleanupParser();
	return harness_done("wbxml");
}
