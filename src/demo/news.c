/* news.c - the demo's column tree and articles, written through
 * news_add_column / news_put_article.
 *
 * The tree is tables.c's (8 sections, 68 columns, 303 below them).  An
 * article is made from ONE subject of db/demo/articles.tsv and ONE place:
 * a title template, the lead and paragraphs in file order, every {place}
 * the same region; no title is used twice.  A subject marked long is a
 * report: its own paragraphs, then those of the other subjects about the
 * same kind of place, each part headed, until it is over 5,000
 * characters (the long-article pages and journeys need such reports). */
#include "core/tz.h"
#include "core/utf8.h"
#include "demo/demo_int.h"
#include "store/news.h"

#include <math.h>

/* ------------------------------------------------------------------ */
/* Columns                                                              */
/* ------------------------------------------------------------------ */

static int insert_column(struct demo *d, const struct column *c, int sort)
{
	if (news_add_column(d->st, c->id, c->parent, c->level, c->name, sort) != 0)
		return dm_sql_error(d, "columns");
	return 0;
}

int demo_columns(struct demo *d)
{
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++)
		dm_list_init(&d->kids[i], col2s[i].kids);
	size_t n = ARRAY_LEN(top_columns) + ARRAY_LEN(col2s);
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++)
		n += d->kids[i].n;
	d->cols = xcalloc(n, sizeof *d->cols);
	dm_progress_stage(d, "columns", (long)n);

	for (size_t i = 0; i < ARRAY_LEN(top_columns); i++) {
		struct column *c = &d->cols[d->n_cols++];
		*c = (struct column){ .id = d->n_cols, .level = 1, .name = top_columns[i] };
		if (insert_column(d, c, (int)i) != 0)
			return -1;
	}
	int sort[ARRAY_LEN(top_columns)] = { 0 };
	int first2 = d->n_cols;
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++) {
		const struct col2 *p = &col2s[i];
		struct column *c = &d->cols[d->n_cols++];
		bool lf = p->name[0] == '*';
		*c = (struct column){ .id = d->n_cols, .parent = p->top + 1, .level = 2, .name = p->name + lf };
		if (insert_column(d, c, sort[p->top]++) != 0)
			return -1;
	}
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++) {
		for (size_t k = 0; k < d->kids[i].n; k++) {
			const char *name = d->kids[i].v[k];
			bool lf = name[0] == '*';
			struct column *c = &d->cols[d->n_cols++];
			*c = (struct column){ .id = d->n_cols, .parent = first2 + (int)i + 1, .level = 3,
				.name = name + lf };
			if (insert_column(d, c, (int)k) != 0)
				return -1;
		}
	}
	dm_progress_tick(d, d->n_cols);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Articles                                                             */
/* ------------------------------------------------------------------ */

#define LONG_CHARS 5200

/* One subject of articles.tsv. */
struct subject {
	const char *section, *column, *name, *scope;
	bool long_form;
	struct list titles, leads, paras;
	int col;        /* index into d->cols */
	int fixed;      /* region id of a one-place subject, else 0 */
};

/* The titles used so far: open addressing over their hashes. */
struct title_set {
	char **slot;
	size_t cap;
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* True (and the title kept) when it was not there yet. */
static bool title_add(struct title_set *t, const char *s)
{
	size_t i = (size_t)(str_hash(s) & (t->cap - 1));
	for (; t->slot[i]; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->slot[i], s) == 0)
			return false;
	t->slot[i] = xstrdup(s);
	return true;
}

/* The article being written: its place and date. */
struct art_ctx {
	const char *place;
	int year, month;
};

/* Expand {place} {year} {lastyear} {nextyear} {month} {n:A-B} {f:A-B}. */
static void expand(struct demo *d, struct buf *b, const char *t, const struct art_ctx *a)
{
	while (*t) {
		const char *o = strchr(t, '{'), *e = o ? strchr(o, '}') : NULL;
		if (!o || !e) {
			buf_adds(b, t);
			return;
		}
		buf_add(b, t, (size_t)(o - t));
		size_t n = (size_t)(e - o - 1);
		const char *k = o + 1;
		long lo, hi;
		double flo, fhi;
		if (n == 5 && memcmp(k, "place", 5) == 0)
			buf_adds(b, a->place);
		else if (n == 4 && memcmp(k, "year", 4) == 0)
			buf_addf(b, "%d", a->year);
		else if (n == 8 && memcmp(k, "lastyear", 8) == 0)
			buf_addf(b, "%d", a->year - 1);
		else if (n == 8 && memcmp(k, "nextyear", 8) == 0)
			buf_addf(b, "%d", a->year + 1);
		else if (n == 5 && memcmp(k, "month", 5) == 0)
			buf_addf(b, "%d", dm_rnd_in(d, 1, a->month));
		else if (n > 2 && k[0] == 'n' && k[1] == ':' && sscanf(k + 2, "%ld-%ld", &lo, &hi) == 2 &&
			 lo <= hi && hi - lo < 100000000)
			buf_addf(b, "%ld", lo + dm_rnd(d, (int)(hi - lo + 1)));
		else if (n > 2 && k[0] == 'f' && k[1] == ':' && sscanf(k + 2, "%lf-%lf", &flo, &fhi) == 2 &&
			 flo <= fhi && fhi - flo < 1000000) {
			/* one decimal: tenths drawn from lo*10 .. hi*10 */
			long t0 = lround(flo * 10), t1 = lround(fhi * 10);
			long v = t0 + dm_rnd(d, (int)(t1 - t0 + 1));
			buf_addf(b, "%ld.%ld", v / 10, v % 10);
		} else {
			buf_add(b, o, (size_t)(e - o + 1)); /* not a slot: kept */
		}
		t = e + 1;
	}
}

