/* fuzz_import_news.c - libFuzzer target for `qiao import news`
 * (src/import/import_news.c through the safe reader) and its date parser.
 * The input is imported as a file into one in-memory store (columns
 * 1 > 2 > 3, a deleted column 9 and one stored article, as in
 * test_import_news), which is put back after each successful import.
 * Checks: an error is "PATH:LINE: reason" on one line and writes nothing
 * (the file is checked whole before the first write, and the in-memory
 * database never fails: same article and column counts, same
 * generation); a
 * success reports counts that add up; importing the same file again
 * changes nothing.  news_parse_date() runs on each line of the input and
 * an accepted date round-trips through its ISO form. */
#include "core/common.h"
#include "import/batch.h"
#include "import/import_news.h"
#include "store/store.h"
#include "fuzz_util.h"

static const char seed_sql[] =
	"DELETE FROM articles; DELETE FROM columns;"
	"INSERT INTO columns (id, parent_id, level, name, sort, deleted) VALUES"
	" (1, NULL, 1, '政务公开', 0, 0), (2, 1, 2, '政策文件', 0, 0),"
	" (3, 2, 3, '省政府文件', 0, 0), (9, NULL, 1, '旧栏目', 9, 1);"
	"INSERT INTO articles (column_id, title, source, published_at, body, guid, link)"
	" VALUES (3, '旧文章', '', 1700000000, 'old', 'hn-2025-077', '')";

static struct store *store(void)
{
	static struct store *st;
	if (!st) {
		char *err = NULL;
		log_set_level(LOG_ERROR);
		/* A commit after every element, no pause: the writing pass's
		 * batches run on every input, and quickly. */
		import_batch_pace(0, 0);
		st = store_open(":memory:", STORE_CREATE, &err);
		if (!st || store_exec(st, seed_sql) != 0) {
			fprintf(stderr, "fuzz_import_news: cannot set up the store: %s\n", err ? err : "seed");
			abort();
		}
		/* The store takes writes (else every import fails at its first
		 * transaction and the checks below see only refusals). */
		if (store_begin(st) != 0) {
			fprintf(stderr, "%s: the store refuses to write\n", "fuzz_import_news");
			abort();
		}
		store_rollback(st);
	}
	return st;
}

static void check_dates(const uint8_t *data, size_t size)
{
	while (size > 0) {
		char *line = fuzz_take(&data, &size, '\n', NULL);
		int64_t t = 0;
		if (strlen(line) < 200 && news_parse_date(line, &t)) {
			/* the same instant written as ISO 8601 in UTC parses back */
			time_t tt = (time_t)t;
			struct tm tm;
			if (t > -62135596800LL && t < 253402300800LL && gmtime_r(&tt, &tm)) {
				char iso[64];
				snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
				         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
				int64_t back = 0;
				FUZZ_ASSERT(news_parse_date(iso, &back) && back == t);
			}
		}
		free(line);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *st = store();
	const char *path = fuzz_path(data, size);
	int64_t arts = store_count(st, "articles"), cols = store_count(st, "columns");
	int64_t gen = store_generation(st);
	struct import_result res;
	char *err = NULL;
	int64_t defcol = size ? 1 + data[size - 1] % 4 : 3;
	int rc = import_news(st, path, defcol, &res, &err);
	if (rc != 0) {
		FUZZ_ASSERT(rc == -1 && err);
		FUZZ_ASSERT(strncmp(err, path, strlen(path)) == 0 && err[strlen(path)] == ':');
		FUZZ_ASSERT(!strchr(err, '\n'));
		FUZZ_ASSERT(res.added == 0 && res.updated == 0 && res.unchanged == 0 && res.columns == 0);
		FUZZ_ASSERT(store_count(st, "articles") == arts && store_count(st, "columns") == cols);
		FUZZ_ASSERT(store_generation(st) == gen);
		free(err);
	} else {
		FUZZ_ASSERT(!err);
		FUZZ_ASSERT(res.added >= 0 && res.updated >= 0 && res.unchanged >= 0 && res.columns >= 0);
		FUZZ_ASSERT(store_count(st, "articles") <= arts + res.added);
		/* Once more: nothing new. */
		struct import_result again;
		int rc2 = import_news(st, path, defcol, &again, &err);
		if (rc2 != 0) {
			fprintf(stderr, "second import failed: %s\n", err);
			abort();
		}
		FUZZ_ASSERT(again.added == 0 && again.columns == 0);
		if (store_exec(st, seed_sql) != 0)
			abort();
	}
	check_dates(data, size);
	return 0;
}
