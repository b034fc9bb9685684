#include "core/common.h"
#include "core/utf8.h"
#include "harness.h"
#include "import/batch.h"
#include "import/import_news.h"
#include "store/store.h"
#include "import/xmlsafe.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Expected times, worked out by hand (days since 1970 * 86400 + time of
 * day in UTC; 2026-01-01 is day 20454 = 56 * 365 + 14 leap days):
 *   2026-11-25T09:00+08:00 = 2026-11-25T01:00Z: day 20454+328   → 1795568400
 *   2026-11-25 00:00 China = 2026-11-24T16:00Z                   → 1795536000
 *   2026-11-26 10:30 China = 2026-11-26T02:30Z                   → 1795660200
 *   2026-11-27 00:00 China = 2026-11-26T16:00Z                   → 1795708800
 *   2026-12-01 08:30 EST   = 2026-12-01T13:30Z: day 20454+334   → 1796131800 */
#define T_20261125_0900_CN 1795568400
#define T_20261125_CN      1795536000
#define T_20261126_1030_CN 1795660200
#define T_20261127_CN      1795708800
#define T_20261201_1330_Z  1796131800

static char tmpdir[] = "/tmp/qiao-import-XXXXXX";
static int db_counter;

static char *fixture(const char *name)
{
	const char *top = getenv("QIAO_TOP");
	return xasprintf("%s/tests/fixtures/news/%s", top && *top ? top : ".", name);
}

static void exec_sql(struct store *st, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(store_db(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "setup SQL failed: %s\n", msg);
		sqlite3_free(msg);
		abort();
	}
}

/* A new database: columns 1 > 2 > 3 (levels 1-3), a deleted column 9 and
 * one stored article (hn-2025-077). */
static struct store *fresh_store(void)
{
	char *path = xasprintf("%s/t%d.db", tmpdir, ++db_counter);
	char *err = NULL;
	struct store *st = store_open(path, STORE_CREATE, &err);
	if (!st) {
		fprintf(stderr, "store_open: %s\n", err);
		abort();
	}
	free(path);
	exec_sql(st,
		"INSERT INTO columns (id, parent_id, level, name, sort, deleted) VALUES"
		" (1, NULL, 1, '政务公开', 0, 0), (2, 1, 2, '政策文件', 0, 0),"
		" (3, 2, 3, '省政府文件', 0, 0), (9, NULL, 1, '旧栏目', 9, 1);"
		"INSERT INTO articles (column_id, title, source, published_at, body, guid, link)"
		" VALUES (3, '旧文章', '', 1700000000, 'old', 'hn-2025-077', '')");
	return st;
}

struct snap {
	int64_t articles, columns, generation, live;
};

static struct snap snapshot(struct store *st)
{
	struct snap s = { store_count(st, "articles"), store_count(st, "columns"), store_generation(st), -1 };
	sqlite3_stmt *q;
	sqlite3_prepare_v2(store_db(st), "SELECT count(*) FROM articles WHERE deleted = 0", -1, &q, NULL);
	if (sqlite3_step(q) == SQLITE_ROW)
		s.live = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return s;
}

struct row {
	bool found;
	int64_t column_id, published_at, deleted;
	char *title, *source, *body, *link;
};

static struct row article(struct store *st, const char *guid)
{
	struct row r = { 0 };
	sqlite3_stmt *q;
	sqlite3_prepare_v2(store_db(st),
		"SELECT column_id, published_at, deleted, title, source, body, link FROM articles WHERE guid = ?1",
		-1, &q, NULL);
	sqlite3_bind_text(q, 1, guid, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		r.found = true;
		r.column_id = sqlite3_column_int64(q, 0);
		r.published_at = sqlite3_column_int64(q, 1);
		r.deleted = sqlite3_column_int64(q, 2);
		r.title = store_col_text(q, 3);
		r.source = store_col_text(q, 4);
		r.body = store_col_text(q, 5);
		r.link = store_col_text(q, 6);
	}
	sqlite3_finalize(q);
	return r;
}

static void row_free(struct row *r)
{
	free(r->title);
	free(r->source);
	free(r->body);
	free(r->link);
}

