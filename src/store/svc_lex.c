/* svc_lex.c - the search lexicon and the query parser (svc_lex.h). */
#include "core/common.h"

#include "core/utf8.h"

#include "store/pinyin.h"
#include "store/svc_lex.h"
#include "text/textnorm.h"

enum ekind { E_WORD, E_WEAK, E_STOP, E_REGION };

struct lex_entry {
	char *term;
	enum ekind kind;
	char **alt;
	size_t nalt;
	int64_t region;
	int level;
	char *py, *ini;   /* E_WORD: pinyin and initials of the term */
};

const char *pinyin_of(uint32_t cp)
{
	size_t lo = 0, hi = pinyin_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (pinyin_table[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pinyin_count && pinyin_table[lo].cp == cp ? pinyin_table[lo].py : NULL;
}

static char *fold(const char *s)
{
	struct buf b = BUF_INIT;
	textnorm_append(&b, s, strlen(s));
	return buf_detach(&b);
}

static int nchars(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Pinyin of a folded string: py concatenated, syl marking syllable
 * starts, ini the initials; other characters kept as they are (ASCII) or
 * skipped. */
static void make_pinyin(const char *s, char **py, unsigned char **syl, char **ini)
{
	struct buf p = BUF_INIT, y = BUF_INIT, in = BUF_INIT;
	size_t len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_next(s + i, len - i, &cp);
		const char *r = pinyin_of(cp);
		if (r) {
			size_t rl = strlen(r);
			buf_add(&p, r, rl);
			buf_addc(&y, 1);
			for (size_t k = 1; k < rl; k++)
				buf_addc(&y, 0);
			buf_addc(&in, r[0]);
		} else if (cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))) {
			buf_addc(&p, (char)cp);
			buf_addc(&y, 1);
			buf_addc(&in, (char)cp);
		}
	}
	buf_add(&p, "", 0);
	buf_add(&in, "", 0);
	buf_addc(&y, 1); /* the end is a boundary too */
	*py = buf_detach(&p);
	*syl = (unsigned char *)buf_detach(&y);
	*ini = buf_detach(&in);
}

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

static struct lex_entry *add_entry(struct builder *b, const char *term, enum ekind kind)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->e = xrealloc(b->e, b->cap * sizeof *b->e);
	}
	struct lex_entry *e = &b->e[b->n++];
	memset(e, 0, sizeof *e);
	e->term = fold(term);
	e->kind = kind;
	return e;
}

/* Rewrites "a|b|c" (folded) as alternatives of e. */
static void add_alts(struct lex_entry *e, const char *list)
{
	char *f = fold(list);
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

static void entry_free(struct lex_entry *e)
{
	free(e->term);
	for (size_t k = 0; k < e->nalt; k++)
		free(e->alt[k]);
	free(e->alt);
	free(e->py);
	free(e->ini);
}

static void lexicon_free(void *p)
{
	struct lexicon *lx = p;
	if (!lx)
		return;
	for (size_t i = 0; i < lx->nnames; i++) {
		struct lex_name *nm = &lx->names[i];
		free(nm->name);
		free(nm->fold);
		free(nm->py);
		free(nm->syl);
		free(nm->ini);
		free(nm->item);
		free(nm->region);
	}
	free(lx->names);
	for (size_t i = 0; i < lx->nents; i++)
		entry_free(&lx->ents[i]);
	free(lx->ents);
	free(lx->parent);
	for (size_t i = 0; i < lx->ngrams; i++)
		free(lx->grams[i]);
	free(lx->grams);
	struct lex_doc *sets[] = { lx->news, lx->msgs };
	size_t counts[] = { lx->nnews, lx->nmsgs };
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < counts[k]; i++) {
			free(sets[k][i].title);
			free(sets[k][i].tfold);
			free(sets[k][i].body);
		}
		free(sets[k]);
	}
	free(lx);
}

