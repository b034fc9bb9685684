/* services.c - service guide queries and the search (issue 13: see
 * docs/search.md; the lexicon and query parsing are in svc_lex.c).
 *
 * The search ranks distinct item names held in memory (svc_lex.h): a few
 * hundred to a few thousand strings, each tested with memmem against the
 * query's concepts, which is far cheaper than scoring FTS doclists; the
 * FTS index is asked only for body matches, at most 300 hits.  The notes
 * below are about the FTS index, still used for body matches and the
 * topic/region listings.
 *
 * Search cost.  bm25() scores every row that matches, so ranking all hits
 * of a common two-character query (thousands of rows) costs tens of ms.
 * Instead results come in two tiers, each a cheap FTS5 query:
 *   tier 1  every term in the name: ranked by bm25 (names are short and
 *           name hits are few compared with body hits)
 *   tier 2  the other matches (some term only in the body), in rowid order
 *           (no scoring at all)
 * The page's window is cut from tier 1 then tier 2, knowing tier 1's
 * count.  Region and topic filters are index terms of the tags column
 * ("r<id>", "t<id>"), so narrowing is an intersection of doclists inside
 * FTS5, never a join over the hits. */
#include "core/common.h"

#include "store/fts_zh.h"
#include "store/services.h"
#include "core/utf8.h"
#include "store/svc_lex.h"
#include "text/textnorm.h"

#include <time.h>

void svc_item_rows_free(struct svc_item_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].unit_name);
		free(rows[i].region_name);
	}
	free(rows);
}

/* --- regions and units --------------------------------------------------- */

int svc_region(struct store *st, int64_t id, struct place_row *out)
{
	return store_place_by(st, "SELECT id, coalesce(parent_id, 0), level, 0, name FROM regions WHERE id = ?1", id, out);
}

int svc_region_path(struct store *st, int64_t id, struct place_row **out, size_t *n)
{
	return store_places_by(st,
		"WITH RECURSIVE up(id, depth) AS (SELECT ?1, 0"
		" UNION ALL SELECT r.parent_id, up.depth + 1 FROM regions r JOIN up ON r.id = up.id"
		" WHERE r.parent_id IS NOT NULL AND up.depth < 5)"
		" SELECT r.id, coalesce(r.parent_id, 0), r.level, 0, r.name FROM up JOIN regions r ON r.id = up.id"
		" ORDER BY up.depth DESC", id, out, n);
}

int svc_region_children(struct store *st, int64_t id, struct place_row **out, size_t *n)
{
	return store_places_by(st,
		"SELECT id, coalesce(parent_id, 0), level, 0, name FROM regions WHERE coalesce(parent_id, 0) = ?1 ORDER BY sort, id", id, out, n);
}

int64_t svc_region_unit_count(struct store *st, int64_t region)
{
	return store_int_by(st, "SELECT count(*) FROM units WHERE region_id = ?1", region);
}

int svc_region_units(struct store *st, int64_t region, int64_t offset, int limit,
		     struct place_row **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT u.id, u.region_id, 0, (SELECT count(*) FROM items i WHERE i.unit_id = u.id), u.name"
		" FROM units u WHERE u.region_id = ?1 ORDER BY u.sort, u.id LIMIT ?2 OFFSET ?3");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, region);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int64(s, 3, offset);
	return store_collect_places(s, out, n);
}

static void fill_unit(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct svc_unit *u = row;
	u->id = sqlite3_column_int64(s, 0);
	u->region_id = sqlite3_column_int64(s, 1);
	u->name = store_col_text(s, 2);
	u->phone = store_col_text(s, 3);
	u->address = store_col_text(s, 4);
	u->region_name = store_col_text(s, 5);
}

int svc_unit(struct store *st, int64_t id, struct svc_unit *out)
{
	memset(out, 0, sizeof *out);
	return store_row_by(st,
		"SELECT u.id, u.region_id, u.name, u.phone, u.address, r.name"
		" FROM units u JOIN regions r ON r.id = u.region_id WHERE u.id = ?1", id, fill_unit, out);
}

void svc_unit_release(struct svc_unit *u)
{
	free(u->name);
	free(u->phone);
	free(u->address);
	free(u->region_name);
	memset(u, 0, sizeof *u);
}

