#include "core/common.h"
#include "harness.h"

#include "render/pager.h"

/* ---- helpers ------------------------------------------------------------ */

/* Counts how many bytes the pager asked to be measured. */
struct counter {
	size_t bytes, calls;
};

/* The size of s[0..n) once escaped for WML: & -> &amp; (5), < > -> &lt; &gt;
 * (4), " -> &quot; (6), ' -> &apos; (5), $ -> $$ (2). */
static size_t wml_len(const char *s, size_t n, void *ctx)
{
	size_t m = 0;
	if (ctx) {
		struct counter *c = ctx;
		c->bytes += n;
		c->calls++;
	}
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': m += 5; break;
		case '<': case '>': m += 4; break;
		case '"': m += 6; break;
		case '\'': m += 5; break;
		case '$': m += 2; break;
		default: m += 1; break;
		}
	}
	return m;
}

/* Strict UTF-8 check (no overlongs, no surrogates, <= U+10FFFF). */
static bool utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t k;
		uint32_t v;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			k = 2, v = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 3, v = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 4, v = c & 0x07;
		} else {
			return false;
		}
		if (i + k > n)
			return false;
		for (size_t j = 1; j < k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			v = (v << 6) | (s[i + j] & 0x3F);
		}
		if ((k == 3 && v < 0x800) || (k == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return false;
		i += k;
	}
	return true;
}

static size_t utf8_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Start of the character that ends at p (p > 0). */
static size_t char_before(const char *s, size_t p)
{
	size_t q = p - 1;
	while (q > 0 && ((unsigned char)s[q] & 0xC0) == 0x80)
		q--;
	return q;
}

static bool char_is(const char *s, size_t at, size_t end, const char *const *set)
{
	for (size_t i = 0; set[i]; i++) {
		size_t l = strlen(set[i]);
		if (at + l == end && memcmp(s + at, set[i], l) == 0)
			return true;
	}
	return false;
}

static bool starts_with_any(const char *s, size_t len, size_t at, const char *const *set)
{
	for (size_t i = 0; set[i]; i++) {
		size_t l = strlen(set[i]);
		if (at + l <= len && memcmp(s + at, set[i], l) == 0)
			return true;
	}
	return false;
}

static const char *const CLOSERS[] = { "”", "’", "」", "』", "）", ")", "\"", "'", NULL };
static const char *const SPACES[] = { " ", "　", NULL };
static const char *const CJK_TERMS[] = { "。", "！", "？", "；", NULL };
static const char *const ALL_TERMS[] = { "。", "！", "？", "；", ".", "!", "?", ";", NULL };
static const char *const CJK_COMMAS[] = { "，", "、", "：", NULL };

/* Loose: does text[0..p) end like a sentence (terminator, closers, spaces)? */
static bool ends_sentence(const char *t, size_t p)
{
	while (p > 0 && char_is(t, char_before(t, p), p, SPACES))
		p = char_before(t, p);
	while (p > 0 && char_is(t, char_before(t, p), p, CLOSERS))
		p = char_before(t, p);
	return p > 0 && char_is(t, char_before(t, p), p, ALL_TERMS);
}

static bool ends_clause(const char *t, size_t p)
{
	while (p > 0 && char_is(t, char_before(t, p), p, SPACES))
		p = char_before(t, p);
	while (p > 0 && char_is(t, char_before(t, p), p, CLOSERS))
		p = char_before(t, p);
	return p > 0 && char_is(t, char_before(t, p), p, CJK_COMMAS);
}

/* Strict (conservative) sentence end at p: a CJK terminator, closers, then
 * p where a fresh character starts; or ASCII . ! ? followed by a space. */
