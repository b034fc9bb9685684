/* svc_search.c - the service search (issue 13; docs/search.md).
 *
 * Ranking works on the distinct item names held in memory with the words
 * (store/svc_lex.h, text/query.h): a few hundred to a few thousand
 * strings, each tested with strstr against the query's concepts, which is
 * far cheaper than scoring FTS doclists.  The FTS index (items_fts) is
 * asked only for body matches when no name holds the query, at most 300
 * hits within a work budget. */
#include "core/common.h"

#include "core/utf8.h"
#include "store/fts_zh.h"
#include "store/services.h"
#include "store/svc_lex.h"
#include "text/textnorm.h"


/* --- search -------------------------------------------------------------- */

/* How one distinct name answers a parsed query. */
struct cand {
	size_t name;       /* index in the lexicon */
	int tier;          /* 0 every required concept in the name, 1 some only in
	                      the body, 2 partial (the query as a whole matched nothing) */
	bool whole;        /* the name is what was asked for, word for word */
	bool start;        /* the name starts with a required concept */
	bool near;         /* offered in the user's region (or above it) */
	int in_name;       /* concepts found in the name */
	int soft;          /* optional words found in the name */
	int bigrams;       /* partial tier: query bigrams found in the name */
};

static const struct lexicon *rank_lx;

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	const struct lex_name *nx = &rank_lx->names[x->name], *ny = &rank_lx->names[y->name];
	if (x->tier != y->tier)
		return x->tier - y->tier;
	if (x->whole != y->whole)
		return y->whole - x->whole;
	if (x->in_name != y->in_name)
		return y->in_name - x->in_name;
	if (x->bigrams != y->bigrams)
		return y->bigrams - x->bigrams;
	if (x->soft != y->soft)
		return y->soft - x->soft;
	if (nx->person != ny->person)
		return ny->person - nx->person;
	if (x->start != y->start)
		return y->start - x->start;
	if (x->near != y->near)
		return y->near - x->near;
	if (nx->nchars != ny->nchars)
		return nx->nchars - ny->nchars;
	return strcmp(nx->fold, ny->fold);
}

/* The item of name nm to show for region filter R and the user's region
 * near: the one in R, else below R, else in the nearest region above R;
 * without R the one in near or the nearest above it, else the first.
 * -1 when R is set and nothing of this name serves it. */
static int64_t pick_item(const struct lexicon *lx, const struct lex_name *nm, int64_t R, int64_t near)
{
	if (R > 0) {
		int64_t below = -1, above = -1;
		int above_depth = 99;
		for (size_t k = 0; k < nm->nitems; k++) {
			int64_t g = nm->region[k];
			if (g == R)
				return nm->item[k];
			if (below < 0 && svc_region_covers(lx, R, g))
				below = nm->item[k];
			else if (svc_region_covers(lx, g, R)) {
				int d = 0;
				for (int64_t x = R; x != g && x > 0 && d < 8; d++)
					x = x < lx->nregions ? lx->parent[x] : 0;
				if (d < above_depth) {
					above_depth = d;
					above = nm->item[k];
				}
			}
		}
		return below >= 0 ? below : above;
	}
	if (near > 0) {
		int64_t r = pick_item(lx, nm, near, 0);
		if (r >= 0)
			return r;
	}
	return nm->nitems ? nm->item[0] : -1;
}

static bool serves(const struct lexicon *lx, const struct lex_name *nm, int64_t R)
{
	for (size_t k = 0; k < nm->nitems; k++)
		if (svc_region_covers(lx, nm->region[k], R) || svc_region_covers(lx, R, nm->region[k]))
			return true;
	return false;
}

static bool serves_above(const struct lexicon *lx, const struct lex_name *nm, int64_t R)
{
	for (size_t k = 0; k < nm->nitems; k++)
		if (svc_region_covers(lx, nm->region[k], R))
			return true;
	return false;
}

static int cmp_name_str(const void *key, const void *elt)
{
	return strcmp(key, ((const struct lex_name *)elt)->name);
}

/* The body step's work budget, in SQLite progress callbacks of 100 VM
 * instructions each: counted, not timed, so that an answer does not
 * depend on how busy the machine is. */
#define SVC_BODY_BUDGET_STEPS 400

