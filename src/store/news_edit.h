/* news_edit.h - editors' news (issue 16): articles written in the
 * console, saved as drafts (hidden), published now or at a later time
 * (scheduled: public queries show an article only once its published_at
 * has come), edited and unpublished.  Every change is audited.  Imported
 * articles are the same rows; an import overwrites what it imports. */
#ifndef QIAO_STORE_NEWS_EDIT_H
#define QIAO_STORE_NEWS_EDIT_H

#include "store/news.h"
#include "store/staff.h"

#define NEWS_TITLE_MAX 100
#define NEWS_SOURCE_MAX 50
#define NEWS_BODY_MAX 20000

struct news_item {
	int64_t id, column_id, published_at;
	bool hidden;          /* a draft or unpublished */
	char *title, *source, *body, *column_name;
};

/* The newest articles (by id), hidden ones too. */
int news_items(struct store *st, int limit, struct news_item **out, size_t *n);
/* One article whatever its state: 1, 0, -1. */
int news_item(struct store *st, int64_t id, struct news_item *out);
void news_item_release(struct news_item *a);
void news_items_free(struct news_item *a, size_t n);
/* The article as the public page shows it, whatever its state (for the
 * staff preview of a draft): 1, 0, -1. */
int news_article_any(struct store *st, int64_t id, struct article_row *out);

/* Create (id 0: a hidden draft, *out_id) or change an article: 0, or -1
 * with *err. */
int news_save(struct store *st, const struct staff_actor *who, int64_t id, int64_t column, const char *title,
	      const char *source, const char *body, int64_t now, int64_t *out_id, char **err);
/* Publish at `at` (now or later: scheduled), or unpublish (visible false). */
int news_set_visible(struct store *st, const struct staff_actor *who, int64_t id, bool visible, int64_t at,
		     int64_t now, char **err);
/* The next time a scheduled article appears after `after`, or 0. */
int64_t news_next_scheduled(struct store *st, int64_t after);

#endif
