/* svc_lex.c - the search lexicon built from the store (svc_lex.h): the
 * distinct item names, the words of search_stopwords, search_intents and
 * synonyms, the region names, and the texts of the portal sections. */
#include "core/common.h"

#include "core/utf8.h"
#include "store/portal.h"
#include "store/svc_lex.h"

#include <pthread.h>
#include <stdatomic.h>

/* --- building ----------------------------------------------------------- */

struct builder {
	struct lex_entry *e;
	size_t n, cap;
};

static void add_alt(struct lex_entry *e, const char *a)
{
	for (size_t k = 0; k < e->nalt; k++)
		if (strcmp(e->alt[k], a) == 0)
			return;
	e->alt = xrealloc(e->alt, (e->nalt + 1) * sizeof *e->alt);
	e->alt[e->nalt++] = xstrdup(a);
}

static struct lex_entry *add_entry(struct builder *b, const char *term, enum lex_kind kind)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->e = xrealloc(b->e, b->cap * sizeof *b->e);
	}
	struct lex_entry *e = &b->e[b->n++];
	memset(e, 0, sizeof *e);
	e->term = lex_fold(term);
	e->kind = kind;
	return e;
}

/* Rewrites "a|b|c" (folded) as alternatives of e. */
static void add_alts(struct lex_entry *e, const char *list)
{
	char *f = lex_fold(list);
	char *save = NULL;
	for (char *t = strtok_r(f, "|", &save); t; t = strtok_r(NULL, "|", &save))
		if (*t)
			add_alt(e, t);
	free(f);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct lex_entry *x = a, *y = b;
	int c = strcmp(x->term, y->term);
	if (c)
		return c;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;   /* words before stop words before regions */
	return x->level - y->level;               /* the larger region first */
}


static bool has_column(struct store *st, const char *table, const char *col)
{
	char *sql = xasprintf("SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'", table, col);
	sqlite3_stmt *s = store_stmt(st, sql);
	free(sql);
	return store_one_int(s) > 0;
}

static int load_names(struct store *st, struct lexicon *lx)
{
	bool aud = has_column(st, "items", "audience");
	sqlite3_stmt *s = store_stmt(st, aud
		? "SELECT i.name, i.id, u.region_id, i.audience FROM items i JOIN units u ON u.id = i.unit_id ORDER BY i.name, i.id"
		: "SELECT i.name, i.id, u.region_id, '个人' FROM items i JOIN units u ON u.id = i.unit_id ORDER BY i.name, i.id");
	if (!s)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		if (!name)
			continue;
		struct lex_name *nm = lx->nnames ? &lx->names[lx->nnames - 1] : NULL;
		if (!nm || strcmp(nm->name, name) != 0) {
			if (lx->nnames == cap) {
				cap = cap ? cap * 2 : 512;
				lx->names = xrealloc(lx->names, cap * sizeof *lx->names);
			}
			nm = &lx->names[lx->nnames++];
			memset(nm, 0, sizeof *nm);
			nm->name = xstrdup(name);
			nm->fold = lex_fold(name);
			nm->flen = strlen(nm->fold);
			nm->nchars = lex_nchars(nm->fold);
			const char *a = (const char *)sqlite3_column_text(s, 3);
			nm->person = !a || strcmp(a, "法人") != 0;
			lex_make_pinyin(nm->fold, &nm->py, &nm->syl, &nm->ini);
		}
		if (nm->nitems == nm->citems) {
			nm->citems = nm->citems ? nm->citems * 2 : 4;
			nm->item = xrealloc(nm->item, nm->citems * sizeof *nm->item);
			nm->region = xrealloc(nm->region, nm->citems * sizeof *nm->region);
		}
		nm->item[nm->nitems] = sqlite3_column_int64(s, 1);
		nm->region[nm->nitems++] = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

struct item_ref {
	int64_t item;
	size_t name;
};

static int cmp_ref(const void *a, const void *b)
{
	const struct item_ref *x = a, *y = b;
	return x->item < y->item ? -1 : x->item > y->item;
}

/* Topic bits of each name, through a sorted (item -> name) table. */
static int load_topics(struct store *st, struct lexicon *lx)
{
	size_t total = 0;
	for (size_t i = 0; i < lx->nnames; i++)
		total += lx->names[i].nitems;
	struct item_ref *refs = xcalloc(total ? total : 1, sizeof *refs);
	size_t k = 0;
	for (size_t i = 0; i < lx->nnames; i++)
		for (size_t j = 0; j < lx->names[i].nitems; j++)
			refs[k++] = (struct item_ref){ lx->names[i].item[j], i };
	qsort(refs, total, sizeof *refs, cmp_ref);
	sqlite3_stmt *s = store_stmt(st, "SELECT item_id, topic_id FROM item_topics");
	int rc = -1;
	if (s) {
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			struct item_ref key = { sqlite3_column_int64(s, 0), 0 };
			int64_t t = sqlite3_column_int64(s, 1);
			struct item_ref *r = bsearch(&key, refs, total, sizeof *refs, cmp_ref);
			if (r && t >= 0 && t < 64)
				lx->names[r->name].topics |= (uint64_t)1 << t;
		}
		sqlite3_reset(s);
		rc = rc == SQLITE_DONE ? 0 : -1;
	}
	free(refs);
	return rc;
}

