/* catalog.c - reading .mo message catalogs (see catalog.h).
 *
 * The layout (all numbers 32-bit, in the writer's byte order, which the
 * magic number tells):
 *   0  magic 0x950412de     4  revision (major 0 or 1)
 *   8  N messages          12  offset of the originals' table
 *  16  offset of the translations' table   20/24 hash table (unused here)
 * Each table has N (length, offset) pairs; string i starts at offset and
 * has length bytes followed by a NUL.  Originals are sorted by strcmp; a
 * plural original is "msgid\0plural", its translation the forms joined by
 * NULs.  The header is the translation of "" (the first original). */
#include "core/common.h"
#include "render/catalog.h"

#define MO_MAGIC 0x950412deu
#define MO_MAX_NODES 64      /* plural expression nodes */

/* --- plural expressions -------------------------------------------------- */

enum pop { P_N, P_NUM, P_NOT, P_OR, P_AND, P_EQ, P_NE, P_LT, P_GT, P_LE, P_GE,
           P_ADD, P_SUB, P_MUL, P_DIV, P_MOD, P_COND };

struct pnode {
	enum pop op;
	unsigned long num;
	int a, b, c;              /* operand node indexes */
};

struct pexpr {
	struct pnode n[MO_MAX_NODES];
	int count, root;
};

struct pparse {
	const char *s;
	struct pexpr *e;
	int depth;
	bool bad;
};

static void pskip(struct pparse *p)
{
	while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
		p->s++;
}

static int pnode(struct pparse *p, enum pop op, int a, int b, int c, unsigned long num)
{
	if (p->bad || a < 0 || b < -1 || c < -1 || p->e->count == MO_MAX_NODES) {
		p->bad = true;
		return -1;
	}
	struct pnode *n = &p->e->n[p->e->count];
	n->op = op;
	n->a = a;
	n->b = b;
	n->c = c;
	n->num = num;
	return p->e->count++;
}

static bool peat(struct pparse *p, const char *tok)
{
	pskip(p);
	size_t n = strlen(tok);
	if (strncmp(p->s, tok, n) != 0)
		return false;
	/* "<" must not take the first half of "<=", "!" of "!=" */
	if (n == 1 && (tok[0] == '<' || tok[0] == '>' || tok[0] == '!' || tok[0] == '=') && p->s[1] == '=')
		return false;
	p->s += n;
	return true;
}

static int pcond(struct pparse *p);

static int pprimary(struct pparse *p)
{
	pskip(p);
	if (++p->depth > 32) {
		p->bad = true;
		return -1;
	}
	int r = -1;
	if (*p->s == 'n') {
		p->s++;
		r = pnode(p, P_N, 0, -1, -1, 0);
	} else if (*p->s >= '0' && *p->s <= '9') {
		unsigned long v = 0;
		while (*p->s >= '0' && *p->s <= '9') {
			if (v > 100000000ul)
				p->bad = true;
			v = v * 10 + (unsigned long)(*p->s++ - '0');
		}
		r = pnode(p, P_NUM, 0, -1, -1, v);
	} else if (peat(p, "!")) {
		int a = pprimary(p);
		r = pnode(p, P_NOT, a, -1, -1, 0);
	} else if (peat(p, "(")) {
		r = pcond(p);
		if (!peat(p, ")"))
			p->bad = true;
	} else {
		p->bad = true;
	}
	p->depth--;
	return p->bad ? -1 : r;
}

/* Binary levels, loosest first; each entry: token, op. */
struct binop {
	const char *tok;
	enum pop op;
};
static const struct binop lv_or[] = { { "||", P_OR }, { NULL, 0 } };
static const struct binop lv_and[] = { { "&&", P_AND }, { NULL, 0 } };
static const struct binop lv_eq[] = { { "==", P_EQ }, { "!=", P_NE }, { NULL, 0 } };
static const struct binop lv_rel[] = { { "<=", P_LE }, { ">=", P_GE }, { "<", P_LT }, { ">", P_GT }, { NULL, 0 } };
static const struct binop lv_add[] = { { "+", P_ADD }, { "-", P_SUB }, { NULL, 0 } };
static const struct binop lv_mul[] = { { "*", P_MUL }, { "/", P_DIV }, { "%", P_MOD }, { NULL, 0 } };
static const struct binop *const levels[] = { lv_or, lv_and, lv_eq, lv_rel, lv_add, lv_mul };
#define NLEVELS (sizeof(levels) / sizeof(levels[0]))

