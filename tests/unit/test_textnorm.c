#include "core/common.h"
#include "core/utf8.h"
#include "harness.h"

#include "text/textnorm.h"

/* Normalise a C string; the caller frees. */
static char *norm(const char *s)
{
	struct buf b = BUF_INIT;
	textnorm_append(&b, s, strlen(s));
	return buf_detach(&b);
}

#define CHECK_NORM(in, want) do { \
	char *got_ = norm(in); \
	CHECK_STR(got_, want); \
	free(got_); \
	} while (0)

TEST(folds_full_width_forms)
{
	CHECK_NORM("ＥＴＣ", "etc");
	CHECK_NORM("ｑ", "q");
	CHECK_NORM("Ａ", "a");
	CHECK_NORM("０１２３４５６７８９", "0123456789");
	CHECK_NORM("社保\xE3\x80\x80长沙", "社保 长沙"); /* U+3000 */
	CHECK_NORM("！＂＃（）＊～", "!\"#()*~");     /* FF01..FF5E edges */
	/* just outside the full-width ASCII block: left alone */
	CHECK_NORM("\xEF\xBD\x9F", "\xEF\xBD\x9F"); /* U+FF5F */
	CHECK_NORM("\xEF\xBC\x80", "\xEF\xBC\x80"); /* U+FF00 */
}

TEST(lower_cases_ascii_and_latin1)
{
	CHECK_NORM("ABC公司 Z", "abc公司 z");
	CHECK_NORM("abc-XYZ_09", "abc-xyz_09");
	CHECK_NORM("ÀÉÖ×Þ", "àéö×þ"); /* × is not a letter */
	CHECK_NORM("@[`{", "@[`{");   /* neighbours of A-Z / a-z */
}

TEST(traditional_to_simplified)
{
	CHECK_NORM("社會保險", "社会保险");
	CHECK_NORM("醫療保險", "医疗保险");
	CHECK_NORM("機動車駕駛證換證", "机动车驾驶证换证");
	CHECK_NORM("戶籍遷移登記", "户籍迁移登记");
	CHECK_NORM("營業執照辦理", "营业执照办理");
	CHECK_NORM("養老金發放", "养老金发放");
	CHECK_NORM("長沙市稅務局", "长沙市税务局");
	CHECK_NORM("臺灣", "台湾");
	/* simplified and shared characters are unchanged */
	CHECK_NORM("社会保险登记户籍", "社会保险登记户籍");
	CHECK_INT(textnorm_t2s(0x4FDD), 0x4FDD); /* 保 */
	CHECK_INT(textnorm_t2s(0x7C4D), 0x7C4D); /* 籍 */
	CHECK_INT(textnorm_t2s(0x6703), 0x4F1A); /* 會 -> 会 */
	CHECK_INT(textnorm_t2s('a'), 'a');
	CHECK_INT(textnorm_t2s(0x10FFFF), 0x10FFFF);
}

TEST(t2s_table_is_sorted_and_idempotent)
{
	/* Every key lies in U+4E00..9FFF.  The binary search finds all 1033
	 * of them only if the table is sorted (update the count when the
	 * table changes).  Folding twice equals folding once: no simplified
	 * target is itself a key. */
	int mapped = 0;
	bool idempotent = true;
	for (uint32_t cp = 0x3400; cp <= 0xFFFF; cp++) {
		uint32_t s = textnorm_t2s(cp);
		if (s != cp)
			mapped++;
		if (textnorm_t2s(s) != s)
			idempotent = false;
	}
	CHECK_INT(mapped, 1033);
	CHECK(idempotent);
	CHECK_INT(textnorm_t2s(0x4E9E), 0x4E9A); /* 亞 -> 亚, first entry */
	CHECK_INT(textnorm_t2s(0x9F9C), 0x9F9F); /* 龜 -> 龟, last entry */
}

TEST(drops_invalid_and_invisible)
{
	CHECK_NORM("社\xE2\x80\x8B保", "社保");   /* U+200B */
	CHECK_NORM("\xEF\xBB\xBF医保", "医保");    /* BOM */
	CHECK_NORM("a\xC2\xAD" "b", "ab");         /* soft hyphen */
	CHECK_NORM("户\xEF\xB8\x80籍", "户籍");    /* U+FE00 */
	CHECK_NORM("a\xFF" "b", "ab");
	CHECK_NORM("\xE7\xA4", "");                /* truncated 社 */
	CHECK_NORM("x\xC0\xAFy", "xy");            /* overlong '/' */
	CHECK_NORM("\xED\xA0\x80", "");            /* surrogate D800 */
	CHECK_NORM("\xF4\x90\x80\x80", "");        /* > U+10FFFF */
	CHECK_NORM("", "");
	struct buf b = BUF_INIT;
	textnorm_append(&b, "a\0b", 3);            /* NUL dropped too */
	CHECK_INT(b.len, 2);
	CHECK_STR(b.data, "ab");
	buf_release(&b);
}