/* A column: "parent/level/name/sort/deleted", or "" if missing. */
static char *column(struct store *st, int64_t id)
{
	sqlite3_stmt *q;
	char *out = xstrdup("");
	sqlite3_prepare_v2(store_db(st),
		"SELECT coalesce(parent_id, 0), level, name, sort, deleted FROM columns WHERE id = ?1", -1, &q, NULL);
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		free(out);
		out = xasprintf("%lld/%d/%s/%d/%d", (long long)sqlite3_column_int64(q, 0), sqlite3_column_int(q, 1),
				(const char *)sqlite3_column_text(q, 2), sqlite3_column_int(q, 3), sqlite3_column_int(q, 4));
	}
	sqlite3_finalize(q);
	return out;
}

static int64_t count_where(struct store *st, const char *sql)
{
	sqlite3_stmt *q;
	int64_t n = -1;
	sqlite3_prepare_v2(store_db(st), sql, -1, &q, NULL);
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return n;
}

#define CHECK_RES(r, a, u, n, c) do { \
	CHECK_INT((r).added, a); CHECK_INT((r).updated, u); \
	CHECK_INT((r).unchanged, n); CHECK_INT((r).columns, c); } while (0)

/* Import a file that must fail with exactly "PATH:LINE: reason..." and
 * must leave the database as it was. */
static void expect_fail_at(struct store *st, const char *path, int64_t defcol, int line, const char *reason)
{
	struct snap before = snapshot(st);
	struct import_result res = { 1, 1, 1, 1 };
	char *err = NULL;
	int rc = import_news(st, path, defcol, &res, &err);
	CHECK_INT(rc, -1);
	/* line 0: the file as a whole, "PATH: reason" */
	char *want = line ? xasprintf("%s:%d: %s", path, line, reason) : xasprintf("%s: %s", path, reason);
	char *got = err ? xstrndup(err, strlen(want)) : NULL;
	CHECK_STR(got, want);
	if (!got || strcmp(got, want) != 0)
		fprintf(stderr, "    (full error: %s)\n", err ? err : "(none)");
	CHECK_RES(res, 0, 0, 0, 0);
	struct snap after = snapshot(st);
	CHECK_INT(after.articles, before.articles);
	CHECK_INT(after.columns, before.columns);
	CHECK_INT(after.generation, before.generation);
	CHECK_INT(after.live, before.live);
	CHECK(sqlite3_get_autocommit(store_db(st))); /* no transaction left open */
	free(got);
	free(want);
	free(err);
}

static void expect_fail(const char *name, int64_t defcol, int line, const char *reason)
{
	struct store *st = fresh_store();
	char *path = fixture(name);
	expect_fail_at(st, path, defcol, line, reason);
	free(path);
	store_close(st);
}

