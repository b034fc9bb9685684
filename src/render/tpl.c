#include "core/common.h"

#include "render/catalog.h"
#include "render/tpl_internal.h"
#include "render/view.h"

/* --- rendering ----------------------------------------------------------- */

struct frame {
	const struct view *obj;   /* NULL: a string pushed by a section */
	const char *s;
	size_t n;
};

struct rstate {
	const struct tpl_set *set;
	const struct catalog *cat;   /* the language's strings; NULL: the msgids */
	struct buf *out;
	char **err;
	unsigned depth, pdepth;
	struct frame st[MAX_STACK];
};

static const struct view_value *resolve(const struct rstate *r, const struct op *op,
                                        struct view_value *tmp)
{
	if (op->nseg == 0) {                  /* {{.}} */
		if (r->depth == 0)
			return NULL;
		const struct frame *f = &r->st[r->depth - 1];
		if (f->obj) {
			tmp->kind = VIEW_OBJ;
			tmp->u.obj = (struct view *)f->obj;
		} else {
			tmp->kind = VIEW_STR;
			tmp->u.str.s = f->s;
			tmp->u.str.n = f->n;
		}
		return tmp;
	}
	const struct view_value *v = NULL;
	for (unsigned i = r->depth; i-- > 0;)
		if (r->st[i].obj && (v = view_lookup(r->st[i].obj, op->seg[0])) != NULL)
			break;
	for (unsigned k = 1; v && k < op->nseg; k++)
		v = v->kind == VIEW_OBJ ? view_lookup(v->u.obj, op->seg[k]) : NULL;
	return v;
}

/* A dotted name inside an interface string ({name}), looked up like
 * {{name}}: the first segment from the innermost context outward. */
static const struct view_value *resolve_path(const struct rstate *r, const char *name, size_t n)
{
	char seg[64];
	size_t k = 0;
	while (k < n && name[k] != '.')
		k++;
	if (k >= sizeof(seg))
		return NULL;
	memcpy(seg, name, k);
	seg[k] = '\0';
	const struct view_value *v = NULL;
	for (unsigned i = r->depth; i-- > 0;)
		if (r->st[i].obj && (v = view_lookup(r->st[i].obj, seg)) != NULL)
			break;
	while (v && k < n) {
		size_t st = ++k;
		while (k < n && name[k] != '.')
			k++;
		if (k - st >= sizeof(seg) || v->kind != VIEW_OBJ)
			return NULL;
		memcpy(seg, name + st, k - st);
		seg[k - st] = '\0';
		v = view_lookup(v->u.obj, seg);
	}
	return v;
}

/* An interface string (msgid or its translation): escaped, with each
 * {name} replaced by that value escaped.  A brace that does not make a
 * placeholder (a translation may be wrong) is copied as text. */
static void emit_msg(struct rstate *r, const char *s)
{
	enum esc_dialect d = r->set->dialect;
	const char *run = s;
	for (const char *p = s; *p; p++) {
		if (*p != '{')
			continue;
		size_t n = strcspn(p + 1, "{}");
		if (p[1 + n] != '}' || n == 0)
			continue;
		const struct view_value *v = resolve_path(r, p + 1, n);
		esc_text(r->out, d, run, (size_t)(p - run));
		if (v && v->kind == VIEW_STR)
			esc_text(r->out, d, v->u.str.s, v->u.str.n);
		p += n + 1;
		run = p + 1;
	}
	esc_text(r->out, d, run, strlen(run));
}

/* The count of a {{_n count ...}}: its value as a number (0 if none). */
static unsigned long count_of(const struct view_value *v)
{
	if (!v || v->kind != VIEW_STR)
		return 0;
	const char *s = v->u.str.s;
	unsigned long n = 0;
	if (*s == '-')
		return 0;
	while (*s >= '0' && *s <= '9' && n < 1000000000ul)
		n = n * 10 + (unsigned long)(*s++ - '0');
	return n;
}

static bool truthy(const struct view_value *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VIEW_STR: return v->u.str.n > 0;
	case VIEW_BOOL: return v->u.b;
	case VIEW_LIST: return v->u.list.count > 0;
	case VIEW_OBJ: return true;
	}
	return false;
}

static int render_ops(struct rstate *r, const struct tpl *t, size_t from, size_t to);

static int push(struct rstate *r, const struct tpl *t, const struct op *op,
                const struct view *obj, const char *s, size_t n)
{
	if (r->depth == MAX_STACK)
		return tpl_fail(r->err, t->path, op->line, "sections nested too deeply");
	r->st[r->depth].obj = obj;
	r->st[r->depth].s = s;
	r->st[r->depth].n = n;
	r->depth++;
	return 0;
}