/* --- item lists ------------------------------------------------------------ */

static const char item_row_sql[] =
	"SELECT i.id, i.name, u.name, r.name FROM items i JOIN units u ON u.id = i.unit_id"
	" JOIN regions r ON r.id = u.region_id WHERE i.id = ?1";

/* Statement s yields item ids; look each one up. */
static int collect_item_ids(struct store *st, sqlite3_stmt *s, struct svc_item_row **out, size_t *n)
{
	int64_t ids[256];
	size_t nid = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && nid < ARRAY_LEN(ids))
		ids[nid++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return -1;
	*out = nid ? xcalloc(nid, sizeof **out) : NULL;
	*n = 0;
	for (size_t k = 0; k < nid; k++) {
		sqlite3_stmt *q = store_stmt(st, item_row_sql);
		if (!q)
			goto fail;
		sqlite3_bind_int64(q, 1, ids[k]);
		if (sqlite3_step(q) == SQLITE_ROW) {
			struct svc_item_row *r = &(*out)[(*n)++];
			r->id = sqlite3_column_int64(q, 0);
			r->name = store_col_text(q, 1);
			r->unit_name = store_col_text(q, 2);
			r->region_name = store_col_text(q, 3);
		}
		sqlite3_reset(q);
	}
	return 0;
fail:
	svc_item_rows_free(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}

int64_t svc_unit_item_count(struct store *st, int64_t unit)
{
	return store_int_by(st, "SELECT count(*) FROM items WHERE unit_id = ?1", unit);
}

int svc_unit_items(struct store *st, int64_t unit, int64_t offset, int limit,
		   struct svc_item_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM items WHERE unit_id = ?1 ORDER BY id LIMIT ?2 OFFSET ?3");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int64(s, 3, offset);
	return collect_item_ids(st, s, out, n);
}

int svc_topics(struct store *st, struct place_row **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, 0, 0, 0, name FROM topics ORDER BY sort, id");
	if (!s)
		return -1;
	return store_collect_places(s, out, n);
}

int svc_topic(struct store *st, int64_t id, struct place_row *out)
{
	return store_place_by(st, "SELECT id, 0, 0, 0, name FROM topics WHERE id = ?1", id, out);
}

/* The MATCH expression of the tag filters alone. */
static char *tag_filter(int64_t topic, int64_t region)
{
	if (region > 0 && topic > 0)
		return xasprintf("tags : \"t%lld\" AND tags : \"r%lld\"", (long long)topic, (long long)region);
	if (region > 0)
		return xasprintf("tags : \"r%lld\"", (long long)region);
	return xasprintf("tags : \"t%lld\"", (long long)topic);
}

int64_t svc_topic_item_count(struct store *st, int64_t topic, int64_t region)
{
	if (region <= 0) {
		sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM item_topics WHERE topic_id = ?1");
		if (s)
			sqlite3_bind_int64(s, 1, topic);
		return store_one_int(s);
	}
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?1");
	char *m = tag_filter(topic, region);
	if (s)
		sqlite3_bind_text(s, 1, m, -1, SQLITE_TRANSIENT);
	free(m);
	return store_one_int(s);
}

int svc_topic_items(struct store *st, int64_t topic, int64_t region, int64_t offset, int limit,
		    struct svc_item_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (region <= 0) {
		s = store_stmt(st, "SELECT item_id FROM item_topics WHERE topic_id = ?1 ORDER BY item_id LIMIT ?2 OFFSET ?3");
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, topic);
	} else {
		s = store_stmt(st, "SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 LIMIT ?2 OFFSET ?3");
		if (!s)
			return -1;
		char *m = tag_filter(topic, region);
		sqlite3_bind_text(s, 1, m, -1, SQLITE_TRANSIENT);
		free(m);
	}
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int64(s, 3, offset);
	return collect_item_ids(st, s, out, n);
}

static void fill_item(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct svc_item *it = row;
	it->id = sqlite3_column_int64(s, 0);
	it->unit_id = sqlite3_column_int64(s, 1);
	it->region_id = sqlite3_column_int64(s, 2);
	char **f[] = { &it->code, &it->name, &it->kind, &it->legal_basis, &it->conditions,
		       &it->materials, &it->procedure, &it->time_limit, &it->fees, &it->place,
		       &it->phone, &it->online_url, &it->unit_name, &it->region_name };
	for (size_t k = 0; k < ARRAY_LEN(f); k++)
		*f[k] = store_col_text(s, 3 + (int)k);
}

