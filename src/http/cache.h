/* cache.h - rendered responses kept in memory (pure: no I/O, no libevent).
 *
 * A page rendered for a key (route + query + everything of the device
 * profile that changes the markup) is kept with its gzip form and an
 * ETag for each: a representation is the bytes and their content type, so
 * the same markup under two content types (XHTML-MP) has two tags, and
 * the gzip body its own ("...-gz").  The cache is bounded in bytes and evicts the least recently used
 * entry first.  The owner drops everything when the content generation
 * moves (cache_clear).
 *
 * Entries are reference-counted so that a response being written from an
 * entry survives its eviction: cache_get() returns a borrowed pointer valid
 * until the next cache call; take cache_entry_ref() to keep it longer and
 * cache_entry_unref() when done. */
#ifndef QIAO_CACHE_H
#define QIAO_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct cache;

struct cache_entry {
	char *key;
	size_t key_len;
	char *content_type;
	char *body;          /* the markup */
	size_t body_len;
	char *gz;            /* gzip form, NULL when it would not be smaller */
	size_t gz_len;
	char etag[24];       /* "\"<16 hex digits>\"": the identity body under
	                        content_type (both hashed) */
	char gz_etag[28];    /* "\"<16 hex digits>-gz\"": the gzip body ("" without one) */
	time_t last_modified;
	/* Ready header lines, one block per representation ([0] the identity
	 * body, [1] the gzip body), set by the owner when the entry enters
	 * the cache (malloc'd, freed with the entry).  The owner also says
	 * where the parts that do not depend on the request end: a cache hit
	 * copies a block and appends only what the request adds. */
	struct cache_head {
		char *data;
		size_t len;  /* the whole block (a 200 answer) */
		size_t part; /* an owner-defined cut (e.g. a 304 answer's length) */
	} heads[2];
	size_t head_fixed;   /* length of the leading part of each block common
	                        to both (and to every request) */
	/* Set by the owner with the header blocks: the page's language (a
	 * static tag, NULL for none) and whether the answer was chosen by
	 * Accept-Language (Vary). */
	const char *content_language;
	bool vary_language;
	/* private */
	size_t cost;
	int refs;
	struct cache_entry *prev, *next, *hnext;
};

struct cache_stats {
	uint64_t hits, misses, inserts, evictions, clears;
	size_t bytes, entries;
};

/* max_bytes: the bound on the bodies, gzip forms and keys kept. */
struct cache *cache_new(size_t max_bytes);
void cache_free(struct cache *c);

/* The entry for key, made most recently used; NULL when absent. */
struct cache_entry *cache_get(struct cache *c, const char *key, size_t key_len);

/* Store a copy of body (and compress it with gzip at gzip_level, 0 = no
 * gzip form) under key, replacing any entry with that key.  Entries
 * larger than an eighth of the cache are not kept: NULL.  Otherwise the
 * new entry (borrowed, like cache_get). */
struct cache_entry *cache_put(struct cache *c, const char *key, size_t key_len, const char *content_type,
			      const char *body, size_t body_len, int gzip_level, time_t now);

/* Drop every entry (entries still referenced live until unref). */
void cache_clear(struct cache *c);

void cache_entry_ref(struct cache_entry *e);
void cache_entry_unref(struct cache_entry *e);

void cache_get_stats(const struct cache *c, struct cache_stats *out);

/* Does an If-None-Match value (a list of entity tags, weak or strong, or
 * "*") name etag?  Weak comparison (W/ ignored), each tag whole: the gzip
 * body's tag does not match the identity body's, nor the other way. */
bool cache_etag_matches(const char *if_none_match, const char *etag);

/* gzip data[0..len) at level into a new malloc'd buffer; 0 or -1. */
int cache_gzip(const char *data, size_t len, int level, char **out, size_t *out_len);

#endif