static int over_budget(void *arg)
{
	int *left = arg;
	return --*left < 0;
}

/* Names whose items hold every required concept in name or body (FTS over
 * items_fts, the first 300 hits): marks body[i] for such names. */
static int body_names(struct store *st, const struct lexicon *lx, const struct parsed *p, bool *body)
{
	struct buf m = BUF_INIT;
	size_t nreq = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct concept *c = &p->c[i];
		if (c->soft)
			continue;
		struct buf g = BUF_INIT;
		for (size_t k = 0; k < c->nalt; k++) {
			char *e = fts_zh_match(c->alt[k], NULL);
			if (!e)
				continue;
			buf_addf(&g, "%s(%s)", g.len ? " OR " : "", e);
			free(e);
		}
		if (!g.len) {
			buf_release(&g);
			buf_release(&m);
			return 0;   /* a word the index cannot search: no body tier */
		}
		buf_addf(&m, "%s(%s)", m.len ? " AND " : "", buf_cstr(&g));
		buf_release(&g);
		nreq++;
	}
	/* Text no name holds, whole: the guides may. */
	for (size_t i = 0; i < p->nloose; i++) {
		char *e = fts_zh_match(p->loose_run[i], NULL);
		if (!e)
			continue;
		buf_addf(&m, "%s(%s)", m.len ? " AND " : "", e);
		free(e);
		nreq++;
	}
	if (!nreq) {
		buf_release(&m);
		return 0;
	}
	char *expr = xasprintf("{name body} : (%s)", buf_cstr(&m));
	buf_release(&m);
	sqlite3_stmt *s = store_stmt(st,
		"SELECT i.name FROM (SELECT rowid AS id FROM items_fts WHERE items_fts MATCH ?1 LIMIT 300) h"
		" JOIN items i ON i.id = h.id");
	int rc = -1;
	if (s) {
		sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
		/* A work budget: intersecting the body doclists of common words
		 * in a big catalogue can take tens of ms; what was found by then
		 * is kept (the answer is a fallback already). */
		int left = SVC_BODY_BUDGET_STEPS;
		sqlite3 *db = store_db(st);
		sqlite3_progress_handler(db, 100, over_budget, &left);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			const char *nm = (const char *)sqlite3_column_text(s, 0);
			const struct lex_name *hit = nm ? bsearch(nm, lx->names, lx->nnames, sizeof *lx->names, cmp_name_str) : NULL;
			if (hit)
				body[hit - lx->names] = true;
		}
		sqlite3_progress_handler(db, 0, NULL, NULL);
		sqlite3_reset(s);
		rc = rc == SQLITE_DONE || rc == SQLITE_INTERRUPT ? 0 : -1;
	}
	free(expr);
	return rc;
}

/* Bigrams of the query's Han text found in a name. */
static int count_bigrams(const char *rest, const char *name)
{
	int n = 0;
	size_t len = strlen(rest), i = 0;
	while (i < len) {
		uint32_t a, b;
		size_t k1 = utf8_next(rest + i, len - i, &a);
		if (i + k1 >= len)
			break;
		size_t k2 = utf8_next(rest + i + k1, len - i - k1, &b);
		if (textnorm_is_han(a) && textnorm_is_han(b)) {
			char bg[16];
			memcpy(bg, rest + i, k1 + k2);
			bg[k1 + k2] = '\0';
			if (strstr(name, bg))
				n++;
		}
		i += k1;
	}
	return n;
}

static void add_term(struct svc_results *r, const char *t)
{
	for (size_t k = 0; k < r->nterms; k++)
		if (strcmp(r->terms[k], t) == 0)
			return;
	if (r->nterms < 64 && *t) {
		r->terms = xrealloc(r->terms, (r->nterms + 1) * sizeof *r->terms);
		r->terms[r->nterms++] = xstrdup(t);
	}
}


/* What one search works on. */
struct run {
	struct store *st;
	const struct svc_search *q;
	const struct lexicon *lx;
	struct parsed p;
	int64_t R;          /* the region filter */
	size_t nreq;        /* required concepts */
	struct cand *cs;
	size_t nc;
};

