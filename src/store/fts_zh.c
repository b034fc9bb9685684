/* fts_zh.c - the "qiao_zh" FTS5 tokenizer and the safe query builder.
 *
 * Design.  Chinese has no spaces and most queries are two characters, so
 * neither unicode61 (a whole Han run is one token) nor trigram (needs three
 * characters) will do.  Every character is folded by textnorm first, then:
 *
 *   Documents: each Han character c[i] takes one position i.  At that
 *   position we emit the bigram c[i]c[i+1] (when c[i+1] is in the same Han
 *   run) and the unigram c[i] as a COLOCATED token.  "社会保险" gives
 *     pos 0: 社会 + 社   pos 1: 会保 + 会   pos 2: 保险 + 保   pos 3: 险
 *   Queries: a Han run of one character is its unigram; a run of N >= 2
 *   characters is the N-1 bigrams at consecutive positions.  A phrase
 *   "社会保" = [社会, 会保] matches where 社会 is at p and 会保 at p+1, i.e.
 *   exactly where 社,会,保 stand at p, p+1, p+2 of one Han run.  Bigrams
 *   never span a non-Han character, and the query builder splits on
 *   anything that is not Han, so a phrase of N characters matches exactly
 *   the columns containing that N-character substring.
 *
 *   The bigram comes first at its position so that highlight()/snippet()
 *   (which use the first token of a position for offsets) cover all N
 *   characters of an N >= 2 match; a 1-character match is highlighted
 *   with its right neighbour.
 *
 *   Latin letters, digits and other non-Han letters form words (one token,
 *   cut to TOK_MAX bytes).  Punctuation, symbols, white space and invalid
 *   UTF-8 separate tokens.  Zero-width characters vanish without
 *   separating.
 *
 * Cost: two tokens per Han character; on synthetic service text the
 * index is about the size of FTS5's trigram index (which cannot match two
 * characters), about 3x unicode61's.  No allocation per token: tokens are
 * built in small stack buffers. */
#include "core/common.h"

#include "store/fts_zh.h"
#include "core/utf8.h"
#include "text/textnorm.h"

/* Bytes of a Latin word that are indexed; the rest is ignored, the same
 * way for documents and queries. */
#define TOK_MAX 64

enum cls { CLS_SKIP, CLS_SEP, CLS_SPACE, CLS_HAN, CLS_WORD };

/* Letters that are neither Han nor ASCII: everything except the blocks
 * of punctuation, symbols, private use and emoji. */
static bool is_other_letter(uint32_t cp)
{
	if (cp < 0xC0)
		return false;
	if (cp == 0xD7 || cp == 0xF7)
		return false;
	if ((cp >= 0x2000 && cp <= 0x2BFF) ||  /* punctuation .. symbols */
	    (cp >= 0x2E00 && cp <= 0x2E7F) ||  /* supplemental punctuation */
	    (cp >= 0x3000 && cp <= 0x303F) ||  /* CJK punctuation */
	    (cp >= 0x3200 && cp <= 0x33FF) ||  /* enclosed / compatibility */
	    (cp >= 0xD800 && cp <= 0xF8FF) ||  /* surrogates, private use */
	    (cp >= 0xFE10 && cp <= 0xFE6F) ||  /* vertical, small forms */
	    (cp >= 0xFF00 && cp <= 0xFF65) ||  /* full-width punctuation */
	    (cp >= 0xFFE0 && cp <= 0xFFFF) ||
	    (cp >= 0x1F000 && cp <= 0x1FFFF) || /* emoji, pictographs */
	    cp >= 0xE0000)
		return false;
	return true;
}

/* Decode, fold and classify the code point at s[*i]; advances *i. */
static enum cls next_unit(const char *s, size_t n, size_t *i, uint32_t *out)
{
	uint32_t cp;
	*i += utf8_next(s + *i, n - *i, &cp);
	if (cp == UTF8_REPLACEMENT)
		return CLS_SPACE;
	cp = textnorm_fold(cp);
	*out = cp;
	if (cp == TEXTNORM_DROP)
		return CLS_SKIP;
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			return CLS_WORD;
		return textnorm_is_space(cp) ? CLS_SPACE : CLS_SEP;
	}
	/* Kana and hangul are paired like Han: Japanese has no spaces,
	 * Korean joins particles to words (장사에서 = 장사 + 에서). */
	if (textnorm_is_han(cp) || textnorm_is_kana_hangul(cp))
		return CLS_HAN;
	*out = textnorm_latin_base(cp);
	return is_other_letter(cp) ? CLS_WORD : CLS_SEP;
}

