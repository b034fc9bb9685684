/* test_news_lang.c - the Chinese column tree and the foreign versions'
 * trees (migration 014) never mix: every query of store/news.h and the
 * portal search, on a small store built here row by row, and the foreign
 * search over Latin, kana and hangul text (qiao_zh, fts_zh_match_prefix). */
#include "core/common.h"
#include "harness.h"
#include "store/fts_zh.h"
#include "store/news.h"
#include "store/portal.h"
#include "store/store.h"

#include <unistd.h>

static char dir[] = "/tmp/qiao-test-news-lang-XXXXXX";
static char path[256];
static struct store *st;

/* The Chinese tree: 1 湖南概况 > 2 通知公告.  English: 101 About Hunan >
 * 102 Visas; French: 201 Découvrir le Hunan.  Japanese 301 > 302, Korean
 * 401 > 402.  Articles 11..13 Chinese, 21..23 English (23 in the future),
 * 31 French, 41 Japanese, 51 Korean.  Article 12 (Chinese) mentions the
 * same Latin word, visa, and 签证, as the English ones. */
static const char *rows =
	"INSERT INTO columns (id, parent_id, level, name, sort) VALUES (1, NULL, 1, '湖南概况', 1), (2, 1, 2, '通知公告', 1);"
	"INSERT INTO columns (id, parent_id, level, name, sort, lang) VALUES"
	" (101, NULL, 1, 'About Hunan', 1, 'en'), (102, 101, 2, 'Visas', 1, 'en'),"
	" (201, NULL, 1, 'Découvrir le Hunan', 1, 'fr'),"
	" (301, NULL, 1, '湖南について', 1, 'ja'), (302, 301, 2, 'ビザと在留', 1, 'ja'),"
	" (401, NULL, 1, '후난 소개', 1, 'ko'), (402, 401, 2, '비자와 체류', 1, 'ko');"
	"INSERT INTO articles (id, column_id, title, published_at, body) VALUES"
	" (11, 2, '长沙市发布通知', 100, '正文一'),"
	" (12, 2, '外国人签证办理须知', 300, '办理签证 visa 的材料'),"
	" (13, 1, '湖南概况介绍', 200, '正文三'),"
	" (21, 102, 'Applying for a residence permit', 400, 'Bring your passport and visa.'),"
	" (22, 101, 'Visas for students', 150, 'Students enter with an X1 visa (签证 in Chinese).'),"
	" (23, 102, 'A visa article not yet published', 4000000000, 'Future.'),"
	" (31, 201, 'Étudier au Hunan', 250, 'Les étudiants entrent avec un visa X1.'),"
	" (41, 302, '居留許可の申請方法', 350, '長沙市の出入境管理部門で申請します。ビザを持参してください。'),"
	" (51, 402, '거류 허가 신청 방법', 360, '창사에서는 시 출입국 서비스 홀이 창구입니다. 무비자 입국도 가능합니다.');";

TEST(setup)
{
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/l.db", dir);
	char *err = NULL;
	st = store_open(path, STORE_CREATE, &err);
	if (!st) {
		fprintf(stderr, "  store_open: %s\n", err ? err : "?");
		free(err);
		return;
	}
	CHECK_INT(store_exec(st, rows), 0);
	/* rows written here by SQL: index them as the writers would */
	CHECK_INT(news_intl_reindex(st, 0), 0);
}

static bool has_place(const struct place_row *r, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].id == id)
			return true;
	return false;
}

static bool has_article(const struct article_row *a, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].id == id)
			return true;
	return false;
}

TEST(columns_default_to_chinese)
{
	CHECK_INT(store_intf(st, -1, "SELECT count(*) FROM columns WHERE lang = 'zh'", ""), 2);
	/* a child takes its parent's version, whatever it is added as */
	CHECK_INT(news_add_column(st, 103, 101, 2, "Emergency numbers", 2), 0);
	CHECK_INT(news_add_column_in(st, "zh", 3, 1, 2, "新栏目", 2), 0);
	CHECK_INT(news_add_column_in(st, "fr", 202, 201, 2, "Visas et séjour", 1), 0);
	CHECK_INT(news_add_column_in(st, "ko", 403, 0, 1, "뉴스", 2), 0);
	struct place_row c;
	CHECK_INT(news_column_in(st, "en", 103, &c), 1);
	place_row_release(&c);
	CHECK_INT(news_column(st, 103, &c), 0);
	CHECK_INT(news_column(st, 3, &c), 1);
	place_row_release(&c);
	CHECK_INT(news_column_in(st, "fr", 202, &c), 1);
	place_row_release(&c);
	CHECK_INT(news_column_in(st, "ko", 403, &c), 1);
	place_row_release(&c);
}