/* The column named `name` in the section, a second-level one first;
 * -1 when there is none. */
static int find_column(const struct demo *d, const char *section, const char *name)
{
	int top = 0;
	for (int i = 0; i < d->n_cols; i++)
		if (d->cols[i].level == 1 && strcmp(d->cols[i].name, section) == 0)
			top = d->cols[i].id;
	if (!top)
		return -1;
	for (int lv = 2; lv <= 3; lv++)
		for (int i = 0; i < d->n_cols; i++) {
			const struct column *c = &d->cols[i];
			if (c->level != lv)
				continue;
			int sec = lv == 2 ? c->parent : d->cols[c->parent - 1].parent;
			if (sec == top && strcmp(c->name, name) == 0)
				return i;
		}
	return -1;
}

/* A child of column ci whose name is or is part of the subject (岳麓书院
 * under 湖湘文化, 张家界 for 张家界国家森林公园), else ci itself. */
static int refine_column(const struct demo *d, int ci, const char *subject)
{
	for (int i = 0; i < d->n_cols; i++) {
		const struct column *c = &d->cols[i];
		if (c->parent == d->cols[ci].id && strstr(subject, c->name))
			return i;
	}
	return ci;
}

static int region_by_name(const struct demo *d, const char *name)
{
	for (int i = 1; i <= N_REGIONS; i++)
		if (strcmp(d->reg[i].name, name) == 0)
			return i;
	return 0;
}

static int load_subjects(struct demo *d, struct subject **out, int *n_out)
{
	const struct tsv *t = &d->f_art;
	const char *names[] = { "section", "column", "subject", "scope", "length", "titles", "leads", "paras" };
	int c[ARRAY_LEN(names)];
	for (size_t k = 0; k < ARRAY_LEN(names); k++)
		if ((c[k] = tsv_col(t, names[k], d->err)) < 0)
			return -1;
	struct subject *sub = xcalloc(t->nrows, sizeof *sub);
	*out = sub;
	*n_out = (int)t->nrows;
	for (size_t r = 0; r < t->nrows; r++) {
		struct subject *s = &sub[r];
		s->section = tsv_get(t, r, c[0]);
		s->column = tsv_get(t, r, c[1]);
		s->name = tsv_get(t, r, c[2]);
		s->scope = tsv_get(t, r, c[3]);
		s->long_form = strcmp(tsv_get(t, r, c[4]), "long") == 0;
		dm_list_init(&s->titles, tsv_get(t, r, c[5]));
		dm_list_init(&s->leads, tsv_get(t, r, c[6]));
		dm_list_init(&s->paras, tsv_get(t, r, c[7]));
		bool general = strcmp(s->scope, "省") == 0 || strcmp(s->scope, "市") == 0 ||
			       strcmp(s->scope, "县") == 0 || strcmp(s->scope, "县域") == 0;
		s->fixed = general ? 0 : region_by_name(d, s->scope);
		int ci = find_column(d, s->section, s->column);
		const char *why = ci < 0 ? "no such column in its section"
			: !general && !s->fixed ? "an unknown scope" : NULL;
		if (why) {
			*d->err = xasprintf("demo: articles.tsv: %s: %s", s->name, why);
			return -1;
		}
		s->col = refine_column(d, ci, s->name);
	}
	return 0;
}

static void free_subjects(struct subject *sub, int n)
{
	for (int i = 0; sub && i < n; i++) {
		dm_list_free(&sub[i].titles);
		dm_list_free(&sub[i].leads);
		dm_list_free(&sub[i].paras);
	}
	free(sub);
}

/* A place for the subject: its own, or one of the kind its scope names. */
static int pick_place(struct demo *d, const struct subject *s)
{
	if (s->fixed)
		return s->fixed;
	if (strcmp(s->scope, "省") == 0)
		return 1;
	if (strcmp(s->scope, "市") == 0)
		return dm_rnd_in(d, 2, 15);
	for (;;) { /* 县 or 县域 (no 区); most regions qualify, so this ends */
		int r = dm_rnd_in(d, 16, N_REGIONS);
		if (strcmp(s->scope, "县") == 0 || !d->reg[r].district)
			return r;
	}
}