/* Append cp to a word of *len bytes unless that would pass TOK_MAX. */
static void word_put(char *word, int *len, bool *full, uint32_t cp)
{
	char enc[4];
	size_t k = utf8_encode(cp, enc);
	if (*full || *len + (int)k > TOK_MAX) {
		*full = true;
		return;
	}
	memcpy(word + *len, enc, k);
	*len += (int)k;
}

/* ---- the tokenizer ---------------------------------------------------- */

typedef int (*token_fn)(void *, int, const char *, int, int, int);

struct tok {
	void *ctx;
	token_fn emit;
	bool query;
	/* the pending Han character of the current run */
	bool have_prev, run_bigram;
	uint32_t prev;
	int prev_start, prev_end;
	/* the current word */
	bool in_word, word_full;
	char word[TOK_MAX];
	int wlen, wstart, wend;
};

static int emit_chars(struct tok *t, int flags, uint32_t a, uint32_t b, int start, int end)
{
	char tmp[8];
	size_t k = utf8_encode(a, tmp);
	if (b)
		k += utf8_encode(b, tmp + k);
	return t->emit(t->ctx, flags, tmp, (int)k, start, end);
}

/* A Han character c at [start, end). */
static int tok_han(struct tok *t, uint32_t c, int start, int end)
{
	int rc = SQLITE_OK;
	if (t->have_prev) {
		rc = emit_chars(t, 0, t->prev, c, t->prev_start, end);
		if (rc == SQLITE_OK && !t->query)
			rc = emit_chars(t, FTS5_TOKEN_COLOCATED, t->prev, 0, t->prev_start, t->prev_end);
		t->run_bigram = true;
	}
	t->have_prev = true;
	t->prev = c;
	t->prev_start = start;
	t->prev_end = end;
	return rc;
}

/* End of a Han run: its last character still needs its unigram. */
static int tok_han_end(struct tok *t)
{
	int rc = SQLITE_OK;
	if (t->have_prev && (!t->query || !t->run_bigram))
		rc = emit_chars(t, 0, t->prev, 0, t->prev_start, t->prev_end);
	t->have_prev = false;
	t->run_bigram = false;
	return rc;
}

static int tok_word_end(struct tok *t)
{
	int rc = SQLITE_OK;
	if (t->in_word && t->wlen > 0)
		rc = t->emit(t->ctx, 0, t->word, t->wlen, t->wstart, t->wend);
	t->in_word = false;
	t->word_full = false;
	t->wlen = 0;
	return rc;
}

static int zh_tokenize(Fts5Tokenizer *unused, void *ctx, int flags,
		       const char *text, int ntext, token_fn emit)
{
	(void)unused;
	struct tok t;
	memset(&t, 0, sizeof t);
	t.ctx = ctx;
	t.emit = emit;
	t.query = (flags & FTS5_TOKENIZE_QUERY) != 0;

	size_t n = text && ntext > 0 ? (size_t)ntext : 0;
	size_t i = 0;
	int rc = SQLITE_OK;
	while (i < n && rc == SQLITE_OK) {
		int start = (int)i;
		uint32_t cp = 0;
		enum cls c = next_unit(text, n, &i, &cp);
		int end = (int)i;
		switch (c) {
		case CLS_SKIP:
			/* invisible: extends the token it sits in */
			if (t.have_prev)
				t.prev_end = end;
			if (t.in_word)
				t.wend = end;
			break;
		case CLS_HAN:
			rc = tok_word_end(&t);
			if (rc == SQLITE_OK)
				rc = tok_han(&t, cp, start, end);
			break;
		case CLS_WORD:
			rc = tok_han_end(&t);
			if (!t.in_word) {
				t.in_word = true;
				t.wstart = start;
			}
			word_put(t.word, &t.wlen, &t.word_full, cp);
			t.wend = end;
			break;
		case CLS_SEP:
		case CLS_SPACE:
			rc = tok_han_end(&t);
			if (rc == SQLITE_OK)
				rc = tok_word_end(&t);
			break;
		}
	}
	if (rc == SQLITE_OK)
		rc = tok_han_end(&t);
	if (rc == SQLITE_OK)
		rc = tok_word_end(&t);
	return rc;
}