static bool sentence_end_at(const char *t, size_t len, size_t p)
{
	if (p == 0 || p >= len)
		return false;
	if (starts_with_any(t, len, p, SPACES) || starts_with_any(t, len, p, CLOSERS) ||
	    starts_with_any(t, len, p, ALL_TERMS))
		return false;
	size_t q = p, nsp = 0;
	while (q > 0 && char_is(t, char_before(t, q), q, SPACES))
		q = char_before(t, q), nsp++;
	while (q > 0 && char_is(t, char_before(t, q), q, CLOSERS))
		q = char_before(t, q);
	if (q == 0)
		return false;
	size_t c = char_before(t, q);
	if (char_is(t, c, q, CJK_TERMS))
		return true;
	return nsp > 0 && (t[c] == '.' || t[c] == '!' || t[c] == '?') && c + 1 == q;
}

static bool clause_end_at(const char *t, size_t len, size_t p)
{
	if (p == 0 || p >= len)
		return false;
	if (starts_with_any(t, len, p, SPACES) || starts_with_any(t, len, p, CLOSERS))
		return false;
	size_t c = char_before(t, p);
	return char_is(t, c, p, CJK_COMMAS);
}

static const char *const UNSPLITTABLE[] = { "&amp;", "&#12345;", "&#x4e2d;", "<br/>", "<b>", "</b>", NULL };

struct expect {
	bool full;        /* every piece but the last >= budget/2 */
	bool prefer;      /* paragraph/sentence/clause preference */
	size_t free_from, free_to; /* ends in (from, to] may be unit breaks */
	bool marks_only;  /* other non-last pieces must end at a sentence or paragraph */
};