static char *write_temp(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* --- dates ------------------------------------------------------------------ */

TEST(parses_dates)
{
	static const struct { const char *s; int64_t want; } ok[] = {
		{ "Wed, 25 Nov 2026 09:00:00 +0800", T_20261125_0900_CN },
		{ "Mon, 25 Nov 2026 09:00:00 +0800", T_20261125_0900_CN }, /* wrong weekday: not checked */
		{ "Wednesday, 25 Nov 2026 09:00:00 +0800", T_20261125_0900_CN },
		{ "25 Nov 2026 01:00:00 GMT", T_20261125_0900_CN },
		{ "25 nov 26 01:00 UT", T_20261125_0900_CN },
		{ "25 November 2026 01:00 UTC", T_20261125_0900_CN },
		{ "Tue, 1 Dec 2026 08:30 EST", T_20261201_1330_Z },
		{ "Tue, 01 Dec 2026 13:30:00 Z", T_20261201_1330_Z },
		{ "Tue, 01 Dec 2026 05:30:00 PST", T_20261201_1330_Z },
		{ "Fri, 31 Dec 99 23:59:59 GMT", 946684799 },        /* 99 → 1999 */
		{ "Tue, 29 Feb 2000 12:00:00 +0530", 951805800 },
		{ "Sat, 01 Jun 1985 07:00:00 PDT", 486482400 },
		{ "Sat, 01 Jun 1985 07:00:00 -0700", 486482400 },
		{ "  2026-11-25T09:00:00+08:00\n", T_20261125_0900_CN },
		{ "2026-11-25T01:00:00Z", T_20261125_0900_CN },
		{ "2026-11-25T09:00+08:00", T_20261125_0900_CN },
		{ "2026-11-25T09:00:00.250+0800", T_20261125_0900_CN },
		{ "2026-11-24T20:00:00-05:00", T_20261125_0900_CN },
		{ "2026-11-25 09:00:00", T_20261125_0900_CN },          /* China time */
		{ "2026-11-25 09:00", T_20261125_0900_CN },
		{ "2026-11-25T09:00", T_20261125_0900_CN },
		{ "2026-11-25", T_20261125_CN },
		{ "2026-11-26 10:30", T_20261126_1030_CN },
		{ "1970-01-01T00:00:00Z", 0 },
		{ "1970-01-01", -8 * 3600 },
		{ "2024-02-29T00:00:00Z", 1709164800 },
		{ "2000-02-29T12:00:00+05:30", 951805800 },
	};
	for (size_t i = 0; i < ARRAY_LEN(ok); i++) {
		int64_t t = -12345;
		bool parsed = news_parse_date(ok[i].s, &t);
		if (!parsed || t != ok[i].want)
			fprintf(stderr, "    date '%s'\n", ok[i].s);
		CHECK(parsed);
		CHECK_INT(t, ok[i].want);
	}
	static const char *const bad[] = {
		"", "   ", "next Tuesday", "2026-02-29", "2026-13-01", "2026-11-31", "2026-11-25T24:00:00Z",
		"2026-11-25T09:60Z", "2026-11-25T09:00:00+0800x", "2026-11-25T9:00Z", "2026-11-25T09:00:00+25:00",
		"26-11-25", "1899-12-31", "2026/11/25", "2026-11-25T", "2026-11-25T09:00:00.Z",
		"Wed, 25 Nov 2026 09:00:00 CST", "Wed, 25 Nov 2026 09:00:00", "25 Foo 2026 09:00 GMT",
		"Xyz, 25 Nov 2026 09:00 GMT", "25 Nov 202 09:00 GMT", "25 Nov 2026 9:00 GMT",
		"Wed 25 Nov 2026 09:00 GMT", "25 Nov 2026 09:00 +08", "32 Nov 2026 09:00 GMT",
		"25 Nov 2026 09:00 GMT junk",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		int64_t t = 0;
		if (news_parse_date(bad[i], &t))
			fprintf(stderr, "    accepted bad date '%s' as %lld\n", bad[i], (long long)t);
		CHECK(!news_parse_date(bad[i], &t));
	}
	int64_t t;
	CHECK(!news_parse_date(NULL, &t));
}

/* --- HTML reduction ---------------------------------------------------------- */

static void html_is(const char *html, const char *want)
{
	char *got = xmlsafe_html_to_text(html, strlen(html));
	CHECK_STR(got, want);
	free(got);
}

TEST(reduces_html_to_paragraphs)
{
	html_is("<p>第一段</p><p>第二段</p>", "第一段\n第二段");
	html_is("<div>  a \n  b </div><br><br><div></div>c", "a b\nc");
	html_is("x&nbsp;&nbsp;y &amp; &#x4E2D;&#25991;&lt;", "x y & 中文<");
	html_is("<html><head><title>T</title><style>p{color:red}</style></head>"
		"<body><script>var a = '<p>no</p>';</script><p>ok</p></body></html>", "ok");
	html_is("<ul><li>one</li><li>two <b>bold</b></li></ul>", "one\ntwo bold");
	html_is("<table><tr><td>姓名</td><td>张三</td></tr><tr><th>电话</th><td>123</td></tr></table>",
		"姓名 张三\n电话 123");
	html_is("<h1>T</h1>text<blockquote>q</blockquote><h6>z</h6>", "T\ntext\nq\nz");
	html_is("<section>s</section><article>a</article><p>b<br/>c</p>", "s\na\nb\nc");
	html_is("<p><b>a</b> <i>b</i></p>", "a b");
	html_is("<p>a<!-- hidden --> b</p>", "a b");
	html_is("<p>\xe3\x80\x80\xe3\x80\x80缩进</p>", "缩进"); /* U+3000 indent */
	html_is("<p> </p><p>&nbsp;</p><div>\n</div>", "");
	html_is("", "");
	html_is("plain text", "plain text");
	html_is("<meta charset=\"gbk\"><p>中文</p>", "中文"); /* stays UTF-8 */
	html_is("<p>unclosed<p>second", "unclosed\nsecond");
	html_is("<p>a\xc2\x85" "b\x01" "c\x7f</p>", "abc"); /* control characters */

	/* Nesting: the walk needs no recursion; libxml2's HTML parser itself
	 * stops at depth 256 (the text beyond is lost, nothing crashes). */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 250; i++)
		buf_adds(&b, "<span>");
	buf_adds(&b, "deep");
	char *got = xmlsafe_html_to_text(b.data, b.len);
	CHECK_STR(got, "deep");
	free(got);
	for (int i = 0; i < 50000; i++)
		buf_adds(&b, "<div>");
	got = xmlsafe_html_to_text(b.data, b.len);
	CHECK(got != NULL);
	free(got);
	buf_release(&b);
}