int svc_item(struct store *st, int64_t id, struct svc_item *out)
{
	memset(out, 0, sizeof *out);
	return store_row_by(st,
		"SELECT i.id, i.unit_id, u.region_id, i.code, i.name, i.kind, i.legal_basis, i.conditions,"
		" i.materials, i.procedure, i.time_limit, i.fees, i.place, i.phone, i.online_url, u.name, r.name"
		" FROM items i JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id"
		" WHERE i.id = ?1", id, fill_item, out);
}

void svc_item_release(struct svc_item *it)
{
	char *f[] = { it->code, it->name, it->kind, it->legal_basis, it->conditions, it->materials,
		      it->procedure, it->time_limit, it->fees, it->place, it->phone, it->online_url,
		      it->unit_name, it->region_name };
	for (size_t k = 0; k < ARRAY_LEN(f); k++)
		free(f[k]);
	memset(it, 0, sizeof *it);
}

/* --- synonyms ------------------------------------------------------------- */

void svc_strings_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

char **svc_synonyms(struct store *st, const char *term)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT synonym FROM synonyms WHERE term = ?1"
		" UNION SELECT term FROM synonyms WHERE synonym = ?1");
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, term, -1, SQLITE_TRANSIENT);
	char **v = NULL;
	size_t n = 0;
	while (sqlite3_step(s) == SQLITE_ROW && n < 32) {
		v = xrealloc(v, (n + 2) * sizeof *v);
		v[n++] = store_col_text(s, 0);
		v[n] = NULL;
	}
	sqlite3_reset(s);
	return v;
}

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