static bool offered(const struct run *u, const struct lex_name *nm)
{
	const struct svc_search *q = u->q;
	if (q->topic > 0 && (q->topic >= 64 || !(nm->topics & ((uint64_t)1 << q->topic))))
		return false;
	return u->R <= 0 || serves(u->lx, nm, u->R);
}

/* Tier 0: names holding every required concept. */
static void name_tier(struct run *u)
{
	const struct lexicon *lx = u->lx;
	const struct parsed *p = &u->p;
	for (size_t i = 0; i < lx->nnames; i++) {
		const struct lex_name *nm = &lx->names[i];
		/* With text no name holds, a name is only a partial answer. */
		struct cand c = { .name = i, .tier = u->p.loose ? 2 : 0 };
		size_t req_in = 0;
		for (size_t k = 0; k < p->n; k++) {
			if (!svc_name_has(nm, &p->c[k]))
				continue;
			if (p->c[k].soft) {
				c.soft++;
				continue;
			}
			req_in++;
			c.in_name++;
			for (size_t a = 0; a < p->c[k].nalt && !c.start; a++)
				c.start = strncmp(nm->fold, p->c[k].alt[a], strlen(p->c[k].alt[a])) == 0;
		}
		if (req_in < u->nreq || u->nreq == 0 || !offered(u, nm))
			continue;
		c.whole = strcmp(nm->fold, p->rest) == 0;
		for (size_t k = 0; k < p->n && !c.whole && u->nreq == 1; k++)
			for (size_t a = 0; a < p->c[k].nalt && !p->c[k].soft; a++)
				c.whole = c.whole || strcmp(nm->fold, p->c[k].alt[a]) == 0;
		c.near = u->q->near > 0 && serves_above(lx, nm, u->q->near);
		u->cs[u->nc++] = c;
	}
}

/* Tier 1, when no name holds the query: every required concept somewhere
 * in the guide (the FTS index: intersecting long body doclists is the
 * dearest step, so only when the names gave nothing). */
static int body_tier(struct run *u)
{
	const struct lexicon *lx = u->lx;
	bool *body = xcalloc(lx->nnames ? lx->nnames : 1, sizeof *body);
	if (body_names(u->st, lx, &u->p, body) != 0) {
		free(body);
		return -1;
	}
	for (size_t k = 0; k < u->nc; k++) {
		/* Already a (partial) name answer: better if its guide holds all. */
		if (body[u->cs[k].name] && u->cs[k].tier > 1)
			u->cs[k].tier = 1;
		body[u->cs[k].name] = false;
	}
	for (size_t i = 0; i < lx->nnames; i++) {
		const struct lex_name *nm = &lx->names[i];
		if (!body[i] || !offered(u, nm))
			continue;
		struct cand c = { .name = i, .tier = 1 };
		for (size_t k = 0; k < u->p.n; k++)
			c.in_name += svc_name_has(nm, &u->p.c[k]);
		c.near = u->q->near > 0 && serves_above(lx, nm, u->q->near);
		u->cs[u->nc++] = c;
	}
	free(body);
	return 0;
}

/* A concept that can make a name close: a word, not a lone character. */
static bool nchars_ok(const struct concept *c)
{
	return c->latin || lex_nchars(c->text) >= 2 || c->nalt > 1;
}

/* Tier 2: nothing holds the whole query; the names with most of it. */
static void partial_tier(struct run *u)
{
	const struct lexicon *lx = u->lx;
	for (size_t i = 0; i < lx->nnames; i++) {
		const struct lex_name *nm = &lx->names[i];
		if (!offered(u, nm))
			continue;
		/* Close means a word or two characters in a row of the query, not
		 * one character (量子纠缠 is not close to 电子证照). */
		struct cand c = { .name = i, .tier = 2 };
		for (size_t k = 0; k < u->p.n; k++)
			c.in_name += nchars_ok(&u->p.c[k]) && svc_name_has(nm, &u->p.c[k]);
		c.bigrams = count_bigrams(u->p.rest, nm->fold);
		if (c.in_name == 0 && c.bigrams == 0)
			continue;
		c.near = u->q->near > 0 && serves_above(lx, nm, u->q->near);
		u->cs[u->nc++] = c;
	}
}

