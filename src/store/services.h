/* services.h - the service guides (网上办事): regions, units, topics,
 * items, and the full-text search over them (migration 003).
 *
 * Every function returning rows mallocs an array the caller frees with
 * the matching *_free; single-row lookups return 1 found, 0 not found,
 * -1 error and fill a struct released with *_release.  Counts return -1
 * on error.
 *
 * The search index items_fts is NOT maintained by triggers (see 003):
 * whoever writes items, units or item_topics calls svc_index_remove()
 * before and svc_index_add() after the change, or svc_reindex_all(). */
#ifndef QIAO_SERVICES_H
#define QIAO_SERVICES_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

/* Regions, units and topics are place rows (store.h): regions carry
 * their parent and level (1 province, 2 city, 3 county), units their
 * region and item count. */

/* One region (count unused). */
int svc_region(struct store *st, int64_t id, struct place_row *out);
/* From the province down to id, inclusive (at most 3). */
int svc_region_path(struct store *st, int64_t id, struct place_row **out, size_t *n);
/* The regions directly below id, in order (0: the province itself). */
int svc_region_children(struct store *st, int64_t id, struct place_row **out, size_t *n);

/* Units of one region (not of those below it) with their item counts,
 * those offering the most services first (the ones people look for). */
int64_t svc_region_unit_count(struct store *st, int64_t region);
int svc_region_units(struct store *st, int64_t region, int64_t offset, int limit,
		     struct place_row **out, size_t *n);

struct svc_unit {
	int64_t id, region_id;
	char *name, *phone, *address, *region_name;
};
int svc_unit(struct store *st, int64_t id, struct svc_unit *out);
void svc_unit_release(struct svc_unit *u);

/* An item in a list: its name, unit and region. */
struct svc_item_row {
	int64_t id;
	char *name, *unit_name, *region_name;
	int64_t others;      /* search, one row per name: how many other items
	                        (regions) bear the same name */
};
void svc_item_rows_free(struct svc_item_row *rows, size_t n);
/* One item as a list row (others 0): 1 found, 0 not, -1 error. */
int svc_item_row_get(struct store *st, int64_t id, struct svc_item_row *out);

void svc_item_row_release(struct svc_item_row *r);

/* How many items (one per unit: the regions offering it) bear exactly
 * this name. */
int64_t svc_name_count(struct store *st, const char *name);
/* The item named exactly name in region, else in the nearest region above
 * it (city, province); 1 found, 0 none, -1 error. */
int svc_item_named_near(struct store *st, const char *name, int64_t region, struct svc_item_row *out);

int64_t svc_unit_item_count(struct store *st, int64_t unit);
int svc_unit_items(struct store *st, int64_t unit, int64_t offset, int limit,
		   struct svc_item_row **out, size_t *n);

/* The 13 topics in order. */
int svc_topics(struct store *st, struct place_row **out, size_t *n);
int svc_topic(struct store *st, int64_t id, struct place_row *out);
/* Items of a topic, in id order; region > 0 narrows to that region and
 * everything below it. */
int64_t svc_topic_item_count(struct store *st, int64_t topic, int64_t region);
int svc_topic_items(struct store *st, int64_t topic, int64_t region, int64_t offset, int limit,
		    struct svc_item_row **out, size_t *n);

/* One service guide. */
struct svc_item {
	int64_t id, unit_id, region_id;
	char *code, *name, *kind, *legal_basis, *conditions, *materials, *procedure;
	char *time_limit, *fees, *place, *phone, *online_url;
	char *unit_name, *region_name;
};
int svc_item(struct store *st, int64_t id, struct svc_item *out);
void svc_item_release(struct svc_item *it);

/* --- search ------------------------------------------------------------ */

enum svc_query_state { SVC_QUERY_OK, SVC_QUERY_EMPTY, SVC_QUERY_TOO_LONG };

struct svc_search {
	const char *query;   /* what the user typed: any bytes, may be NULL */
	int64_t region;      /* 0 = anywhere, else services for this region: its
	                        own, those below it, and those above it (a
	                        region named in the query replaces it) */
	int64_t near;        /* the user's region (0 none): among equals its
	                        services first, and its item shown for a name */
	int64_t topic;       /* 0 = any topic */
	bool all_items;      /* every item, not one row per name */
	int64_t offset;
	int limit;
};

/* Search counts and pages hits up to this many (see services.c). */
#define SVC_COUNT_CAP 500