TEST(text_or_html_paragraphs)
{
	char *s = xmlsafe_text_to_paragraphs("line one\r\nline two\n\n  line   three  \n");
	CHECK_STR(s, "line one\nline two\nline three");
	free(s);
	s = xmlsafe_text_to_paragraphs("a &amp; b");
	CHECK_STR(s, "a & b");
	free(s);
	s = xmlsafe_text_to_paragraphs("a < b & c");
	CHECK_STR(s, "a < b & c");
	free(s);
	s = xmlsafe_text_to_paragraphs("<p>x</p>\n<p>y</p>");
	CHECK_STR(s, "x\ny");
	free(s);
	s = xmlsafe_clean_line("  a\tb\xc2\xa0\xc2\xa0 c\x7f\x02 ");
	CHECK_STR(s, "a b c");
	free(s);
	CHECK_INT(utf8_count("湖南ab", strlen("湖南ab")), 4);
}

/* --- importing ------------------------------------------------------------------ */

TEST(imports_rss)
{
	struct store *st = fresh_store();
	char *path = fixture("rss-basic.xml");
	struct import_result res;
	char *err = NULL;
	int64_t gen0 = store_generation(st);
	CHECK_INT(import_news(st, path, 3, &res, &err), 0);
	CHECK(err == NULL);
	CHECK_RES(res, 4, 0, 0, 0);
	CHECK_INT(store_count(st, "articles"), 5);
	CHECK(store_generation(st) > gen0);

	struct row r = article(st, "rss-001");
	CHECK(r.found);
	CHECK_STR(r.title, "Roads & bridges 中 <b>open</b>");
	CHECK_STR(r.body, "第一段 & more\n第二段\n第三段");
	CHECK_STR(r.source, "湖南省人民政府 要闻");
	CHECK_STR(r.link, "https://www.hunan.gov.cn/a/1.html");
	CHECK_INT(r.published_at, T_20261125_0900_CN);
	CHECK_INT(r.column_id, 3);
	CHECK_INT(r.deleted, 0);
	row_free(&r);

	/* no guid: keyed by the link; content:encoded wins over description */
	r = article(st, "https://www.hunan.gov.cn/a/2.html");
	CHECK(r.found);
	CHECK_STR(r.title, "CDATA 标题 <raw>");
	CHECK_STR(r.body, "Heading\nFull text wrapped\none\ntwo");
	CHECK_STR(r.source, "新华社");
	CHECK_INT(r.published_at, T_20261125_0900_CN);
	row_free(&r);

	r = article(st, "rss-003");
	CHECK(r.found);
	CHECK_STR(r.body, "line one\nline two\nline three");
	CHECK_STR(r.link, "");
	CHECK_INT(r.published_at, T_20261201_1330_Z);
	row_free(&r);

	r = article(st, "rss-004");
	CHECK_STR(r.body, "Escaped HTML\n中文");
	CHECK_INT(r.published_at, T_20261201_1330_Z);
	row_free(&r);

	/* again: nothing changes, not even the generation */
	int64_t gen1 = store_generation(st);
	CHECK_INT(import_news(st, path, 3, &res, &err), 0);
	CHECK_RES(res, 0, 0, 4, 0);
	CHECK_INT(store_count(st, "articles"), 5);
	CHECK_INT(store_generation(st), gen1);

	/* into another column: every item moves */
	CHECK_INT(import_news(st, path, 2, &res, &err), 0);
	CHECK_RES(res, 0, 4, 0, 0);
	CHECK_INT(count_where(st, "SELECT count(*) FROM articles WHERE column_id = 2"), 4);
	CHECK_INT(store_count(st, "articles"), 5);

	free(path);
	store_close(st);
}