/* The highlight terms: the alternatives of the concepts the first rows hold. */
static void collect_terms(const struct run *u, struct svc_results *out)
{
	for (size_t j = 0; j < u->p.n; j++) {
		const struct concept *c = &u->p.c[j];
		bool held = false;
		for (size_t k = 0; k < u->nc && k < 8 && !held; k++)
			held = svc_name_has(&u->lx->names[u->cs[k].name], c);
		for (size_t a = 0; held && !c->latin && a < c->nalt; a++)
			add_term(out, c->alt[a]);
	}
}

/* The page's rows: one per name (its item for the region), or every item. */
static int fill_rows(const struct run *u, struct svc_results *out)
{
	const struct svc_search *q = u->q;
	const struct lexicon *lx = u->lx;
	int limit = q->limit > 0 && q->limit <= 200 ? q->limit : 10;
	int64_t off = q->offset > 0 ? q->offset : 0, seen = 0;
	out->rows = xcalloc((size_t)limit, sizeof *out->rows);
	for (size_t k = 0; k < u->nc; k++) {
		const struct lex_name *nm = &lx->names[u->cs[k].name];
		for (size_t j = 0; j < (q->all_items ? nm->nitems : 1); j++) {
			int64_t id = q->all_items ? nm->item[j] : pick_item(lx, nm, u->R, q->near);
			if (id < 0 || (q->all_items && u->R > 0 && !svc_region_covers(lx, u->R, nm->region[j]) &&
				       !svc_region_covers(lx, nm->region[j], u->R)))
				continue;
			if (seen++ < off || out->n >= (size_t)limit)
				continue;
			int f = svc_item_row_get(u->st, id, &out->rows[out->n]);
			if (f < 0)
				return -1;
			if (f > 0)
				out->rows[out->n++].others = (int64_t)nm->nitems - 1;
		}
	}
	out->total = seen;
	if (out->total > SVC_COUNT_CAP) {
		out->more = true;
		out->total = SVC_COUNT_CAP;
	}
	return 0;
}

int svc_search(struct store *st, const struct svc_search *q, struct svc_results *out)
{
	memset(out, 0, sizeof *out);
	bool too_long = false;
	char *check = fts_zh_match(q->query, &too_long);
	if (!check) {
		out->state = too_long ? SVC_QUERY_TOO_LONG : SVC_QUERY_EMPTY;
		return 0;
	}
	free(check);
	out->state = SVC_QUERY_OK;
	struct run u = { .st = st, .q = q, .lx = svc_lexicon(st) };
	if (!u.lx)
		return -1;
	svc_parse(u.lx, q->query, &u.p);
	out->query_region = u.p.region;
	u.R = u.p.region > 0 ? u.p.region : q->region;
	/* With nothing required, the optional words are required. */
	for (size_t i = 0; i < u.p.n; i++)
		u.nreq += !u.p.c[i].soft;
	for (size_t i = 0; i < u.p.n && !u.nreq; i++)
		u.p.c[i].soft = false;
	if (!u.nreq)
		u.nreq = u.p.n;
	u.cs = xcalloc(u.lx->nnames ? u.lx->nnames : 1, sizeof *u.cs);
	int rc = -1;
	name_tier(&u);
	out->name_hits = (int64_t)u.nc;
	if ((u.nc == 0 || u.p.loose) && (u.nreq > 0 || u.p.nloose > 0) && body_tier(&u) != 0)
		goto done;
	if (u.nc == 0)
		partial_tier(&u);
	rank_lx = u.lx;
	qsort(u.cs, u.nc, sizeof *u.cs, cmp_cand);
	/* Nothing holds the whole query (in its name or its guide): the page
	 * says these are the closest. */
	out->partial = u.nc > 0 && u.cs[0].tier == 2;
	/* Partial answers only when nothing matches the whole query. */
	while (!out->partial && u.nc > 0 && u.cs[u.nc - 1].tier == 2)
		u.nc--;
	collect_terms(&u, out);
	rc = fill_rows(&u, out);
done:
	free(u.cs);
	svc_parsed_release(&u.p);
	return rc;
}

void svc_results_release(struct svc_results *r)
{
	svc_item_rows_free(r->rows, r->n);
	for (size_t k = 0; k < r->nterms; k++)
		free(r->terms[k]);
	free(r->terms);
	memset(r, 0, sizeof *r);
}
