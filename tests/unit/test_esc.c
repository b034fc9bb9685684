#include "core/common.h"
#include "core/utf8.h"
#include "harness.h"

#include <libxml/parser.h>

#include "render/esc.h"

static const enum esc_dialect ALL[] = { ESC_HTML, ESC_XHTMLMP, ESC_WML };

/* esc_text of n bytes appended after a prefix, checking on the way that
 * the prefix is kept and esc_text_len predicts the growth.  Returns the
 * escaped part, malloc'ed. */
static char *esc(enum esc_dialect d, const char *s, size_t n, bool *len_ok)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "PRE");
	esc_text(&b, d, s, n);
	*len_ok = b.len - 3 == esc_text_len(d, s, n) && memcmp(b.data, "PRE", 3) == 0 &&
	          b.data[b.len] == '\0';
	char *r = xstrndup(b.data + 3, b.len - 3);
	buf_release(&b);
	return r;
}

/* A parse of the text as element content and as both kinds of attribute
 * value; true if libxml2 finds it well-formed. */
static bool xml_ok(const char *s)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "<r a=\"%s\" b='%s'>%s</r>", s, s, s);
	xmlDocPtr doc = xmlReadMemory(b.data, (int)b.len, "t.xml", "UTF-8",
	                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	bool ok = doc != NULL;
	if (doc) {
		/* the text must come back exactly as the characters we meant */
		xmlNodePtr root = xmlDocGetRootElement(doc);
		xmlChar *a = xmlGetProp(root, (const xmlChar *)"a");
		xmlChar *c = xmlNodeGetContent(root);
		ok = a && c;
		/* (attribute values normalise TAB/LF/CR, so compare without) */
		if (ok && !strpbrk(s, "\t\n\r"))
			ok = strcmp((const char *)a, (const char *)c) == 0;
		xmlFree(a);
		xmlFree(c);
		xmlFreeDoc(doc);
	}
	buf_release(&b);
	return ok;
}

/* The properties every output must have, in every dialect. */
static bool output_safe(enum esc_dialect d, const char *o)
{
	size_t n = strlen(o);
	if (!utf8_valid(o, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)o[i];
		if (c == '<' || c == '>' || c == '"' || c == '\'')
			return false;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return false;
		if (c == 0xC2 && i + 1 < n && (unsigned char)o[i + 1] <= 0x9F)
			return false;                         /* C1 control */
		if (c == 0xEF && i + 2 < n && (unsigned char)o[i + 1] == 0xBF &&
		    (unsigned char)o[i + 2] >= 0xBE)
			return false;                         /* U+FFFE, U+FFFF */
		if (c == 0xE2 && i + 2 < n &&
		    (((unsigned char)o[i + 1] == 0x80 && (unsigned char)o[i + 2] >= 0xAA &&
		      (unsigned char)o[i + 2] <= 0xAE) ||
		     ((unsigned char)o[i + 1] == 0x81 && (unsigned char)o[i + 2] >= 0xA6 &&
		      (unsigned char)o[i + 2] <= 0xA9)))
			return false;                         /* bidi override */
		if (c == '&') {                               /* only our entities */
			if (strncmp(o + i, "&amp;", 5) && strncmp(o + i, "&lt;", 4) &&
			    strncmp(o + i, "&gt;", 4) && strncmp(o + i, "&quot;", 6) &&
			    strncmp(o + i, "&#39;", 5))
				return false;
		}
		if (c == '$' && d == ESC_WML) {               /* dollars come in pairs */
			size_t run = 0;
			while (i < n && o[i] == '$') {
				run++;
				i++;
			}
			if (run % 2)
				return false;
			i--;
		}
	}
	return true;
}

/* Check one input in one dialect against the expected output. */
static void expect(enum esc_dialect d, const char *in, size_t n, const char *want)
{
	bool len_ok;
	char *got = esc(d, in, n, &len_ok);
	CHECK_STR(got, want);
	CHECK(len_ok);
	CHECK(utf8_valid(got, strlen(got)));
	CHECK(output_safe(d, got));
	CHECK(xml_ok(got));
	free(got);
}

#define EXPECT_ALL(in, want) do { \
	for (size_t k_ = 0; k_ < ARRAY_LEN(ALL); k_++) \
		expect(ALL[k_], in, sizeof(in) - 1, want); \
	} while (0)

#define FFFD "\xEF\xBF\xBD"