TEST(rss_needs_a_live_column)
{
	expect_fail("rss-basic.xml", 0, 1, "RSS needs --column ID");
	expect_fail("rss-basic.xml", 77, 1, "unknown column 77");
	expect_fail("rss-basic.xml", 9, 1, "unknown column 9"); /* deleted */
}

TEST(imports_qiao_news)
{
	struct store *st = fresh_store();
	char *path = fixture("news-basic.xml");
	struct import_result res;
	char *err = NULL;
	CHECK_INT(import_news(st, path, 3, &res, &err), 0);
	CHECK(err == NULL);
	CHECK_RES(res, 3, 1, 0, 3); /* the <delete> counts as an update */
	CHECK_INT(store_count(st, "articles"), 4);
	CHECK_INT(store_count(st, "columns"), 7);

	char *c = column(st, 401);
	CHECK_STR(c, "1/2/政策解读/1/0"); /* after sibling 2 (sort 0) */
	free(c);
	c = column(st, 402);
	CHECK_STR(c, "401/3/图解/0/0");
	free(c);
	c = column(st, 500);
	CHECK_STR(c, "0/1/专题/10/0"); /* after the top columns (max sort 9) */
	free(c);

	struct row r = article(st, "hn-2026-001");
	CHECK(r.found);
	CHECK_INT(r.column_id, 401);
	CHECK_STR(r.title, "关于进一步优化营商环境的通知");
	CHECK_STR(r.body, "第一段。\n第二段，加粗文字。");
	CHECK_STR(r.source, "湖南省人民政府办公厅");
	CHECK_STR(r.link, "https://www.hunan.gov.cn/zwgk/1.html");
	CHECK_INT(r.published_at, T_20261125_0900_CN);
	row_free(&r);

	r = article(st, "hn-2026-002");
	CHECK_INT(r.column_id, 3); /* the default */
	CHECK_STR(r.title, "默认栏目 的文章");
	CHECK_STR(r.body, "第一段有全角缩进。\n第二段。");
	CHECK_STR(r.source, "");
	CHECK_INT(r.published_at, T_20261126_1030_CN);
	row_free(&r);

	r = article(st, "hn-2026-003");
	CHECK_INT(r.column_id, 402);
	CHECK_STR(r.body, "CDATA 中的 HTML\n第二 段");
	CHECK_INT(r.published_at, T_20261127_CN);
	row_free(&r);

	r = article(st, "hn-2025-077");
	CHECK_INT(r.deleted, 1);
	row_free(&r);

	/* same file again: no duplicates, nothing written */
	int64_t gen = store_generation(st);
	CHECK_INT(import_news(st, path, 3, &res, &err), 0);
	CHECK_RES(res, 0, 0, 4, 0);
	CHECK_INT(store_count(st, "articles"), 4);
	CHECK_INT(store_count(st, "columns"), 7);
	CHECK_INT(store_generation(st), gen);

	/* one title changed */
	char *v2 = fixture("news-v2.xml");
	CHECK_INT(import_news(st, v2, 3, &res, &err), 0);
	CHECK_RES(res, 0, 1, 3, 0);
	CHECK_INT(store_count(st, "articles"), 4);
	r = article(st, "hn-2026-001");
	CHECK_STR(r.title, "关于进一步优化营商环境的通知（修订）");
	CHECK_STR(r.body, "第一段。\n第二段，加粗文字。");
	row_free(&r);
	CHECK(store_generation(st) > gen);
	free(v2);

	/* an article without column= needs a default */
	expect_fail_at(st, path, 0, 11, "article has no column (give column= or --column)");

	free(path);
	store_close(st);
}

