/* query.c - the search lexicon's pure side: folding and pinyin of names,
 * the query parser, name matching (query.h). */
#include "core/common.h"

#include "core/utf8.h"
#include "text/pinyin.h"
#include "text/query.h"
#include "text/textnorm.h"

char *lex_fold(const char *s)
{
	struct buf b = BUF_INIT;
	textnorm_append(&b, s, strlen(s));
	return buf_detach(&b);
}

int lex_nchars(const char *s)
{
	return (int)utf8_count(s, strlen(s));
}

/* Pinyin of a folded string: py concatenated, syl marking syllable
 * starts, ini the initials; other characters kept as they are (ASCII) or
 * skipped. */
void lex_make_pinyin(const char *s, char **py, unsigned char **syl, char **ini)
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

void lex_entry_free(struct lex_entry *e)
{
	free(e->term);
	for (size_t k = 0; k < e->nalt; k++)
		free(e->alt[k]);
	free(e->alt);
	free(e->py);
	free(e->ini);
}

void lex_free(void *p)
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
		lex_entry_free(&lx->ents[i]);
	free(lx->ents);
	free(lx->parent);
	free(lx->grams); /* the pieces point into the names */
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

bool lex_in_some_name(const struct lexicon *lx, const char *s)
{
	for (size_t i = 0; i < lx->nnames; i++)
		if (strstr(lx->names[i].fold, s))
			return true;
	return false;
}

/* The pieces of 2 to 4 characters of every name, for cutting unknown
 * query text into words the catalogue uses: an open-addressing hash set
 * of (pointer, length) into the names' folded text.  It was a sorted
 * array of copies; the copies and the sort were half of a lexicon's
 * rebuild (bench/RESULTS.md 15), and the set needs neither. */
static uint32_t gram_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* The slot holding (s, len), or the free slot where it would go. */
static struct lex_gram *gram_slot(const struct lexicon *lx, const char *s, size_t len, uint32_t h)
{
	size_t mask = lx->gcap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct lex_gram *g = &lx->grams[i];
		if (!g->s || (g->hash == h && g->len == len && memcmp(g->s, s, len) == 0))
			return g;
	}
}

static void gram_add(struct lexicon *lx, const char *s, size_t len)
{
	if ((lx->ngrams + 1) * 4 > lx->gcap * 3) { /* keep it at most 3/4 full */
		struct lex_gram *old = lx->grams;
		size_t oldcap = lx->gcap;
		lx->gcap = oldcap ? oldcap * 2 : 4096;
		lx->grams = xcalloc(lx->gcap, sizeof *lx->grams);
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].s)
				*gram_slot(lx, old[i].s, old[i].len, old[i].hash) = old[i];
		free(old);
	}
	uint32_t h = gram_hash(s, len);
	struct lex_gram *g = gram_slot(lx, s, len, h);
	if (!g->s) {
		*g = (struct lex_gram){ s, (uint32_t)len, h };
		lx->ngrams++;
	}
}

void lex_build_grams(struct lexicon *lx)
{
	for (size_t i = 0; i < lx->nnames; i++) {
		const char *f = lx->names[i].fold;
		size_t len = lx->names[i].flen, starts[256];
		size_t nst = 0;
		for (size_t b = 0; b < len && nst < ARRAY_LEN(starts) - 1;) {
			uint32_t cp;
			starts[nst++] = b;
			b += utf8_next(f + b, len - b, &cp);
		}
		starts[nst] = nst < ARRAY_LEN(starts) - 1 ? len : starts[nst - 1];
		for (size_t a = 0; a < nst; a++)
			for (size_t l = 2; l <= 4 && a + l <= nst; l++)
				gram_add(lx, f + starts[a], starts[a + l] - starts[a]);
	}
}

bool lex_is_gram(const struct lexicon *lx, const char *s)
{
	if (!lx->ngrams)
		return false;
	size_t len = strlen(s);
	return gram_slot(lx, s, len, gram_hash(s, len))->s != NULL;
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
	int nc = lex_nchars(whole);
	bool known = nc >= 2 && (nc > 4 ? lex_in_some_name(sc->lx, whole) : lex_is_gram(sc->lx, whole));
	free(whole);
	if (nc < 2 || known) {
		struct concept *c = new_concept(sc->p, run, len);
		if (c)
			c->soft = nc < 2;
		return;
	}
	size_t st[64], n = 0;
	for (size_t b = 0; b < len && n < ARRAY_LEN(st) - 1;) {
		uint32_t cp;
		st[n++] = b;
		b += utf8_next(run + b, len - b, &cp);
	}
	st[n] = len;
	size_t a = 0;
	bool left = false;
	while (a < n) {
		size_t best = 0;
		for (size_t l = 4; l >= 2 && !best; l--) {
			if (a + l > n)
				continue;
			char *piece = xstrndup(run + st[a], st[a + l] - st[a]);
			if (lex_is_gram(sc->lx, piece))
				best = l;
			free(piece);
		}
		size_t l = best ? best : 1;
		struct concept *c = new_concept(sc->p, run + st[a], st[a + l] - st[a]);
		if (c)
			c->soft = !best;
		left = left || !best;
		a += l;
	}
	/* The run whole, for the guides' text (which may hold it). */
	if (left && sc->p->nloose < ARRAY_LEN(sc->p->loose_run))
		sc->p->loose_run[sc->p->nloose++] = xstrndup(run, len);
	sc->p->loose = sc->p->loose || left;
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

/* The longest lexicon entry at s[i] (Han characters only), its end in
 * *end; NULL when none. */
static const struct lex_entry *longest_entry(const struct lexicon *lx, const char *s, size_t len,
					     size_t i, size_t *end)
{
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
	char tmp[256];
	for (int m = nc; m >= 1; m--) {
		size_t l = ends[m - 1] - i;
		if (l >= sizeof tmp)
			continue;
		memcpy(tmp, s + i, l);
		tmp[l] = '\0';
		const struct lex_entry *e = lookup(lx, tmp);
		if (e) {
			*end = ends[m - 1];
			return e;
		}
	}
	return NULL;
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
		size_t end = 0;
		const struct lex_entry *e = longest_entry(lx, s, len, i, &end);
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
	/* A query that is nothing but a region searches for its words (s is
	 * q's text: released after). */
	if (p->n == 0 && p->region && *s) {
		p->region = 0;
		new_concept(p, s, len);
		free(p->rest);
		p->rest = xstrdup(p->c[0].text);
	}
	buf_release(&q);
}

void svc_parsed_release(struct parsed *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->c[i].text);
		for (size_t k = 0; k < p->c[i].nalt; k++)
			free(p->c[i].alt[k]);
	}
	free(p->rest);
	for (size_t i = 0; i < p->nloose; i++)
		free(p->loose_run[i]);
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

