/* news.h - queries for the column tree and articles (政务公开 and news).
 *
 * Row structs are those of store.h; free them with place_row_release(),
 * place_rows_free()
 * and article_rows_free().  Deleted columns and articles are never
 * returned. */
#ifndef QIAO_NEWS_H
#define QIAO_NEWS_H

#include "store/store.h"

/* The portal runs one column tree per version (migration 014): the
 * Chinese one, NEWS_ZH (shown in 简体 and 繁體), and one per foreign
 * language, named by its BCP 47 tag ("en", "fr", "ja", "ko").  The
 * functions without _in are the Chinese tree's; the _in ones take the
 * version.  A query by column or article id that is not in the version
 * asked for finds nothing, so no page of one version shows another's. */
#define NEWS_ZH "zh"

/* Top-level sections (parent NULL), in order; *n set, array malloc'd. */
int news_top_columns(struct store *st, struct place_row **out, size_t *n);
int news_top_columns_in(struct store *st, const char *lang, struct place_row **out, size_t *n);
/* The newest articles across all live columns (no bodies). */
int news_latest_articles(struct store *st, int limit, struct article_row **out, size_t *n);
int news_latest_articles_in(struct store *st, const char *lang, int limit, struct article_row **out, size_t *n);

/* 1 found, 0 not found (or deleted, or in another version), -1 error. */
int news_column(struct store *st, int64_t id, struct place_row *out);
int news_column_in(struct store *st, const char *lang, int64_t id, struct place_row *out);

/* The path from the top section down to id (inclusive), at most 3. */
int news_column_path(struct store *st, int64_t id, struct place_row **out, size_t *n);
int news_column_children(struct store *st, int64_t id, struct place_row **out, size_t *n);

/* Articles of one column, newest first: the total and one page. */
int64_t news_column_article_count(struct store *st, int64_t column);
int news_column_articles(struct store *st, int64_t column, int64_t offset, int limit,
			 struct article_row **out, size_t *n);

/* One article with its body and column name: 1 found, 0 not, -1 error. */
int news_article(struct store *st, int64_t id, struct article_row *out);
int news_article_in(struct store *st, const char *lang, int64_t id, struct article_row *out);

/* A foreign version's search: the articles of version lang (not NEWS_ZH:
 * the Chinese articles are searched by store/portal.h) matching the FTS5
 * expression match (built by fts_zh_match_prefix from what the reader
 * typed), best first, one page (no bodies).  The number of matches, or
 * -1 on error (nothing kept). */
int64_t news_search_in(struct store *st, const char *lang, const char *match, int64_t offset, int limit,
		       struct article_row **out, size_t *n);
/* Bring article id's row of that search up to date (0: every article):
 * the writers call it after changing an article's title, body or
 * column.  0 or -1. */
int news_intl_reindex(struct store *st, int64_t id);
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

/* A new column (parent 0: a top section).  0 or -1.  news_add_column
 * adds to the Chinese tree, news_add_column_in a top section to version
 * lang; a child is always in its parent's version. */
int news_add_column(struct store *st, int64_t id, int64_t parent, int level, const char *name, int64_t sort);
int news_add_column_in(struct store *st, const char *lang, int64_t id, int64_t parent, int level,
		       const char *name, int64_t sort);
/* Rename, re-sort and undelete a column.  0 or -1. */
int news_update_column(struct store *st, int64_t id, const char *name, int64_t sort);

#endif