TEST(renames_and_revives_columns)
{
	struct store *st = fresh_store();
	char *path = xasprintf("%s/cols.xml", tmpdir);
	FILE *f = fopen(path, "w");
	fputs("<qiao-news>\n"
	      "  <column id=\"2\" parent=\"1\" name=\"政策文件库\"/>\n"
	      "  <column id=\"9\" name=\"旧栏目\" sort=\"3\"/>\n"
	      "  <column id=\"3\" parent=\"2\" name=\"省政府文件\"/>\n"
	      "</qiao-news>\n", f);
	fclose(f);
	struct import_result res;
	char *err = NULL;
	CHECK_INT(import_news(st, path, 0, &res, &err), 0);
	CHECK_RES(res, 0, 0, 0, 2);
	char *c = column(st, 2);
	CHECK_STR(c, "1/2/政策文件库/0/0");
	free(c);
	c = column(st, 9);
	CHECK_STR(c, "0/1/旧栏目/3/0");
	free(c);

	/* moving a column is refused */
	f = fopen(path, "w");
	fputs("<qiao-news>\n  <column id=\"3\" parent=\"1\" name=\"x\"/>\n</qiao-news>\n", f);
	fclose(f);
	expect_fail_at(st, path, 0, 2, "column 3 already exists under column 2");
	unlink(path);
	free(path);
	store_close(st);
}

TEST(reads_declared_encodings_and_strips_controls)
{
	struct store *st = fresh_store();
	/* GBK bytes for 湖南 (BA FE C4 CF); &#x85; is a C1 control character */
	char *path = write_temp("gbk.xml",
		"<?xml version=\"1.0\" encoding=\"GBK\"?>\n<qiao-news>\n"
		"<article guid=\"gbk\" column=\"3\" date=\"2026-11-25\">"
		"<title>\xba\xfe\xc4\xcf&#x85;\xca\xa1</title><body>a&#x7F;b</body></article>\n</qiao-news>\n");
	struct import_result res;
	char *err = NULL;
	CHECK_INT(import_news(st, path, 0, &res, &err), 0);
	free(err);
	struct row r = article(st, "gbk");
	CHECK_STR(r.title, "湖南省");
	CHECK_STR(r.body, "ab");
	CHECK_INT(r.published_at, T_20261125_CN);
	row_free(&r);
	free(path);
	store_close(st);
}

TEST(rejects_bad_files)
{
	expect_fail("bad-not-wellformed.xml", 3, 7, "not well-formed XML: end tag does not match the start tag <title>");
	expect_fail("bad-no-title.xml", 3, 10, "item has no title");
	expect_fail("bad-unknown-column.xml", 3, 7, "unknown column 999");
	expect_fail("bad-deleted-column.xml", 3, 3, "unknown column 9");
	expect_fail("bad-date.xml", 3, 13, "cannot parse date 'next Tuesday'");
	expect_fail("bad-level.xml", 3, 4, "column 701 would be at level 4 (at most 3)");
	expect_fail("bad-duplicate.xml", 3, 4, "duplicate guid 'twice' (first at line 3)");
	expect_fail("bad-duplicate-column.xml", 3, 4, "duplicate column id 701 (first at line 3)");
	expect_fail("bad-root.xml", 3, 2, "unsupported document <feed> (expected <rss> or <qiao-news>)");
	expect_fail("bad-undeclared-entity.xml", 3, 4, "not well-formed XML: undefined entity &nbsp; (only &amp;");
	expect_fail("no-such-file.xml", 3, 0, "cannot open: No such file or directory");
}

static void expect_xxe_refused(const char *name, int line)
{
	struct store *st = fresh_store();
	char *path = fixture(name);
	expect_fail_at(st, path, 3, line, "DOCTYPE not allowed");
	CHECK_INT(count_where(st, "SELECT count(*) FROM articles WHERE title LIKE '%root:%'"
				  " OR body LIKE '%root:%' OR source LIKE '%root:%' OR guid LIKE 'xxe%'"
				  " OR guid = 'lol' OR title LIKE '%lol%'"), 0);
	CHECK_INT(count_where(st, "SELECT count(*) FROM columns WHERE name LIKE '%root:%'"), 0);
	free(path);
	store_close(st);
}

