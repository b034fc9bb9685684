/* test_msgrule.c - query codes, tokens, field checks, working days. */
#include "core/common.h"
#include "harness.h"
#include "text/msgrule.h"

static int64_t day_of(const char *s)
{
	int64_t d = -1;
	CHECK(msgrule_day_parse(s, &d));
	return d;
}

static char *add(const char *from, int n)
{
	static char out[11];
	msgrule_day_text(msgrule_add_workdays(day_of(from), n), out);
	return out;
}

TEST(workdays_skip_weekends)
{
	/* 2026-11-20 is a Friday (cal: Nov 1 2026 is a Sunday). */
	CHECK_INT(msgrule_weekday(day_of("2026-11-20")), 5);
	CHECK_INT(msgrule_weekday(day_of("2026-11-22")), 0);
	CHECK_STR(add("2026-11-20", 5), "2026-11-27");   /* Fri + 5 = next Fri */
	CHECK_STR(add("2026-11-20", 1), "2026-11-23");   /* Fri + 1 = Mon */
	CHECK_STR(add("2026-11-21", 1), "2026-11-23");   /* Sat + 1 = Mon */
	CHECK_STR(add("2026-11-22", 5), "2026-11-27");   /* Sun + 5 = Fri */
	CHECK_STR(add("2026-11-23", 5), "2026-11-30");   /* Mon + 5 = next Mon */
	CHECK_STR(add("2026-11-20", 15), "2026-12-11");  /* three weeks */
	CHECK_STR(add("2026-12-30", 3), "2027-01-04");   /* across a year */
	CHECK_STR(add("2026-11-20", 0), "2026-11-20");
}

TEST(day_in_china_time)
{
	/* 2026-11-20 16:30 UTC is 2026-11-21 00:30 in Beijing. */
	char s[11];
	msgrule_day_text(msgrule_day(1795192200), s);
	CHECK_STR(s, "2026-11-21");
	msgrule_day_text(msgrule_day(1795192200 - 3600), s);
	CHECK_STR(s, "2026-11-20");
	int64_t d;
	CHECK(!msgrule_day_parse("2026-02-30", &d));
	CHECK(!msgrule_day_parse("2026-11-20x", &d));
	CHECK(!msgrule_day_parse("20261120", &d));
}

TEST(codes_random_and_unambiguous)
{
	char a[MSGRULE_CODE_LEN + 1], b[MSGRULE_CODE_LEN + 1];
	CHECK_INT(msgrule_random(a, MSGRULE_CODE_LEN), 0);
	CHECK_INT(msgrule_random(b, MSGRULE_CODE_LEN), 0);
	CHECK_INT(strlen(a), 8);
	CHECK(strcmp(a, b) != 0);
	/* Over many codes: only alphabet characters, and every one appears. */
	int seen[256] = { 0 };
	for (int i = 0; i < 2000; i++) {
		CHECK_INT(msgrule_random(a, MSGRULE_CODE_LEN), 0);
		for (int k = 0; k < 8; k++)
			seen[(unsigned char)a[k]]++;
	}
	for (const char *p = "01OILabc"; *p; p++)
		CHECK_INT(seen[(unsigned char)*p], 0);
	for (const char *p = MSGRULE_ALPHABET; *p; p++)
		CHECK(seen[(unsigned char)*p] > 0);
}

TEST(code_normalise)
{
	char c[MSGRULE_CODE_LEN + 1];
	CHECK(msgrule_code_normalise("ab3d-ef9h", c));
	CHECK_STR(c, "AB3DEF9H");
	CHECK(msgrule_code_normalise(" AB3D EF9H ", c));
	CHECK_STR(c, "AB3DEF9H");
	CHECK(msgrule_code_normalise("AB3D\xe3\x80\x80" "EF9H", c)); /* full-width space */
	CHECK_STR(c, "AB3DEF9H");
	CHECK(!msgrule_code_normalise("AB3DEF9", c));     /* short */
	CHECK(!msgrule_code_normalise("AB3DEF9HJ", c));   /* long */
	CHECK(!msgrule_code_normalise("AB0DEF9H", c));    /* 0 is not in the alphabet */
	CHECK(!msgrule_code_normalise("ABIDEF9H", c));
	CHECK(!msgrule_code_normalise("", c));
	char t[MSGRULE_TOKEN_LEN + 1];
	CHECK(msgrule_token_normalise(" 23456789ABCDEFGH\r\n", 19, t));
	CHECK_STR(t, "23456789ABCDEFGH");
	CHECK(!msgrule_token_normalise("23456789abcdefgh", 16, t));
	CHECK(!msgrule_token_normalise("23456789ABCDEFG", 15, t));
}

