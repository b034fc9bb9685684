/* query.h - what the service search knows about words and names, and the
 * query parser (pure: the store fills a struct lexicon, store/svc_lex.c;
 * issue 13, docs/search.md).
 *
 * The lexicon holds every distinct item name, folded (width, case,
 * traditional), with its pinyin and initials (text/pinyin.h), audience,
 * topics and the (region, item) pairs offering it; the words of a query
 * (stop words, intent / noun / phrase rewrites, synonyms both ways, region
 * names full and short); and the texts of the portal sections.
 * svc_parse() turns a query into concepts, each a set of alternative
 * strings of which a name must hold one, and a region it names. */
#ifndef QIAO_TEXT_QUERY_H
#define QIAO_TEXT_QUERY_H

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

enum lex_kind { E_WORD, E_WEAK, E_STOP, E_REGION };

/* A word of the query language: a stop word (weak: optional), a word
 * with its catalogue rewrites, or a region name. */
struct lex_entry {
	char *term;
	enum lex_kind kind;
	char **alt;
	size_t nalt;
	int64_t region;
	int level;
	char *py, *ini;   /* E_WORD: pinyin and initials of the term */
};

/* A piece of a name, pointing into the name's fold (not owned). */
struct lex_gram {
	const char *s;
	uint32_t len, hash;
};

struct lexicon {
	int64_t gen;
	double built_ms, cost_ms; /* when its build ended (CLOCK_MONOTONIC) and what it took */
	int64_t foreign;          /* store_foreign_version when it was built */
	struct lex_name *names;
	size_t nnames;
	struct lex_entry *ents;
	size_t nents;
	int maxchars;          /* longest entry, in characters */
	int64_t *parent;       /* parent[region id], 0 for the top */
	int64_t nregions;      /* parent[] has nregions entries */
	struct lex_gram *grams; /* every 2-4 character piece of a name: a set */
	size_t ngrams, gcap;    /* pieces held, slots (a power of two, or 0) */
	struct lex_doc *news, *msgs; /* newest first */
	size_t nnews, nmsgs;
};

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
	char *loose_run[4];          /* those runs whole, for the body search */
	size_t nloose;
};

void svc_parse(const struct lexicon *lx, const char *query, struct parsed *p);
void svc_parsed_release(struct parsed *p);

/* Does name hold concept c (any alternative, or its pinyin)? */
bool svc_name_has(const struct lex_name *nm, const struct concept *c);

/* True when region a is b or above b. */
bool svc_region_covers(const struct lexicon *lx, int64_t a, int64_t b);

/* Helpers for whoever builds a lexicon. */
char *lex_fold(const char *s);             /* malloc'd, folded like the index */
int lex_nchars(const char *s);
/* Pinyin of a folded string: py concatenated, syl[i] set where a syllable
 * starts (and at the end), ini the initials (all malloc'd). */
void lex_make_pinyin(const char *s, char **py, unsigned char **syl, char **ini);
bool lex_in_some_name(const struct lexicon *lx, const char *s);
void lex_build_grams(struct lexicon *lx);  /* after the names are in */
bool lex_is_gram(const struct lexicon *lx, const char *s);
void lex_entry_free(struct lex_entry *e);
void lex_free(void *lexicon);              /* a struct lexicon, all of it */

#endif