/* Full region names, and short ones (长沙 for 长沙市, 湘西 for
 * 湘西土家族苗族自治州) unless the short form occurs in an item name. */
static int load_regions(struct store *st, struct lexicon *lx, struct builder *b)
{
	lx->nregions = store_one_int(store_stmt(st, "SELECT coalesce(max(id), 0) + 1 FROM regions"));
	if (lx->nregions <= 0)
		return -1;
	lx->parent = xcalloc((size_t)lx->nregions, sizeof *lx->parent);
	sqlite3_stmt *s = store_stmt(st, "SELECT id, coalesce(parent_id, 0), level, name FROM regions");
	if (!s)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 3);
		if (id <= 0 || id >= lx->nregions || !name)
			continue;
		lx->parent[id] = sqlite3_column_int64(s, 1);
		int level = sqlite3_column_int(s, 2);
		struct lex_entry *e = add_entry(b, name, E_REGION);
		e->region = id;
		e->level = level;
		char *f = xstrdup(e->term);
		size_t fl = strlen(f);
		int nc = lex_nchars(f);
		char *shortn = NULL;
		static const char *const tails[] = { "自治州", "自治县" };
		for (size_t t = 0; t < ARRAY_LEN(tails) && !shortn; t++) {
			size_t tl = strlen(tails[t]);
			if (fl > tl && strcmp(f + fl - tl, tails[t]) == 0 && nc > 4) {
				size_t k = 0;
				for (int c = 0; c < 2; c++) {
					uint32_t cp;
					k += utf8_next(f + k, fl - k, &cp);
				}
				shortn = xstrndup(f, k);
			}
		}
		static const char *const ends[] = { "省", "市", "县", "区" };
		for (size_t t = 0; t < ARRAY_LEN(ends) && !shortn; t++) {
			size_t tl = strlen(ends[t]);
			if (nc >= 3 && fl > tl && strcmp(f + fl - tl, ends[t]) == 0)
				shortn = xstrndup(f, fl - tl);
		}
		if (shortn && !lex_in_some_name(lx, shortn)) {
			struct lex_entry *e2 = add_entry(b, shortn, E_REGION);
			e2->region = id;
			e2->level = level;
		}
		free(shortn);
		free(f);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int load_words(struct store *st, struct builder *b)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT word, weak FROM search_stopwords");
	if (!s)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(s, 0);
		if (w && *w)
			add_entry(b, w, sqlite3_column_int(s, 1) ? E_WEAK : E_STOP);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -1;
	s = store_stmt(st, "SELECT term, rewrite FROM search_intents");
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		const char *r = (const char *)sqlite3_column_text(s, 1);
		if (!t || !*t || !r)
			continue;
		struct lex_entry *e = add_entry(b, t, E_WORD);
		add_alt(e, e->term);
		add_alts(e, r);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return -1;
	s = store_stmt(st, "SELECT term, synonym FROM synonyms");
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		const char *y = (const char *)sqlite3_column_text(s, 1);
		if (!t || !*t || !y || !*y)
			continue;
		struct lex_entry *e = add_entry(b, t, E_WORD);
		add_alt(e, e->term);
		char *fy = lex_fold(y);
		add_alt(e, fy);
		e = add_entry(b, y, E_WORD);
		add_alt(e, fy);
		char *ft = lex_fold(t);
		add_alt(e, ft);
		free(ft);
		free(fy);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Sort and merge entries of one term: a word's alternatives are pooled;
 * a word wins over a stop word, a stop word over a region; of two regions
 * the larger (city over its county of the same short name). */
static void finish_entries(struct lexicon *lx, struct builder *b)
{
	qsort(b->e, b->n, sizeof *b->e, cmp_entry);
	size_t out = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (out > 0 && strcmp(b->e[out - 1].term, b->e[i].term) == 0) {
			struct lex_entry *keep = &b->e[out - 1];
			if (keep->kind == E_WORD && b->e[i].kind == E_WORD)
				for (size_t k = 0; k < b->e[i].nalt; k++)
					add_alt(keep, b->e[i].alt[k]);
			lex_entry_free(&b->e[i]);
			continue;
		}
		b->e[out++] = b->e[i];
	}
	lx->ents = b->e;
	lx->nents = out;
	lx->maxchars = 1;
	for (size_t i = 0; i < out; i++) {
		struct lex_entry *e = &lx->ents[i];
		int nc = lex_nchars(e->term);
		if (nc > lx->maxchars)
			lx->maxchars = nc;
		if (e->kind == E_WORD) {
			unsigned char *syl;
			lex_make_pinyin(e->term, &e->py, &syl, &e->ini);
			free(syl);
		}
	}
}

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A lexicon of st's data: its generation (read first), the names, topics,
 * words, regions and portal documents, and what the build took.  NULL on
 * a store error.  `foreign` is the serving connection's data_version when
 * the build began (svc_lexicon compares it). */
