/* demo.c - the deterministic demo portal (see demo.h): the generator's
 * common parts and demo_fill, which runs units.c, news.c and messages.c.
 *
 * Every row is built from the phrase tables (tables.c) and a splitmix64
 * generator seeded by the caller: no clock and no rand(), so one seed
 * always gives the same database.  Rows go in through the store's own
 * writers (the ones the importers and the message form use), all in one
 * transaction.
 *
 * Templates may contain {X} slots that dm_expand() fills: {R} a city,
 * {Q} a county, {S} a policy subject, {D} a document name, {U} a
 * provincial department, {Y}/{y}/{Z} the year/last year/year+2, {M} a
 * month, {N}/{B} small/large numbers, {F} a percentage, {P} a person,
 * {K} the current column, {I} a service item, {T} a scenic spot, {H} an
 * industry, {L} a cultural heritage, {V} a residential compound. */
#include "core/tz.h"
#include "demo/demo.h"
#include "demo/demo_int.h"

#include <sqlite3.h>

/* splitmix64 */
static uint64_t rng_next(struct demo *d)
{
	uint64_t z = (d->rng += 0x9e3779b97f4a7c15ULL);
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

void dm_list_init(struct list *l, const char *s)
{
	l->mem = xstrdup(s);
	l->n = *s ? 1 : 0;
	for (const char *p = s; *p; p++)
		if (*p == '|')
			l->n++;
	l->v = xcalloc(l->n ? l->n : 1, sizeof *l->v);
	if (!l->n)
		return;
	size_t i = 0;
	char *p = l->mem;
	l->v[i++] = p;
	for (; *p; p++) {
		if (*p == '|') {
			*p = '\0';
			l->v[i++] = p + 1;
		}
	}
}

void dm_list_free(struct list *l)
{
	free(l->mem);
	free(l->v);
}

const char *dm_list_pick(struct demo *d, const struct list *l)
{
	return l->v[dm_rnd(d, (int)l->n)];
}

/* Does s contain any of the '|'-separated words? */
static bool has_any(const char *s, const char *words)
{
	size_t sl = strlen(s);
	while (*words) {
		const char *e = strchr(words, '|');
		size_t wl = e ? (size_t)(e - words) : strlen(words);
		if (wl && memmem(s, sl, words, wl))
			return true;
		if (!e)
			break;
		words = e + 1;
	}
	return false;
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

/* --- template expansion ------------------------------------------- */

void dm_add_person(struct demo *d, struct buf *b)
{
	size_t n = strlen(surnames) / 3; /* all three-byte characters */
	size_t i = (size_t)dm_rnd(d, (int)n);
	buf_add(b, surnames + 3 * i, 3);
	buf_adds(b, PICK(d, given_names));
}

void dm_expand(struct demo *d, struct buf *b, const char *t, int depth);

static bool sticky(struct demo *d, const char *fixed)
{
	return fixed && (d->stick >= 100 || dm_chance(d, d->stick));
}

const char *dm_random_item(struct demo *d)
{
	return dm_list_pick(d, &d->dept[dm_rnd(d, (int)N_DEPTS)].items);
}

static void fill_slot(struct demo *d, struct buf *b, char c, int depth)
{
	switch (c) {
	case 'R': buf_adds(b, d->reg[dm_rnd_in(d, 2, 15)].name); break;
	case 'Q': buf_adds(b, d->county ? d->county : d->reg[dm_rnd_in(d, 16, N_REGIONS)].name); break;
	case 'S': buf_adds(b, sticky(d, d->fix_s) ? d->fix_s : PICK(d, subjects)); break;
	case 'D':
		if (depth < 2)
			dm_expand(d, b, PICK(d, documents), depth + 1);
		else
			buf_adds(b, PICK(d, subjects));
		break;
	case 'U': buf_adds(b, d->units[d->reg_first[1] + dm_rnd(d, d->reg_count[1])].name); break;
	case 'Y': buf_addf(b, "%d", d->year); break;
	case 'y': buf_addf(b, "%d", d->year - 1); break;
	case 'Z': buf_addf(b, "%d", d->year + 2); break;
	case 'M': buf_addf(b, "%d", d->month); break;
	case 'N': buf_addf(b, "%d", dm_rnd_in(d, 2, 30)); break;
	case 'B': buf_addf(b, "%d", dm_rnd_in(d, 100, 9999)); break;
	case 'F': buf_addf(b, "%d.%d", dm_rnd_in(d, 1, 15), dm_rnd(d, 10)); break;
	case 'P': dm_add_person(d, b); break;
	case 'K': buf_adds(b, d->col_name ? d->col_name : "政务"); break;
	case 'I': buf_adds(b, sticky(d, d->fix_i) ? d->fix_i : dm_random_item(d)); break;
	case 'T': buf_adds(b, sticky(d, d->fix_t) ? d->fix_t : PICK(d, spots)); break;
	case 'H': buf_adds(b, sticky(d, d->fix_h) ? d->fix_h : PICK(d, industries)); break;
	case 'L': buf_adds(b, sticky(d, d->fix_l) ? d->fix_l : PICK(d, heritages)); break;
	case 'V': buf_adds(b, PICK(d, compounds)); break;
	default: break;
	}
}

void dm_expand(struct demo *d, struct buf *b, const char *t, int depth)
{
	while (*t) {
		const char *o = strchr(t, '{');
		if (!o) {
			buf_adds(b, t);
			return;
		}
		buf_add(b, t, (size_t)(o - t));
		if (o[1] && o[2] == '}') {
			fill_slot(d, b, o[1], depth);
			t = o + 3;
		} else {
			buf_addc(b, '{');
			t = o + 1;
		}
	}
}

/* Publication year and month in China time. */
void dm_set_date(struct demo *d, int64_t t)
{
	struct tm tm;
	tz_china_tm(t, &tm);
	d->year = tm.tm_year + 1900;
	d->month = tm.tm_mon + 1;
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

/* Split the tables and classify every item name once. */
static void prepare_tables(struct demo *d)
{
	for (size_t i = 0; i < N_DEPTS; i++) {
		struct dept_rt *r = &d->dept[i];
		dm_list_init(&r->items, depts[i].items);
		dm_list_init(&r->laws, depts[i].laws);
		r->kind = xcalloc(r->items.n, 1);
		r->topics = xcalloc(r->items.n, sizeof *r->topics);
		for (size_t j = 0; j < r->items.n; j++) {
			const char *name = r->items.v[j];
			int k = K_OTHER;
			while (k < K_SERVICE && !has_any(name, kind_words[k]))
				k++;
			r->kind[j] = (unsigned char)k;
			unsigned short set = (unsigned short)(1u << depts[i].topic);
			int n = 1;
			for (int t = 1; t <= N_TOPICS && n < 3; t++) {
				if (!(set & (1u << t)) && has_any(name, topic_words[t])) {
					set |= (unsigned short)(1u << t);
					n++;
				}
			}
			r->topics[j] = set;
		}
	}
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++)
		dm_list_init(&d->kids[i], col2s[i].kids);
	for (size_t i = 0; i < ARRAY_LEN(cat_sentences); i++)
		dm_list_init(&d->cat_lists[i], cat_sentences[i].list);
	for (size_t i = 0; i < ARRAY_LEN(title_sets); i++)
		dm_list_init(&d->title_lists[i], title_sets[i].titles);
}

static void demo_free(struct demo *d)
{
	for (int i = 1; i <= N_REGIONS; i++) {
		free(d->reg[i].name);
		free(d->reg[i].code);
	}
	for (size_t i = 0; i < N_DEPTS; i++) {
		dm_list_free(&d->dept[i].items);
		dm_list_free(&d->dept[i].laws);
		free(d->dept[i].kind);
		free(d->dept[i].topics);
	}
	for (int i = 0; i < d->n_units; i++) {
		free(d->units[i].name);
		free(d->units[i].phone);
		free(d->units[i].address);
	}
	free(d->units);
	free(d->cols);
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++)
		dm_list_free(&d->kids[i]);
	for (size_t i = 0; i < ARRAY_LEN(cat_sentences); i++)
		dm_list_free(&d->cat_lists[i]);
	for (size_t i = 0; i < ARRAY_LEN(title_sets); i++)
		dm_list_free(&d->title_lists[i]);
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

int demo_fill(struct store *st, uint64_t seed, bool progress, char **err)
{
	*err = NULL;
	struct demo *d = xcalloc(1, sizeof *d);
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
	prepare_tables(d);
	if (load_regions(d) == 0 && check_empty(d) == 0 && demo_units(d) == 0 &&
	    demo_items(d) == 0 && demo_columns(d) == 0 && demo_articles(d) == 0 &&
	    demo_messages(d) == 0) {
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

