/* pager.c - greedy splitting of text into budget-sized pieces; see pager.h. */
#include "core/common.h"

#include "core/utf8.h"
#include "render/pager.h"

#define ENTITY_MAX 32
#define TAG_MAX 4096

/* What a unit is, as far as break points care. */
enum kind {
	K_OTHER,       /* CJK ideograph, control, tag, anything else */
	K_WORD,        /* ASCII graphic char (or entity) that is no mark below */
	K_NEWLINE,
	K_SPACE,       /* ' ', '\t', U+3000 */
	K_TERM,        /* 。！？； */
	K_TERM_ASCII,  /* . ! ? ; */
	K_CLOSE,       /* closing quote/bracket */
	K_COMMA,       /* ，、： */
	K_COMMA_ASCII, /* , : */
};

/* Where we are in a "mark [closers] [spaces]" run. */
enum run {
	RUN_NONE,
	RUN_SENT,     /* terminator, maybe closers */
	RUN_SENT_SP,  /* ... then spaces */
	RUN_COMMA,
	RUN_COMMA_SP,
	RUN_SPACE,    /* plain spaces */
};

enum { R_UNIT = 1, R_WORD, R_CLAUSE, R_SENT, R_PARA, R_MAX = R_PARA };

struct unit {
	size_t len;
	enum kind kind;
	bool group; /* entity or tag: more than one character */
};

/* Length of the character at s (1 for a byte that starts no valid
 * character) and its code point (U+FFFD when invalid). */
static size_t utf8_unit(const char *s, size_t avail, uint32_t *cp)
{
	size_t len = utf8_decode(s, avail, cp);
	return len ? len : 1;
}

static enum kind classify(uint32_t cp)
{
	switch (cp) {
	case '\n':
		return K_NEWLINE;
	case ' ': case '\t': case 0x3000:
		return K_SPACE;
	case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: /* 。！？； */
		return K_TERM;
	case '.': case '!': case '?': case ';':
		return K_TERM_ASCII;
	case 0x201D: case 0x2019: case 0x300D: case 0x300F: /* ” ’ 」 』 */
	case 0xFF09: case 0x3011: case 0x300B: case 0x3009: /* ） 】 》 〉 */
	case ')': case ']': case '"': case '\'':
		return K_CLOSE;
	case 0xFF0C: case 0x3001: case 0xFF1A: /* ，、： */
		return K_COMMA;
	case ',': case ':':
		return K_COMMA_ASCII;
	default:
		return cp > 0x20 && cp < 0x7F ? K_WORD : K_OTHER;
	}
}

/* "&name;", "&#123;" or "&#x1F;" at s[0] == '&': its length, or 0. */
static size_t entity_len(const char *s, size_t avail)
{
	size_t max = avail < ENTITY_MAX ? avail : ENTITY_MAX;
	size_t i = 1;

	if (i < max && s[i] == '#') {
		i++;
		bool hex = i < max && (s[i] == 'x' || s[i] == 'X');
		if (hex)
			i++;
		size_t digits = i;
		while (i < max && (hex ? isxdigit((unsigned char)s[i]) : isdigit((unsigned char)s[i])))
			i++;
		if (i == digits)
			return 0;
	} else {
		if (i >= max || !isalpha((unsigned char)s[i]))
			return 0;
		while (i < max && isalnum((unsigned char)s[i]))
			i++;
	}
	return i < max && s[i] == ';' ? i + 1 : 0;
}

/* "<x...>" at s[0] == '<' on one line with no '<' inside: its length, or 0. */
static size_t tag_len(const char *s, size_t avail)
{
	size_t max = avail < TAG_MAX ? avail : TAG_MAX;

	if (max < 3)
		return 0;
	unsigned char c = (unsigned char)s[1];
	if (!isalpha(c) && c != '/' && c != '!' && c != '?')
		return 0;
	for (size_t i = 2; i < max; i++) {
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '<' || s[i] == '\n')
			return 0;
	}
	return 0;
}

/* The unit at text[pos]; entities and tags only when `group`. */
static struct unit unit_at(const char *text, size_t len, size_t pos, bool group)
{
	struct unit u = { 0, K_OTHER, false };
	size_t avail = len - pos;
	size_t g = 0;

	if (group && text[pos] == '&')
		g = entity_len(text + pos, avail);
	else if (group && text[pos] == '<')
		g = tag_len(text + pos, avail);
	if (g) {
		u.len = g;
		u.kind = text[pos] == '&' ? K_WORD : K_OTHER;
		u.group = true;
		return u;
	}
	uint32_t cp;
	u.len = utf8_unit(text + pos, avail, &cp);
	u.kind = classify(cp);
	return u;
}