TEST(markup_is_escaped)
{
	EXPECT_ALL("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	EXPECT_ALL("&#0;", "&amp;#0;");
	EXPECT_ALL("&amp;", "&amp;amp;");
	EXPECT_ALL("]]>", "]]&gt;");
	EXPECT_ALL("<![CDATA[x]]>", "&lt;![CDATA[x]]&gt;");
	EXPECT_ALL("\"a\" 'b'", "&quot;a&quot; &#39;b&#39;");
	EXPECT_ALL("<a href=\"javascript:x\" onclick='y'>", "&lt;a href=&quot;javascript:x&quot; onclick=&#39;y&#39;&gt;");
	EXPECT_ALL("", "");
	EXPECT_ALL("plain 湖南省 text", "plain 湖南省 text");
}

TEST(wml_doubles_dollars)
{
	expect(ESC_WML, "$(x)", 4, "$$(x)");
	expect(ESC_WML, "$x", 2, "$$x");
	expect(ESC_WML, "$$", 2, "$$$$");
	expect(ESC_WML, "价格 $5 & $(a:e)", strlen("价格 $5 & $(a:e)"), "价格 $$5 &amp; $$(a:e)");
	expect(ESC_WML, "$<&>\"'", 6, "$$&lt;&amp;&gt;&quot;&#39;");
	/* the other dialects leave dollars alone */
	expect(ESC_HTML, "$(x) $$", 7, "$(x) $$");
	expect(ESC_XHTMLMP, "$(x) $$", 7, "$(x) $$");
}

TEST(broken_utf8_becomes_fffd)
{
	EXPECT_ALL("a\x80" "b", "a" FFFD "b");                  /* lone continuation */
	EXPECT_ALL("\xC0\xAF", FFFD FFFD);                      /* overlong '/' */
	EXPECT_ALL("\xC1\xBF", FFFD FFFD);                      /* overlong */
	EXPECT_ALL("\xE0\x80\xAF", FFFD FFFD FFFD);              /* 3-byte overlong */
	EXPECT_ALL("\xF0\x80\x80\xAF", FFFD FFFD FFFD FFFD);     /* 4-byte overlong */
	EXPECT_ALL("x\xE4\xB8", "x" FFFD);                      /* truncated 中 at end */
	EXPECT_ALL("\xE4\xB8x", FFFD "x");                      /* truncated mid-text */
	EXPECT_ALL("\xE4\xB8\xE4\xB8\xAD", FFFD "中");           /* truncated then whole */
	EXPECT_ALL("\xED\xA0\x80", FFFD FFFD FFFD);              /* surrogate D800 */
	EXPECT_ALL("\xED\xBF\xBF", FFFD FFFD FFFD);              /* surrogate DFFF */
	EXPECT_ALL("\xED\x9F\xBF", "\xED\x9F\xBF");             /* U+D7FF is fine */
	EXPECT_ALL("\xF5\x80\x80\x80", FFFD FFFD FFFD FFFD);     /* F5 never valid */
	EXPECT_ALL("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD);     /* U+110000 */
	EXPECT_ALL("\xF4\x8F\xBF\xBD", "\xF4\x8F\xBF\xBD");     /* U+10FFFD is fine */
	EXPECT_ALL("\xF0\x9F\x98", FFFD);                       /* truncated emoji */
	EXPECT_ALL("\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80");     /* U+1F600 */
	EXPECT_ALL("\xFE\xFF", FFFD FFFD);
	EXPECT_ALL("<\xC3", "&lt;" FFFD);                       /* escape then cut */
}

TEST(controls_and_nonchars_dropped)
{
	EXPECT_ALL("a\x01" "b\x1b" "c\x7f" "d", "abcd");
	EXPECT_ALL("t\tn\nr\r.", "t\tn\nr\r.");
	EXPECT_ALL("a\0b", "ab");                               /* NUL inside n */
	EXPECT_ALL("\x0b\x0c\x1f", "");
	EXPECT_ALL("[\xC2\x80][\xC2\x85][\xC2\x9F]", "[][][]");   /* C1 */
	EXPECT_ALL("\xC2\xA0", "\xC2\xA0");                     /* NBSP stays */
	EXPECT_ALL("x\xEF\xBF\xBEy\xEF\xBF\xBFz", "xyz");       /* U+FFFE, U+FFFF */
	EXPECT_ALL("\xEF\xBF\xBD", FFFD);                       /* U+FFFD itself stays */
	EXPECT_ALL("\x1b[31m<b>\x1b[0m", "[31m&lt;b&gt;[0m");
}

/* Issue 15, fault 11: bidirectional embeddings, overrides and isolates
 * (U+202A-U+202E, U+2066-U+2069) in a title or a name could reorder the
 * text around them on the page; they are dropped.  The marks U+200E/U+200F
 * and neighbouring characters stay. */
TEST(bidi_overrides_dropped)
{
	EXPECT_ALL("a\xE2\x80\xAA" "b\xE2\x80\xAB" "c\xE2\x80\xAC" "d\xE2\x80\xAD" "e\xE2\x80\xAE" "f", "abcdef");
	EXPECT_ALL("\xE2\x81\xA6" "1\xE2\x81\xA7" "2\xE2\x81\xA8" "3\xE2\x81\xA9", "123");
	EXPECT_ALL("\xE6\xB9\x96\xE2\x80\xAEgpj.exe", "\xE6\xB9\x96gpj.exe");   /* 湖 RLO */
	EXPECT_ALL("\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA",
	           "\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA");   /* neighbours kept */
	EXPECT_ALL("\xE2\x80\x8E\xE2\x80\x8F", "\xE2\x80\x8E\xE2\x80\x8F");   /* LRM RLM kept */
	EXPECT_ALL("<\xE2\x80\xAE>", "&lt;&gt;");
	EXPECT_ALL("\xE2\x80", FFFD);   /* a cut override is still one U+FFFD */
}

TEST(length_only_of_n_bytes)
{
	/* esc_text reads exactly n bytes, not up to a NUL */
	struct buf b = BUF_INIT;
	esc_text(&b, ESC_WML, "$<xyz", 2);
	CHECK_STR(b.data, "$$&lt;");
	CHECK_INT(esc_text_len(ESC_WML, "$<xyz", 2), 6);
	CHECK_INT(esc_text_len(ESC_HTML, "$<xyz", 2), 5);
	buf_release(&b);
}

/* An independent, arithmetic UTF-8 validator to cross-check utf8_valid. */
static bool ref_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned long cp, min;
		if (c < 0x80) { i++; continue; }
		else if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; min = 0x80; }
		else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
		else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; min = 0x10000; }
		else return false;
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

