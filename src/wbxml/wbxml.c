#include "core/common.h"
#include "core/xml.h"
#include "wbxml/wbxml.h"
#include "wbxml/wml_tokens.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* Shortest string worth a string-table entry. */
#define TABLE_MIN_LEN 3

/* --- intermediate form ------------------------------------------------------
 * The body is first built as a list of ops; strings are interned so that the
 * string table can be chosen once every use is known, then everything is
 * written out. */
enum op_kind {
	OP_BYTE,    /* one raw token byte */
	OP_STR,     /* text: STR_I or STR_T */
	OP_VAR,     /* variable: EXT_I_n or EXT_T_n, n in b */
	OP_LITERAL, /* unknown attribute name: LITERAL + table offset */
};

struct op {
	unsigned char kind;
	unsigned char b;
	uint32_t ent;
};

struct strent {
	size_t off, len;  /* bytes in enc.arena */
	size_t count;     /* uses */
	long toff;        /* offset in the string table, -1 if inline */
	bool forced;      /* must be in the table */
};

struct enc {
	struct buf arena;
	struct op *ops;
	size_t nops, capops;
	struct strent *ents;
	size_t nents, capents;
	uint32_t *hash; /* open addressing, entry index + 1, 0 = empty */
	size_t hcap;
	unsigned version; /* WML version the DOCTYPE names: 11 (also without one), 12, 13 */
	char *err;
};

/* A piece of a text or attribute value after variable parsing. */
struct seg {
	bool is_var;
	unsigned char conv; /* 0 escape, 1 unescape, 2 none */
	size_t off, len;    /* in the scratch buffer */
};

struct segs {
	struct seg *v;
	size_t n, cap;
	struct buf text;
};

static void fail(struct enc *e, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct enc *e, long line, const char *fmt, ...)
{
	if (e->err)
		return;
	struct buf b = BUF_INIT;
	va_list ap;
	buf_addf(&b, "line %ld: ", line);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	/* libxml2 continues some messages on a second line ("Bytes: ...") */
	buf_one_line(&b);
	e->err = buf_detach(&b);
}

static void push_op(struct enc *e, enum op_kind kind, unsigned char b, uint32_t ent)
{
	if (e->nops == e->capops) {
		e->capops = e->capops ? e->capops * 2 : 256;
		e->ops = xrealloc(e->ops, e->capops * sizeof(*e->ops));
	}
	e->ops[e->nops++] = (struct op){ (unsigned char)kind, b, ent };
}

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void rehash(struct enc *e)
{
	free(e->hash);
	e->hcap = e->hcap ? e->hcap * 2 : 256;
	e->hash = xcalloc(e->hcap, sizeof(*e->hash));
	for (size_t i = 0; i < e->nents; i++) {
		size_t h = hash_bytes(e->arena.data + e->ents[i].off, e->ents[i].len) & (e->hcap - 1);
		while (e->hash[h])
			h = (h + 1) & (e->hcap - 1);
		e->hash[h] = (uint32_t)i + 1;
	}
}

/* Count one use of the string s[0..n) and return its entry. */
static uint32_t intern(struct enc *e, const char *s, size_t n)
{
	if ((e->nents + 1) * 2 > e->hcap)
		rehash(e);
	size_t h = hash_bytes(s, n) & (e->hcap - 1);
	while (e->hash[h]) {
		struct strent *se = &e->ents[e->hash[h] - 1];
		if (se->len == n && memcmp(e->arena.data + se->off, s, n) == 0) {
			se->count++;
			return e->hash[h] - 1;
		}
		h = (h + 1) & (e->hcap - 1);
	}
	if (e->nents == e->capents) {
		e->capents = e->capents ? e->capents * 2 : 64;
		e->ents = xrealloc(e->ents, e->capents * sizeof(*e->ents));
	}
	struct strent *se = &e->ents[e->nents];
	se->off = e->arena.len;
	se->len = n;
	se->count = 1;
	se->toff = -1;
	se->forced = false;
	buf_add(&e->arena, s, n);
	e->hash[h] = (uint32_t)e->nents + 1;
	return (uint32_t)e->nents++;
}