static int load_docs(struct store *st, const char *sql, struct lex_doc **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	if (!s)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct lex_doc *d = &(*out)[(*n)++];
		d->id = sqlite3_column_int64(s, 0);
		d->title = store_col_text(s, 1);
		d->tfold = fold(d->title);
		d->body = store_col_text(s, 2);
		d->at = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
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
			nm->fold = fold(name);
			nm->flen = strlen(nm->fold);
			nm->nchars = nchars(nm->fold);
			const char *a = (const char *)sqlite3_column_text(s, 3);
			nm->person = !a || strcmp(a, "法人") != 0;
			make_pinyin(nm->fold, &nm->py, &nm->syl, &nm->ini);
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

static bool in_some_name(const struct lexicon *lx, const char *s)
{
	for (size_t i = 0; i < lx->nnames; i++)
		if (strstr(lx->names[i].fold, s))
			return true;
	return false;
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
		int nc = nchars(f);
		char *shortn = NULL;
		static const char *const tails[] = { "自治州", "自治县" };
		for (size_t t = 0; t < ARRAY_LEN(tails) && !shortn; t++) {
			size_t tl = strlen(tails[t]);
			if (fl > tl && strcmp(f + fl - tl, tails[t]) == 0 && nc > 4) {
				size_t k = 0;
				for (int c = 0; c < 2; c++)
					do k++; while (((unsigned char)f[k] & 0xC0) == 0x80);
				shortn = xstrndup(f, k);
			}
		}
		static const char *const ends[] = { "省", "市", "县", "区" };
		for (size_t t = 0; t < ARRAY_LEN(ends) && !shortn; t++) {
			size_t tl = strlen(ends[t]);
			if (nc >= 3 && fl > tl && strcmp(f + fl - tl, ends[t]) == 0)
				shortn = xstrndup(f, fl - tl);
		}
		if (shortn && !in_some_name(lx, shortn)) {
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
		char *fy = fold(y);
		add_alt(e, fy);
		e = add_entry(b, y, E_WORD);
		add_alt(e, fy);
		char *ft = fold(t);
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
			entry_free(&b->e[i]);
			continue;
		}
		b->e[out++] = b->e[i];
	}
	lx->ents = b->e;
	lx->nents = out;
	lx->maxchars = 1;
	for (size_t i = 0; i < out; i++) {
		struct lex_entry *e = &lx->ents[i];
		int nc = nchars(e->term);
		if (nc > lx->maxchars)
			lx->maxchars = nc;
		if (e->kind == E_WORD) {
			unsigned char *syl;
			make_pinyin(e->term, &e->py, &syl, &e->ini);
			free(syl);
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The pieces of 2 to 4 characters of every name, for cutting unknown
 * query text into words the catalogue uses. */
static void build_grams(struct lexicon *lx)
{
	size_t cap = 0;
	for (size_t i = 0; i < lx->nnames; i++) {
		const char *f = lx->names[i].fold;
		size_t len = lx->names[i].flen, starts[256];
		size_t nst = 0;
		for (size_t b = 0; b < len && nst < ARRAY_LEN(starts) - 1; b++)
			if (((unsigned char)f[b] & 0xC0) != 0x80)
				starts[nst++] = b;
		starts[nst] = len;
		for (size_t a = 0; a < nst; a++)
			for (size_t l = 2; l <= 4 && a + l <= nst; l++) {
				if (lx->ngrams == cap) {
					cap = cap ? cap * 2 : 4096;
					lx->grams = xrealloc(lx->grams, cap * sizeof *lx->grams);
				}
				lx->grams[lx->ngrams++] = xstrndup(f + starts[a], starts[a + l] - starts[a]);
			}
	}
	qsort(lx->grams, lx->ngrams, sizeof *lx->grams, cmp_str);
	size_t out = 0;
	for (size_t i = 0; i < lx->ngrams; i++) {
		if (out && strcmp(lx->grams[out - 1], lx->grams[i]) == 0) {
			free(lx->grams[i]);
			continue;
		}
		lx->grams[out++] = lx->grams[i];
	}
	lx->ngrams = out;
}

static bool is_gram(const struct lexicon *lx, const char *s)
{
	return bsearch(&s, lx->grams, lx->ngrams, sizeof *lx->grams, cmp_str) != NULL;
}

struct lexicon *svc_lexicon(struct store *st)
{
	int64_t gen = store_generation(st);
	struct lexicon *lx = store_ext(st);
	if (lx && lx->gen == gen && gen >= 0)
		return lx;
	lx = xcalloc(1, sizeof *lx);
	lx->gen = gen;
	struct builder b = { 0 };
	if (gen < 0 || load_names(st, lx) != 0 || load_topics(st, lx) != 0 ||
	    load_words(st, &b) != 0 || load_regions(st, lx, &b) != 0 ||
	    load_docs(st, "SELECT id, title, body, published_at FROM articles WHERE deleted = 0"
			  " ORDER BY published_at DESC, id DESC", &lx->news, &lx->nnews) != 0 ||
	    load_docs(st, "SELECT id, title, body, created_at FROM messages WHERE state = 'published'"
			  " ORDER BY created_at DESC, id DESC", &lx->msgs, &lx->nmsgs) != 0) {
		for (size_t i = 0; i < b.n; i++)
			entry_free(&b.e[i]);
		free(b.e);
		lexicon_free(lx);
		store_ext_set(st, NULL, NULL);
		return NULL;
	}
	finish_entries(lx, &b);
	build_grams(lx);
	store_ext_set(st, lx, lexicon_free);
	return lx;
}

/* --- parsing -------------------------------------------------------------- */

static const struct lex_entry *lookup(const struct lexicon *lx, const char *term)
{
	size_t lo = 0, hi = lx->nents;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(lx->ents[mid].term, term);
		if (c == 0)
			return &lx->ents[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct concept *new_concept(struct parsed *p, const char *text, size_t len)
{
	if (p->n == SVC_MAX_CONCEPTS)
		return NULL;
	struct concept *c = &p->c[p->n++];
	memset(c, 0, sizeof *c);
	c->text = xstrndup(text, len);
	c->alt[c->nalt++] = xstrdup(c->text);
	return c;
}

static void concept_add(struct concept *c, const char *a)
{
	for (size_t k = 0; k < c->nalt; k++)
		if (strcmp(c->alt[k], a) == 0)
			return;
	if (c->nalt < SVC_MAX_ALTS)
		c->alt[c->nalt++] = xstrdup(a);
}

struct scan {
	const struct lexicon *lx;
	struct parsed *p;
	struct buf rest;
	const char *run;     /* unknown Han characters not yet emitted */
	size_t runlen;
};

/* Unknown text: a word of its own when some name holds it whole; else cut
 * into the longest pieces (2-4 characters) names hold, left to right, the
 * characters between them optional. */
static void flush_run(struct scan *sc)
{
	if (!sc->runlen)
		return;
	const char *run = sc->run;
	size_t len = sc->runlen;
	buf_add(&sc->rest, run, len);
	sc->runlen = 0;
	char *whole = xstrndup(run, len);
	int nc = nchars(whole);
	bool known = nc >= 2 && (nc > 4 ? in_some_name(sc->lx, whole) : is_gram(sc->lx, whole));
	free(whole);
	if (nc < 2 || known) {
		struct concept *c = new_concept(sc->p, run, len);
		if (c)
			c->soft = nc < 2;
		return;
	}
	size_t st[64], n = 0;
	for (size_t b = 0; b < len && n < ARRAY_LEN(st) - 1; b++)
		if (((unsigned char)run[b] & 0xC0) != 0x80)
			st[n++] = b;
	st[n] = len;
	size_t a = 0;
	while (a < n) {
		size_t best = 0;
		for (size_t l = 4; l >= 2 && !best; l--) {
			if (a + l > n)
				continue;
			char *piece = xstrndup(run + st[a], st[a + l] - st[a]);
			if (is_gram(sc->lx, piece))
				best = l;
			free(piece);
		}
		size_t l = best ? best : 1;
		struct concept *c = new_concept(sc->p, run + st[a], st[a + l] - st[a]);
		if (c)
			c->soft = !best;
		sc->p->loose = sc->p->loose || !best;
		a += l;
	}
}

/* An ASCII word: itself, and the words whose pinyin or initials it is. */
static void latin_word(struct scan *sc, const char *w, size_t n)
{
	flush_run(sc);
	struct concept *c = new_concept(sc->p, w, n);
	if (!c)
		return;
	c->latin = true;
	buf_add(&sc->rest, w, n);
	if (n < 2)
		return;
	for (size_t i = 0; i < sc->lx->nents; i++) {
		const struct lex_entry *e = &sc->lx->ents[i];
		if (e->kind != E_WORD || !e->py || !*e->py)
			continue;
		if (strcmp(e->py, c->text) == 0 || (n >= 3 && strcmp(e->ini, c->text) == 0))
			for (size_t k = 0; k < e->nalt; k++)
				concept_add(c, e->alt[k]);
	}
}

void svc_parse(const struct lexicon *lx, const char *query, struct parsed *p)
{
	memset(p, 0, sizeof *p);
	struct buf q = BUF_INIT;
	textnorm_append(&q, query ? query : "", query ? strlen(query) : 0);
	const char *s = buf_cstr(&q);
	size_t len = q.len, i = 0;
	struct scan sc = { .lx = lx, .p = p, .rest = BUF_INIT };
	int region_level = 99;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_next(s + i, len - i, &cp);
		if (cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))) {
			size_t j = i;
			while (j < len && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9')))
				j++;
			latin_word(&sc, s + i, j - i);
			i = j;
			continue;
		}
		if (!textnorm_is_han(cp)) {
			flush_run(&sc);
			i += k;
			continue;
		}
		/* The longest entry starting here (Han characters only). */
		size_t ends[64];
		int nc = 0;
		size_t j = i;
		while (j < len && nc < lx->maxchars && nc < 64) {
			uint32_t c2;
			size_t k2 = utf8_next(s + j, len - j, &c2);
			if (!textnorm_is_han(c2))
				break;
			j += k2;
			ends[nc++] = j;
		}
		const struct lex_entry *e = NULL;
		size_t end = 0;
		char tmp[256];
		for (int m = nc; m >= 1 && !e; m--) {
			size_t l = ends[m - 1] - i;
			if (l >= sizeof tmp)
				continue;
			memcpy(tmp, s + i, l);
			tmp[l] = '\0';
			e = lookup(lx, tmp);
			end = ends[m - 1];
		}
		if (!e) {
			if (!sc.runlen)
				sc.run = s + i;
			sc.runlen += k;
			i += k;
			continue;
		}
		flush_run(&sc);
		switch (e->kind) {
		case E_STOP:
			break;
		case E_WEAK: {
			struct concept *c = new_concept(p, s + i, end - i);
			if (c)
				c->soft = true;
			break;
		}
		case E_WORD: {
			struct concept *c = new_concept(p, s + i, end - i);
			if (c)
				for (size_t a = 0; a < e->nalt; a++)
					concept_add(c, e->alt[a]);
			buf_add(&sc.rest, s + i, end - i);
			break;
		}
		case E_REGION:
			/* The most precise region named wins (长沙 长沙县 -> 长沙县). */
			if (e->level > region_level || !p->region) {
				p->region = e->region;
				region_level = e->level;
			}
			break;
		}
		i = end;
	}
	flush_run(&sc);
	p->rest = buf_detach(&sc.rest);
	if (!p->rest)
		p->rest = xstrdup("");
	buf_release(&q);
	/* A query that is nothing but a region searches for its words. */
	if (p->n == 0 && p->region && *s) {
		p->region = 0;
		struct concept *c = new_concept(p, s, len);
		(void)c;
		free(p->rest);
		p->rest = xstrdup(p->c[0].text);
	}
}

void svc_parsed_release(struct parsed *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->c[i].text);
		for (size_t k = 0; k < p->c[i].nalt; k++)
			free(p->c[i].alt[k]);
	}
	free(p->rest);
	memset(p, 0, sizeof *p);
}

/* w occurs in py starting and ending at syllable boundaries. */
static bool py_has(const char *py, const unsigned char *syl, const char *w)
{
	size_t wl = strlen(w), pl = strlen(py);
	for (const char *h = py; (h = strstr(h, w)) != NULL; h++) {
		size_t at = (size_t)(h - py);
		if (syl[at] && at + wl <= pl && syl[at + wl])
			return true;
	}
	return false;
}

bool svc_name_has(const struct lex_name *nm, const struct concept *c)
{
	for (size_t k = 0; k < c->nalt; k++)
		if (strstr(nm->fold, c->alt[k]))
			return true;
	if (!c->latin || strlen(c->text) < 2)
		return false;
	if (py_has(nm->py, nm->syl, c->text))
		return true;
	return strlen(c->text) >= 2 && strstr(nm->ini, c->text) != NULL;
}

bool svc_region_covers(const struct lexicon *lx, int64_t a, int64_t b)
{
	for (int d = 0; d < 8 && b > 0; d++) {
		if (a == b)
			return true;
		b = b < lx->nregions ? lx->parent[b] : 0;
	}
	return false;
}
