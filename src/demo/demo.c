/* demo.c - the deterministic demo portal (see demo.h): the generator's
 * common parts and demo_fill, which runs data.c, units.c, news.c and
 * messages.c.
 *
 * Every row is built from the data files of db/demo/ (embedded, data.c)
 * and a splitmix64 generator seeded by the caller: no clock and no
 * rand(), so one seed always gives the same database.  Rows go in through
 * the store's own writers (the ones the importers and the message form
 * use), all in one transaction. */
#include "demo/demo.h"
#include "demo/demo_int.h"

#include <sqlite3.h>

/* splitmix64: the state advances by GOLDEN per draw. */
#define GOLDEN 0x9e3779b97f4a7c15ULL

/* The columns, articles and letters start from where the stream stood
 * after the units and items of the 306-service catalogue this demo first
 * had (129,507 draws): adding services, department types or --scale
 * copies then leaves them exactly as they were, so the content the tests
 * and journeys were written against does not reshuffle with the
 * catalogue. */
#define CONTENT_DRAWS 129507ULL

static uint64_t rng_next(struct demo *d)
{
	uint64_t z = (d->rng += GOLDEN);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int dm_rnd(struct demo *d, int n)
{
	return n > 0 ? (int)(rng_next(d) % (uint64_t)n) : 0;
}

int dm_rnd_in(struct demo *d, int lo, int hi)
{
	return lo + dm_rnd(d, hi - lo + 1);
}

bool dm_chance(struct demo *d, int pct)
{
	return dm_rnd(d, 100) < pct;
}

int dm_sql_error(struct demo *d, const char *what)
{
	if (!*d->err)
		*d->err = xasprintf("demo: %s: %s", what, sqlite3_errmsg(d->db));
	return -1;
}

static sqlite3_stmt *stmt(struct demo *d, const char *sql)
{
	sqlite3_stmt *s = store_stmt(d->st, sql);
	if (!s)
		dm_sql_error(d, "prepare");
	return s;
}

/* --- progress ----------------------------------------------------- */

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_draw(struct demo *d, long done)
{
	fprintf(stderr, "\rqiao: building demo: %s %ld/%ld      ", d->prog.what, done, d->prog.total);
	fflush(stderr);
}

void dm_progress_stage(struct demo *d, const char *what, long total)
{
	if (!d->prog.on)
		return;
	d->prog.what = what;
	d->prog.total = total;
	progress_draw(d, 0);
	clock_gettime(CLOCK_MONOTONIC, &d->prog.last);
}

/* Redraw at most ten times a second; the clock is read every 256 rows. */
void dm_progress_tick(struct demo *d, long done)
{
	if (!d->prog.on || ((done & 255) && done != d->prog.total))
		return;
	double last = (double)d->prog.last.tv_sec + (double)d->prog.last.tv_nsec / 1e9;
	if (now_sec() - last < 0.1 && done != d->prog.total)
		return;
	progress_draw(d, done);
	clock_gettime(CLOCK_MONOTONIC, &d->prog.last);
}

/* --- names --------------------------------------------------------- */

void dm_add_person(struct demo *d, struct buf *b)
{
	size_t n = strlen(surnames) / 3; /* all three-byte characters */
	size_t i = (size_t)dm_rnd(d, (int)n);
	buf_add(b, surnames + 3 * i, 3);
	buf_adds(b, PICK(d, given_names));
}

/* ------------------------------------------------------------------ */
/* Setup                                                                */
/* ------------------------------------------------------------------ */

static int load_regions(struct demo *d)
{
	sqlite3_stmt *s = stmt(d, "SELECT id, coalesce(parent_id, 0), level, name, code FROM regions ORDER BY id");
	if (!s)
		return -1;
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int id = sqlite3_column_int(s, 0);
		if (id < 1 || id > N_REGIONS || d->reg[id].name) {
			sqlite3_reset(s);
			*d->err = xasprintf("demo: unexpected region id %d", id);
			return -1;
		}
		d->reg[id].parent = sqlite3_column_int(s, 1);
		d->reg[id].level = sqlite3_column_int(s, 2);
		d->reg[id].name = store_col_text(s, 3);
		d->reg[id].code = store_col_text(s, 4);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return dm_sql_error(d, "regions");
	for (int id = 1; id <= N_REGIONS && n == N_REGIONS; id++) {
		int want = id == 1 ? 1 : id <= 15 ? 2 : 3;
		if (d->reg[id].level != want || (want == 3 && (d->reg[id].parent < 2 || d->reg[id].parent > 15)))
			n = -1;
	}
	if (n != N_REGIONS) {
		*d->err = xasprintf("demo: the regions table is not the seeded Hunan list");
		return -1;
	}
	/* departments.tsv's {short}: 芙蓉区 -> 芙蓉, 攸县 -> 攸县, an
	 * autonomous county its first two characters (all three bytes). */
	for (int id = 16; id <= N_REGIONS; id++) {
		struct region *r = &d->reg[id];
		size_t len = strlen(r->name);
		r->district = len >= 3 && strcmp(r->name + len - 3, "区") == 0;
		if (strstr(r->name, "自治县"))
			r->short_name = xstrndup(r->name, 6);
		else if (len >= 9)
			r->short_name = xstrndup(r->name, len - 3);
		else
			r->short_name = xstrdup(r->name);
	}
	return 0;
}

static int check_empty(struct demo *d)
{
	sqlite3_stmt *s = stmt(d, "SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM items)"
		" + (SELECT count(*) FROM columns) + (SELECT count(*) FROM articles)"
		" + (SELECT count(*) FROM messages)");
	if (!s)
		return -1;
	int64_t n = -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (n < 0)
		return dm_sql_error(d, "count");
	if (n > 0) {
		*d->err = xasprintf("demo: the database already has content");
		return -1;
	}
	return 0;
}

static void demo_free(struct demo *d)
{
	for (int i = 1; i <= N_REGIONS; i++) {
		free(d->reg[i].name);
		free(d->reg[i].code);
		free(d->reg[i].short_name);
	}
	for (int i = 0; i < d->n_units; i++) {
		free(d->units[i].name);
		free(d->units[i].phone);
		free(d->units[i].address);
	}
	free(d->units);
	free(d->unit_of);
	free(d->cols);
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++)
		dm_list_free(&d->kids[i]);
	free(d->dtypes);
	free(d->svcs);
	tsv_free(&d->f_dept);
	tsv_free(&d->f_svc);
	tsv_free(&d->f_art);
	tsv_free(&d->f_msg);
	free(d);
}