static void push_str(struct enc *e, const char *s, size_t n)
{
	if (n)
		push_op(e, OP_STR, 0, intern(e, s, n));
}

/* --- variables --------------------------------------------------------------- */
static bool name_start(int c)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool name_char(int c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

static void seg_push(struct segs *sg, bool is_var, unsigned char conv, size_t off, size_t len)
{
	if (sg->n == sg->cap) {
		sg->cap = sg->cap ? sg->cap * 2 : 8;
		sg->v = xrealloc(sg->v, sg->cap * sizeof(*sg->v));
	}
	sg->v[sg->n++] = (struct seg){ is_var, conv, off, len };
}

static int conversion(const char *s, size_t n)
{
	static const struct { const char *name; int conv; } convs[] = {
		{ "e", 0 }, { "escape", 0 }, { "u", 1 }, { "unesc", 1 },
		{ "n", 2 }, { "noesc", 2 },
	};
	for (size_t i = 0; i < ARRAY_LEN(convs); i++)
		if (strlen(convs[i].name) == n && strncasecmp(convs[i].name, s, n) == 0)
			return convs[i].conv;
	return -1;
}

/* Split s[0..n) into literal text and variable references ("$$" -> "$"). */
static int split_vars(struct enc *e, long line, const char *s, size_t n, struct segs *sg)
{
	sg->n = 0;
	buf_reset(&sg->text);
	size_t lit = 0; /* start of the current literal in sg->text */
	for (size_t i = 0; i < n;) {
		if (s[i] != '$') {
			buf_addc(&sg->text, s[i++]);
			continue;
		}
		if (i + 1 < n && s[i + 1] == '$') {
			buf_addc(&sg->text, '$');
			i += 2;
			continue;
		}
		size_t name, name_len, next;
		int conv = 2;
		if (i + 1 < n && s[i + 1] == '(') {
			size_t j = i + 2;
			name = j;
			if (j >= n || !name_start((unsigned char)s[j]))
				goto bad;
			while (j < n && name_char((unsigned char)s[j]))
				j++;
			name_len = j - name;
			if (j < n && s[j] == ':') {
				size_t c = ++j;
				while (j < n && s[j] != ')')
					j++;
				conv = conversion(s + c, j - c);
				if (conv < 0)
					goto bad;
			}
			if (j >= n || s[j] != ')')
				goto bad;
			next = j + 1;
		} else if (i + 1 < n && name_start((unsigned char)s[i + 1])) {
			size_t j = i + 1;
			name = j;
			while (j < n && name_char((unsigned char)s[j]))
				j++;
			name_len = j - name;
			next = j;
		} else {
			buf_addc(&sg->text, '$'); /* a lone '$' stays literal */
			i++;
			continue;
		}
		if (sg->text.len > lit)
			seg_push(sg, false, 0, lit, sg->text.len - lit);
		seg_push(sg, true, (unsigned char)conv, sg->text.len, name_len);
		buf_add(&sg->text, s + name, name_len);
		lit = sg->text.len;
		i = next;
		continue;
bad:
		fail(e, line, "bad variable reference \"%.*s\"",
		     (int)((n - i) > 24 ? 24 : (n - i)), s + i);
		return -1;
	}
	if (sg->text.len > lit)
		seg_push(sg, false, 0, lit, sg->text.len - lit);
	return 0;
}

static void push_var(struct enc *e, const struct segs *sg, const struct seg *v)
{
	push_op(e, OP_VAR, v->conv, intern(e, sg->text.data + v->off, v->len));
}

/* --- text ------------------------------------------------------------------- */
static const struct tag_tok *find_tag(const xmlChar *name)
{
	return wml_tag_find((const char *)name);
}

static bool is_block(const xmlNode *n)
{
	const struct tag_tok *t = find_tag(n->name);
	return !t || !t->is_inline;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Emit one run of character data found between prev and next inside parent
 * (prev/next NULL at the edges), with whitespace collapsed and trimmed. */
static int emit_text(struct enc *e, struct segs *sg, const struct buf *raw, long line,
		     const xmlNode *parent, const xmlNode *prev, const xmlNode *next)
{
	struct buf t = BUF_INIT;
	for (size_t i = 0; i < raw->len; i++) {
		if (is_space(raw->data[i])) {
			if (!t.len || t.data[t.len - 1] != ' ')
				buf_addc(&t, ' ');
		} else {
			buf_addc(&t, raw->data[i]);
		}
	}
	size_t a = 0, z = t.len;
	if (z && t.data[0] == ' ' && (prev ? is_block(prev) : is_block(parent)))
		a++;
	if (z > a && t.data[z - 1] == ' ' && (next ? is_block(next) : is_block(parent)))
		z--;
	int rc = 0;
	if (z > a) {
		rc = split_vars(e, line, t.data + a, z - a, sg);
		for (size_t i = 0; rc == 0 && i < sg->n; i++) {
			const struct seg *s = &sg->v[i];
			if (s->is_var)
				push_var(e, sg, s);
			else
				push_str(e, sg->text.data + s->off, s->len);
		}
	}
	buf_release(&t);
	return rc;
}

/* Append the text of an entity reference the parser left undecoded. */
static int add_entity(struct enc *e, const xmlNode *n, struct buf *raw)
{
	if (strcmp((const char *)n->name, "nbsp") == 0)
		buf_adds(raw, "\xC2\xA0");
	else if (strcmp((const char *)n->name, "shy") == 0)
		buf_adds(raw, "\xC2\xAD");
	else {
		fail(e, xmlGetLineNo(n), "undefined entity &%s;", (const char *)n->name);
		return -1;
	}
	return 0;
}

/* --- attributes ------------------------------------------------------------- */
/* Literal attribute text: URL value tokens wherever they occur. */
static void emit_attr_literal(struct enc *e, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n;) {
		const struct val_tok *best = wml_url_token_at(s + i, n - i);
		if (!best) {
			i++;
			continue;
		}
		push_str(e, s + start, i - start);
		push_op(e, OP_BYTE, best->tok, 0);
		i += strlen(best->text);
		start = i;
	}
	push_str(e, s + start, n - start);
}

static int emit_attr(struct enc *e, struct segs *sg, const xmlAttr *a)
{
	long line = xmlGetLineNo(a->parent);
	char *name = a->ns && a->ns->prefix
		? xasprintf("%s:%s", (const char *)a->ns->prefix, (const char *)a->name)
		: xstrdup((const char *)a->name);

	struct buf raw = BUF_INIT;
	for (const xmlNode *c = a->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content)
			buf_adds(&raw, (const char *)c->content);
		else if (c->type == XML_ENTITY_REF_NODE && add_entity(e, c, &raw) < 0) {
			buf_release(&raw);
			free(name);
			return -1;
		}
	}
	int rc = split_vars(e, line, raw.data ? raw.data : "", raw.len, sg);
	buf_release(&raw);
	if (rc < 0) {
		free(name);
		return -1;
	}

	/* Start token: the longest value prefix that the first literal has. */
	const char *first = sg->n && !sg->v[0].is_var ? sg->text.data + sg->v[0].off : "";
	size_t first_len = sg->n && !sg->v[0].is_var ? sg->v[0].len : 0;
	const struct attr_tok *best = wml_attr_start(name, first, first_len, e->version);
	size_t skip = 0;
	if (best) {
		push_op(e, OP_BYTE, best->tok, 0);
		skip = strlen(best->prefix);
	} else {
		uint32_t ent = intern(e, name, strlen(name));
		e->ents[ent].forced = true;
		push_op(e, OP_LITERAL, TOK_LITERAL, ent);
	}
	free(name);

	for (size_t i = 0; i < sg->n; i++) {
		const struct seg *s = &sg->v[i];
		if (s->is_var) {
			push_var(e, sg, s);
			continue;
		}
		const char *p = sg->text.data + s->off;
		size_t n = s->len;
		if (i == 0) {
			p += skip;
			n -= skip;
		}
		if (sg->n == 1 && n) {
			const struct val_tok *w = wml_word_token(p, n);
			if (w) {
				push_op(e, OP_BYTE, w->tok, 0);
				continue;
			}
		}
		emit_attr_literal(e, p, n);
	}
	return 0;
}