TEST(refuses_xxe_and_entity_bombs)
{
	expect_xxe_refused("xxe-file.xml", 2);
	expect_xxe_refused("xxe-dtd.xml", 2);
	expect_xxe_refused("xxe-param.xml", 2);
	expect_xxe_refused("billion-laughs.xml", 2);

	/* The error message itself carries nothing from /etc/passwd. */
	struct store *st = fresh_store();
	char *path = fixture("xxe-file.xml");
	struct import_result res;
	char *err = NULL;
	CHECK_INT(import_news(st, path, 3, &res, &err), -1);
	CHECK_NOT_CONTAINS(err, "root:");
	free(err);
	free(path);
	store_close(st);

	/* Even a harmless DOCTYPE is refused. */
	char *err2 = NULL;
	char *p2 = xasprintf("%s/doctype.xml", tmpdir);
	FILE *f = fopen(p2, "w");
	fputs("<?xml version=\"1.0\"?>\n<!DOCTYPE qiao-news>\n<qiao-news/>\n", f);
	fclose(f);
	xmlDocPtr doc = xmlsafe_read_file(p2, 1000, &err2);
	CHECK(doc == NULL);
	char *want = xasprintf("%s:2: DOCTYPE not allowed", p2);
	CHECK_STR(err2, want);
	free(want);
	free(err2);
	unlink(p2);
	free(p2);
}

TEST(enforces_limits)
{
	struct store *st = fresh_store();
	struct import_result res;
	char *err = NULL;

	/* 200 characters (600 bytes) of title: fine; 201: refused */
	struct buf t = BUF_INIT;
	for (int i = 0; i < 200; i++)
		buf_adds(&t, "湘");
	char *doc = xasprintf("<qiao-news>\n<article guid=\"long\" column=\"3\" date=\"2026-11-25\">\n"
			      "<title>%s</title></article>\n</qiao-news>\n", t.data);
	char *path = write_temp("title200.xml", doc);
	CHECK_INT(import_news(st, path, 0, &res, &err), 0);
	CHECK_RES(res, 1, 0, 0, 0);
	free(doc);
	free(path);
	buf_adds(&t, "湘");
	doc = xasprintf("<qiao-news>\n<article guid=\"longer\" column=\"3\" date=\"2026-11-25\">\n"
			"<title>%s</title></article>\n</qiao-news>\n", t.data);
	path = write_temp("title201.xml", doc);
	expect_fail_at(st, path, 0, 2, "title longer than 200 characters");
	free(doc);
	free(path);
	buf_release(&t);

	/* body: 200,000 bytes fine, 200,001 refused */
	struct buf body = BUF_INIT;
	for (int i = 0; i < 200000; i++)
		buf_addc(&body, 'x');
	doc = xasprintf("<qiao-news>\n<article guid=\"big\" column=\"3\" date=\"2026-11-25\">\n"
			"<title>t</title><body>%s</body></article>\n</qiao-news>\n", body.data);
	path = write_temp("body200k.xml", doc);
	CHECK_INT(import_news(st, path, 0, &res, &err), 0);
	CHECK_RES(res, 1, 0, 0, 0);
	free(doc);
	free(path);
	buf_addc(&body, 'x');
	doc = xasprintf("<qiao-news>\n<article guid=\"bigger\" column=\"3\" date=\"2026-11-25\">\n"
			"<title>t</title><body>%s</body></article>\n</qiao-news>\n", body.data);
	path = write_temp("body200k1.xml", doc);
	expect_fail_at(st, path, 0, 2, "body longer than 200000 bytes");
	free(doc);
	free(path);
	buf_release(&body);

	/* a file over 32 MiB is not even read (sparse file) */
	path = xasprintf("%s/huge.xml", tmpdir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0 && ftruncate(fd, (off_t)IMPORT_MAX_FILE + 1) == 0);
	close(fd);
	expect_fail_at(st, path, 3, 0, "file too large");
	unlink(path);
	free(path);
	store_close(st);
}

/* --- batches ---------------------------------------------------------------------- */

/* A column and five articles, one element a line (line 3 is the column,
 * lines 4-8 the articles n1..n5). */
static const char five[] =
	"<?xml version=\"1.0\"?>\n<qiao-news>\n"
	"<column id=\"801\" parent=\"1\" name=\"分批\"/>\n"
	"<article guid=\"n1\" column=\"801\" date=\"2026-11-25\"><title>一</title></article>\n"
	"<article guid=\"n2\" column=\"801\" date=\"2026-11-25\"><title>二</title></article>\n"
	"<article guid=\"n3\" column=\"801\" date=\"2026-11-25\"><title>三</title></article>\n"
	"<article guid=\"n4\" column=\"801\" date=\"2026-11-25\"><title>四</title></article>\n"
	"<article guid=\"n5\" column=\"801\" date=\"2026-11-25\"><title>五</title></article>\n"
	"</qiao-news>\n";