TEST(utf8_valid_cases)
{
	CHECK(utf8_valid("", 0));
	CHECK(utf8_valid("abc", 3));
	CHECK(utf8_valid("a\0b", 3));
	CHECK(utf8_valid("湖南", strlen("湖南")));
	CHECK(utf8_valid("\xF0\x9F\x98\x80", 4));
	CHECK(utf8_valid("\xF4\x8F\xBF\xBF", 4));
	CHECK(!utf8_valid("\x80", 1));
	CHECK(!utf8_valid("\xC0\xAF", 2));
	CHECK(!utf8_valid("\xE4\xB8", 2));
	CHECK(!utf8_valid("\xED\xA0\x80", 3));
	CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));
	CHECK(!utf8_valid("\xF5\x80\x80\x80", 4));
	CHECK(!utf8_valid("\xFF", 1));
	CHECK_INT(utf8_valid_prefix("ab\xE4\xB8\xAD\xE4\xB8", 7), 5);
	/* every 1-3 byte string over interesting bytes agrees with the reference */
	static const unsigned char pick[] = { 0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
		0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1,
		0xF3, 0xF4, 0xF5, 0xF8, 0xFF };
	size_t np = sizeof(pick), bad = 0;
	unsigned char s[4];
	for (size_t a = 0; a < np; a++)
		for (size_t b = 0; b < np; b++)
			for (size_t c = 0; c < np; c++)
				for (size_t e = 0; e < np; e++) {
					s[0] = pick[a]; s[1] = pick[b]; s[2] = pick[c]; s[3] = pick[e];
					for (size_t n = 1; n <= 4; n++)
						bad += utf8_valid((char *)s, n) != ref_valid(s, n);
				}
	CHECK_INT(bad, 0);
}