/* Lead and paragraphs of one subject: all of them, or (short) a random
 * choice of at least four kept in file order. */
static void subject_text(struct demo *d, struct buf *b, const struct subject *s, const struct art_ctx *a,
			 bool all)
{
	expand(d, b, s->leads.v[dm_rnd(d, (int)s->leads.n)], a);
	int n = (int)s->paras.n;
	int keep = all || n <= 4 ? n : dm_rnd_in(d, 4, n);
	/* choose `keep` of n in order (selection sampling) */
	for (int i = 0, left = keep; i < n && left > 0; i++) {
		if (dm_rnd(d, n - i) < left) {
			buf_addc(b, '\n');
			expand(d, b, s->paras.v[i], a);
			left--;
		}
	}
}

static const char *const part_no[] = {
	"（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）", "（九）", "（十）",
	"（十一）", "（十二）", "（十三）", "（十四）", "（十五）", "（十六）", "（十七）", "（十八）",
};

/* A report: the subject's whole text, then the other subjects about the
 * same kind of place (its own section's first), each part headed, until
 * LONG_CHARS characters. */
static void long_text(struct demo *d, struct buf *b, const struct subject *sub, int n_sub, int si,
		      const struct art_ctx *a)
{
	const struct subject *s = &sub[si];
	subject_text(d, b, s, a, true);
	size_t part = 0;
	for (int pass = 0; pass < 2; pass++)
		for (int k = 0; k < n_sub && part < ARRAY_LEN(part_no); k++) {
			const struct subject *o = &sub[k];
			if (k == si || o->fixed || strcmp(o->scope, s->scope) != 0 ||
			    (strcmp(o->section, s->section) == 0) != (pass == 0))
				continue;
			if (utf8_count(b->data, b->len) >= LONG_CHARS)
				return;
			buf_addf(b, "\n%s%s", part_no[part++], o->name);
			buf_addc(b, '\n');
			subject_text(d, b, o, a, true);
		}
}

/* China time year and month of t. */
static void ymd(int64_t t, int *year, int *month)
{
	struct tm tm;
	tz_china_tm(t, &tm);
	*year = tm.tm_year + 1900;
	*month = tm.tm_mon + 1;
}

int demo_articles(struct demo *d)
{
	struct subject *sub = NULL;
	int n_sub = 0;
	if (load_subjects(d, &sub, &n_sub) != 0) {
		free_subjects(sub, n_sub);
		return -1;
	}
	struct title_set seen = { xcalloc(8192, sizeof(char *)), 8192 };
	dm_progress_stage(d, "articles", N_ARTICLES);
	struct buf title = BUF_INIT, source = BUF_INIT, body = BUF_INIT, guid = BUF_INIT;
	int rc = 0, a = 0, misses = 0;
	while (a < N_ARTICLES && rc == 0) {
		int si = dm_rnd(d, n_sub);
		const struct subject *s = &sub[si];
		int64_t t = DEMO_EPOCH - dm_rnd(d, 730) * DAY - dm_rnd(d, (int)DAY);
		int rid = pick_place(d, s);
		struct art_ctx ctx = { .place = d->reg[rid].name };
		ymd(t, &ctx.year, &ctx.month);
		buf_reset(&title);
		expand(d, &title, s->titles.v[dm_rnd(d, (int)s->titles.n)], &ctx);
		if (!title_add(&seen, buf_cstr(&title))) {
			/* this subject's titles may be used up for the year: another draw */
			if (++misses > 100 * N_ARTICLES) {
				*d->err = xasprintf("demo: articles.tsv has too few distinct titles");
				rc = -1;
			}
			continue;
		}
		buf_reset(&body);
		if (s->long_form)
			long_text(d, &body, sub, n_sub, si, &ctx);
		else
			subject_text(d, &body, s, &ctx, (a + 1) % LONG_EVERY == 0);
		buf_reset(&source);
		buf_addf(&source, "%s人民政府", ctx.place);
		buf_reset(&guid);
		buf_addf(&guid, "demo-%d", a + 1);
		struct news_article_rec rec = {
			.guid = buf_cstr(&guid), .title = buf_cstr(&title), .source = buf_cstr(&source),
			.link = "", .body = buf_cstr(&body), .column_id = d->cols[s->col].id, .published_at = t,
		};
		if (news_put_article(d->st, &rec) != NEWS_PUT_ADDED)
			rc = dm_sql_error(d, "articles");
		a++;
		dm_progress_tick(d, a);
	}
	for (size_t i = 0; i < seen.cap; i++)
		free(seen.slot[i]);
	free(seen.slot);
	buf_release(&title); buf_release(&source); buf_release(&body); buf_release(&guid);
	free_subjects(sub, n_sub);
	return rc;
}