TEST(checks_all_then_writes_in_batches)
{
	/* A commit after every element: the file is still checked whole
	 * first, so an error in its last element writes nothing. */
	import_batch_pace(0, 0);
	struct store *st = fresh_store();
	struct import_result res;
	char *err = NULL;
	char *bad_end = xasprintf("%.*s<article guid=\"n6\" date=\"2026-11-25\"><title>六</title></article>\n</qiao-news>\n",
				  (int)(strlen(five) - strlen("</qiao-news>\n")), five);
	char *path = write_temp("batch-bad-end.xml", bad_end);
	expect_fail_at(st, path, 0, 9, "article has no column");
	CHECK_INT(count_where(st, "SELECT count(*) FROM articles WHERE guid LIKE 'n_'"), 0);
	char *name = column(st, 801);
	CHECK_STR(name, "");
	free(name);
	free(path);
	free(bad_end);

	/* The database fails at n4 (a trigger stands in for a full disk):
	 * the column and n1-n3 were committed and stay, whole; the error
	 * says up to which line; nothing of n4 or n5 is there. */
	path = write_temp("batch.xml", five);
	exec_sql(st, "CREATE TRIGGER disk_full BEFORE INSERT ON articles WHEN NEW.guid = 'n4'"
		     " BEGIN SELECT RAISE(ABORT, 'disk full'); END");
	CHECK_INT(import_news(st, path, 0, &res, &err), -1);
	char *want = xasprintf("%s:7: database error: disk full (imported in part: the elements up to line 6"
			       " are written; importing the file again completes it)", path);
	CHECK_STR(err, want);
	free(want);
	free(err);
	err = NULL;
	CHECK_RES(res, 0, 0, 0, 0);
	CHECK(sqlite3_get_autocommit(store_db(st)));
	CHECK_INT(count_where(st, "SELECT count(*) FROM articles WHERE guid IN ('n1', 'n2', 'n3') AND column_id = 801"), 3);
	CHECK_INT(count_where(st, "SELECT count(*) FROM articles WHERE guid IN ('n4', 'n5')"), 0);
	name = column(st, 801);
	CHECK_STR(name, "1/2/分批/1/0");
	free(name);

	/* Importing the same file again completes it and changes nothing
	 * that is already there. */
	exec_sql(st, "DROP TRIGGER disk_full");
	CHECK_INT(import_news(st, path, 0, &res, &err), 0);
	CHECK_RES(res, 2, 0, 3, 0);
	CHECK_INT(count_where(st, "SELECT count(*) FROM articles WHERE guid LIKE 'n_' AND deleted = 0"), 5);
	CHECK_INT(import_news(st, path, 0, &res, &err), 0);
	CHECK_RES(res, 0, 0, 5, 0);

	/* A failure at the first element: nothing written, and it says so. */
	exec_sql(st, "CREATE TRIGGER no_columns BEFORE INSERT ON columns BEGIN SELECT RAISE(ABORT, 'disk full'); END");
	char *other = write_temp("batch-first.xml",
		"<qiao-news>\n<column id=\"802\" name=\"新\"/>\n"
		"<article guid=\"m1\" column=\"802\" date=\"2026-11-25\"><title>一</title></article>\n</qiao-news>\n");
	CHECK_INT(import_news(st, other, 0, &res, &err), -1);
	want = xasprintf("%s:2: database error: disk full (nothing was written)", other);
	CHECK_STR(err, want);
	free(want);
	free(err);
	name = column(st, 802);
	CHECK_STR(name, "");
	free(name);
	free(other);
	free(path);
	store_close(st);
	import_batch_pace(BATCH_MS, BATCH_PAUSE_MS);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	RUN(parses_dates);
	RUN(reduces_html_to_paragraphs);
	RUN(text_or_html_paragraphs);
	RUN(imports_rss);
	RUN(rss_needs_a_live_column);
	RUN(imports_qiao_news);
	RUN(renames_and_revives_columns);
	RUN(reads_declared_encodings_and_strips_controls);
	RUN(rejects_bad_files);
	RUN(refuses_xxe_and_entity_bombs);
	RUN(enforces_limits);
	RUN(checks_all_then_writes_in_batches);
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	return harness_done("import_news");
}