TEST(top_columns_per_tree)
{
	struct place_row *c;
	size_t n;
	CHECK_INT(news_top_columns(st, &c, &n), 0);
	CHECK_INT(n, 1);
	CHECK(has_place(c, n, 1));
	place_rows_free(c, n);
	static const struct { const char *lang; int64_t top; size_t n; } want[] = {
		{ "en", 101, 1 }, { "fr", 201, 1 }, { "ja", 301, 1 }, { "ko", 401, 2 }, { "de", 0, 0 },
	};
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		CHECK_INT(news_top_columns_in(st, want[i].lang, &c, &n), 0);
		CHECK_INT(n, want[i].n);
		CHECK(want[i].n == 0 || has_place(c, n, want[i].top));
		CHECK(!has_place(c, n, 1));
		place_rows_free(c, n);
	}
}

TEST(latest_per_tree)
{
	struct article_row *a;
	size_t n;
	CHECK_INT(news_latest_articles(st, 50, &a, &n), 0);
	CHECK_INT(n, 3);
	for (size_t i = 0; i < n; i++)
		CHECK(a[i].id >= 11 && a[i].id <= 13);
	article_rows_free(a, n);
	CHECK_INT(news_latest_articles_in(st, "en", 50, &a, &n), 0);
	CHECK_INT(n, 2); /* 23 is not published yet */
	if (n == 2) {
		CHECK_INT(a[0].id, 21);
		CHECK_INT(a[1].id, 22);
	}
	article_rows_free(a, n);
	CHECK_INT(news_latest_articles_in(st, "ja", 50, &a, &n), 0);
	CHECK_INT(n, 1);
	CHECK(has_article(a, n, 41));
	article_rows_free(a, n);
}

TEST(lookups_by_id_stay_in_their_tree)
{
	struct place_row c;
	struct article_row a;
	CHECK_INT(news_column(st, 101, &c), 0);
	CHECK_INT(news_column(st, 302, &c), 0);
	CHECK_INT(news_column_in(st, "en", 1, &c), 0);
	CHECK_INT(news_column_in(st, "en", 201, &c), 0);
	CHECK_INT(news_column_in(st, "ja", 302, &c), 1);
	place_row_release(&c);
	CHECK_INT(news_article(st, 21, &a), 0);
	CHECK_INT(news_article(st, 51, &a), 0);
	CHECK_INT(news_article_in(st, "en", 12, &a), 0);
	CHECK_INT(news_article_in(st, "fr", 21, &a), 0);
	CHECK_INT(news_article_in(st, "en", 21, &a), 1);
	CHECK_STR(a.title, "Applying for a residence permit");
	CHECK_STR(a.column_name, "Visas");
	article_row_release(&a);
	CHECK_INT(news_article(st, 12, &a), 1);
	article_row_release(&a);
}

static int64_t search(const char *lang, const char *q, int64_t first)
{
	char *m = fts_zh_match_prefix(q, NULL);
	if (!m)
		return -2;
	struct article_row *a;
	size_t n;
	int64_t total = news_search_in(st, lang, m, 0, 10, &a, &n);
	free(m);
	if (total > 0 && first && (n == 0 || a[0].id != first))
		total = -3;
	for (size_t i = 0; i < n; i++)
		if (a[i].id < 21)
			total = -4; /* a Chinese article in a foreign search */
	article_rows_free(a, n);
	return total;
}

