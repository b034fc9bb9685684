#include "core/common.h"
#include "core/utf8.h"
#include "harness.h"

#include <sqlite3.h>

#include "store/fts_zh.h"
#include "text/textnorm.h"

/* Service items: rowid = index + 1. */
static const char *const rows[][2] = {
	{ "社会保险登记", "用人单位为职工办理社会保险登记，由长沙市人力资源和社会保障局受理。" },
	{ "社保卡申领", "首次申领社会保障卡，可在长沙合作银行网点办理。" },
	{ "机动车驾驶证换证", "驾驶证有效期满前九十日内申请换证。" },
	{ "户籍迁移登记", "因工作调动办理户口迁移，需提供准迁证明。" },
	{ "适龄儿童入学登记", "义务教育阶段新生入学报名。" },
	{ "ABC公司营业执照办理", "企业设立后领取营业执照。" },
	{ "ETC卡办理", "高速公路电子不停车收费ETC卡申领。" },
	{ "5G基站审批", "通信基站建设项目审批，5G网络覆盖。" },
	{ "ＥＴＣ充值", "全角字符的ＥＴＣ卡充值服务。" },
	{ "医保报销", "城乡居民医疗保险门诊费用报销。" },
	{ "医疗机构执业登记", "设置医疗机构批准书核发。" },
	{ "长沙市公积金提取", "住房公积金提取，长沙地区缴存职工。" },
	{ "社會保險關係轉移", "跨省轉移社會保險關係，辦理醫保。" },
	{ "出生医学证明", "新生儿出生医学证明办理。" },
	{ "护照办理", "普通护照申请，出入境管理。" },
	{ "残疾人证办理", "残疾人证新办、换领，社保补贴。" },
	{ "退休养老金领取", "企业职工基本养老保险待遇领取。" },
	{ "社会 保险咨询", "社会、保险分开写的条目。" },
	{ "户\xE2\x80\x8B籍证明", "零宽字符隔开的户籍。" },
	{ "NEAR OR a:b 检索说明", "hostile words as text: \"quoted\" (paren) * ^ -" },
	{ "fetch etcd", "latin words with it only inside longer ones" },
	{ "社区养老服务", "社区养老服务中心登记，2024年起长沙试点。" },
};
#define NROWS ((int)ARRAY_LEN(rows))

static sqlite3 *db;
static char *norm_name[NROWS], *norm_body[NROWS];

static char *norm(const char *s)
{
	struct buf b = BUF_INIT;
	textnorm_append(&b, s, strlen(s));
	return buf_detach(&b);
}

static bool is_alnum_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Ground truth, independent of FTS: does hay contain needle, where a
 * needle starting/ending with a Latin letter or digit must not continue a
 * longer Latin word (Latin terms are whole words)? */
static bool contains(const char *hay, const char *needle)
{
	size_t nl = strlen(needle);
	if (!nl)
		return false;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
		if (is_alnum_byte(needle[0]) && p > hay && is_alnum_byte(p[-1]))
			continue;
		if (is_alnum_byte(needle[nl - 1]) && is_alnum_byte(p[nl]))
			continue;
		return true;
	}
	return false;
}

/* Rows (bit i-1 for rowid i) where every term is in the name or the body. */
static uint64_t expected(const char *const *terms, size_t nterms)
{
	uint64_t set = 0;
	for (int r = 0; r < NROWS; r++) {
		bool all = true;
		for (size_t k = 0; k < nterms && all; k++) {
			char *t = norm(terms[k]);
			all = contains(norm_name[r], t) || contains(norm_body[r], t);
			free(t);
		}
		if (all)
			set |= 1ull << r;
	}
	return set;
}

static uint64_t expect1(const char *term)
{
	return expected(&term, 1);
}

/* Run a MATCH expression; returns the rowid set, or UINT64_MAX on an SQL
 * error (prepare or step). */
