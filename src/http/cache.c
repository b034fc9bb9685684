#include "core/common.h"
#include "core/gz.h"
#include "http/cache.h"


#define NBUCKETS 4096 /* power of two */

struct cache {
	size_t max_bytes;
	struct cache_entry *buckets[NBUCKETS];
	struct cache_entry *head, *tail; /* head = most recently used */
	struct cache_stats st;
};

static uint64_t fnv1a_more(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t fnv1a(const char *s, size_t n)
{
	return fnv1a_more(1469598103934665603ull, s, n);
}

struct cache *cache_new(size_t max_bytes)
{
	struct cache *c = xcalloc(1, sizeof *c);
	c->max_bytes = max_bytes;
	return c;
}

static void entry_destroy(struct cache_entry *e)
{
	free(e->key);
	free(e->content_type);
	free(e->body);
	free(e->gz);
	free(e->heads[0].data);
	free(e->heads[1].data);
	free(e);
}

void cache_entry_ref(struct cache_entry *e)
{
	e->refs++;
}

void cache_entry_unref(struct cache_entry *e)
{
	if (--e->refs == 0)
		entry_destroy(e);
}

static void lru_unlink(struct cache *c, struct cache_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void lru_push_front(struct cache *c, struct cache_entry *e)
{
	e->prev = NULL;
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
}

/* Remove e from the table and the list; the cache's reference goes. */
static void evict(struct cache *c, struct cache_entry *e)
{
	struct cache_entry **pp = &c->buckets[fnv1a(e->key, e->key_len) & (NBUCKETS - 1)];
	while (*pp && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = e->hnext;
	lru_unlink(c, e);
	c->st.bytes -= e->cost;
	c->st.entries--;
	cache_entry_unref(e);
}

struct cache_entry *cache_get(struct cache *c, const char *key, size_t key_len)
{
	struct cache_entry *e = c->buckets[fnv1a(key, key_len) & (NBUCKETS - 1)];
	for (; e; e = e->hnext) {
		if (e->key_len == key_len && memcmp(e->key, key, key_len) == 0) {
			lru_unlink(c, e);
			lru_push_front(c, e);
			c->st.hits++;
			return e;
		}
	}
	c->st.misses++;
	return NULL;
}

int cache_gzip(const char *data, size_t len, int level, char **out, size_t *out_len)
{
	return gz_compress(data, len, level, out, out_len);
}

struct cache_entry *cache_put(struct cache *c, const char *key, size_t key_len, const char *content_type,
			      const char *body, size_t body_len, int gzip_level, time_t now)
{
	struct cache_entry *old = c->buckets[fnv1a(key, key_len) & (NBUCKETS - 1)];
	for (; old; old = old->hnext)
		if (old->key_len == key_len && memcmp(old->key, key, key_len) == 0)
			break;
	if (old)
		evict(c, old);

	struct cache_entry *e = xcalloc(1, sizeof *e);
	e->key = xstrndup(key, key_len);
	e->key_len = key_len;
	e->content_type = xstrdup(content_type);
	e->body = xmalloc(body_len + 1);
	memcpy(e->body, body, body_len);
	e->body[body_len] = '\0';
	e->body_len = body_len;
	if (gzip_level > 0 && cache_gzip(body, body_len, gzip_level, &e->gz, &e->gz_len) == 0 && e->gz_len >= body_len) {
		free(e->gz);
		e->gz = NULL;
		e->gz_len = 0;
	}
	/* The content type is part of the representation: hashed with a NUL
	 * (which no content type holds) between it and the body. */
	uint64_t tag = fnv1a_more(fnv1a(content_type, strlen(content_type) + 1), body, body_len);
	snprintf(e->etag, sizeof e->etag, "\"%016llx\"", (unsigned long long)tag);
	if (e->gz)
		snprintf(e->gz_etag, sizeof e->gz_etag, "\"%016llx-gz\"", (unsigned long long)tag);
	e->last_modified = now;
	e->cost = key_len + body_len + e->gz_len + sizeof *e;
	e->refs = 1;
	if (e->cost > c->max_bytes / 8) {
		entry_destroy(e);
		return NULL;
	}
	while (c->tail && c->st.bytes + e->cost > c->max_bytes) {
		evict(c, c->tail);
		c->st.evictions++;
	}
	size_t b = fnv1a(key, key_len) & (NBUCKETS - 1);
	e->hnext = c->buckets[b];
	c->buckets[b] = e;
	lru_push_front(c, e);
	c->st.bytes += e->cost;
	c->st.entries++;
	c->st.inserts++;
	return e;
}

void cache_clear(struct cache *c)
{
	while (c->head)
		evict(c, c->head);
	c->st.clears++;
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	cache_clear(c);
	free(c);
}

void cache_get_stats(const struct cache *c, struct cache_stats *out)
{
	*out = c->st;
}

bool cache_etag_matches(const char *inm, const char *etag)
{
	size_t tl = strlen(etag);
	if (!inm || !tl)
		return false;
	for (const char *p = inm;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			return false;
		if (*p == '*')
			return true;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		const char *end;
		if (*p == '"') {
			/* An entity tag: the opaque part holds no quote. */
			const char *q = strchr(p + 1, '"');
			end = q ? q + 1 : p + strlen(p);
		} else {
			end = p + strcspn(p, ",");
		}
		const char *after = end + strspn(end, " \t");
		if ((*after == ',' || !*after) && (size_t)(end - p) == tl && memcmp(p, etag, tl) == 0)
			return true;
		p = end;
		/* Whatever else up to the next comma is not a tag. */
		p += strcspn(p, ",");
	}
}
