/* svc_lex.h - what the service search knows about words and names
 * (internal to the store; issue 13, docs/search.md).
 *
 * The lexicon is derived from the content and kept with the connection
 * until the generation changes (store_ext):
 *   - every distinct item name, folded (width, case, traditional), with
 *     its pinyin and initials (store/pinyin.h), its audience, its topics
 *     and the (region, item) pairs offering it;
 *   - the words of a query: stop words (search_stopwords), intent / noun /
 *     phrase rewrites (search_intents), the synonyms table (both ways) and
 *     the region names (full, and short without 省/市/县/区).
 * svc_parse() turns a query into concepts, each a set of alternative
 * strings of which a name must hold one, and a region it names. */
#ifndef QIAO_SVC_LEX_H
#define QIAO_SVC_LEX_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct lex_name {
	char *name;          /* as stored */
	char *fold;          /* folded, for matching */
	size_t flen;
	int nchars;
	bool person;         /* audience 个人 (or no audience known) */
	char *py;            /* pinyin of every character, concatenated */
	unsigned char *syl;  /* syl[i]: a syllable starts at py[i] */
	char *ini;           /* initials */
	uint64_t topics;     /* bit t: some item of this name is in topic t (< 64) */
	int64_t *item, *region; /* its items and their regions, by item id */
	size_t nitems, citems;
};

/* An article or a published message, for the portal-wide search. */
struct lex_doc {
	int64_t id, at;
	char *title;         /* as stored */
	char *tfold;         /* folded title */
	char *body;          /* as stored (searched unfolded: bodies are long) */
};

struct lex_entry;
struct lexicon {
	int64_t gen;
	struct lex_name *names;
	size_t nnames;
	struct lex_entry *ents;
	size_t nents;
	int maxchars;          /* longest entry, in characters */
	int64_t *parent;       /* parent[region id], 0 for the top */
	int64_t nregions;      /* parent[] has nregions entries */
	char **grams;          /* every 2-4 character piece of a name, sorted */
	size_t ngrams;
	struct lex_doc *news, *msgs; /* newest first */
	size_t nnews, nmsgs;
};

/* The lexicon of st's current generation (built when missing or stale);
 * NULL on a store error. */
struct lexicon *svc_lexicon(struct store *st);

#define SVC_MAX_CONCEPTS 12
#define SVC_MAX_ALTS 16

struct concept {
	char *text;                  /* as found in the query (folded) */
	char *alt[SVC_MAX_ALTS];     /* text first, then rewrites (folded) */
	size_t nalt;
	bool soft;                   /* counts when found, not required */
	bool latin;                  /* ASCII word: pinyin / initials too */
};

struct parsed {
	struct concept c[SVC_MAX_CONCEPTS];
	size_t n;
	int64_t region;              /* region named in the query, or 0 */
	char *rest;                  /* the query without stop words and region */
	bool loose;                  /* some typed characters are in no name: no
	                                answer can match the query completely */
};

void svc_parse(const struct lexicon *lx, const char *query, struct parsed *p);
void svc_parsed_release(struct parsed *p);

/* Does name hold concept c (any alternative, or its pinyin)? */
bool svc_name_has(const struct lex_name *nm, const struct concept *c);

/* True when region a is b or above b. */
bool svc_region_covers(const struct lexicon *lx, int64_t a, int64_t b);

#endif