TEST(random_bytes_always_come_out_safe)
{
	uint32_t x = 12345;
	size_t bad_safe = 0, bad_len = 0, bad_xml = 0, bad_idem = 0;
	for (int round = 0; round < 3000; round++) {
		unsigned char in[40];
		size_t n = (size_t)(round % 40);
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			unsigned r = (x >> 16) & 0xFF;
			/* bias towards the interesting bytes */
			in[i] = r < 64 ? (unsigned char)"<>&\"'$\x01\x7f\x80\xC0\xC2\xE0\xED\xEF\xF0\xF4"[r % 16] : (unsigned char)r;
		}
		enum esc_dialect d = ALL[round % 3];
		bool len_ok;
		char *o = esc(d, (const char *)in, n, &len_ok);
		bad_len += !len_ok;
		bad_safe += !output_safe(d, o);
		if (round % 3 != 0 || round < 600)
			bad_xml += !xml_ok(o);
		/* escaping valid clean UTF-8 without specials changes nothing */
		if (ref_valid(in, n) && !memchr(in, '<', n) && !memchr(in, '>', n) &&
		    !memchr(in, '&', n) && !memchr(in, '"', n) && !memchr(in, '\'', n) &&
		    !memchr(in, '$', n) && !memchr(in, 0x01, n) && !memchr(in, 0x7f, n) &&
		    !memchr(in, 0, n)) {
			bool has_c1 = false;
			for (size_t i = 0; i + 1 < n; i++)
				has_c1 |= in[i] == 0xC2 && in[i + 1] <= 0x9F;
			bool ctl = false;
			for (size_t i = 0; i < n; i++)
				ctl |= in[i] < 0x20 && in[i] != '\t' && in[i] != '\n' && in[i] != '\r';
			bool nonch = false;
			for (size_t i = 0; i + 2 < n; i++)
				nonch |= in[i] == 0xEF && in[i + 1] == 0xBF && in[i + 2] >= 0xBE;
			if (!has_c1 && !ctl && !nonch)
				bad_idem += strlen(o) != n || memcmp(o, in, n) != 0;
		}
		free(o);
	}
	CHECK_INT(bad_len, 0);
	CHECK_INT(bad_safe, 0);
	CHECK_INT(bad_xml, 0);
	CHECK_INT(bad_idem, 0);
}

/* True if s is valid UTF-8 of characters esc_text keeps unchanged. */
static bool ref_kept(const unsigned char *s, size_t n)
{
	if (!ref_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (strchr("<>&\"'$", c) && c != 0)
			return false;
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return false;
		if (c == 0xC2 && i + 1 < n && s[i + 1] <= 0x9F)
			return false;
		if (c == 0xEF && i + 2 < n && s[i + 1] == 0xBF && s[i + 2] >= 0xBE)
			return false;
	}
	return true;
}

TEST(every_short_sequence)
{
	static const unsigned char pick[] = { 0x00, 0x09, 0x24, 0x26, 0x41, 0x7F, 0x80, 0x85,
		0x9F, 0xA0, 0xAD, 0xBE, 0xBF, 0xC0, 0xC2, 0xC3, 0xDF, 0xE0, 0xE1, 0xE4, 0xEC, 0xED,
		0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF };
	size_t np = sizeof(pick), bad = 0;
	unsigned char in[3];
	for (size_t a = 0; a < np; a++)
		for (size_t b = 0; b < np; b++)
			for (size_t c = 0; c < np; c++) {
				in[0] = pick[a]; in[1] = pick[b]; in[2] = pick[c];
				for (size_t n = 1; n <= 3; n++) {
					enum esc_dialect d = ALL[(a + b + c + n) % 3];
					bool len_ok;
					char *o = esc(d, (const char *)in, n, &len_ok);
					bool ok = len_ok && output_safe(d, o);
					if (ref_kept(in, n))
						ok = ok && strlen(o) == n && memcmp(o, in, n) == 0;
					bad += !ok;
					free(o);
				}
			}
	CHECK_INT(bad, 0);
}

TEST(url_component)
{
	struct buf b = BUF_INIT;
	esc_url_component(&b, "a b/ü~-_.", strlen("a b/ü~-_."));
	CHECK_STR(b.data, "a%20b%2F%C3%BC~-_.");
	buf_reset(&b);
	esc_url_component(&b, "q=湖南&x=1+2%", strlen("q=湖南&x=1+2%"));
	CHECK_STR(b.data, "q%3D%E6%B9%96%E5%8D%97%26x%3D1%2B2%25");
	buf_reset(&b);
	esc_url_component(&b, "AZaz09", 6);
	CHECK_STR(b.data, "AZaz09");
	buf_reset(&b);
	esc_url_component(&b, "\0\xff$", 3);
	CHECK_STR(b.data, "%00%FF%24");
	buf_release(&b);
}

int main(void)
{
	xmlInitParser();
	RUN(markup_is_escaped);
	RUN(wml_doubles_dollars);
	RUN(broken_utf8_becomes_fffd);
	RUN(controls_and_nonchars_dropped);
	RUN(bidi_overrides_dropped);
	RUN(length_only_of_n_bytes);
	RUN(utf8_valid_cases);
	RUN(random_bytes_always_come_out_safe);
	RUN(every_short_sequence);
	RUN(url_component);
	xmlCleanupParser();
	return harness_done("esc");
}