struct svc_results {
	enum svc_query_state state;
	int64_t total;       /* every match, or SVC_COUNT_CAP when more */
	bool more;           /* more than SVC_COUNT_CAP matches: only the first
	                        SVC_COUNT_CAP can be paged through */
	int64_t name_hits;   /* of which this many match in the name */
	bool partial;        /* nothing holds the whole query: these are the
	                        closest names (most words / bigrams of it) */
	int64_t query_region;/* the region the query named (0 none) */
	struct svc_item_row *rows;
	size_t n;
	/* The normalised terms of the query and their synonyms, for
	 * highlighting (svc_highlight). */
	char **terms;
	size_t nterms;
};

/* Understand the query (stop words dropped, intents and colloquial words
 * rewritten to the catalogue's, a region named anywhere taken as the
 * filter, pinyin and initials matched against names: docs/search.md) and
 * rank, one row per distinct name unless all_items:
 *   every required word in the name (the whole name asked for first),
 *   then every word somewhere in the guide, and when nothing holds the
 *   whole query (partial) the names with most of its words and bigrams;
 *   among equals citizens' services (audience 个人) before institutions',
 *   names starting with a query word, those offered in the user's region
 *   (near), shorter names.
 * Never fails on what the user typed: empty or over-long queries give
 * state EMPTY / TOO_LONG and no rows.  Returns 0, or -1 on a store error. */
int svc_search(struct store *st, const struct svc_search *q, struct svc_results *out);
void svc_results_release(struct svc_results *r);

/* Cut text into segments for highlighting: calls fn(text, len, hit, ctx)
 * for consecutive pieces covering text[0..len) exactly, hit true for the
 * pieces where one of the (normalised) terms occurs once folded the way
 * the index folds text (width, case, traditional forms). */
typedef void (*svc_segment_fn)(const char *s, size_t n, bool hit, void *ctx);
void svc_highlight(const char *text, size_t len, char *const *terms, size_t nterms,
		   svc_segment_fn fn, void *ctx);

/* Synonyms of a normalised term, both directions: a NULL-terminated
 * malloc'd array of malloc'd strings (NULL when none or on error); free
 * with svc_strings_free. */
char **svc_synonyms(struct store *st, const char *term);
void svc_strings_free(char **v);

/* --- writing (svc_write.c: the services import and the demo) ------------ */

struct svc_unit_rec {
	int64_t id, region_id, sort;
	const char *name, *phone, *address;   /* phone, address NULL: "" */
};
/* Insert unit id, or update it in place (its items are reindexed when it
 * changes region).  0 with *existed, or -1 on a store error. */
int svc_put_unit(struct store *st, const struct svc_unit_rec *u, bool *existed);

/* The text fields of an item, in the order of the columns and of the
 * import format's elements (svc_item_fields holds their names). */
enum svc_item_field {
	SVC_F_NAME, SVC_F_KIND, SVC_F_LEGAL_BASIS, SVC_F_CONDITIONS, SVC_F_MATERIALS, SVC_F_PROCEDURE,
	SVC_F_TIME_LIMIT, SVC_F_FEES, SVC_F_PLACE, SVC_F_PHONE, SVC_F_ONLINE_URL, SVC_NFIELDS
};
extern const char *const svc_item_fields[SVC_NFIELDS];

struct svc_item_rec {
	const char *code;
	int64_t unit_id;
	const char *field[SVC_NFIELDS]; /* NULL: ""; a blank kind is 行政许可 */
	const int64_t *topics;          /* with set_topics: the item's topics */
	size_t ntopics;
	bool set_topics;                /* false: keep the topics it has */
	int64_t updated_at;
};
/* Insert the item with this code, or update it in place; *id and
 * *existed say which.  index: keep the search index current (false when
 * the caller rebuilds it afterwards with svc_reindex_all).  0 or -1. */
int svc_put_item(struct store *st, const struct svc_item_rec *it, bool index, int64_t *id, bool *existed);

/* --- index maintenance -------------------------------------------------- */

/* Drop item id from the index, using its current rows (call BEFORE
 * changing the item, its unit's region or its topics); a no-op for an
 * item that does not exist. */
int svc_index_remove(struct store *st, int64_t id);
/* Index item id as it is now (call AFTER the change). */
int svc_index_add(struct store *st, int64_t id);
/* Rebuild the whole index from the items (inside the caller's
 * transaction if there is one). */
int svc_reindex_all(struct store *st);

#endif
