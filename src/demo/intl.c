/* intl.c - the foreign versions' demo content: for each of English,
 * French, Japanese and Korean, the column tree of db/demo/i18n/LANG/
 * columns.tsv and the articles of articles.tsv, written as they are (no
 * random choice: the files are the content).  Column ids are 1000 x the
 * language's place (en 1, fr 2, ja 3, ko 4) plus the row's number, so they
 * never meet the Chinese tree's 1..379; articles follow the Chinese ones.
 * db/demo/README.md documents the files. */
#include "demo/demo_int.h"
#include "store/news.h"

static const char *const intl_langs[] = { "en", "fr", "ja", "ko" };

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_of(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "2026-MM-DD" at 09:00 China time (01:00 UTC); -1 when malformed. */
static int64_t parse_day(const char *s)
{
	int y, m, d, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	return days_of(y, m, d) * DAY + 3600;
}

static int row_error(struct demo *d, const struct tsv *t, size_t row, const char *why)
{
	*d->err = xasprintf("demo: db/demo/%s: data row %zu: %s", t->file, row + 1, why);
	return -1;
}

/* The column id of key in t's rows (key column kc), or 0. */
static int64_t column_of(const struct tsv *t, int kc, int64_t base, const char *key)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(tsv_get(t, i, kc), key) == 0)
			return base + (int64_t)i + 1;
	return 0;
}

static int one_language(struct demo *d, size_t li, struct tsv *cols, struct tsv *arts)
{
	const char *lang = intl_langs[li];
	int64_t base = 1000 * (int64_t)(li + 1);
	int kc = tsv_col(cols, "key", d->err), pc = tsv_col(cols, "parent", d->err),
	    nc = tsv_col(cols, "name", d->err);
	int ac = tsv_col(arts, "column", d->err), dc = tsv_col(arts, "date", d->err),
	    sc = tsv_col(arts, "source", d->err), tc = tsv_col(arts, "title", d->err),
	    bc = tsv_col(arts, "body", d->err);
	if (kc < 0 || pc < 0 || nc < 0 || ac < 0 || dc < 0 || sc < 0 || tc < 0 || bc < 0)
		return -1;

	/* The tree: a parent is a top section named on an earlier row. */
	int sort_top = 0;
	for (size_t i = 0; i < cols->nrows; i++) {
		const char *key = tsv_get(cols, i, kc), *parent = tsv_get(cols, i, pc);
		if (column_of(cols, kc, base, key) != base + (int64_t)i + 1)
			return row_error(d, cols, i, "a key used twice");
		int64_t pid = 0, sort = 0;
		if (strcmp(parent, "-") != 0) {
			pid = column_of(cols, kc, base, parent);
			if (!pid || pid >= base + (int64_t)i + 1 || strcmp(tsv_get(cols, (size_t)(pid - base - 1), pc), "-") != 0)
				return row_error(d, cols, i, "the parent is not a top section on an earlier row");
			for (size_t k = 0; k < i; k++)
				sort += strcmp(tsv_get(cols, k, pc), parent) == 0;
		} else {
			sort = sort_top++;
		}
		if (news_add_column_in(d->st, lang, base + (int64_t)i + 1, pid, pid ? 2 : 1,
				       tsv_get(cols, i, nc), sort) != 0)
			return dm_sql_error(d, "columns");
	}

	struct buf body = BUF_INIT, guid = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < arts->nrows && rc == 0; i++) {
		int64_t col = column_of(cols, kc, base, tsv_get(arts, i, ac));
		int64_t at = parse_day(tsv_get(arts, i, dc));
		if (!col) {
			rc = row_error(d, arts, i, "no such column in columns.tsv");
			break;
		}
		if (at < 0 || at > DEMO_EPOCH) {
			rc = row_error(d, arts, i, "the date is not YYYY-MM-DD on or before the demo's epoch");
			break;
		}
		buf_reset(&body);
		for (const char *p = tsv_get(arts, i, bc); *p; p++)
			buf_addc(&body, *p == '|' ? '\n' : *p);
		buf_reset(&guid);
		buf_addf(&guid, "demo-%s-%zu", lang, i + 1);
		struct news_article_rec rec = {
			.guid = guid.data, .title = tsv_get(arts, i, tc), .source = tsv_get(arts, i, sc),
			.body = body.data, .column_id = col, .published_at = at,
		};
		if (news_put_article(d->st, &rec) != NEWS_PUT_ADDED)
			rc = dm_sql_error(d, "articles");
	}
	buf_release(&body);
	buf_release(&guid);
	return rc;
}

int demo_intl(struct demo *d)
{
	dm_progress_stage(d, "other languages", (long)ARRAY_LEN(intl_langs));
	for (size_t li = 0; li < ARRAY_LEN(intl_langs); li++) {
		char name[64];
		struct tsv cols, arts;
		snprintf(name, sizeof name, "i18n/%s/columns.tsv", intl_langs[li]);
		if (tsv_load(&cols, name, d->err) != 0)
			return -1;
		snprintf(name, sizeof name, "i18n/%s/articles.tsv", intl_langs[li]);
		if (tsv_load(&arts, name, d->err) != 0) {
			tsv_free(&cols);
			return -1;
		}
		int rc = one_language(d, li, &cols, &arts);
		tsv_free(&cols);
		tsv_free(&arts);
		if (rc != 0)
			return -1;
		dm_progress_tick(d, (long)li + 1);
	}
	return 0;
}