/* Run state after unit a, knowing the unit b that follows it. */
static enum run run_after(enum run st, enum kind a, enum kind b)
{
	switch (a) {
	case K_TERM:
		return RUN_SENT;
	case K_TERM_ASCII:
		return b == K_WORD ? RUN_NONE : RUN_SENT;
	case K_COMMA:
		return RUN_COMMA;
	case K_COMMA_ASCII:
		return b == K_WORD ? RUN_NONE : RUN_COMMA;
	case K_CLOSE:
		return st == RUN_SENT || st == RUN_COMMA ? st : RUN_NONE;
	case K_SPACE:
		if (st == RUN_SENT || st == RUN_SENT_SP)
			return RUN_SENT_SP;
		if (st == RUN_COMMA || st == RUN_COMMA_SP)
			return RUN_COMMA_SP;
		return RUN_SPACE;
	default:
		return RUN_NONE;
	}
}

/* Rank of the boundary between units a and b (st = run state after a).
 * Inside a run (b would extend it) the boundary is a plain unit break. */
static int rank_between(enum run st, enum kind a, enum kind b)
{
	if (a == K_NEWLINE)
		return R_PARA;
	switch (st) {
	case RUN_SENT:
		return b == K_TERM || b == K_TERM_ASCII || b == K_CLOSE || b == K_SPACE ? R_UNIT : R_SENT;
	case RUN_SENT_SP:
		return b == K_SPACE ? R_UNIT : R_SENT;
	case RUN_COMMA:
		return b == K_CLOSE || b == K_SPACE ? R_UNIT : R_CLAUSE;
	case RUN_COMMA_SP:
		return b == K_SPACE ? R_UNIT : R_CLAUSE;
	case RUN_SPACE:
		return b == K_SPACE ? R_UNIT : R_WORD;
	default:
		return R_UNIT;
	}
}

static size_t measure_of(pager_measure_fn measure, void *ctx, const char *s, size_t n)
{
	return measure ? measure(s, n, ctx) : n;
}

/* Find where the piece starting at `start` ends; -1 if not even one
 * unit fits. */
static int next_cut(const char *text, size_t len, size_t start, size_t budget, unsigned fill,
		    pager_measure_fn measure, void *ctx, size_t *end)
{
	struct { size_t pos, used; bool set; } best[R_MAX + 1];
	size_t pos = start, used = 0;
	enum run st = RUN_NONE;
	enum kind prev = K_OTHER;

	memset(best, 0, sizeof(best));
	for (;;) {
		if (pos >= len) {
			*end = len;
			return 0;
		}
		struct unit u = unit_at(text, len, pos, true);
		size_t m = measure_of(measure, ctx, text + pos, u.len);
		if (u.group && m > budget) {
			/* too big to keep whole anywhere: cut inside it */
			u = unit_at(text, len, pos, false);
			m = measure_of(measure, ctx, text + pos, u.len);
		}
		if (pos > start) {
			st = run_after(st, prev, u.kind);
			int r = rank_between(st, prev, u.kind);
			for (int k = R_UNIT; k <= r; k++) {
				best[k].pos = pos;
				best[k].used = used;
				best[k].set = true;
			}
		}
		if (m > budget - used)
			break;
		used += m;
		pos += u.len;
		prev = u.kind;
	}
	if (pos == start)
		return -1;
	for (int r = R_MAX; r > R_UNIT; r--) {
		if (best[r].set && best[r].used * 100 >= budget * fill) {
			*end = best[r].pos;
			return 0;
		}
	}
	*end = pos;
	return 0;
}

static void push_piece(struct pager *p, size_t *cap, size_t off, size_t len)
{
	if (p->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		p->pieces = xrealloc(p->pieces, *cap * sizeof(*p->pieces));
	}
	p->pieces[p->n].off = off;
	p->pieces[p->n].len = len;
	p->n++;
}

int pager_split(const char *text, size_t len, size_t budget,
		pager_measure_fn measure, void *ctx, struct pager *out)
{
	return pager_split_fill(text, len, budget, 50, measure, ctx, out);
}

int pager_split_fill(const char *text, size_t len, size_t budget, unsigned fill,
		     pager_measure_fn measure, void *ctx, struct pager *out)
{
	size_t cap = 0, start = 0;

	out->pieces = NULL;
	out->n = 0;
	if (len == 0) {
		push_piece(out, &cap, 0, 0);
		return 0;
	}
	while (start < len) {
		size_t end;
		if (next_cut(text, len, start, budget, fill, measure, ctx, &end) < 0) {
			pager_release(out);
			return -1;
		}
		push_piece(out, &cap, start, end - start);
		start = end;
	}
	return 0;
}

void pager_release(struct pager *p)
{
	free(p->pieces);
	p->pieces = NULL;
	p->n = 0;
}

bool pager_parse_page(const char *s, long *out)
{
	long v = 0;
	size_t i;

	if (!s || s[0] < '1' || s[0] > '9')
		return false;
	for (i = 0; s[i]; i++) {
		if (i >= 6 || s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

long pager_page_count(long total, long per_page)
{
	if (total <= 0 || per_page <= 0)
		return 1;
	return total / per_page + (total % per_page != 0);
}
