/* test_utf8.c - the strict UTF-8 decoder every module shares. */
#include "harness.h"

#include "core/utf8.h"

/* Decode s (a string literal, so sizeof - 1 is its length). */
#define DEC(s, cp) utf8_decode((s), sizeof(s) - 1, (cp))

TEST(decodes_each_length)
{
	uint32_t cp;
	CHECK_INT(DEC("A", &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(DEC("\xC2\xA9", &cp), 2);           /* © */
	CHECK_INT(cp, 0xA9);
	CHECK_INT(DEC("\xE6\xA1\xA5", &cp), 3);       /* 桥 */
	CHECK_INT(cp, 0x6865);
	CHECK_INT(DEC("\xF0\x9F\x98\x80", &cp), 4);   /* U+1F600 */
	CHECK_INT(cp, 0x1F600);
	CHECK_INT(DEC("\xF4\x8F\xBF\xBF", &cp), 4);   /* U+10FFFF, the last */
	CHECK_INT(cp, 0x10FFFF);
	CHECK_INT(DEC("\xEF\xBF\xBF", &cp), 3);       /* U+FFFF is well-formed */
	CHECK_INT(cp, 0xFFFF);
}

TEST(rejects_overlongs)
{
	uint32_t cp = 0;
	CHECK_INT(DEC("\xC0\xAF", &cp), 0);          /* '/' in two bytes */
	CHECK_INT(cp, 0xFFFD);
	CHECK_INT(DEC("\xC1\xBF", &cp), 0);
	CHECK_INT(DEC("\xE0\x80\xAF", &cp), 0);      /* '/' in three */
	CHECK_INT(DEC("\xE0\x9F\xBF", &cp), 0);      /* U+07FF in three */
	CHECK_INT(DEC("\xF0\x80\x80\xAF", &cp), 0);  /* '/' in four */
	CHECK_INT(DEC("\xF0\x8F\xBF\xBF", &cp), 0);  /* U+FFFF in four */
	CHECK_INT(DEC("\xE0\xA0\x80", &cp), 3);      /* U+0800, the first 3-byte */
	CHECK_INT(DEC("\xF0\x90\x80\x80", &cp), 4);  /* U+10000, the first 4-byte */
}

TEST(rejects_surrogates)
{
	uint32_t cp;
	CHECK_INT(DEC("\xED\xA0\x80", &cp), 0);      /* U+D800 */
	CHECK_INT(DEC("\xED\xBF\xBF", &cp), 0);      /* U+DFFF */
	CHECK_INT(DEC("\xED\x9F\xBF", &cp), 3);      /* U+D7FF is fine */
	CHECK_INT(cp, 0xD7FF);
	CHECK_INT(DEC("\xEE\x80\x80", &cp), 3);      /* U+E000 is fine */
}

TEST(rejects_above_10ffff)
{
	uint32_t cp;
	CHECK_INT(DEC("\xF4\x90\x80\x80", &cp), 0);  /* U+110000 */
	CHECK_INT(DEC("\xF5\x80\x80\x80", &cp), 0);
	CHECK_INT(DEC("\xF7\xBF\xBF\xBF", &cp), 0);
	CHECK_INT(DEC("\xFF", &cp), 0);
}

TEST(rejects_truncation_and_strays)
{
	uint32_t cp;
	CHECK_INT(DEC("\xE6\xA1", &cp), 0);          /* 桥 cut short */
	CHECK_INT(DEC("\xF0\x9F\x98", &cp), 0);
	CHECK_INT(DEC("\xC2", &cp), 0);
	CHECK_INT(DEC("\x80", &cp), 0);              /* stray continuation */
	CHECK_INT(DEC("\xE6\x41\xA5", &cp), 0);      /* ASCII inside */
	CHECK_INT(utf8_decode("\xE6\xA1\xA5", 2, &cp), 0); /* n, not NUL, ends it */
	CHECK_INT(utf8_decode("", 0, &cp), 0);
}

TEST(bad_len_is_the_maximal_ill_formed_part)
{
	CHECK_INT(utf8_bad_len("\xC0\xAF", 2), 1);   /* C0 can start nothing */
	CHECK_INT(utf8_bad_len("\xE4\xB8", 2), 2);   /* truncated: one piece */
	CHECK_INT(utf8_bad_len("\xE4\xB8" "A", 3), 2);
	CHECK_INT(utf8_bad_len("\xED\xA0\x80", 3), 1); /* A0 is not allowed after ED */
	CHECK_INT(utf8_bad_len("\xF4\x90", 2), 1);
	CHECK_INT(utf8_bad_len("\xF0\x9F\x98" "A", 4), 3);
	CHECK_INT(utf8_bad_len("", 0), 0);
}

TEST(valid_and_prefix)
{
	const char ok[] = "qiao \xE6\xA1\xA5 \xF0\x9F\x98\x80";
	CHECK(utf8_valid(ok, sizeof(ok) - 1));
	CHECK(utf8_valid("", 0));
	CHECK(!utf8_valid("a\xC0\xAF", 3));
	CHECK(!utf8_valid("a\xED\xA0\x80", 4));
	CHECK(!utf8_valid("a\xF4\x90\x80\x80", 5));
	CHECK(!utf8_valid("\xE6\xA1\xA5\xE6", 4));
	CHECK_INT(utf8_valid_prefix("\xE6\xA1\xA5\xE6\xA1", 5), 3);
	CHECK_INT(utf8_valid_prefix("ab\x80" "cd", 5), 2);
	CHECK_INT(utf8_valid_prefix(ok, sizeof(ok) - 1), sizeof(ok) - 1);
}

TEST(counts_code_points)
{
	CHECK_INT(utf8_count("", 0), 0);
	CHECK_INT(utf8_count("abc", 3), 3);
	CHECK_INT(utf8_count("\xE6\xA1\xA5\xE6\xA1\xA5", 6), 2);
	CHECK_INT(utf8_count("a\xF0\x9F\x98\x80z", 6), 3);
	CHECK_INT(utf8_count("\xE6\xA1\xA5", 2), 1);   /* stops at n */
}

TEST(encodes_and_round_trips)
{
	char out[4];
	CHECK_INT(utf8_encode('A', out), 1);
	CHECK(out[0] == 'A');
	CHECK_INT(utf8_encode(0xA9, out), 2);
	CHECK(memcmp(out, "\xC2\xA9", 2) == 0);
	CHECK_INT(utf8_encode(0x6865, out), 3);
	CHECK(memcmp(out, "\xE6\xA1\xA5", 3) == 0);
	CHECK_INT(utf8_encode(0x10FFFF, out), 4);
	CHECK(memcmp(out, "\xF4\x8F\xBF\xBF", 4) == 0);
	CHECK_INT(utf8_encode(0xD800, out), 0);
	CHECK_INT(utf8_encode(0xDFFF, out), 0);
	CHECK_INT(utf8_encode(0x110000, out), 0);
	/* every scalar value survives encode then decode */
	size_t bad = 0;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		uint32_t back;
		size_t n = utf8_encode(cp, out);
		if (!n || utf8_decode(out, n, &back) != n || back != cp)
			bad++;
	}
	CHECK_INT(bad, 0);
}

/* utf8_next: the step the search folding uses (moved here from
 * test_textnorm with utf8_next). */
TEST(next_steps_over_bad_bytes_one_at_a_time)
{
	uint32_t cp = 1;
	CHECK_INT(utf8_next("", 0, &cp), 0);
	CHECK_INT(cp, UTF8_REPLACEMENT);
	CHECK_INT(utf8_next("A", 1, &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(utf8_next("\xC2\x80", 2, &cp), 2);
	CHECK_INT(cp, 0x80);
	CHECK_INT(utf8_next("\xDF\xBF", 2, &cp), 2);
	CHECK_INT(cp, 0x7FF);
	CHECK_INT(utf8_next("\xE0\xA0\x80", 3, &cp), 3);
	CHECK_INT(cp, 0x800);
	CHECK_INT(utf8_next("\xEF\xBF\xBF", 3, &cp), 3);
	CHECK_INT(cp, 0xFFFF);
	CHECK_INT(utf8_next("\xF0\x90\x80\x80", 4, &cp), 4);
	CHECK_INT(cp, 0x10000);
	CHECK_INT(utf8_next("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	CHECK_INT(cp, 0x10FFFF);
	CHECK_INT(utf8_next("\xF0\xA0\x80\x80", 4, &cp), 4);
	CHECK_INT(cp, 0x20000);
	/* malformed: one byte consumed, U+FFFD */
	const char *bad[] = {
		"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80",
		"\xED\xA0\x80", "\xF0\x80\x80\x80", "\xF4\x90\x80\x80",
		"\xF5\x80\x80\x80", "\xFF", "\xC3\x28", "\xE4\xBD",
	};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		cp = 0;
		CHECK_INT(utf8_next(bad[k], strlen(bad[k]), &cp), 1);
		CHECK_INT(cp, UTF8_REPLACEMENT);
	}
	/* a sequence cut short by n, even though more bytes follow in memory */
	CHECK_INT(utf8_next("\xE7\xA4\xBE", 2, &cp), 1);
	CHECK_INT(cp, UTF8_REPLACEMENT);
	CHECK_INT(utf8_next("\xE7\xA4\xBE", 3, &cp), 3);
	CHECK_INT(cp, 0x793E); /* 社 */
}

TEST(next_and_encode_round_trip)
{
	char enc[4];
	uint32_t samples[] = { 0, 0x7F, 0x80, 0x7FF, 0x800, 0x793E, 0xFFFF, 0x10000, 0x20000, 0x10FFFF };
	for (size_t k = 0; k < sizeof samples / sizeof samples[0]; k++) {
		size_t len = utf8_encode(samples[k], enc);
		uint32_t back = 1;
		CHECK(len >= 1 && len <= 4);
		CHECK_INT(utf8_next(enc, len, &back), len);
		CHECK_INT(back, samples[k]);
	}
	CHECK_INT(utf8_encode(0xD800, enc), 0);
	CHECK_INT(utf8_encode(0x110000, enc), 0);
}

int main(void)
{
	RUN(decodes_each_length);
	RUN(rejects_overlongs);
	RUN(rejects_surrogates);
	RUN(rejects_above_10ffff);
	RUN(rejects_truncation_and_strays);
	RUN(bad_len_is_the_maximal_ill_formed_part);
	RUN(valid_and_prefix);
	RUN(counts_code_points);
	RUN(encodes_and_round_trips);
	RUN(next_steps_over_bad_bytes_one_at_a_time);
	RUN(next_and_encode_round_trip);
	return harness_done("utf8");
}
