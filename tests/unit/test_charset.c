/* test_charset.c - the page charsets: Accept-Charset read from real
 * phones' and browsers' headers (sources: tests/data/README.md), the
 * choice, and the conversions both ways. */
#include "harness.h"

#include "core/buf.h"
#include "core/charset.h"

#define B(c) CHARSET_BIT(CHARSET_##c)

/* Headers real clients sent (tests/data/README.md, "Accept-Charset"). */
TEST(real_headers_with_utf8_get_utf8)
{
	/* Nokia 6210 behind Nokia WAP Server 1.1.1 (upper-case Q). */
	unsigned m = charset_accept("ISO-8859-1, UTF-8; Q=0.8, ISO-10646-UCS-2; Q=0.6");
	CHECK_INT(m, B(UTF8));
	CHECK_INT(charset_choose(m, false), CHARSET_UTF8);
	/* Nokia 6230i. */
	m = charset_accept("ISO-8859-1, US-ASCII, UTF-8; q=0.8, ISO-10646-UCS-2; q=0.6");
	CHECK_INT(charset_choose(m, true), CHARSET_UTF8);
	/* Firefox 2/3, zh-CN build: GB2312 first, UTF-8 and the rest at 0.7. */
	m = charset_accept("GB2312,utf-8;q=0.7,*;q=0.7");
	CHECK_INT(m, CHARSET_ALL);
	CHECK_INT(charset_choose(m, false), CHARSET_UTF8);
	/* Firefox, en-US build. */
	m = charset_accept("ISO-8859-1,utf-8;q=0.7,*;q=0.7");
	CHECK_INT(m, CHARSET_ALL);
	/* MDN's example with a low-q wildcard. */
	CHECK_INT(charset_accept("utf-8, iso-8859-1;q=0.5, *;q=0.1"), CHARSET_ALL);
}

TEST(no_header_is_anything)
{
	CHECK_INT(charset_accept(NULL), CHARSET_ALL);
	CHECK_INT(charset_accept(""), CHARSET_ALL);
	CHECK_INT(charset_accept("  "), CHARSET_ALL);
	CHECK_INT(charset_choose(CHARSET_ALL, false), CHARSET_UTF8);
}

TEST(latin1_only_has_none_of_ours)
{
	/* Openwave Mobile Browser 6.2.2's default: nothing that carries
	 * Chinese, so UTF-8 (the page is unreadable either way). */
	unsigned m = charset_accept("iso-8859-1");
	CHECK_INT(m, 0);
	CHECK_INT(charset_choose(m, false), CHARSET_UTF8);
}

TEST(chinese_only_phones)
{
	unsigned m = charset_accept("gb2312");
	CHECK_INT(m, B(GB2312));
	CHECK_INT(charset_choose(m, false), CHARSET_GB2312);
	m = charset_accept("GBK, GB2312;q=0.9, ISO-8859-1;q=0.5");
	CHECK_INT(m, B(GBK) | B(GB2312));
	CHECK_INT(charset_choose(m, false), CHARSET_GBK);
	CHECK_INT(charset_choose(m, true), CHARSET_GBK); /* no Big5: GBK has the traditional characters */
	m = charset_accept("big5, iso-8859-1");
	CHECK_INT(charset_choose(m, true), CHARSET_BIG5);
	CHECK_INT(charset_choose(m, false), CHARSET_BIG5); /* the only one it reads */
	m = charset_accept("gb18030,big5;q=0.5");
	CHECK_INT(charset_choose(m, false), CHARSET_GB18030);
	CHECK_INT(charset_choose(m, true), CHARSET_BIG5);
	m = charset_accept("gbk,gb18030,big5");
	CHECK_INT(charset_choose(m, false), CHARSET_GBK);
	/* Aliases. */
	CHECK_INT(charset_accept("x-gbk"), B(GBK));
	CHECK_INT(charset_accept("CP936"), B(GBK));
	CHECK_INT(charset_accept("EUC-CN"), B(GB2312));
	CHECK_INT(charset_accept("cp950"), B(BIG5));
}

TEST(q_values_and_star)
{
	/* q=0 refuses, even against the wildcard. */
	unsigned m = charset_accept("*, utf-8;q=0");
	CHECK_INT(m, CHARSET_ALL & ~B(UTF8));
	CHECK_INT(charset_choose(m, false), CHARSET_GBK);
	CHECK_INT(charset_choose(m, true), CHARSET_BIG5);
	CHECK_INT(charset_accept("gbk;q=0.000, utf-8;q=0.001"), B(UTF8));
	CHECK_INT(charset_accept("utf-8;q=0.0, gbk"), B(GBK));
	CHECK_INT(charset_accept("*;q=0"), 0);
	CHECK_INT(charset_accept("gbk, *;q=0"), B(GBK));
	CHECK_INT(charset_accept("utf-8 ; q=1.0"), B(UTF8));
	CHECK_INT(charset_accept("utf-8;q=bad"), 0);   /* a broken q gets no credit */
	CHECK_INT(charset_accept(",,, gbk ,"), B(GBK));
}

TEST(lists_of_labels)
{
	CHECK_INT(charset_list("GB2312, Big5"), B(GB2312) | B(BIG5));
	CHECK_INT(charset_list("UTF-8 ISO-8859-1"), B(UTF8));
	CHECK_INT(charset_list(""), 0);
	CHECK_INT(charset_list(NULL), 0);
}

TEST(names_and_mibs)
{
	CHECK_STR(charset_name(CHARSET_GBK), "gbk");
	CHECK_STR(charset_name(CHARSET_BIG5), "big5");
	CHECK_INT(charset_mib(CHARSET_UTF8), 106);
	CHECK_INT(charset_mib(CHARSET_GBK), 113);
	CHECK_INT(charset_mib(CHARSET_GB2312), 2025);
	CHECK_INT(charset_mib(CHARSET_GB18030), 114);
	CHECK_INT(charset_mib(CHARSET_BIG5), 2026);
}