TEST(is_han_ranges)
{
	CHECK(textnorm_is_han(0x4E00));
	CHECK(textnorm_is_han(0x9FFF));
	CHECK(!textnorm_is_han(0x4DFF)); /* Yijing hexagram, between Ext A and URO */
	CHECK(textnorm_is_han(0x3400));
	CHECK(textnorm_is_han(0x4DBF));
	CHECK(!textnorm_is_han(0x4DC0));
	CHECK(!textnorm_is_han(0x33FF));
	CHECK(textnorm_is_han(0xF900));
	CHECK(textnorm_is_han(0xFAFF));
	CHECK(!textnorm_is_han(0xF8FF));
	CHECK(!textnorm_is_han(0xFB00));
	CHECK(textnorm_is_han(0x20000));
	CHECK(textnorm_is_han(0x2A6DF));
	CHECK(textnorm_is_han(0x2FA1F));
	CHECK(!textnorm_is_han(0x2FA20));
	CHECK(!textnorm_is_han(0x1FFFF));
	CHECK(textnorm_is_han(0x3007));  /* 〇 */
	CHECK(!textnorm_is_han(0x3001)); /* 、 */
	CHECK(!textnorm_is_han(0x3002)); /* 。 */
	CHECK(!textnorm_is_han(0xFF0C)); /* ， */
	CHECK(!textnorm_is_han('a'));
	CHECK(!textnorm_is_han(0xA000)); /* Yi */
}

TEST(fold_single_code_points)
{
	CHECK_INT(textnorm_fold('Q'), 'q');
	CHECK_INT(textnorm_fold(0xFF31), 'q'); /* Ｑ */
	CHECK_INT(textnorm_fold(0xFF51), 'q'); /* ｑ */
	CHECK_INT(textnorm_fold(0x3000), ' ');
	CHECK_INT(textnorm_fold(0x200B), TEXTNORM_DROP);
	CHECK_INT(textnorm_fold(UTF8_REPLACEMENT), TEXTNORM_DROP);
	CHECK_INT(textnorm_fold(0x99D5), 0x9A7E); /* 駕 -> 驾 */
	CHECK(textnorm_is_space(' ') && textnorm_is_space('\n') && !textnorm_is_space('x'));
}

TEST(kana_hangul_and_latin_base)
{
	CHECK(textnorm_is_kana_hangul(0x3042));  /* あ */
	CHECK(textnorm_is_kana_hangul(0x30D3));  /* ビ */
	CHECK(textnorm_is_kana_hangul(0x30FC));  /* ー */
	CHECK(!textnorm_is_kana_hangul(0x30FB)); /* ・ separates */
	CHECK(textnorm_is_kana_hangul(0xFF8B));  /* ﾋ */
	CHECK(textnorm_is_kana_hangul(0xCC3D));  /* 창 */
	CHECK(textnorm_is_kana_hangul(0x3131));  /* ㄱ */
	CHECK(!textnorm_is_kana_hangul(0x957F)); /* 长: Han */
	CHECK(!textnorm_is_kana_hangul('a'));
	CHECK(!textnorm_is_kana_hangul(0x3001)); /* 、 */
	CHECK_INT(textnorm_latin_base(0xE9), 'e'); /* é */
	CHECK_INT(textnorm_latin_base(0xE7), 'c'); /* ç */
	CHECK_INT(textnorm_latin_base(0xF1), 'n'); /* ñ */
	CHECK_INT(textnorm_latin_base(0xFC), 'u'); /* ü */
	CHECK_INT(textnorm_latin_base(0xFF), 'y'); /* ÿ */
	CHECK_INT(textnorm_latin_base(0xF7), 0xF7); /* ÷ is no letter */
	CHECK_INT(textnorm_latin_base(0xC9), 0xC9); /* capitals are folded first */
	CHECK_INT(textnorm_latin_base('e'), 'e');
	CHECK_INT(textnorm_latin_base(0x0101), 0x0101); /* ā: outside Latin-1 */
	/* with the fold: É -> é -> e */
	CHECK_INT(textnorm_latin_base(textnorm_fold(0xC9)), 'e');
}

int main(void)
{
	RUN(folds_full_width_forms);
	RUN(lower_cases_ascii_and_latin1);
	RUN(traditional_to_simplified);
	RUN(t2s_table_is_sorted_and_idempotent);
	RUN(drops_invalid_and_invisible);
	RUN(is_han_ranges);
	RUN(fold_single_code_points);
	RUN(kana_hangul_and_latin_base);
	return harness_done("textnorm");
}
