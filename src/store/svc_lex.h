/* svc_lex.h - the search lexicon of a store (internal to the store; the
 * types and the parser are pure: text/query.h).  Built on first use and
 * kept with the connection until the generation changes (store_ext). */
#ifndef QIAO_SVC_LEX_H
#define QIAO_SVC_LEX_H

#include "store/store.h"
#include "text/query.h"

/* The lexicon of st's current generation (built when missing or stale);
 * NULL on a store error. */
struct lexicon *svc_lexicon(struct store *st);

#endif