static int zh_create(void *unused, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)unused;
	(void)argv;
	static int instance; /* stateless: one shared dummy handle */
	if (argc != 0)
		return SQLITE_ERROR; /* qiao_zh takes no options */
	*out = (Fts5Tokenizer *)&instance;
	return SQLITE_OK;
}

static void zh_delete(Fts5Tokenizer *unused)
{
	(void)unused;
}

int fts_zh_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) {
		log_error("fts_zh: FTS5 is not available: %s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2) {
		log_error("fts_zh: no usable fts5_api");
		return -1;
	}
	fts5_tokenizer tk = { zh_create, zh_delete, zh_tokenize };
	if (api->xCreateTokenizer(api, "qiao_zh", NULL, &tk, NULL) != SQLITE_OK) {
		log_error("fts_zh: cannot register tokenizer: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* ---- the query builder ------------------------------------------------ */

/* Split s into terms (Han runs and words), appended to terms as
 * NUL-terminated strings; *nterms counts them.  With max_chars > 0,
 * returns -1 as soon as the text is longer than that (see fts_zh.h for
 * how characters are counted), else 0. */
static int split_terms(const char *s, size_t n, struct buf *terms, size_t *nterms, int max_chars)
{
	enum cls cur = CLS_SEP; /* kind of the term being built */
	char word[TOK_MAX];
	int wlen = 0;
	bool full = false;
	int chars = 0;
	bool gap = false; /* white space since the last counted character */
	size_t i = 0;

	*nterms = 0;
	while (i <= n) {
		uint32_t cp = 0;
		enum cls c;
		if (i == n) {
			c = CLS_SPACE; /* end of text: closes the last term */
			i++;
		} else {
			c = next_unit(s, n, &i, &cp);
		}
		if (c == CLS_SKIP)
			continue;
		if (c != CLS_SPACE) {
			chars += 1 + (gap && chars > 0);
			gap = false;
			if (max_chars > 0 && chars > max_chars)
				return -1;
		} else {
			gap = true;
		}
		if (cur != CLS_SEP && c != cur) { /* the term ends */
			if (cur == CLS_WORD)
				buf_add(terms, word, (size_t)wlen);
			buf_addc(terms, '\0');
			(*nterms)++;
			cur = CLS_SEP;
			wlen = 0;
			full = false;
		}
		if (c == CLS_HAN) {
			char enc[4];
			buf_add(terms, enc, utf8_encode(cp, enc));
			cur = CLS_HAN;
		} else if (c == CLS_WORD) {
			word_put(word, &wlen, &full, cp);
			cur = CLS_WORD;
		}
	}
	return 0;
}

static void add_phrase(struct buf *out, const char *term)
{
	buf_addc(out, '"');
	for (const char *p = term; *p; p++) {
		if (*p == '"')
			buf_addc(out, '"'); /* cannot happen: '"' separates */
		buf_addc(out, *p);
	}
	buf_addc(out, '"');
}

/* The terms of a synonym as one FTS5 expression ("" when it has none). */
static char *syn_expr(const char *syn)
{
	struct buf terms = BUF_INIT, out = BUF_INIT;
	size_t n = 0;
	split_terms(syn, strlen(syn), &terms, &n, 0);
	const char *t = terms.data;
	if (n > 1)
		buf_addc(&out, '(');
	for (size_t k = 0; k < n; k++) {
		if (k)
			buf_adds(&out, " AND ");
		add_phrase(&out, t);
		t += strlen(t) + 1;
	}
	if (n > 1)
		buf_addc(&out, ')');
	buf_release(&terms);
	return buf_detach(&out);
}

static void add_term(struct buf *out, const char *term, fts_zh_syn_fn syn, void *ctx)
{
	const char *const *syns = syn ? syn(term, ctx) : NULL;
	if (!syns || !syns[0]) {
		add_phrase(out, term);
		return;
	}
	/* alternatives, without duplicates; the term itself first */
	struct buf self = BUF_INIT;
	add_phrase(&self, term);
	size_t nalt = 1, cap = 4;
	char **alt = xmalloc(cap * sizeof *alt);
	alt[0] = buf_detach(&self);
	for (size_t k = 0; syns[k]; k++) {
		char *e = syn_expr(syns[k]);
		bool dup = !*e;
		for (size_t j = 0; j < nalt && !dup; j++)
			dup = strcmp(alt[j], e) == 0;
		if (dup) {
			free(e);
			continue;
		}
		if (nalt == cap) {
			cap *= 2;
			alt = xrealloc(alt, cap * sizeof *alt);
		}
		alt[nalt++] = e;
	}
	if (nalt > 1)
		buf_addc(out, '(');
	for (size_t j = 0; j < nalt; j++) {
		if (j)
			buf_adds(out, " OR ");
		buf_adds(out, alt[j]);
		free(alt[j]);
	}
	if (nalt > 1)
		buf_addc(out, ')');
	free(alt);
}

char *fts_zh_match_syn(const char *query, fts_zh_syn_fn syn, void *ctx, bool *too_long)
{
	bool dummy;
	if (!too_long)
		too_long = &dummy;
	*too_long = false;
	if (!query)
		return NULL;

	struct buf terms = BUF_INIT;
	size_t n = 0;
	if (split_terms(query, strlen(query), &terms, &n, FTS_ZH_MAX_QUERY_CHARS) < 0) {
		buf_release(&terms);
		*too_long = true;
		return NULL;
	}
	if (n == 0) {
		buf_release(&terms);
		return NULL;
	}
	struct buf out = BUF_INIT;
	const char *t = terms.data;
	for (size_t k = 0; k < n; k++) {
		if (k)
			buf_adds(&out, " AND ");
		add_term(&out, t, syn, ctx);
		t += strlen(t) + 1;
	}
	buf_release(&terms);
	return buf_detach(&out);
}

char *fts_zh_match(const char *query, bool *too_long)
{
	return fts_zh_match_syn(query, NULL, NULL, too_long);
}

/* Words that do not narrow a search in the Latin-script versions (every
 * article has them); dropped from a prefix query unless nothing else is
 * left. */
static const char *const latin_stop[] = {
	"a", "an", "and", "are", "as", "at", "by", "for", "from", "how", "in", "is", "of", "on", "or",
	"the", "to", "what", "where", "with",
	"au", "aux", "comment", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les",
	"ou", "par", "pour", "quel", "quelle", "sur", "un", "une",
};

static bool latin_stop_word(const char *t)
{
	for (size_t i = 0; i < ARRAY_LEN(latin_stop); i++)
		if (strcmp(t, latin_stop[i]) == 0)
			return true;
	return false;
}

char *fts_zh_match_prefix(const char *query, bool *too_long)
{
	bool dummy;
	if (!too_long)
		too_long = &dummy;
	*too_long = false;
	if (!query)
		return NULL;
	struct buf terms = BUF_INIT;
	size_t n = 0;
	if (split_terms(query, strlen(query), &terms, &n, FTS_ZH_MAX_QUERY_CHARS) < 0) {
		buf_release(&terms);
		*too_long = true;
		return NULL;
	}
	size_t kept = 0;
	const char *t = terms.data;
	for (size_t k = 0; k < n; k++, t += strlen(t) + 1)
		kept += !latin_stop_word(t);
	struct buf out = BUF_INIT;
	t = terms.data;
	bool first = true;
	for (size_t k = 0; k < n; k++, t += strlen(t) + 1) {
		if (kept && latin_stop_word(t))
			continue;
		if (!first)
			buf_adds(&out, " AND ");
		first = false;
		add_phrase(&out, t);
		/* A word (not a run of paired characters) of 3 bytes or more also
		 * matches as a prefix: visa finds visas, étudiant étudiants. */
		size_t i = 0;
		uint32_t cp;
		if (next_unit(t, strlen(t), &i, &cp) == CLS_WORD && strlen(t) >= 3)
			buf_addc(&out, '*');
	}
	buf_release(&terms);
	if (first) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out);
}