static int render_section(struct rstate *r, const struct tpl *t, size_t i)
{
	const struct op *op = &t->ops[i];
	struct view_value tmp;
	const struct view_value *v = resolve(r, op, &tmp);
	if (op->type == OP_INVERTED)
		return truthy(v) ? 0 : render_ops(r, t, i + 1, op->end);
	if (!truthy(v))
		return 0;
	int rc = 0;
	switch (v->kind) {
	case VIEW_LIST:
		for (const struct view *it = v->u.list.head; it && rc == 0; it = view_next(it)) {
			if (push(r, t, op, it, NULL, 0) < 0)
				return -1;
			rc = render_ops(r, t, i + 1, op->end);
			r->depth--;
		}
		return rc;
	case VIEW_OBJ:
		if (push(r, t, op, v->u.obj, NULL, 0) < 0)
			return -1;
		break;
	case VIEW_STR:
		if (push(r, t, op, NULL, v->u.str.s, v->u.str.n) < 0)
			return -1;
		break;
	case VIEW_BOOL:
		return render_ops(r, t, i + 1, op->end);
	}
	rc = render_ops(r, t, i + 1, op->end);
	r->depth--;
	return rc;
}

static int render_ops(struct rstate *r, const struct tpl *t, size_t from, size_t to)
{
	struct view_value tmp;
	const struct view_value *v;
	size_t i = from;
	while (i < to) {
		const struct op *op = &t->ops[i];
		switch (op->type) {
		case OP_TEXT:
			buf_add(r->out, op->text, op->len);
			i++;
			break;
		case OP_VAR:
		case OP_RAW:
			v = resolve(r, op, &tmp);
			if (v && v->kind == VIEW_STR) {
				if (op->type == OP_VAR)
					esc_text(r->out, r->set->dialect, v->u.str.s, v->u.str.n);
				else
					buf_add(r->out, v->u.str.s, v->u.str.n);
			}
			i++;
			break;
		case OP_MSG:
		case OP_NMSG: {
			const char *s;
			if (op->type == OP_MSG)
				s = catalog_get(r->cat, op->msgid);
			else
				s = catalog_nget(r->cat, op->msgid, op->msgid, count_of(resolve(r, op, &tmp)));
			if (s == op->msgid && !op->placeholders)
				buf_add(r->out, op->text, op->len);   /* escaped at load */
			else
				emit_msg(r, s);
			i++;
			break;
		}
		case OP_SECTION:
		case OP_INVERTED:
			if (render_section(r, t, i) < 0)
				return -1;
			i = op->end;
			break;
		case OP_PARTIAL:
			if (op->partial < 0)
				return tpl_fail(r->err, t->path, op->line, "missing partial '%s'", op->seg[0]);
			if (r->pdepth >= MAX_PARTIAL_DEPTH)
				return tpl_fail(r->err, t->path, op->line,
				            "partials nested deeper than %d at '%s'", MAX_PARTIAL_DEPTH,
				            op->seg[0]);
			r->pdepth++;
			const struct tpl *pt = &r->set->t[op->partial];
			int rc = render_ops(r, pt, 0, pt->nops);
			r->pdepth--;
			if (rc < 0)
				return -1;
			i++;
			break;
		}
	}
	return 0;
}

int tpl_render(const struct tpl_set *s, const char *name, const struct view *v,
               struct buf *out, char **err)
{
	return tpl_render_in(s, name, v, NULL, out, err);
}

int tpl_render_in(const struct tpl_set *s, const char *name, const struct view *v,
                  const struct catalog *cat, struct buf *out, char **err)
{
	long idx = tpl_set_find(s, name);
	if (idx < 0) {
		if (err)
			*err = xasprintf("unknown template '%s'", name);
		return -1;
	}
	struct rstate r;
	r.set = s;
	r.cat = cat;
	r.out = out;
	r.err = err;
	r.depth = 0;
	r.pdepth = 0;
	if (v) {
		r.st[0].obj = v;
		r.st[0].s = NULL;
		r.st[0].n = 0;
		r.depth = 1;
	}
	const struct tpl *t = &s->t[idx];
	buf_grow(out, t->len);
	out->data[out->len] = '\0';   /* buf_grow alone leaves it unterminated */
	return render_ops(&r, t, 0, t->nops);
}