TEST(foreign_search_finds_its_own_language_only)
{
	CHECK_INT(search("en", "visa", 0), 2);               /* 21, 22: not 12 (Chinese), 31 (French), 23 (future) */
	CHECK_INT(search("en", "visas", 22), 1);             /* the title's word */
	CHECK_INT(search("en", "residence permit", 21), 1);
	CHECK_INT(search("en", "the residence permit", 21), 1); /* function words dropped */
	CHECK_INT(search("en", "resid", 21), 1);             /* a prefix */
	CHECK_INT(search("en", "签证", 22), 1);              /* Han inside an English text */
	CHECK_INT(search("fr", "visa", 31), 1);
	CHECK_INT(search("fr", "etudiants", 31), 1);         /* accents folded */
	CHECK_INT(search("fr", "ÉTUDIER", 31), 1);
	CHECK_INT(search("ja", "ビザ", 41), 1);              /* katakana inside a run */
	CHECK_INT(search("ja", "長沙", 41), 1);
	CHECK_INT(search("ja", "出入境", 41), 1);
	CHECK_INT(search("ja", "申請", 41), 1);
	CHECK_INT(search("ko", "비자", 51), 1);              /* inside 무비자 */
	CHECK_INT(search("ko", "창사", 51), 1);              /* with a particle: 창사에서는 */
	CHECK_INT(search("ko", "거류 허가", 51), 1);
	CHECK_INT(search("ko", "visa", 0), 0);
	CHECK_INT(search("zh", "签证", 0), 0);               /* the Chinese articles are not in intl_fts */
	CHECK_INT(search("en", "the", 0) >= 0, 1);           /* only a function word: searched as typed */
	CHECK_INT(search("en", "", 0), -2);
}

TEST(index_follows_edits)
{
	/* the writers the importer and the demo use keep the index */
	struct news_article_rec rec = { .guid = "g-1", .title = "Student visas explained", .body = "Bring an X1 visa.",
					.column_id = 102, .published_at = 500 };
	CHECK_INT(news_put_article(st, &rec), NEWS_PUT_ADDED);
	int64_t id = store_intf(st, 0, "SELECT id FROM articles WHERE guid = 'g-1'", "");
	CHECK_INT(search("en", "explained", id), 1);
	rec.title = "Student visas in brief";
	CHECK_INT(news_put_article(st, &rec), NEWS_PUT_UPDATED);
	CHECK_INT(search("en", "explained", 0), 0);
	CHECK_INT(search("en", "brief", id), 1);
	/* moved into the Chinese tree: out of the foreign search */
	rec.column_id = 2;
	CHECK_INT(news_put_article(st, &rec), NEWS_PUT_UPDATED);
	CHECK_INT(search("en", "brief", 0), 0);
	CHECK_INT(store_intf(st, -1, "SELECT count(*) FROM intl_fts WHERE rowid = ?1", "i", id), 0);
	rec.column_id = 102;
	CHECK_INT(news_put_article(st, &rec), NEWS_PUT_UPDATED);
	CHECK_INT(search("en", "brief", id), 1);
	/* deleted, or in a deleted column: not found, whatever the index holds */
	CHECK_INT(store_exec(st, "UPDATE articles SET deleted = 1 WHERE guid = 'g-1'"), 0);
	CHECK_INT(search("en", "brief", 0), 0);
	CHECK_INT(store_exec(st, "UPDATE columns SET deleted = 1 WHERE id = 101"), 0);
	CHECK_INT(search("en", "students", 0), 0);
	CHECK_INT(store_exec(st, "UPDATE columns SET deleted = 0 WHERE id = 101"), 0);
	CHECK_INT(search("en", "students", 22), 1);
	/* a whole rebuild gives the same answers */
	CHECK_INT(news_intl_reindex(st, 0), 0);
	CHECK_INT(search("en", "visa", 0), 2);
	CHECK_INT(search("ko", "창사", 51), 1);
}

TEST(portal_search_is_chinese_only)
{
	struct portal_section news, msgs;
	CHECK_INT(portal_search(st, "签证", 10, &news, &msgs), 0);
	CHECK_INT(news.n, 1);
	if (news.n == 1)
		CHECK_INT(news.hits[0].id, 12);
	portal_section_release(&news);
	portal_section_release(&msgs);
	CHECK_INT(portal_search(st, "residence", 10, &news, &msgs), 0);
	CHECK_INT(news.n, 0);
	portal_section_release(&news);
	portal_section_release(&msgs);
}

int main(void)
{
	RUN(setup);
	if (!st)
		return harness_done("news_lang");
	RUN(columns_default_to_chinese);
	RUN(top_columns_per_tree);
	RUN(latest_per_tree);
	RUN(lookups_by_id_stay_in_their_tree);
	RUN(foreign_search_finds_its_own_language_only);
	RUN(index_follows_edits);
	RUN(portal_search_is_chinese_only);
	store_close(st);
	char f[300];
	const char *suffix[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
	rmdir(dir);
	return harness_done("news_lang");
}