static uint64_t run_expr(const char *expr)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1", -1, &st, NULL) != SQLITE_OK)
		return UINT64_MAX;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
	uint64_t set = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		set |= 1ull << (sqlite3_column_int64(st, 0) - 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "    sql error for %s: %s\n", expr, sqlite3_errmsg(db));
		return UINT64_MAX;
	}
	return set;
}

/* fts_zh_match + run; 0 when the builder returned NULL. */
static uint64_t search(const char *q)
{
	bool too_long = true;
	char *expr = fts_zh_match(q, &too_long);
	if (!expr)
		return 0;
	uint64_t set = run_expr(expr);
	free(expr);
	return set;
}

static uint64_t rowset(const int *ids, size_t n)
{
	uint64_t s = 0;
	for (size_t k = 0; k < n; k++)
		s |= 1ull << (ids[k] - 1);
	return s;
}
#define ROWS(...) rowset((const int[]){ __VA_ARGS__ }, sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int))

TEST(setup)
{
	CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
	CHECK_INT(fts_zh_register(db), 0);
	CHECK_INT(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(name, body, tokenize='qiao_zh')", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	CHECK_INT(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, name, body) VALUES (?1, ?2, ?3)", -1, &st, NULL), SQLITE_OK);
	for (int r = 0; r < NROWS; r++) {
		sqlite3_bind_int(st, 1, r + 1);
		sqlite3_bind_text(st, 2, rows[r][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, rows[r][1], -1, SQLITE_STATIC);
		CHECK_INT(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
		norm_name[r] = norm(rows[r][0]);
		norm_body[r] = norm(rows[r][1]);
	}
	sqlite3_finalize(st);
}

static void teardown(void)
{
	for (int r = 0; r < NROWS; r++) {
		free(norm_name[r]);
		free(norm_body[r]);
	}
	sqlite3_close(db);
}

TEST(index_positions_are_bigram_plus_colocated_unigram)
{
	sqlite3 *d;
	CHECK_INT(sqlite3_open(":memory:", &d), SQLITE_OK);
	CHECK_INT(fts_zh_register(d), 0);
	CHECK_INT(sqlite3_exec(d,
		"CREATE VIRTUAL TABLE x USING fts5(a, tokenize='qiao_zh');"
		"CREATE VIRTUAL TABLE xv USING fts5vocab(x, 'instance');"
		"INSERT INTO x(a) VALUES ('社會保险 ETC卡，Ａb1');", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	CHECK_INT(sqlite3_prepare_v2(d, "SELECT term, offset FROM xv ORDER BY offset, length(term) DESC, term", -1, &st, NULL), SQLITE_OK);
	struct buf b = BUF_INIT;
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_addf(&b, "%s@%d ", (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1));
	sqlite3_finalize(st);
	/* 社会保险 -> four positions, a bigram at each but the last; the
	 * Latin word and the lone 卡 take one position each; ， separates. */
	CHECK_STR(b.data, "社会@0 社@0 会保@1 会@1 保险@2 保@2 险@3 etc@4 卡@5 ab1@6 ");
	buf_release(&b);
	sqlite3_close(d);
}

TEST(tokenizer_rejects_options)
{
	sqlite3 *d;
	CHECK_INT(sqlite3_open(":memory:", &d), SQLITE_OK);
	CHECK_INT(fts_zh_register(d), 0);
	CHECK(sqlite3_exec(d, "CREATE VIRTUAL TABLE x USING fts5(a, tokenize='qiao_zh remove_diacritics 1')", NULL, NULL, NULL) != SQLITE_OK);
	/* unregistered connection: the table cannot be created */
	sqlite3 *e;
	CHECK_INT(sqlite3_open(":memory:", &e), SQLITE_OK);
	CHECK(sqlite3_exec(e, "CREATE VIRTUAL TABLE x USING fts5(a, tokenize='qiao_zh')", NULL, NULL, NULL) != SQLITE_OK);
	sqlite3_close(e);
	sqlite3_close(d);
}

TEST(builder_output)
{
	bool tl = true;
	char *s = fts_zh_match("社保 长沙", &tl);
	CHECK_STR(s, "\"社保\" AND \"长沙\"");
	CHECK(!tl);
	free(s);
	s = fts_zh_match("ＥＴＣ卡", &tl);
	CHECK_STR(s, "\"etc\" AND \"卡\"");
	free(s);
	s = fts_zh_match("社會保險", &tl);
	CHECK_STR(s, "\"社会保险\"");
	free(s);
	s = fts_zh_match("OR", &tl);
	CHECK_STR(s, "\"or\"");
	free(s);
	s = fts_zh_match("NEAR(社保\" OR t:x*)", &tl);
	CHECK_STR(s, "\"near\" AND \"社保\" AND \"or\" AND \"t\" AND \"x\"");
	free(s);
	s = fts_zh_match("社\xFF保", &tl); /* invalid byte separates */
	CHECK_STR(s, "\"社\" AND \"保\"");
	free(s);
	s = fts_zh_match("户\xE2\x80\x8B籍", &tl); /* zero-width joins */
	CHECK_STR(s, "\"户籍\"");
	free(s);
}

/* The foreign versions' builder (fts_zh_match_prefix): words of three
 * bytes or more as prefixes, English and French function words dropped
 * unless nothing else is left, accents folded; kana and hangul runs are
 * phrases like Han runs (the tokenizer pairs them). */
TEST(prefix_builder_output)
{
	bool tl = true;
	char *s = fts_zh_match_prefix("How to get a Visa", &tl);
	CHECK_STR(s, "\"get\"* AND \"visa\"*");
	CHECK(!tl);
	free(s);
	s = fts_zh_match_prefix("Études à Changsha", &tl);
	CHECK_STR(s, "\"etudes\"* AND \"changsha\"*");
	free(s);
	s = fts_zh_match_prefix("the of", &tl);
	CHECK_STR(s, "\"the\"* AND \"of\"");
	free(s);
	s = fts_zh_match_prefix("X1 ビザ", &tl);
	CHECK_STR(s, "\"x1\" AND \"ビザ\"");
	free(s);
	s = fts_zh_match_prefix("거류 허가", &tl);
	CHECK_STR(s, "\"거류\" AND \"허가\"");
	free(s);
	s = fts_zh_match_prefix("長沙の", &tl); /* kanji and kana: one run */
	CHECK_STR(s, "\"长沙の\"");
	free(s);
	CHECK(fts_zh_match_prefix("", &tl) == NULL);
	CHECK(fts_zh_match_prefix("abcdefghij abcdefghij", &tl) == NULL);
	CHECK(tl);
}

TEST(builder_nothing_searchable_and_length)
{
	bool tl = true;
	const char *empty[] = { "", "   ", "\"", "*", "(((", "-", "，。、！", "\xFF\xFE", "\xE3\x80\x80" };
	for (size_t k = 0; k < ARRAY_LEN(empty); k++) {
		tl = true;
		CHECK(fts_zh_match(empty[k], &tl) == NULL);
		CHECK(!tl);
	}
	CHECK(fts_zh_match(NULL, &tl) == NULL);
	CHECK(fts_zh_match("", NULL) == NULL);

	/* 20 characters is fine, 21 is too long (characters, not bytes) */
	const char *twenty = "一二三四五六七八九十一二三四五六七八九十";
	char *s = fts_zh_match(twenty, &tl);
	CHECK(s != NULL);
	CHECK(!tl);
	free(s);
	char buf21[128];
	snprintf(buf21, sizeof buf21, "%s一", twenty);
	CHECK(fts_zh_match(buf21, &tl) == NULL);
	CHECK(tl);
	/* white space: runs count once, the ends not at all */
	s = fts_zh_match("  一二三四五六七八九十   一二三四五六七八九  ", &tl);
	CHECK(s != NULL);
	CHECK(!tl);
	free(s);
	CHECK(fts_zh_match("一二三四五六七八九十 一二三四五六七八九十", &tl) == NULL);
	CHECK(tl);
	/* a huge input is rejected too, not scanned to the end */
	struct buf big = BUF_INIT;
	for (int k = 0; k < 100000; k++)
		buf_adds(&big, "社保");
	CHECK(fts_zh_match(big.data, &tl) == NULL);
	CHECK(tl);
	buf_release(&big);
	/* full-width and ASCII count the same */
	s = fts_zh_match("ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔ", &tl);
	CHECK_STR(s, "\"abcdefghijklmnopqrst\"");
	free(s);
	CHECK(fts_zh_match("ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕ", &tl) == NULL);
	CHECK(tl);
}

/* Every Han substring of length 1..6 of every row (and its reversal, which
 * mostly occurs nowhere) matches exactly the rows that contain it. */
TEST(han_phrases_match_exactly_the_substring)
{
	int checked = 0, mismatches = 0, nonempty = 0;
	for (int r = 0; r < NROWS; r++) {
		for (int col = 0; col < 2; col++) {
			const char *s = col ? norm_body[r] : norm_name[r];
			size_t n = strlen(s);
			/* code points and their byte offsets */
			uint32_t cps[256];
			size_t off[257];
			size_t m = 0, i = 0;
			while (i < n && m < 256) {
				off[m] = i;
				i += utf8_next(s + i, n - i, &cps[m]);
				m++;
			}
			off[m] = i;
			for (size_t a = 0; a < m; a++) {
				for (size_t len = 1; len <= 6 && a + len <= m; len++) {
					bool han = true;
					for (size_t k = a; k < a + len; k++)
						han = han && textnorm_is_han(cps[k]);
					if (!han)
						break;
					char q[64], rq[64];
					size_t qb = off[a + len] - off[a];
					memcpy(q, s + off[a], qb);
					q[qb] = '\0';
					/* reversed */
					size_t rb = 0;
					for (size_t k = a + len; k-- > a;)
						rb += utf8_encode(cps[k], rq + rb);
					rq[rb] = '\0';
					const char *qs[2] = { q, rq };
					for (int v = 0; v < 2; v++) {
						uint64_t want = expect1(qs[v]);
						uint64_t got = search(qs[v]);
						checked++;
						nonempty += want != 0;
						if (want != got) {
							mismatches++;
							if (mismatches < 10)
								fprintf(stderr, "    %s: want %llx got %llx\n", qs[v],
									(unsigned long long)want, (unsigned long long)got);
						}
					}
				}
			}
		}
	}
	CHECK_INT(mismatches, 0);
	CHECK(checked > 1000);
	CHECK(nonempty > 500);
}

TEST(common_queries)
{
	/* hand-checked sets, and the same from the ground truth */
	CHECK_INT(search("社保"), ROWS(2, 16));
	CHECK_INT(search("社保"), expect1("社保"));
	CHECK_INT(search("户籍"), ROWS(4, 19));      /* 19 has a zero-width char inside */
	CHECK_INT(search("户籍"), expect1("户籍"));
	CHECK_INT(search("入学"), ROWS(5));
	CHECK_INT(search("医"), expect1("医"));
	CHECK_INT(search("医"), ROWS(10, 11, 13, 14)); /* 13 is traditional 醫保 */
	CHECK_INT(search("驾驶证换证"), ROWS(3));
	CHECK_INT(search("社会保险"), ROWS(1, 13)); /* 18 has 社会 保险 apart */
	CHECK_INT(search("社会保险登记"), ROWS(1));
	CHECK_INT(search("会保"), ROWS(1, 2, 13)); /* 社会保障 in 1 and 2 */
	CHECK_INT(search("保社"), 0);
	CHECK_INT(search("登记"), expect1("登记"));
	CHECK_INT(search("营业执照办理"), ROWS(6));
}

TEST(latin_digits_and_width)
{
	CHECK_INT(search("etc"), ROWS(7, 9));
	CHECK_INT(search("ETC"), ROWS(7, 9));
	CHECK_INT(search("ｅｔｃ"), ROWS(7, 9));
	CHECK_INT(search("ＥＴＣ"), ROWS(7, 9));
	CHECK_INT(search("etc"), expect1("etc"));
	CHECK_INT(search("etcd"), ROWS(21));
	CHECK_INT(search("5g"), ROWS(8));
	CHECK_INT(search("5G"), ROWS(8));
	CHECK_INT(search("５Ｇ"), ROWS(8));
	CHECK_INT(search("abc"), ROWS(6));
	CHECK_INT(search("2024"), ROWS(22));
	CHECK_INT(search("ETC卡"), ROWS(7, 9));
	const char *t1[] = { "etc", "卡" };
	CHECK_INT(search("ETC卡"), expected(t1, 2));
}

TEST(mixed_and_traditional)
{
	const char *t1[] = { "社保", "长沙" };
	CHECK_INT(search("社保 长沙"), expected(t1, 2));
	CHECK_INT(search("社保 长沙"), ROWS(2));
	const char *t2[] = { "社会保险", "长沙" };
	CHECK_INT(search("社会保险 长沙"), expected(t2, 2));
	CHECK_INT(search("社会保险 长沙"), ROWS(1));
	CHECK_INT(search("社會保險"), ROWS(1, 13));
	CHECK_INT(search("社會保險"), expect1("社会保险"));
	CHECK_INT(search("關係轉移"), ROWS(13));
	CHECK_INT(search("关系转移"), ROWS(13));
	CHECK_INT(search("社保，长沙。"), expected(t1, 2));
}

TEST(hostile_input_is_safe_and_still_searches)
{
	const char *hostile[] = {
		"\"", "NEAR(", "*", "社保\"", "OR", "a:b", "(((", "-", "^社保",
		"社保 OR 户籍", "NOT 社保", "社保 AND", "name:社保", "{name body}:社保",
		"\"社保\" \"", "社保*", "+社保", "NEAR(社保 户籍, 2)", "\x01\x02", "\xC0\xAF",
		"'; DROP TABLE t; --", "\\\"", "社\"\"保", "\xF0\x9F\x98\x80社保",
		"一二三四五六七八九十一二三四五六七八九十一", "",
	};
	for (size_t k = 0; k < ARRAY_LEN(hostile); k++) {
		bool tl;
		char *e = fts_zh_match(hostile[k], &tl);
		if (e) {
			CHECK(run_expr(e) != UINT64_MAX);
			free(e);
		}
	}
	uint64_t shebao = ROWS(2, 16);
	CHECK_INT(search("社保\""), shebao);
	CHECK_INT(search("^社保"), shebao);
	CHECK_INT(search("社保*"), shebao);
	CHECK_INT(search("+社保"), shebao);
	CHECK_INT(search("name:社保"), 0); /* "name" is a word to search too */
	CHECK_INT(search("\xF0\x9F\x98\x80社保"), shebao);
	CHECK_INT(search("NEAR("), ROWS(20));
	CHECK_INT(search("OR"), ROWS(20));
	CHECK_INT(search("a:b"), ROWS(20));
	CHECK_INT(search("社保 OR 户籍"), 0); /* all three words must be there */
	CHECK_INT(search("quoted paren"), ROWS(20));
	CHECK_INT(search("\"quoted\""), ROWS(20));
	/* the table is intact */
	CHECK_INT(search("登记") != 0, 1);
}

TEST(bm25_ranks_name_matches_first)
{
	sqlite3_stmt *st;
	CHECK_INT(sqlite3_prepare_v2(db,
		"SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY bm25(t, 10.0, 1.0)", -1, &st, NULL), SQLITE_OK);
	char *e = fts_zh_match("登记", NULL);
	sqlite3_bind_text(st, 1, e, -1, free);
	bool seen_body_only = false, order_ok = true;
	int n = 0, in_name = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int r = sqlite3_column_int(st, 0) - 1;
		bool name_hit = contains(norm_name[r], "登记");
		n++;
		in_name += name_hit;
		if (!name_hit)
			seen_body_only = true;
		else if (seen_body_only)
			order_ok = false;
	}
	sqlite3_finalize(st);
	CHECK(order_ok);
	CHECK_INT(in_name, 4);  /* rows 1, 4, 5, 11 */
	CHECK_INT(n, 5);        /* + row 22 (body) */
}

TEST(highlight_covers_the_match)
{
	sqlite3_stmt *st;
	CHECK_INT(sqlite3_prepare_v2(db,
		"SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1 ORDER BY rowid", -1, &st, NULL), SQLITE_OK);
	char *e = fts_zh_match("驾驶证", NULL);
	sqlite3_bind_text(st, 1, e, -1, free);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "机动车[驾驶证]换证");
	sqlite3_finalize(st);
}

/* Synonyms from a small static table. */
static const char *const *syn_lookup(const char *term, void *ctx)
{
	static const char *const shebao[] = { "社会保险", "社會保險", "社保", NULL };
	static const char *const jiazhao[] = { "驾驶证", NULL };
	static const char *const etc[] = { "电子不停车收费", "ETC 卡", NULL };
	int *calls = ctx;
	(*calls)++;
	if (strcmp(term, "社保") == 0)
		return shebao;
	if (strcmp(term, "驾照") == 0)
		return jiazhao;
	if (strcmp(term, "etc") == 0)
		return etc;
	return NULL;
}

TEST(synonyms_expand_terms)
{
	int calls = 0;
	bool tl;
	/* 社會保險 normalises to a duplicate and 社保 is the term itself */
	char *s = fts_zh_match_syn("社保", syn_lookup, &calls, &tl);
	CHECK_STR(s, "(\"社保\" OR \"社会保险\")");
	CHECK_INT(calls, 1);
	CHECK_INT(run_expr(s), expect1("社保") | expect1("社会保险"));
	CHECK_INT(run_expr(s), ROWS(1, 2, 13, 16));
	free(s);
	s = fts_zh_match_syn("社保 长沙", syn_lookup, &calls, &tl);
	CHECK_STR(s, "(\"社保\" OR \"社会保险\") AND \"长沙\"");
	CHECK_INT(run_expr(s), ROWS(1, 2));
	free(s);
	s = fts_zh_match_syn("驾照", syn_lookup, &calls, &tl);
	CHECK_STR(s, "(\"驾照\" OR \"驾驶证\")");
	CHECK_INT(run_expr(s), ROWS(3));
	free(s);
	s = fts_zh_match_syn("ETC", syn_lookup, &calls, &tl); /* looked up normalised */
	CHECK_STR(s, "(\"etc\" OR \"电子不停车收费\" OR (\"etc\" AND \"卡\"))");
	CHECK_INT(run_expr(s), ROWS(7, 9));
	free(s);
	s = fts_zh_match_syn("户籍", NULL, NULL, &tl);
	CHECK_STR(s, "\"户籍\"");
	free(s);
	CHECK(fts_zh_match_syn("\"\"", syn_lookup, &calls, &tl) == NULL);
}

int main(void)
{
	RUN(setup);
	RUN(index_positions_are_bigram_plus_colocated_unigram);
	RUN(tokenizer_rejects_options);
	RUN(builder_output);
	RUN(prefix_builder_output);
	RUN(builder_nothing_searchable_and_length);
	RUN(han_phrases_match_exactly_the_substring);
	RUN(common_queries);
	RUN(latin_digits_and_width);
	RUN(mixed_and_traditional);
	RUN(hostile_input_is_safe_and_still_searches);
	RUN(bm25_ranks_name_matches_first);
	RUN(highlight_covers_the_match);
	RUN(synonyms_expand_terms);
	teardown();
	return harness_done("fts_zh");
}