static int pbinary(struct pparse *p, size_t level)
{
	if (level == NLEVELS)
		return pprimary(p);
	int a = pbinary(p, level + 1);
	while (!p->bad) {
		const struct binop *b = levels[level];
		while (b->tok && !peat(p, b->tok))
			b++;
		if (!b->tok)
			break;
		int c = pbinary(p, level + 1);
		a = pnode(p, b->op, a, c, -1, 0);
	}
	return p->bad ? -1 : a;
}

static int pcond(struct pparse *p)
{
	if (++p->depth > 32) {
		p->bad = true;
		return -1;
	}
	int a = pbinary(p, 0);
	if (!p->bad && peat(p, "?")) {
		int b = pcond(p);
		if (!peat(p, ":"))
			p->bad = true;
		int c = pcond(p);
		a = pnode(p, P_COND, a, b, c, 0);
	}
	p->depth--;
	return p->bad ? -1 : a;
}

static unsigned long peval(const struct pexpr *e, int i, unsigned long n)
{
	const struct pnode *x = &e->n[i];
	unsigned long a, b;
	switch (x->op) {
	case P_N: return n;
	case P_NUM: return x->num;
	case P_NOT: return !peval(e, x->a, n);
	case P_OR: return peval(e, x->a, n) || peval(e, x->b, n);
	case P_AND: return peval(e, x->a, n) && peval(e, x->b, n);
	case P_COND: return peval(e, x->a, n) ? peval(e, x->b, n) : peval(e, x->c, n);
	default: break;
	}
	a = peval(e, x->a, n);
	b = peval(e, x->b, n);
	switch (x->op) {
	case P_EQ: return a == b;
	case P_NE: return a != b;
	case P_LT: return a < b;
	case P_GT: return a > b;
	case P_LE: return a <= b;
	case P_GE: return a >= b;
	case P_ADD: return a + b;
	case P_SUB: return a - b;
	case P_MUL: return a * b;
	case P_DIV: return b ? a / b : 0;
	case P_MOD: return b ? a % b : 0;
	default: return 0;
	}
}

/* Read "nplurals=N; plural=EXPR;" (the Plural-Forms value, up to the end
 * of its line).  Returns false when it cannot. */
static bool plural_forms(const char *s, unsigned *nplurals, struct pexpr *e)
{
	struct pparse p = { s, e, 0, false };
	e->count = 0;
	if (!peat(&p, "nplurals") || !peat(&p, "="))
		return false;
	pskip(&p);
	unsigned long np = 0;
	if (*p.s < '1' || *p.s > '9')
		return false;
	while (*p.s >= '0' && *p.s <= '9' && np < 1000)
		np = np * 10 + (unsigned long)(*p.s++ - '0');
	if (np == 0 || np > 16 || !peat(&p, ";") || !peat(&p, "plural") || !peat(&p, "="))
		return false;
	e->root = pcond(&p);
	if (p.bad || e->root < 0)
		return false;
	peat(&p, ";");
	pskip(&p);
	if (*p.s && *p.s != '\n')
		return false;
	*nplurals = (unsigned)np;
	return true;
}

long catalog_plural_index(const char *plural_forms_value, unsigned long n)
{
	struct pexpr e;
	unsigned np;
	if (!plural_forms_value || !plural_forms(plural_forms_value, &np, &e))
		return -1;
	/* the arithmetic is unsigned, as in gettext ("n%10 - 6" wraps) */
	unsigned long v = peval(&e, e.root, n);
	return v > (unsigned long)LONG_MAX ? LONG_MAX : (long)v;
}

/* --- the catalog --------------------------------------------------------- */

struct catalog {
	const unsigned char *data;
	size_t len;
	uint32_t n, orig, trans;
	bool swap;
	unsigned nplurals;
	bool has_plural;
	struct pexpr plural;
};

static uint32_t u32(const struct catalog *c, size_t off)
{
	uint32_t v;
	memcpy(&v, c->data + off, 4);
	return c->swap ? __builtin_bswap32(v) : v;
}

/* String i of the table at toff: its start and length (checked at open). */
static const char *entry(const struct catalog *c, uint32_t toff, uint32_t i, uint32_t *len)
{
	*len = u32(c, (size_t)toff + (size_t)i * 8);
	return (const char *)c->data + u32(c, (size_t)toff + (size_t)i * 8 + 4);
}

static int fail(char **err, const char *why)
{
	if (err)
		*err = xasprintf("message catalog: %s", why);
	return -1;
}