TEST(encodes_gbk_with_references)
{
	struct buf b = BUF_INIT;
	/* 身份证 in GBK is C9ED B7DD D6A4 (GB 2312 table); GBK has no Hangul. */
	CHECK_INT(charset_encode(CHARSET_GBK, "<p>身份证 한5</p>", strlen("<p>身份证 한5</p>"), &b), 0);
	CHECK_STR(b.data, "<p>\xC9\xED\xB7\xDD\xD6\xA4 &#xD55C;5</p>");
	CHECK_INT(charset_len(CHARSET_GBK, "<p>身份证 한5</p>", strlen("<p>身份证 한5</p>")), b.len);
	buf_reset(&b);
	/* An emoji has no GBK code; GB18030 has one (4 bytes). */
	CHECK_INT(charset_encode(CHARSET_GBK, "a😀b", strlen("a😀b"), &b), 0);
	CHECK_STR(b.data, "a&#x1F600;b");
	buf_reset(&b);
	CHECK_INT(charset_encode(CHARSET_GB18030, "😀", strlen("😀"), &b), 0);
	CHECK_INT(b.len, 4);
	buf_reset(&b);
	/* Invalid UTF-8 never passes through as bytes. */
	CHECK_INT(charset_encode(CHARSET_GBK, "x\xFFy", 3, &b), 0);
	CHECK_STR(b.data, "x&#xFFFD;y");
	buf_reset(&b);
	CHECK_INT(charset_encode(CHARSET_UTF8, "x\xE4\xB8y", 4, &b), 0);
	CHECK_STR(b.data, "x&#xFFFD;y");
	buf_release(&b);
}

TEST(encodes_big5_and_gb2312)
{
	struct buf b = BUF_INIT;
	/* 臺灣 in Big5: BB4F C657.  台 (simplified form) is in Big5 too: A578. */
	CHECK_INT(charset_encode(CHARSET_BIG5, "臺灣台", strlen("臺灣台"), &b), 0);
	CHECK_STR(b.data, "\xBB\x4F\xC6\x57\xA5\x78");
	buf_reset(&b);
	/* 证 (simplified) is not in Big5; 證 is (C3D2). */
	CHECK_INT(charset_encode(CHARSET_BIG5, "证證", strlen("证證"), &b), 0);
	CHECK_STR(b.data, "&#x8BC1;\xC3\xD2");
	buf_reset(&b);
	/* 證 is in GBK (traditional forms are) but not in GB2312. */
	CHECK(charset_has(CHARSET_GBK, 0x8B49));
	CHECK(!charset_has(CHARSET_GB2312, 0x8B49));
	CHECK(charset_has(CHARSET_GB2312, 0x8BC1));
	CHECK(!charset_has(CHARSET_BIG5, 0x8BC1));
	CHECK(charset_has(CHARSET_UTF8, 0x8BC1));
	CHECK_INT(charset_len(CHARSET_GB2312, "證", 3), strlen("&#x8B49;"));
	CHECK_INT(charset_len(CHARSET_UTF8, "證", 3), 3);
	buf_release(&b);
}

TEST(decodes_strictly)
{
	struct buf b = BUF_INIT;
	CHECK_INT(charset_decode(CHARSET_GBK, "\xC9\xED\xB7\xDD\xD6\xA4", 6, &b), 0);
	CHECK_STR(b.data, "身份证");
	buf_reset(&b);
	CHECK_INT(charset_decode(CHARSET_BIG5, "\xBB\x4F\xC6\x57 ok", 7, &b), 0);
	CHECK_STR(b.data, "臺灣 ok");
	buf_reset(&b);
	CHECK_INT(charset_decode(CHARSET_GBK, "\xC9", 1, &b), -1);        /* truncated */
	buf_reset(&b);
	CHECK_INT(charset_decode(CHARSET_GBK, "\xC9\x20", 2, &b), -1);    /* bad trail byte */
	buf_reset(&b);
	CHECK_INT(charset_decode(CHARSET_BIG5, "\xFF\xFF", 2, &b), -1);
	buf_reset(&b);
	CHECK_INT(charset_decode(CHARSET_UTF8, "\xC9\xED", 2, &b), -1);
	buf_reset(&b);
	CHECK_INT(charset_decode(CHARSET_UTF8, "证", 3, &b), 0);
	CHECK_STR(b.data, "证");
	buf_release(&b);
}

TEST(round_trip)
{
	const char *s = "湖南省人民政府门户网站：居民身份证申领（长沙县）";
	for (int cs = CHARSET_GBK; cs <= CHARSET_GB18030; cs++) {
		struct buf e = BUF_INIT, d = BUF_INIT;
		CHECK_INT(charset_encode((enum charset)cs, s, strlen(s), &e), 0);
		CHECK_INT(charset_decode((enum charset)cs, e.data, e.len, &d), 0);
		CHECK_STR(d.data, s);
		buf_release(&e);
		buf_release(&d);
	}
}

int main(void)
{
	RUN(real_headers_with_utf8_get_utf8);
	RUN(no_header_is_anything);
	RUN(latin1_only_has_none_of_ours);
	RUN(chinese_only_phones);
	RUN(q_values_and_star);
	RUN(lists_of_labels);
	RUN(names_and_mibs);
	RUN(encodes_gbk_with_references);
	RUN(encodes_big5_and_gb2312);
	RUN(decodes_strictly);
	RUN(round_trip);
	return harness_done("charset");
}