TEST(text_checks)
{
	CHECK_INT(msgrule_check_text("路灯坏了", strlen("路灯坏了"), 40, true, false), MSGRULE_OK);
	CHECK_INT(msgrule_check_text("", 0, 40, true, false), MSGRULE_EMPTY);
	CHECK_INT(msgrule_check_text(NULL, 0, 40, true, false), MSGRULE_EMPTY);
	CHECK_INT(msgrule_check_text(" \xe3\x80\x80 \t", 6, 40, true, false), MSGRULE_EMPTY);
	CHECK_INT(msgrule_check_text("", 0, 40, false, false), MSGRULE_OK);
	/* 40 Chinese characters fit, 41 do not: characters, not bytes. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 40; i++)
		buf_adds(&b, "长");
	CHECK_INT(msgrule_check_text(b.data, b.len, 40, true, false), MSGRULE_OK);
	buf_adds(&b, "长");
	CHECK_INT(msgrule_check_text(b.data, b.len, 40, true, false), MSGRULE_TOO_LONG);
	buf_release(&b);
	CHECK_INT(msgrule_check_text("a\xff" "b", 3, 40, true, false), MSGRULE_BAD_UTF8);
	CHECK_INT(msgrule_check_text("\xe8\xb7", 2, 40, true, false), MSGRULE_BAD_UTF8);
	CHECK_INT(msgrule_check_text("a\x01" "b", 3, 40, true, false), MSGRULE_CONTROL);
	CHECK_INT(msgrule_check_text("a\0b", 3, 40, true, false), MSGRULE_CONTROL);
	CHECK_INT(msgrule_check_text("a\xc2\x85" "b", 4, 40, true, false), MSGRULE_CONTROL); /* C1 NEL */
	CHECK_INT(msgrule_check_text("a\nb", 3, 40, true, false), MSGRULE_CONTROL);
	CHECK_INT(msgrule_check_text("a\r\nb\tc", 6, 40, true, true), MSGRULE_OK);
}

TEST(clean)
{
	char *c = msgrule_clean("  第一段\r\n第二段\r第三段 \n\n", strlen("  第一段\r\n第二段\r第三段 \n\n"), true);
	CHECK_STR(c, "第一段\n第二段\n第三段");
	free(c);
	c = msgrule_clean("\xe3\x80\x80标\t题\xe3\x80\x80", strlen("\xe3\x80\x80标\t题\xe3\x80\x80"), false);
	CHECK_STR(c, "标 题");
	free(c);
	c = msgrule_clean("", 0, false);
	CHECK_STR(c, "");
	free(c);
}

/* Issue 15 item 4: msgrule_clean on invalid UTF-8 read whole sequences
 * from a lead byte without looking at n, so a truncated character at
 * either end read past the buffer (ASan: heap-buffer-overflow).  Each
 * input sits in a heap block of exactly its length. */
static char *clean_exact(const char *bytes, size_t n)
{
	char *p = xmalloc(n ? n : 1);
	memcpy(p, bytes, n);
	char *c = msgrule_clean(p, n, false);
	free(p);
	return c;
}

TEST(clean_stays_inside_invalid_input)
{
	/* a truncated U+3000 (blank if whole) at the start and at the end */
	char *c = clean_exact("\xe3\x80", 2);
	CHECK_STR(c, "\xe3\x80");
	free(c);
	c = clean_exact("a\xe3\x80", 3);
	CHECK_STR(c, "a\xe3\x80");
	free(c);
	/* four-byte lead bytes alone */
	c = clean_exact("\xf0", 1);
	CHECK_STR(c, "\xf0");
	free(c);
	c = clean_exact(" x \xf4", 4);
	CHECK_STR(c, "x \xf4");
	free(c);
	/* a stray continuation byte is not blank either, but whole blanks
	 * around it are still trimmed */
	c = clean_exact("\xe3\x80\x80\x80\xe3\x80\x80", 7);
	CHECK_STR(c, "\x80");
	free(c);
}