/* A table of n (length, offset) pairs at toff, each string inside the
 * image and followed by a NUL. */
static int check_table(const struct catalog *c, uint32_t toff, char **err)
{
	if ((size_t)toff > c->len || ((size_t)c->len - toff) / 8 < c->n)
		return fail(err, "string table past the end");
	for (uint32_t i = 0; i < c->n; i++) {
		uint32_t l = u32(c, (size_t)toff + (size_t)i * 8);
		uint32_t o = u32(c, (size_t)toff + (size_t)i * 8 + 4);
		if ((size_t)o > c->len || (size_t)l >= c->len - o || c->data[(size_t)o + l] != '\0')
			return fail(err, "string past the end or not NUL-terminated");
	}
	return 0;
}

/* Find msgid among the originals (compared up to their first NUL). */
static long find(const struct catalog *c, const char *msgid)
{
	uint32_t lo = 0, hi = c->n, len;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int k = strcmp(msgid, entry(c, c->orig, mid, &len));
		if (k == 0)
			return (long)mid;
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* The Plural-Forms of the header (translation of ""), if any. */
static int read_header(struct catalog *c, char **err)
{
	c->nplurals = 1;
	c->has_plural = false;
	long h = find(c, "");
	if (h < 0)
		return 0;
	uint32_t len;
	const char *hd = entry(c, c->trans, (uint32_t)h, &len);
	const char *pf = NULL;
	for (const char *line = hd; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
		if (strncmp(line, "Plural-Forms:", 13) == 0) {
			pf = line + 13;
			break;
		}
	if (!pf)
		return 0;
	if (!plural_forms(pf, &c->nplurals, &c->plural))
		return fail(err, "unreadable Plural-Forms in the header");
	c->has_plural = true;
	return 0;
}

struct catalog *catalog_open(const void *data, size_t len, char **err)
{
	struct catalog *c = xcalloc(1, sizeof(*c));
	c->data = data;
	c->len = len;
	if (len < 28) {
		fail(err, "shorter than a .mo header");
		goto bad;
	}
	uint32_t magic;
	memcpy(&magic, data, 4);
	if (magic == MO_MAGIC)
		c->swap = false;
	else if (__builtin_bswap32(magic) == MO_MAGIC)
		c->swap = true;
	else {
		fail(err, "not a .mo file (bad magic number)");
		goto bad;
	}
	if ((u32(c, 4) >> 16) > 1) {
		fail(err, "unknown .mo revision");
		goto bad;
	}
	c->n = u32(c, 8);
	c->orig = u32(c, 12);
	c->trans = u32(c, 16);
	if (check_table(c, c->orig, err) < 0 || check_table(c, c->trans, err) < 0)
		goto bad;
	uint32_t la, lb;
	for (uint32_t i = 1; i < c->n; i++)
		if (strcmp(entry(c, c->orig, i - 1, &la), entry(c, c->orig, i, &lb)) >= 0) {
			fail(err, "messages not sorted");
			goto bad;
		}
	if (read_header(c, err) < 0)
		goto bad;
	return c;
bad:
	free(c);
	return NULL;
}

void catalog_free(struct catalog *c)
{
	free(c);
}

size_t catalog_count(const struct catalog *c)
{
	return c ? c->n : 0;
}

unsigned catalog_nplurals(const struct catalog *c)
{
	return c ? c->nplurals : 1;
}

const char *catalog_get(const struct catalog *c, const char *msgid)
{
	if (!c || !msgid)
		return msgid;
	long i = find(c, msgid);
	if (i < 0)
		return msgid;
	uint32_t len;
	const char *t = entry(c, c->trans, (uint32_t)i, &len);
	return len ? t : msgid;
}

const char *catalog_nget(const struct catalog *c, const char *msgid, const char *plural,
                         unsigned long n)
{
	const char *dflt = n == 1 ? msgid : plural;
	if (!c || !msgid)
		return dflt;
	long i = find(c, msgid);
	if (i < 0)
		return dflt;
	uint32_t len;
	const char *t = entry(c, c->trans, (uint32_t)i, &len);
	unsigned long k = c->has_plural ? peval(&c->plural, c->plural.root, n) : (n != 1);
	if (k >= c->nplurals)
		k = 0;
	/* walk to form k among the NUL-separated forms */
	const char *end = t + len;
	for (; k > 0 && t < end; k--)
		t += strlen(t) + 1;
	if (t >= end || !*t)
		return dflt;
	return t;
}
