/* news.h - queries for the column tree and articles (政务公开 and news).
 *
 * Row structs are those of store.h; free them with place_row_release(),
 * place_rows_free()
 * and article_rows_free().  Deleted columns and articles are never
 * returned. */
#ifndef QIAO_NEWS_H
#define QIAO_NEWS_H

#include "store/store.h"

/* Top-level sections (parent NULL), in order; *n set, array malloc'd. */
int news_top_columns(struct store *st, struct place_row **out, size_t *n);
/* The newest articles across all live columns (no bodies). */
int news_latest_articles(struct store *st, int limit, struct article_row **out, size_t *n);

/* 1 found, 0 not found (or deleted), -1 error. */
int news_column(struct store *st, int64_t id, struct place_row *out);

/* The path from the top section down to id (inclusive), at most 3. */
int news_column_path(struct store *st, int64_t id, struct place_row **out, size_t *n);
int news_column_children(struct store *st, int64_t id, struct place_row **out, size_t *n);

/* Articles of one column, newest first: the total and one page. */
int64_t news_column_article_count(struct store *st, int64_t column);
int news_column_articles(struct store *st, int64_t column, int64_t offset, int limit,
			 struct article_row **out, size_t *n);

/* One article with its body and column name: 1 found, 0 not, -1 error. */
int news_article(struct store *st, int64_t id, struct article_row *out);
void article_row_release(struct article_row *a);
/* Neighbours in the same column in list order (newer = previous in the
 * list, older = next); 0 when none. */
int news_article_neighbours(struct store *st, const struct article_row *a, int64_t *newer, int64_t *older);

/* --- writing (the news import and the demo), in the caller's transaction -- */

struct news_article_rec {
	const char *guid, *title, *source, *link, *body; /* source, link NULL: "" */
	int64_t column_id, published_at;
};
enum { NEWS_PUT_ERROR = -1, NEWS_PUT_UNCHANGED, NEWS_PUT_ADDED, NEWS_PUT_UPDATED };
/* Insert the article with this guid, update it when a field differs (or
 * it was deleted), or leave it: one of NEWS_PUT_*. */
int news_put_article(struct store *st, const struct news_article_rec *a);

/* A new column (parent 0: a top section).  0 or -1. */
int news_add_column(struct store *st, int64_t id, int64_t parent, int level, const char *name, int64_t sort);
/* Rename, re-sort and undelete a column.  0 or -1. */
int news_update_column(struct store *st, int64_t id, const char *name, int64_t sort);

#endif