TEST(phones)
{
	char *d;
	CHECK_INT(msgrule_check_phone("138 0000-1111", 13, &d), MSGRULE_OK);
	CHECK_STR(d, "13800001111");
	free(d);
	CHECK_INT(msgrule_check_phone("+8613800001111", 14, &d), MSGRULE_OK);
	CHECK_STR(d, "8613800001111");
	free(d);
	CHECK_INT(msgrule_check_phone("", 0, &d), MSGRULE_OK);
	CHECK_STR(d, "");
	free(d);
	CHECK_INT(msgrule_check_phone("12ab", 4, &d), MSGRULE_BAD_PHONE);
	CHECK(d == NULL);
	CHECK_INT(msgrule_check_phone("1234", 4, &d), MSGRULE_BAD_PHONE);
	CHECK_INT(msgrule_check_phone("123456789012345678901", 21, &d), MSGRULE_BAD_PHONE);
	struct buf b = BUF_INIT;
	msgrule_mask_phone(&b, "13812345678");
	CHECK_STR(buf_cstr(&b), "138****5678");
	buf_reset(&b);
	msgrule_mask_phone(&b, "12345");
	CHECK_STR(buf_cstr(&b), "***45");
	buf_release(&b);
}

TEST(public_names)
{
	struct buf b = BUF_INIT;
	msgrule_public_name(&b, "王小明", true);
	CHECK_STR(buf_cstr(&b), "王某");
	buf_reset(&b);
	msgrule_public_name(&b, "王小明", false);
	CHECK_STR(buf_cstr(&b), "王小明");
	buf_reset(&b);
	msgrule_public_name(&b, "", true);
	CHECK_STR(buf_cstr(&b), "网友");
	buf_release(&b);
	CHECK(msgrule_type_valid("投诉"));
	CHECK(!msgrule_type_valid("表扬"));
	CHECK(!msgrule_type_valid(NULL));
	/* Traditional spellings (what a Big5 phone can send) name the same types. */
	CHECK_STR(msgrule_type_of("諮詢"), "咨询");
	CHECK_STR(msgrule_type_of("建議"), "建议");
	CHECK_STR(msgrule_type_of("投訴"), "投诉");
	CHECK_STR(msgrule_type_of("投诉"), "投诉");
	CHECK(msgrule_type_of("表扬") == NULL);
	CHECK(msgrule_type_of("建") == NULL);
	CHECK(msgrule_type_of("") == NULL);
	CHECK(msgrule_type_of("\xFF") == NULL);
	CHECK(msgrule_type_of(NULL) == NULL);
}

TEST(client_keys)
{
	const char *trusted[] = { "10.0.0.5", "127.0.0.1" };
	const char *hdrs[] = { NULL, "86-138-0000-1111" };
	char *k = msgrule_client_key("127.0.0.1", trusted, 2, hdrs, 2);
	CHECK_STR(k, "tel:8613800001111");
	free(k);
	/* The same header from anyone else is ignored. */
	k = msgrule_client_key("192.0.2.9", trusted, 2, hdrs, 2);
	CHECK_STR(k, "ip:192.0.2.9");
	free(k);
	k = msgrule_client_key("127.0.0.1", NULL, 0, hdrs, 2);
	CHECK_STR(k, "ip:127.0.0.1");
	free(k);
	/* A trusted gateway with a garbage header: fall back to the address. */
	const char *junk[] = { "unknown" };
	k = msgrule_client_key("10.0.0.5", trusted, 2, junk, 1);
	CHECK_STR(k, "ip:10.0.0.5");
	free(k);
}

int main(void)
{
	RUN(workdays_skip_weekends);
	RUN(day_in_china_time);
	RUN(codes_random_and_unambiguous);
	RUN(code_normalise);
	RUN(text_checks);
	RUN(clean);
	RUN(clean_stays_inside_invalid_input);
	RUN(phones);
	RUN(public_names);
	RUN(client_keys);
	return harness_done("msgrule");
}