static struct lexicon *lex_build(struct store *st, int64_t foreign)
{
	double t0 = mono_ms();
	int64_t gen = store_generation(st);
	struct lexicon *lx = xcalloc(1, sizeof *lx);
	lx->gen = gen;
	lx->foreign = foreign;
	struct builder b = { 0 };
	if (gen < 0 || load_names(st, lx) != 0 || load_topics(st, lx) != 0 ||
	    load_words(st, &b) != 0 || load_regions(st, lx, &b) != 0 ||
	    portal_load(st, lx) != 0) {
		for (size_t i = 0; i < b.n; i++)
			lex_entry_free(&b.e[i]);
		free(b.e);
		lex_free(lx);
		return NULL;
	}
	finish_entries(lx, &b);
	lex_build_grams(lx);
	lx->built_ms = mono_ms();
	lx->cost_ms = lx->built_ms - t0;
	return lx;
}

/* --- keeping it current --------------------------------------------------- */

/* When other processes write (an import commits every 10 ms; each letter
 * posted in another worker is a change), the lexicon in use goes on
 * serving while a thread builds the next one on a read-only connection
 * of its own; the search that finds the new one ready takes it.  So no
 * search waits for a rebuild, and the lexicon lags the data by about one
 * build (45 ms on the demo, 100 ms with 20,000 more names, release
 * build).  A new build starts only when the last one ended at least
 * LEX_DUTY builds' time ago, so the thread uses at most 1 / (LEX_DUTY + 1)
 * of a core however often the data changes (a lag of up to 2 s with
 * 20,000 more names).  The full-text index itself is always current;
 * only the name list, the query words and the portal documents lag.
 *
 * The build runs in the event loop, as before, for the first search of a
 * connection and after changes made only through this connection (no
 * other process has committed since the build: PRAGMA data_version; a
 * staff edit in this worker), so whoever edits a synonym sees it on their
 * next search; and when a thread cannot be had (bench/RESULTS.md 15). */
#define LEX_DUTY 20

struct lex_keeper {             /* what store_ext holds */
	struct lexicon *cur;        /* in use */
	char *path;                 /* the database, for the builder's connection */
	pthread_t thread;
	bool running;               /* a builder thread not yet joined */
	bool no_thread;             /* one could not start or open: build in the loop */
	atomic_bool finished;       /* the builder is done: built is set */
	struct lexicon *built;      /* its result (NULL: it failed) */
	int64_t foreign;            /* data_version when it started */
};

static void *builder(void *arg)
{
	struct lex_keeper *k = arg;
	char *err = NULL;
	struct store *own = store_open(k->path, STORE_READONLY, &err);
	if (own) {
		k->built = lex_build(own, k->foreign);
		store_close(own);
	} else {
		log_warn("search lexicon: no connection for a rebuild beside the event loop: %s", err);
		free(err);
	}
	atomic_store(&k->finished, true);
	return NULL;
}

static void start_builder(struct lex_keeper *k, int64_t foreign)
{
	k->foreign = foreign;
	k->built = NULL;
	atomic_store(&k->finished, false);
	if (pthread_create(&k->thread, NULL, builder, k) != 0) {
		log_warn("search lexicon: no thread for a rebuild: building in the event loop");
		k->no_thread = true;
		return;
	}
	k->running = true;
}

/* Take the builder's result when it is done. */
static void collect(struct lex_keeper *k)
{
	if (!k->running || !atomic_load(&k->finished))
		return;
	pthread_join(k->thread, NULL);
	k->running = false;
	if (!k->built) {
		k->no_thread = true;
	} else if (k->cur && k->cur->gen > k->built->gen) {
		lex_free(k->built); /* a build in the loop overtook it */
	} else {
		lex_free(k->cur);
		k->cur = k->built;
	}
	k->built = NULL;
}

static void keeper_free(void *p)
{
	struct lex_keeper *k = p;
	if (k->running) {
		pthread_join(k->thread, NULL);
		lex_free(k->built);
	}
	lex_free(k->cur);
	free(k->path);
	free(k);
}

struct lexicon *svc_lexicon(struct store *st)
{
	struct lex_keeper *k = store_ext(st);
	if (!k) {
		k = xcalloc(1, sizeof *k);
		k->path = xstrdup(store_path(st));
		store_ext_set(st, k, keeper_free);
	}
	collect(k);
	int64_t gen = store_generation(st);
	struct lexicon *lx = k->cur;
	if (gen < 0)
		return NULL;
	if (lx && lx->gen == gen)
		return lx;
	int64_t foreign = store_foreign_version(st);
	if (lx && lx->foreign != foreign) {
		bool due = mono_ms() - lx->built_ms >= LEX_DUTY * lx->cost_ms;
		if (!k->no_thread) {
			if (due && !k->running)
				start_builder(k, foreign);
			if (!k->no_thread)
				return lx;
		} else if (!due) {
			return lx;
		}
	}
	struct lexicon *fresh = lex_build(st, foreign);
	if (!fresh)
		return NULL;
	lex_free(k->cur);
	k->cur = fresh;
	return fresh;
}
