/* portal.h - one search box for the whole portal (issue 13): the news and
 * government information (articles: title and body) and the published
 * messages, understood like the service search (the same parser: stop
 * words, intents, synonyms, folding; store/svc_lex.h).  The services
 * themselves come from svc_search(). */
#ifndef QIAO_PORTAL_H
#define QIAO_PORTAL_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct portal_hit {
	int64_t id, at;       /* article or message id; published / created */
	char *title;
	bool in_title;        /* every word in the title (else some in the body) */
};

struct portal_section {
	struct portal_hit *hits;
	size_t n;
	int64_t title_hits;   /* how many documents hold the query in the title */
};

/* Up to limit hits each, title matches first (newest first), then body
 * matches (newest first, looked for within a small time budget: bodies
 * are long).  A query with nothing searchable gives empty sections.
 * 0, or -1 on a store error (sections empty). */
int portal_search(struct store *st, const char *query, int limit,
		  struct portal_section *news, struct portal_section *msgs);
void portal_section_release(struct portal_section *s);

/* For the lexicon (svc_lex.c): load the articles not deleted and the
 * published messages, newest first, into lx.  0 or -1. */
struct lexicon;
int portal_load(struct store *st, struct lexicon *lx);

#endif
