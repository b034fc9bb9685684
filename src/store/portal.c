/* portal.c - the news and messages sections of the portal search. */
#include "core/common.h"

#include "store/portal.h"
#include "store/svc_lex.h"

#include <time.h>

/* Body scanning stops after this long (per section). */
#define PORTAL_BODY_BUDGET_MS 0.3

static int load_docs(struct store *st, const char *sql, struct lex_doc **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	if (!s)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct lex_doc *d = &(*out)[(*n)++];
		d->id = sqlite3_column_int64(s, 0);
		d->title = store_col_text(s, 1);
		d->tfold = lex_fold(d->title);
		d->body = store_col_text(s, 2);
		d->at = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int portal_load(struct store *st, struct lexicon *lx)
{
	/* The Chinese version's articles only (migration 014): the foreign
	 * versions search their own (news_search_in). */
	if (load_docs(st, "SELECT a.id, a.title, a.body, a.published_at FROM articles a"
		      " JOIN columns c ON c.id = a.column_id WHERE a.deleted = 0 AND c.lang = 'zh'"
		      " ORDER BY a.published_at DESC, a.id DESC", &lx->news, &lx->nnews) != 0)
		return -1;
	return load_docs(st, "SELECT id, title, body, created_at FROM messages WHERE state = 'published'"
			 " ORDER BY created_at DESC, id DESC", &lx->msgs, &lx->nmsgs);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool holds(const char *text, const struct concept *c)
{
	for (size_t k = 0; k < c->nalt; k++)
		if (strstr(text, c->alt[k]))
			return true;
	return false;
}

/* Every required concept in title, or in title and body together. */
static bool all_in(const struct parsed *p, const char *title, const char *body)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->c[i].soft)
			continue;
		if (!holds(title, &p->c[i]) && (!body || !holds(body, &p->c[i])))
			return false;
	}
	return true;
}

static void add_hit(struct portal_section *s, const struct lex_doc *d, bool in_title)
{
	struct portal_hit *h = &s->hits[s->n++];
	h->id = d->id;
	h->at = d->at;
	h->title = xstrdup(d->title);
	h->in_title = in_title;
}

static void search_docs(const struct parsed *p, const struct lex_doc *docs, size_t n, int limit,
			struct portal_section *s)
{
	s->hits = xcalloc((size_t)limit, sizeof *s->hits);
	bool *taken = xcalloc(n ? n : 1, sizeof *taken);
	/* Titles holding the query's words as typed, in a row, first. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			if (taken[i] || !all_in(p, docs[i].tfold, NULL))
				continue;
			bool whole = *p->rest && strstr(docs[i].tfold, p->rest);
			if (pass == 0 && !whole)
				continue;
			s->title_hits++;
			taken[i] = true;
			if (s->n < (size_t)limit)
				add_hit(s, &docs[i], true);
		}
	double deadline = now_ms() + PORTAL_BODY_BUDGET_MS;
	for (size_t i = 0; i < n && s->n < (size_t)limit; i++) {
		if ((i & 63) == 0 && now_ms() > deadline)
			break;
		if (!taken[i] && all_in(p, docs[i].tfold, docs[i].body))
			add_hit(s, &docs[i], false);
	}
	free(taken);
}

int portal_search(struct store *st, const char *query, int limit,
		  struct portal_section *news, struct portal_section *msgs)
{
	memset(news, 0, sizeof *news);
	memset(msgs, 0, sizeof *msgs);
	if (limit <= 0)
		return 0;
	if (limit > 50)
		limit = 50;
	const struct lexicon *lx = svc_lexicon(st);
	if (!lx)
		return -1;
	struct parsed p;
	svc_parse(lx, query, &p);
	size_t nreq = 0;
	for (size_t i = 0; i < p.n; i++)
		nreq += !p.c[i].soft;
	if (!nreq)
		for (size_t i = 0; i < p.n; i++)
			p.c[i].soft = false, nreq++;
	/* A region named in the query only filters services; not required here. */
	if (nreq > 0) {
		search_docs(&p, lx->news, lx->nnews, limit, news);
		search_docs(&p, lx->msgs, lx->nmsgs, limit, msgs);
	}
	svc_parsed_release(&p);
	return 0;
}

void portal_section_release(struct portal_section *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->hits[i].title);
	free(s->hits);
	memset(s, 0, sizeof *s);
}