/* Everything a split must satisfy; returns number of pieces. */
static size_t check_split(const char *text, size_t len, size_t budget, const struct expect *ex)
{
	struct pager pg;
	int rc = pager_split(text, len, budget, wml_len, NULL, &pg);
	CHECK_INT(rc, 0);
	if (rc != 0)
		return 0;
	CHECK(pg.n >= 1);

	struct buf cat = BUF_INIT;
	size_t pos = 0, bad = 0;
	for (size_t i = 0; i < pg.n; i++) {
		size_t off = pg.pieces[i].off, n = pg.pieces[i].len, end = off + n;
		bool last = i + 1 == pg.n;
		bool ok = off == pos && n > 0 && end <= len;
		ok = ok && wml_len(text + off, n, NULL) <= budget;
		ok = ok && utf8_valid(text + off, n);
		if (!ok) {
			bad++;
			break;
		}
		buf_add(&cat, text + off, n);
		pos = end;
		if (last)
			continue;

		/* never inside an entity or tag */
		for (size_t k = 0; UNSPLITTABLE[k]; k++) {
			size_t l = strlen(UNSPLITTABLE[k]);
			for (size_t s = end >= l ? end - l + 1 : 0; s < end; s++)
				if (s + l <= len && memcmp(text + s, UNSPLITTABLE[k], l) == 0) {
					fprintf(stderr, "    split inside %s at %zu\n", UNSPLITTABLE[k], end);
					bad++;
				}
		}

		size_t m = wml_len(text + off, n, NULL);
		if (ex->full && m < budget - m) {
			fprintf(stderr, "    piece %zu measures %zu < budget/2 (%zu)\n", i, m, budget);
			bad++;
		}

		bool para_end = text[end - 1] == '\n';
		bool sent_end = para_end || ends_sentence(text, end);
		bool clause_end = sent_end || ends_clause(text, end);
		if (ex->prefer) {
			/* which marks lie in the second half of the budget, within the piece? */
			bool para = false, sent = false, clause = false;
			size_t pm = 0;
			for (size_t p = off; p < end;) {
				size_t q = p + 1;
				while (q < end && ((unsigned char)text[q] & 0xC0) == 0x80)
					q++;
				pm += wml_len(text + p, q - p, NULL);
				p = q;
				if (pm < budget - pm)
					continue;
				para = para || text[p - 1] == '\n';
				sent = sent || sentence_end_at(text, len, p);
				clause = clause || clause_end_at(text, len, p);
			}
			if ((para && !para_end) || (sent && !sent_end) || (clause && !clause_end)) {
				fprintf(stderr, "    piece %zu (budget %zu) ignores a better break: para %d/%d sent %d/%d clause %d/%d\n",
					i, budget, para, para_end, sent, sent_end, clause, clause_end);
				bad++;
			}
		}
		if (ex->marks_only && !(end > ex->free_from && end <= ex->free_to) && !sent_end) {
			fprintf(stderr, "    piece %zu (budget %zu, end %zu, free %zu..%zu) ends outside a sentence: ...%.*s|\n",
				i, budget, end, ex->free_from, ex->free_to, 12, text + end - 12);
			bad++;
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(pos, len);
	CHECK_INT(cat.len, len);
	CHECK(cat.len == len && memcmp(cat.data, text, len) == 0);
	buf_release(&cat);
	size_t n = pg.n;
	pager_release(&pg);
	CHECK(pg.pieces == NULL && pg.n == 0);
	return n;
}

/* ---- the test article -------------------------------------------------- */

static const char *const SENTENCES[] = {
	"湖南省人民政府今日召开常务会议，研究部署近期重点工作。",
	"会议强调，要坚持以人民为中心的发展思想，切实办好民生实事。",
	"他说：“我们一定要把群众的事情办好。”",
	"这项政策什么时候落地？",
	"太好了！",
	"长沙、株洲、湘潭三市将率先试点；其他市州随后跟进。",
	"记者问：“效果怎么样？”",
	"Tom & Jerry said \"hi\" and paid $5 for 2 < 3 items. ",
	"R&amp;D spending rose 3.5% in 2023, see &#12345; and &#x4e2d; here. ",
	"省政务服务中心位于长沙市岳麓区，办公时间为工作日上午九点至下午五点。",
	"<b>重要</b>：请携带身份证原件办理。",
	"他问：“‘最多跑一次’真的做到了吗？”",
	"It's 'done'. ",
	"全省十四个市州均已开通网上办事大厅<br/>群众足不出户即可办理一百多项业务。",
	"（详见附件。）",
	"当天气温为摄氏二十度左右，空气质量良好，适宜出行。",
};

static const char GIANT_CHARS[] = "长沙株洲湘潭衡阳邵阳岳阳常德张家界益阳郴州永州怀化娄底湘西土家族苗族自治州";

struct article {
	char *text;
	size_t len;
	size_t giant_off, giant_end; /* the punctuation-free paragraph, '\n' excluded */
};

static void add_giant(struct buf *b, size_t chars)
{
	size_t glen = strlen(GIANT_CHARS), gi = 0;
	for (size_t i = 0; i < chars; i++) {
		buf_add(b, GIANT_CHARS + gi, 3); /* all 3-byte characters */
		gi = (gi + 3) % glen;
	}
}

static struct article make_article(void)
{
	static const size_t targets[] = { 120, 900, 0 /* giant */, 40, 1600, 300, 2200, 10, 700, 1100 };
	struct buf b = BUF_INIT;
	struct article a = { NULL, 0, 0, 0 };
	unsigned seed = 12345;

	for (size_t p = 0; p < ARRAY_LEN(targets); p++) {
		if (targets[p] == 0) {
			a.giant_off = b.len;
			add_giant(&b, 3000);
			a.giant_end = b.len;
			buf_addc(&b, '\n');
			continue;
		}
		size_t start = b.len;
		if (p % 2)
			buf_adds(&b, "　　"); /* indent as many portals do */
		do {
			seed = seed * 1103515245u + 12345u;
			buf_adds(&b, SENTENCES[(seed >> 16) % ARRAY_LEN(SENTENCES)]);
		} while (utf8_count(b.data + start, b.len - start) < targets[p]);
		if (p + 1 < ARRAY_LEN(targets))
			buf_addc(&b, '\n');
	}
	a.len = b.len;
	a.text = buf_detach(&b);
	return a;
}

/* ---- tests -------------------------------------------------------------- */

TEST(article_is_what_the_tests_need)
{
	struct article a = make_article();
	CHECK(utf8_count(a.text, a.len) >= 8000);
	CHECK(utf8_valid(a.text, a.len));
	CHECK(strstr(a.text, "&amp;") != NULL);
	CHECK(strstr(a.text, "”") != NULL);
	CHECK(strstr(a.text, "$") != NULL);
	CHECK(strstr(a.text, " < ") != NULL);
	CHECK(strstr(a.text, "！") != NULL && strstr(a.text, "？") != NULL);
	CHECK_INT(utf8_count(a.text + a.giant_off, a.giant_end - a.giant_off), 3000);
	size_t nl = 0;
	for (size_t i = 0; i < a.len; i++)
		nl += a.text[i] == '\n';
	CHECK_INT(nl, 9);
	free(a.text);
}

TEST(article_splits_at_every_budget)
{
	struct article a = make_article();
	static const size_t budgets[] = { 10240, 1400, 700, 300, 37 };
	size_t total = wml_len(a.text, a.len, NULL);
	for (size_t i = 0; i < ARRAY_LEN(budgets); i++) {
		size_t bud = budgets[i];
		struct expect ex = { true, true, a.giant_off, a.giant_end, bud >= 300 };
		size_t n = check_split(a.text, a.len, bud, &ex);
		/* each piece <= budget, and all but the last >= budget/2 */
		CHECK(n >= (total + bud - 1) / bud);
		CHECK(n <= 2 * total / bud + 1);
	}
	free(a.text);
}

TEST(long_paragraphs_break_after_sentences_with_quotes)
{
	/* Short sentences, many ending in ” - at budget 300 no piece may end
	 * before a closing quote or in mid-sentence. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 60; i++)
		buf_adds(&b, i % 3 ? "他说：“我们一定要把群众的事情办好。”" : "会议强调，要办好民生实事！");
	struct pager pg;
	CHECK_INT(pager_split(b.data, b.len, 300, wml_len, NULL, &pg), 0);
	CHECK(pg.n > 5);
	for (size_t i = 0; i + 1 < pg.n; i++) {
		size_t end = pg.pieces[i].off + pg.pieces[i].len;
		CHECK(ends_sentence(b.data, end));
		/* the quote never starts a piece */
		CHECK(memcmp(b.data + end, "”", 3) != 0);
	}
	pager_release(&pg);
	buf_release(&b);
}

TEST(giant_paragraph_pieces_are_full)
{
	struct buf b = BUF_INIT;
	add_giant(&b, 3000);
	static const size_t budgets[] = { 1400, 700, 300, 37 };
	for (size_t i = 0; i < ARRAY_LEN(budgets); i++) {
		size_t bud = budgets[i], per = bud / 3; /* whole 3-byte characters */
		struct pager pg;
		CHECK_INT(pager_split(b.data, b.len, bud, wml_len, NULL, &pg), 0);
		CHECK_INT(pg.n, (3000 + per - 1) / per);
		for (size_t k = 0; k < pg.n; k++) {
			CHECK_INT(pg.pieces[k].off, k * per * 3);
			if (k + 1 < pg.n)
				CHECK_INT(pg.pieces[k].len, per * 3);
			else
				CHECK_INT(pg.pieces[k].len, (3000 - k * per) * 3);
		}
		pager_release(&pg);
		struct expect ex = { true, true, 0, 0, false };
		check_split(b.data, b.len, bud, &ex);
	}
	buf_release(&b);
}

TEST(paragraph_break_wins_when_piece_at_least_half_full)
{
	struct pager pg;
	/* '\n' after 6 of 10 bytes; a sentence end would give 10 */
	const char *t = "abcde\nfg. hij";
	CHECK_INT(pager_split(t, strlen(t), 10, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 6);
	CHECK_INT(pg.pieces[1].off, 6);
	CHECK_INT(pg.pieces[1].len, 7);
	pager_release(&pg);

	/* exactly half: still the paragraph */
	t = "abcd\nefghijklm";
	CHECK_INT(pager_split(t, strlen(t), 10, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 5);
	pager_release(&pg);

	/* the last of several newlines in the window */
	t = "ab\ncd\nefgh";
	CHECK_INT(pager_split(t, strlen(t), 8, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 6);
	pager_release(&pg);
}

TEST(higher_fill_gives_up_paragraph_for_sentence)
{
	struct pager pg;
	/* '\n' after 6 of 10 bytes: enough at fill 50, not at fill 80, where
	 * the sentence end after 10 wins */
	const char *t = "abcde\nfg. hij";
	CHECK_INT(pager_split_fill(t, strlen(t), 10, 50, NULL, NULL, &pg), 0);
	CHECK_INT(pg.pieces[0].len, 6);
	pager_release(&pg);
	CHECK_INT(pager_split_fill(t, strlen(t), 10, 80, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 10);
	CHECK_INT(pg.pieces[1].off, 10);
	pager_release(&pg);
	/* exactly 80%: the paragraph still wins */
	t = "abcdefg\nhijklmno";
	CHECK_INT(pager_split_fill(t, strlen(t), 10, 80, NULL, NULL, &pg), 0);
	CHECK_INT(pg.pieces[0].len, 8);
	pager_release(&pg);
}

TEST(early_paragraph_break_loses_to_sentence_or_fill)
{
	struct pager pg;
	/* '\n' after 3 of 10 bytes is too early: take the sentence end at 10 */
	const char *t = "ab\ncdefg. hij";
	CHECK_INT(pager_split(t, strlen(t), 10, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 10);
	CHECK_INT(pg.pieces[1].len, 3);
	pager_release(&pg);

	/* 4 of 10 with nothing else: fill the window */
	t = "abc\nefghijklm";
	CHECK_INT(pager_split(t, strlen(t), 10, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 10);
	CHECK_INT(pg.pieces[1].len, 3);
	pager_release(&pg);
}

TEST(chinese_sentence_keeps_its_closing_quote)
{
	struct pager pg;
	/* 12 characters, 36 bytes; budget 8 characters.  The window is
	 * 他说：“好。”然 ; the sentence ends after ” (7 chars). */
	const char *t = "他说：“好。”然后走了。";
	CHECK_INT(pager_split(t, strlen(t), 24, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 21);
	CHECK(memcmp(t + 21, "然", 3) == 0);
	pager_release(&pg);

	/* several terminators and closers form one run: 好！？”」 then 再 */
	t = "一二三好！？”」再见";
	CHECK_INT(pager_split(t, strlen(t), 27, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 24);
	pager_release(&pg);

	/* the window (8 characters) ends between 。 and ”: that is no sentence
	 * end, so the piece ends after the earlier 五。 instead */
	t = "一二三四五。六。”七";
	CHECK_INT(pager_split(t, strlen(t), 26, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 18);
	pager_release(&pg);
}

TEST(comma_is_the_next_best)
{
	struct pager pg;
	const char *t = "一二三，四五六七八九十";
	CHECK_INT(pager_split(t, strlen(t), 21, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 12);
	CHECK_INT(pg.pieces[1].len, 21);
	pager_release(&pg);

	/* a comma in the first half is ignored: fill with characters */
	t = "一，二三四五六七八九";
	CHECK_INT(pager_split(t, strlen(t), 21, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 21);
	CHECK_INT(pg.pieces[1].len, 9);
	pager_release(&pg);

	/* a sentence end beats a later comma */
	t = "一二三。四五，六七八九";
	CHECK_INT(pager_split(t, strlen(t), 21, NULL, NULL, &pg), 0);
	CHECK_INT(pg.pieces[0].len, 12);
	pager_release(&pg);
}

TEST(ascii_numbers_are_not_sentence_ends)
{
	struct pager pg;
	/* "3.14" has no break: the last space wins */
	const char *t = "pi is 3.14159 ok";
	CHECK_INT(pager_split(t, strlen(t), 10, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 6);
	CHECK_INT(pg.pieces[1].len, 10);
	pager_release(&pg);

	t = "Hello world. This is it.";
	CHECK_INT(pager_split(t, strlen(t), 16, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 13); /* "Hello world. " keeps its space */
	pager_release(&pg);

	/* 1,000 is not a clause break either: "pay 1,000" then the space */
	t = "pay 1,000 yuan now";
	CHECK_INT(pager_split(t, strlen(t), 12, NULL, NULL, &pg), 0);
	CHECK_INT(pg.pieces[0].len, 10);
	pager_release(&pg);
}

TEST(entities_and_tags_stay_whole)
{
	struct pager pg;
	const char *t = "abcdefg&amp;hij";
	CHECK_INT(pager_split(t, strlen(t), 10, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 7);
	CHECK_INT(pg.pieces[1].len, 8);
	pager_release(&pg);

	t = "abcdef&#12345;x";
	CHECK_INT(pager_split(t, strlen(t), 10, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 6);
	pager_release(&pg);

	t = "abcdef<b>xy</b>";
	CHECK_INT(pager_split(t, strlen(t), 8, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 3);
	CHECK_INT(pg.pieces[0].len, 6);
	CHECK_INT(pg.pieces[1].len, 5); /* <b>xy */
	CHECK_INT(pg.pieces[2].len, 4); /* </b> */
	pager_release(&pg);

	/* "a < b > c" is text, not a tag; "&x" without ';' is not an entity */
	t = "a < b > c &x y";
	CHECK_INT(pager_split(t, strlen(t), 3, NULL, NULL, &pg), 0);
	for (size_t i = 0; i < pg.n; i++)
		CHECK(pg.pieces[i].len <= 3);
	pager_release(&pg);

	/* an entity bigger than the whole budget is cut between characters */
	t = "&amp;";
	CHECK_INT(pager_split(t, strlen(t), 3, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 3);
	CHECK_INT(pg.pieces[1].len, 2);
	pager_release(&pg);
}

TEST(measure_is_what_counts)
{
	struct pager pg;
	/* each $ takes 2 in WML */
	CHECK_INT(pager_split("$$$", 3, 4, wml_len, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 2);
	CHECK_INT(pg.pieces[1].len, 1);
	pager_release(&pg);

	/* '"' takes 6: a budget of 5 cannot hold it */
	pg.n = 99;
	CHECK_INT(pager_split("a\"b", 3, 5, wml_len, NULL, &pg), -1);
	CHECK(pg.pieces == NULL && pg.n == 0);
}

TEST(budget_below_one_character_fails)
{
	struct pager pg;
	CHECK_INT(pager_split("湖南", 6, 2, NULL, NULL, &pg), -1);
	CHECK(pg.pieces == NULL && pg.n == 0);
	CHECK_INT(pager_split("a", 1, 0, NULL, NULL, &pg), -1);
	CHECK(pg.pieces == NULL && pg.n == 0);

	CHECK_INT(pager_split("湖南", 6, 3, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	pager_release(&pg);

	/* fails late too: the article holds '"' (6 in WML) */
	struct article a = make_article();
	CHECK_INT(pager_split(a.text, a.len, 5, wml_len, NULL, &pg), -1);
	CHECK(pg.pieces == NULL && pg.n == 0);
	free(a.text);
}

TEST(empty_text_is_one_empty_page)
{
	struct pager pg;
	CHECK_INT(pager_split("", 0, 1400, wml_len, NULL, &pg), 0);
	CHECK_INT(pg.n, 1);
	CHECK_INT(pg.pieces[0].off, 0);
	CHECK_INT(pg.pieces[0].len, 0);
	pager_release(&pg);
	CHECK_INT(pager_split(NULL, 0, 0, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 1);
	pager_release(&pg);
	pager_release(&pg); /* twice is harmless */
}

TEST(short_text_is_one_page)
{
	struct pager pg;
	const char *t = "湖南省人民政府。\n";
	CHECK_INT(pager_split(t, strlen(t), 1400, wml_len, NULL, &pg), 0);
	CHECK_INT(pg.n, 1);
	CHECK_INT(pg.pieces[0].len, strlen(t));
	pager_release(&pg);
	/* exactly the budget still fits */
	CHECK_INT(pager_split(t, strlen(t), strlen(t), NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 1);
	pager_release(&pg);
}

TEST(invalid_utf8_is_kept_byte_for_byte)
{
	struct pager pg;
	const char t[] = "\xff\xfe" "ab";
	CHECK_INT(pager_split(t, 4, 1, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 4);
	pager_release(&pg);

	/* a truncated sequence at the end: 中 then the two stray bytes */
	const char u[] = "中\xe4\xb8";
	CHECK_INT(pager_split(u, 5, 3, NULL, NULL, &pg), 0);
	CHECK_INT(pg.n, 2);
	CHECK_INT(pg.pieces[0].len, 3);
	CHECK_INT(pg.pieces[1].len, 2);
	pager_release(&pg);
}

TEST(measure_work_is_linear)
{
	struct article a = make_article();
	struct buf big = BUF_INIT;
	for (int i = 0; i < 20; i++)
		buf_add(&big, a.text, a.len);
	static const size_t budgets[] = { 10240, 1400, 300, 37 };
	for (size_t i = 0; i < ARRAY_LEN(budgets); i++) {
		struct counter c = { 0, 0 };
		struct pager pg;
		CHECK_INT(pager_split(big.data, big.len, budgets[i], wml_len, &c, &pg), 0);
		CHECK(c.bytes <= 3 * big.len);
		CHECK(c.calls <= 3 * utf8_count(big.data, big.len));
		pager_release(&pg);
	}
	buf_release(&big);
	free(a.text);
}

TEST(parse_page_is_strict)
{
	long v = -7;
	CHECK(pager_parse_page("1", &v));
	CHECK_INT(v, 1);
	CHECK(pager_parse_page("12", &v));
	CHECK_INT(v, 12);
	CHECK(pager_parse_page("999999", &v));
	CHECK_INT(v, 999999);
	CHECK(pager_parse_page("100", &v));
	CHECK_INT(v, 100);

	static const char *const bad[] = {
		"", "0", "-1", "1a", "+1", " 1", "1 ", "01", "00", "0x1", "1.0",
		"1000000", "99999999999999999999", "１", "\t2",
	};
	v = 42;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (pager_parse_page(bad[i], &v))
			fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
		CHECK(!pager_parse_page(bad[i], &v));
	}
	CHECK(!pager_parse_page(NULL, &v));
	CHECK_INT(v, 42); /* untouched on failure */
}

TEST(page_count_edges)
{
	CHECK_INT(pager_page_count(0, 10), 1);
	CHECK_INT(pager_page_count(-5, 10), 1);
	CHECK_INT(pager_page_count(1, 10), 1);
	CHECK_INT(pager_page_count(10, 10), 1);
	CHECK_INT(pager_page_count(11, 10), 2);
	CHECK_INT(pager_page_count(20, 10), 2);
	CHECK_INT(pager_page_count(21, 10), 3);
	CHECK_INT(pager_page_count(7, 1), 7);
	CHECK_INT(pager_page_count(7, 0), 1);
	CHECK_INT(pager_page_count(7, -3), 1);
	CHECK_INT(pager_page_count(LONG_MAX, 1), LONG_MAX);
	CHECK_INT(pager_page_count(LONG_MAX, 2), LONG_MAX / 2 + 1);
	CHECK_INT(pager_page_count(LONG_MAX, LONG_MAX), 1);
}

int main(void)
{
	RUN(article_is_what_the_tests_need);
	RUN(article_splits_at_every_budget);
	RUN(long_paragraphs_break_after_sentences_with_quotes);
	RUN(giant_paragraph_pieces_are_full);
	RUN(paragraph_break_wins_when_piece_at_least_half_full);
	RUN(higher_fill_gives_up_paragraph_for_sentence);
	RUN(early_paragraph_break_loses_to_sentence_or_fill);
	RUN(chinese_sentence_keeps_its_closing_quote);
	RUN(comma_is_the_next_best);
	RUN(ascii_numbers_are_not_sentence_ends);
	RUN(entities_and_tags_stay_whole);
	RUN(measure_is_what_counts);
	RUN(budget_below_one_character_fails);
	RUN(empty_text_is_one_empty_page);
	RUN(short_text_is_one_page);
	RUN(invalid_utf8_is_kept_byte_for_byte);
	RUN(measure_work_is_linear);
	RUN(parse_page_is_strict);
	RUN(page_count_edges);
	return harness_done("pager");
}