/* --- elements --------------------------------------------------------------- */
static int emit_element(struct enc *e, struct segs *sg, const xmlNode *n);

static int emit_children(struct enc *e, struct segs *sg, const xmlNode *parent)
{
	struct buf raw = BUF_INIT;
	const xmlNode *prev = NULL;
	long line = 0;
	bool pending = false;
	int rc = 0;
	for (const xmlNode *c = parent->children; c && rc == 0; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (!pending)
				line = xmlGetLineNo(c);
			pending = true;
			if (c->content)
				buf_adds(&raw, (const char *)c->content);
			break;
		case XML_ENTITY_REF_NODE:
			if (!pending)
				line = xmlGetLineNo(c);
			pending = true;
			rc = add_entity(e, c, &raw);
			break;
		case XML_ELEMENT_NODE:
			if (pending)
				rc = emit_text(e, sg, &raw, line, parent, prev, c);
			buf_reset(&raw);
			pending = false;
			if (rc == 0)
				rc = emit_element(e, sg, c);
			prev = c;
			break;
		default: /* comments, processing instructions */
			break;
		}
	}
	if (rc == 0 && pending)
		rc = emit_text(e, sg, &raw, line, parent, prev, NULL);
	buf_release(&raw);
	return rc;
}

static int emit_element(struct enc *e, struct segs *sg, const xmlNode *n)
{
	const struct tag_tok *t = n->ns && n->ns->prefix ? NULL : find_tag(n->name);
	if (!t) {
		fail(e, xmlGetLineNo(n), "element <%s> is not WML 1.1", (const char *)n->name);
		return -1;
	}
	size_t tag_op = e->nops;
	push_op(e, OP_BYTE, t->tok, 0);
	if (n->properties) {
		e->ops[tag_op].b |= BIT_ATTRS;
		for (const xmlAttr *a = n->properties; a; a = a->next)
			if (emit_attr(e, sg, a) < 0)
				return -1;
		push_op(e, OP_BYTE, TOK_END, 0);
	}
	size_t before = e->nops;
	if (emit_children(e, sg, n) < 0)
		return -1;
	if (e->nops > before) {
		e->ops[tag_op].b |= BIT_CONTENT;
		push_op(e, OP_BYTE, TOK_END, 0);
	}
	return 0;
}