void dm_shuffle_ints(struct demo *d, int *a, int n)
{
	for (int i = n - 1; i > 0; i--) {
		int j = dm_rnd(d, i + 1);
		int t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

/* ------------------------------------------------------------------ */

static int pragma_value(struct demo *d, const char *sql, int *out)
{
	sqlite3_stmt *s = stmt(d, sql);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : dm_sql_error(d, "pragma");
}

/* meta.demo = 1: the pages say their content is demonstration data. */
static int mark_demo(struct demo *d)
{
	sqlite3_stmt *s = stmt(d, "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', 1)");
	if (!s || store_step_done(s) != 0)
		return dm_sql_error(d, "meta");
	return 0;
}

int demo_fill(struct store *st, uint64_t seed, bool progress, char **err)
{
	return demo_fill_scaled(st, seed, 1, progress, err);
}

int demo_fill_scaled(struct store *st, uint64_t seed, int scale, bool progress, char **err)
{
	*err = NULL;
	if (scale < 1 || scale > DEMO_SCALE_MAX) {
		*err = xasprintf("demo: scale %d out of range 1-%d", scale, DEMO_SCALE_MAX);
		return -1;
	}
	struct demo *d = xcalloc(1, sizeof *d);
	d->scale = scale;
	d->st = st;
	d->db = store_db(st);
	d->err = err;
	d->rng = seed;
	d->prog.on = progress;

	int sync = 1, cache = -2000, rc = -1;
	if (pragma_value(d, "PRAGMA synchronous", &sync) != 0 ||
	    pragma_value(d, "PRAGMA cache_size", &cache) != 0) {
		demo_free(d);
		return -1;
	}
	/* One big write: no fsync until the commit, and a larger page cache. */
	store_exec(st, "PRAGMA synchronous = OFF");
	store_exec(st, "PRAGMA cache_size = -65536");
	if (store_begin(st) != 0) {
		dm_sql_error(d, "begin");
		goto out;
	}
	if (demo_load_data(d) == 0 && load_regions(d) == 0 && check_empty(d) == 0 &&
	    demo_units(d) == 0 && demo_items(d) == 0 &&
	    (d->rng = seed + CONTENT_DRAWS * GOLDEN, demo_columns(d) == 0) &&
	    demo_articles(d) == 0 && demo_messages(d) == 0 && demo_intl(d) == 0 && mark_demo(d) == 0) {
		if (store_commit(st) == 0)
			rc = 0;
		else
			dm_sql_error(d, "commit");
	}
	if (rc != 0)
		store_rollback(st);
out:;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA synchronous = %d", sync);
	store_exec(st, sql);
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", cache);
	store_exec(st, sql);
	if (progress && rc == 0)
		fprintf(stderr, "\rqiao: building demo: done%40s\n", "");
	else if (progress)
		fputc('\n', stderr);
	demo_free(d);
	return rc;
}