#define SVC_BODY_BUDGET_MS 0.5

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int past_deadline(void *arg)
{
	return now_ms() > *(const double *)arg;
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
		double deadline = now_ms() + SVC_BODY_BUDGET_MS;
		sqlite3 *db = store_db(st);
		sqlite3_progress_handler(db, 200, past_deadline, &deadline);
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

static int fetch_row(struct store *st, int64_t id, struct svc_item_row *r)
{
	sqlite3_stmt *s = store_stmt(st, item_row_sql);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(s, 0);
		r->name = store_col_text(s, 1);
		r->unit_name = store_col_text(s, 2);
		r->region_name = store_col_text(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
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
	const struct lexicon *lx = svc_lexicon(st);
	if (!lx)
		return -1;
	struct parsed p;
	svc_parse(lx, q->query, &p);
	out->query_region = p.region;
	int64_t R = p.region > 0 ? p.region : q->region;
	/* With nothing required, the optional words are required. */
	size_t nreq = 0;
	for (size_t i = 0; i < p.n; i++)
		nreq += !p.c[i].soft;
	if (!nreq)
		for (size_t i = 0; i < p.n; i++)
			p.c[i].soft = false, nreq++;

	struct cand *cs = xcalloc(lx->nnames ? lx->nnames : 1, sizeof *cs);
	bool *matched = xcalloc(p.n ? p.n : 1, sizeof *matched);
	size_t nc = 0;
	int rc = -1;
	for (size_t i = 0; i < lx->nnames; i++) {
		const struct lex_name *nm = &lx->names[i];
		if (q->topic > 0 && (q->topic >= 64 || !(nm->topics & ((uint64_t)1 << q->topic))))
			continue;
		struct cand c = { .name = i };
		size_t req_in = 0;
		for (size_t k = 0; k < p.n; k++) {
			if (!svc_name_has(nm, &p.c[k]))
				continue;
			if (p.c[k].soft) {
				c.soft++;
			} else {
				req_in++;
				c.in_name++;
				if (!c.start)
					for (size_t a = 0; a < p.c[k].nalt; a++)
						if (strncmp(nm->fold, p.c[k].alt[a], strlen(p.c[k].alt[a])) == 0)
							c.start = true;
			}
		}
		if (req_in < nreq || nreq == 0)
			continue;
		if (R > 0 && !serves(lx, nm, R))
			continue;
		c.whole = strcmp(nm->fold, p.rest) == 0;
		if (nreq == 1)
			for (size_t k = 0; k < p.n && !c.whole; k++)
				if (!p.c[k].soft)
					for (size_t a = 0; a < p.c[k].nalt; a++)
						if (strcmp(nm->fold, p.c[k].alt[a]) == 0)
							c.whole = true;
		c.near = q->near > 0 && serves_above(lx, nm, q->near);
		cs[nc++] = c;
	}
	out->name_hits = (int64_t)nc;
	/* Tier 1, when no name holds the query: every required concept somewhere
	 * in the guide (the FTS index: intersecting long body doclists is the
	 * dearest step, so only when the names gave nothing). */
	if (nc == 0 && nreq > 0) {
		bool *body = xcalloc(lx->nnames ? lx->nnames : 1, sizeof *body);
		if (body_names(st, lx, &p, body) != 0) {
			free(body);
			goto done;
		}
		for (size_t k = 0; k < nc; k++)
			body[cs[k].name] = false;
		for (size_t i = 0; i < lx->nnames; i++) {
			if (!body[i])
				continue;
			const struct lex_name *nm = &lx->names[i];
			if (q->topic > 0 && (q->topic >= 64 || !(nm->topics & ((uint64_t)1 << q->topic))))
				continue;
			if (R > 0 && !serves(lx, nm, R))
				continue;
			struct cand c = { .name = i, .tier = 1 };
			for (size_t k = 0; k < p.n; k++)
				if (svc_name_has(nm, &p.c[k]))
					c.in_name++;
			c.near = q->near > 0 && serves_above(lx, nm, q->near);
			cs[nc++] = c;
		}
		free(body);
	}
	/* Tier 2: nothing holds the whole query; the closest names. */
	if (nc == 0) {
		out->partial = true;
		for (size_t i = 0; i < lx->nnames; i++) {
			const struct lex_name *nm = &lx->names[i];
			if (q->topic > 0 && (q->topic >= 64 || !(nm->topics & ((uint64_t)1 << q->topic))))
				continue;
			if (R > 0 && !serves(lx, nm, R))
				continue;
			struct cand c = { .name = i, .tier = 2 };
			for (size_t k = 0; k < p.n; k++)
				if (svc_name_has(nm, &p.c[k]))
					c.in_name++;
			c.bigrams = count_bigrams(p.rest, nm->fold);
			if (c.in_name == 0 && c.bigrams == 0)
				continue;
			c.near = q->near > 0 && serves_above(lx, nm, q->near);
			cs[nc++] = c;
		}
	}
	/* Words no name holds were left out: say these are the closest. */
	if (p.loose)
		out->partial = true;
	rank_lx = lx;
	qsort(cs, nc, sizeof *cs, cmp_cand);
	for (size_t k = 0; k < nc && k < 8; k++)
		for (size_t j = 0; j < p.n; j++)
			matched[j] = matched[j] || svc_name_has(&lx->names[cs[k].name], &p.c[j]);
	for (size_t j = 0; j < p.n; j++)
		if (matched[j] && !p.c[j].latin)
			for (size_t a = 0; a < p.c[j].nalt; a++)
				add_term(out, p.c[j].alt[a]);

	int limit = q->limit > 0 && q->limit <= 200 ? q->limit : 10;
	int64_t off = q->offset > 0 ? q->offset : 0;
	out->rows = xcalloc((size_t)limit, sizeof *out->rows);
	if (!q->all_items) {
		/* One row per name. */
		out->total = (int64_t)nc;
		for (int64_t k = off; k < (int64_t)nc && out->n < (size_t)limit; k++) {
			const struct lex_name *nm = &lx->names[cs[k].name];
			int64_t id = pick_item(lx, nm, R, q->near);
			if (id < 0)
				continue;
			int f = fetch_row(st, id, &out->rows[out->n]);
			if (f < 0)
				goto done;
			if (f > 0) {
				out->rows[out->n].others = (int64_t)nm->nitems - 1;
				out->n++;
			}
		}
	} else {
		/* Every item, name by name, those serving R only. */
		int64_t seen = 0;
		for (size_t k = 0; k < nc; k++) {
			const struct lex_name *nm = &lx->names[cs[k].name];
			for (size_t j = 0; j < nm->nitems; j++) {
				if (R > 0 && !svc_region_covers(lx, R, nm->region[j]) && !svc_region_covers(lx, nm->region[j], R))
					continue;
				if (seen++ < off || out->n >= (size_t)limit)
					continue;
				int f = fetch_row(st, nm->item[j], &out->rows[out->n]);
				if (f < 0)
					goto done;
				out->n += f > 0;
			}
		}
		out->total = seen;
	}
	if (out->total > SVC_COUNT_CAP) {
		out->more = true;
		out->total = SVC_COUNT_CAP;
	}
	rc = 0;
done:
	free(cs);
	free(matched);
	svc_parsed_release(&p);
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

/* --- highlighting ------------------------------------------------------------ */

void svc_highlight(const char *text, size_t len, char *const *terms, size_t nterms,
		   svc_segment_fn fn, void *ctx)
{
	if (len == 0)
		return;
	/* Fold text, remembering for each folded byte the source range of the
	 * character it came from. */
	struct buf norm = BUF_INIT;
	size_t *src_start = xmalloc((len * 4 + 4) * sizeof *src_start);
	size_t *src_end = xmalloc((len * 4 + 4) * sizeof *src_end);
	bool *hit = xcalloc(len, sizeof *hit);
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_next(text + i, len - i, &cp);
		uint32_t f = cp == UTF8_REPLACEMENT ? TEXTNORM_DROP : textnorm_fold(cp);
		if (f != TEXTNORM_DROP) {
			char enc[4];
			size_t e = utf8_encode(f, enc);
			for (size_t b = 0; b < e; b++) {
				src_start[norm.len + b] = i;
				src_end[norm.len + b] = i + k;
			}
			buf_add(&norm, enc, e);
		}
		i += k;
	}
	const char *nz = buf_cstr(&norm);
	for (size_t t = 0; t < nterms; t++) {
		size_t tl = strlen(terms[t]);
		if (tl == 0)
			continue;
		const char *p = nz;
		while ((p = memmem(p, norm.len - (size_t)(p - nz), terms[t], tl)) != NULL) {
			size_t a = (size_t)(p - nz), z = a + tl - 1;
			for (size_t b = src_start[a]; b < src_end[z]; b++)
				hit[b] = true;
			p++;
		}
	}
	size_t start = 0;
	for (size_t b = 1; b <= len; b++) {
		if (b == len || hit[b] != hit[start]) {
			fn(text + start, b - start, hit[start], ctx);
			start = b;
		}
	}
	free(src_start);
	free(src_end);
	free(hit);
	buf_release(&norm);
}

/* --- index maintenance ---------------------------------------------------- */

static int run_id(sqlite3_stmt *s, int64_t id)
{
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int svc_index_remove(struct store *st, int64_t id)
{
	if (run_id(store_stmt(st, "INSERT INTO items_fts (items_fts, rowid, name, body, tags)"
				  " SELECT 'delete', id, name, body, tags FROM items_search WHERE id = ?1"), id) != 0)
		return -1;
	return run_id(store_stmt(st, "INSERT INTO items_name_fts (items_name_fts, rowid, name, tags)"
				     " SELECT 'delete', id, name, tags FROM items_search WHERE id = ?1"), id);
}

int svc_index_add(struct store *st, int64_t id)
{
	if (run_id(store_stmt(st, "INSERT INTO items_fts (rowid, name, body, tags)"
				  " SELECT id, name, body, tags FROM items_search WHERE id = ?1"), id) != 0)
		return -1;
	return run_id(store_stmt(st, "INSERT INTO items_name_fts (rowid, name, tags)"
				     " SELECT id, name, tags FROM items_search WHERE id = ?1"), id);
}

int svc_reindex_all(struct store *st)
{
	if (store_exec(st, "INSERT INTO items_fts (items_fts) VALUES ('rebuild')") != 0 ||
	    store_exec(st, "INSERT INTO items_name_fts (items_name_fts) VALUES ('rebuild')") != 0 ||
	    store_exec(st, "INSERT INTO items_fts (items_fts) VALUES ('optimize')") != 0)
		return -1;
	return store_exec(st, "INSERT INTO items_name_fts (items_name_fts) VALUES ('optimize')");
}