/* --- output ------------------------------------------------------------------ */
static size_t mb_len(size_t v)
{
	size_t n = 1;
	while (v >>= 7)
		n++;
	return n;
}

static void put_mb(struct buf *b, size_t v)
{
	unsigned char tmp[10];
	size_t n = 0;
	do {
		tmp[n++] = (unsigned char)(v & 0x7F);
		v >>= 7;
	} while (v);
	while (n--)
		buf_addc(b, (char)(tmp[n] | (n ? 0x80 : 0)));
}

static long saving(const struct strent *s, size_t toff)
{
	long inline_cost = (long)(s->count * (s->len + 2));
	long table_cost = (long)(s->count * (1 + mb_len(toff)) + s->len + 1);
	return inline_cost - table_cost;
}

struct cand {
	uint32_t ent;
	bool forced;
	long save; /* at offset 0 */
};

/* Biggest savers first (they get the short offsets), forced ones last. */
static int by_saving(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	if (a->forced != b->forced)
		return a->forced ? 1 : -1;
	if (a->save != b->save)
		return a->save > b->save ? -1 : 1;
	return a->ent < b->ent ? -1 : 1;
}

static void write_out(struct enc *e, struct buf *out)
{
	struct cand *cand = xmalloc((e->nents + 1) * sizeof(*cand));
	size_t nc = 0;
	for (uint32_t i = 0; i < e->nents; i++) {
		const struct strent *s = &e->ents[i];
		if (s->forced || (s->count >= 2 && s->len >= TABLE_MIN_LEN))
			cand[nc++] = (struct cand){ i, s->forced, saving(s, 0) };
	}
	qsort(cand, nc, sizeof(*cand), by_saving);

	struct buf table = BUF_INIT;
	for (size_t i = 0; i < nc; i++) {
		struct strent *s = &e->ents[cand[i].ent];
		if (!s->forced && saving(s, table.len) <= 0)
			continue;
		s->toff = (long)table.len;
		buf_add(&table, e->arena.data + s->off, s->len);
		buf_addc(&table, '\0');
	}
	free(cand);

	buf_addc(out, WBXML_VERSION_1_3);
	buf_addc(out, (char)wml_public_id(e->version));
	buf_addc(out, (char)CHARSET_UTF8);
	put_mb(out, table.len);
	if (table.len)
		buf_add(out, table.data, table.len);
	buf_release(&table);

	for (size_t i = 0; i < e->nops; i++) {
		const struct op *o = &e->ops[i];
		/* Only string ops name an entry: a deck without strings has no
		 * entry table at all (e->ents is NULL). */
		const struct strent *s = o->kind == OP_BYTE ? NULL : &e->ents[o->ent];
		switch (o->kind) {
		case OP_BYTE:
			buf_addc(out, (char)o->b);
			break;
		case OP_LITERAL:
			buf_addc(out, (char)o->b);
			put_mb(out, (size_t)s->toff);
			break;
		case OP_STR:
		case OP_VAR:
			if (s->toff >= 0) {
				buf_addc(out, (char)(o->kind == OP_STR ? TOK_STR_T : TOK_EXT_T_0 + o->b));
				put_mb(out, (size_t)s->toff);
			} else {
				buf_addc(out, (char)(o->kind == OP_STR ? TOK_STR_I : TOK_EXT_I_0 + o->b));
				buf_add(out, e->arena.data + s->off, s->len);
				buf_addc(out, '\0');
			}
			break;
		}
	}
}

