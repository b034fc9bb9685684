#include "core/common.h"

#include "render/view.h"

/* Everything of one tree comes from an arena of chunks owned by the root,
 * so building a page costs a handful of mallocs and freeing it one pass.
 * Replaced values are simply abandoned until the tree is freed. */

#define CHUNK_FIRST 2048
#define ALIGN 16

struct chunk {
	struct chunk *next;
	size_t used, cap;
	_Alignas(ALIGN) unsigned char data[];
};

struct field {
	const char *key;
	size_t strcap;          /* bytes available at val.u.str.s (VIEW_STR) */
	struct view_value val;
};

struct view {
	struct chunk **arena;   /* the root's chunk list */
	struct field *f;
	unsigned n, cap;
	struct view *next;      /* next element of the list holding this view */
	bool root;
};

struct view_root {
	struct view v;
	struct chunk *chunks;
};

static void *arena_alloc(struct chunk **arena, size_t n)
{
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct chunk *c = *arena;
	if (!c || c->cap - c->used < n) {
		size_t cap = c ? c->cap * 2 : CHUNK_FIRST;
		if (cap > 65536)
			cap = 65536;
		if (cap < n)
			cap = n;
		struct chunk *nc = xmalloc(sizeof(*nc) + cap);
		nc->used = 0;
		nc->cap = cap;
		if (c && cap == n && c->cap - c->used >= ALIGN * 4) {
			/* a big one-off: keep filling the current chunk */
			nc->next = c->next;
			c->next = nc;
			nc->used = n;
			return nc->data;
		}
		nc->next = c;
		*arena = nc;
		c = nc;
	}
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

static char *arena_strndup(struct chunk **arena, const char *s, size_t n)
{
	char *p = arena_alloc(arena, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

struct view *view_new(void)
{
	struct view_root *r = xcalloc(1, sizeof(*r));
	r->v.arena = &r->chunks;
	r->v.root = true;
	return &r->v;
}

void view_free(struct view *v)
{
	if (!v)
		return;
	if (!v->root) {
		log_error("view_free called on a child view; ignored");
		return;
	}
	struct view_root *r = (struct view_root *)v;
	struct chunk *c = r->chunks;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(r);
}

static struct field *find(const struct view *v, const char *key)
{
	for (unsigned i = 0; i < v->n; i++)
		if (v->f[i].key[0] == key[0] && strcmp(v->f[i].key, key) == 0)
			return &v->f[i];
	return NULL;
}

/* The field `key`, created (as false) if missing. */
static struct field *slot(struct view *v, const char *key)
{
	struct field *f = find(v, key);
	if (f)
		return f;
	if (v->n == v->cap) {
		unsigned cap = v->cap ? v->cap * 2 : 8;
		struct field *nf = arena_alloc(v->arena, cap * sizeof(*nf));
		if (v->n)
			memcpy(nf, v->f, v->n * sizeof(*nf));
		v->f = nf;
		v->cap = cap;
	}
	f = &v->f[v->n++];
	f->key = arena_strndup(v->arena, key, strlen(key));
	f->strcap = 0;
	f->val.kind = VIEW_BOOL;
	f->val.u.b = false;
	return f;
}

void view_setn(struct view *v, const char *key, const char *val, size_t n)
{
	struct field *f = slot(v, key);
	if (!val) {
		f->val.kind = VIEW_BOOL;
		f->val.u.b = false;
		return;
	}
	char *dst;
	if (f->val.kind == VIEW_STR && f->strcap > n) {
		dst = (char *)f->val.u.str.s;      /* reuse: the arena owns it */
		memmove(dst, val, n);
		dst[n] = '\0';
	} else {
		dst = arena_strndup(v->arena, val, n);
		f->strcap = n + 1;
	}
	f->val.kind = VIEW_STR;
	f->val.u.str.s = dst;
	f->val.u.str.n = n;
}

void view_set(struct view *v, const char *key, const char *val)
{
	view_setn(v, key, val, val ? strlen(val) : 0);
}

void view_setf(struct view *v, const char *key, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		view_set(v, key, "");
		return;
	}
	if ((size_t)n < sizeof(small)) {
		view_setn(v, key, small, (size_t)n);
		return;
	}
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	view_setn(v, key, big, (size_t)n);
	free(big);
}

void view_set_int(struct view *v, const char *key, long long n)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof(tmp), "%lld", n);
	view_setn(v, key, tmp, (size_t)len);
}

void view_set_bool(struct view *v, const char *key, bool b)
{
	struct field *f = slot(v, key);
	f->val.kind = VIEW_BOOL;
	f->val.u.b = b;
}

static struct view *child(struct view *v)
{
	struct view *c = arena_alloc(v->arena, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->arena = v->arena;
	return c;
}

struct view *view_add(struct view *v, const char *list_key)
{
	struct field *f = slot(v, list_key);
	if (f->val.kind != VIEW_LIST) {
		f->val.kind = VIEW_LIST;
		f->val.u.list.head = f->val.u.list.tail = NULL;
		f->val.u.list.count = 0;
	}
	struct view *c = child(v);
	if (f->val.u.list.tail)
		f->val.u.list.tail->next = c;
	else
		f->val.u.list.head = c;
	f->val.u.list.tail = c;
	f->val.u.list.count++;
	return c;
}

struct view *view_obj(struct view *v, const char *key)
{
	struct field *f = slot(v, key);
	if (f->val.kind != VIEW_OBJ) {
		f->val.kind = VIEW_OBJ;
		f->val.u.obj = child(v);
	}
	return f->val.u.obj;
}

const char *view_get(const struct view *v, const char *key)
{
	const struct field *f = find(v, key);
	return f && f->val.kind == VIEW_STR ? f->val.u.str.s : NULL;
}

size_t view_list_len(const struct view *v, const char *key)
{
	const struct field *f = find(v, key);
	return f && f->val.kind == VIEW_LIST ? f->val.u.list.count : 0;
}

const struct view_value *view_lookup(const struct view *v, const char *key)
{
	const struct field *f = find(v, key);
	return f ? &f->val : NULL;
}

const struct view *view_next(const struct view *item)
{
	return item->next;
}

size_t view_field_count(const struct view *v)
{
	return v->n;
}

const char *view_field_at(const struct view *v, size_t i, const struct view_value **val)
{
	*val = &v->f[i].val;
	return v->f[i].key;
}