/* --- parsing ----------------------------------------------------------------- */
static xmlDoc *parse(const char *xml, size_t len, struct enc *e)
{
	struct xml_fault f;
	xmlDoc *doc = xml_read(xml, len, &f);
	if (!doc)
		fail(e, f.line, "not well-formed: %s", f.msg);
	xml_fault_release(&f);
	return doc;
}

int wbxml_encode_wml(const char *xml, size_t len, struct buf *out, char **err)
{
	struct enc e;
	memset(&e, 0, sizeof(e));
	if (err)
		*err = NULL;
	xmlDoc *doc = parse(xml ? xml : "", xml ? len : 0, &e);
	if (doc) {
		const xmlNode *root = xmlDocGetRootElement(doc);
		unsigned v = doc->intSubset ? wml_version_of_public_id((const char *)doc->intSubset->ExternalID) : 0;
		e.version = v ? v : 11;
		if (!root)
			fail(&e, 1, "no root element");
		else if (strcmp((const char *)root->name, "wml") != 0)
			fail(&e, xmlGetLineNo(root), "root element is <%s>, not <wml>",
			     (const char *)root->name);
		else {
			struct segs sg;
			memset(&sg, 0, sizeof(sg));
			if (emit_element(&e, &sg, root) == 0)
				write_out(&e, out);
			free(sg.v);
			buf_release(&sg.text);
		}
		xmlFreeDoc(doc);
	}
	buf_release(&e.arena);
	free(e.ops);
	free(e.ents);
	free(e.hash);
	if (e.err) {
		if (err)
			*err = e.err;
		else
			free(e.err);
		return -1;
	}
	return 0;
}

long wbxml_wml_size(const char *xml, size_t len)
{
	struct buf out = BUF_INIT;
	long n = wbxml_encode_wml(xml, len, &out, NULL) < 0 ? -1 : (long)out.len;
	buf_release(&out);
	return n;
}
