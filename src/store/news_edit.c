/* news_edit.c - editors' news (news_edit.h). */
#include "core/common.h"
#include "store/news_edit.h"

#define ITEM_COLUMNS \
	"SELECT a.id, a.column_id, a.published_at, a.deleted, a.title, a.source, a.body, c.name" \
	" FROM articles a JOIN columns c ON c.id = a.column_id"

static void fill_item(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct news_item *a = row;
	a->id = sqlite3_column_int64(s, 0);
	a->column_id = sqlite3_column_int64(s, 1);
	a->published_at = sqlite3_column_int64(s, 2);
	a->hidden = sqlite3_column_int(s, 3) != 0;
	a->title = store_col_text(s, 4);
	a->source = store_col_text(s, 5);
	a->body = store_col_text(s, 6);
	a->column_name = store_col_text(s, 7);
}

int news_items(struct store *st, int limit, struct news_item **out, size_t *n)
{
	return store_rows_once(st, ITEM_COLUMNS " ORDER BY a.id DESC LIMIT ?1", limit, sizeof **out, fill_item, (void **)out, n);
}

int news_item(struct store *st, int64_t id, struct news_item *out)
{
	memset(out, 0, sizeof *out);
	return store_row_once(st, ITEM_COLUMNS " WHERE a.id = ?1", id, fill_item, out);
}

void news_item_release(struct news_item *a)
{
	free(a->title);
	free(a->source);
	free(a->body);
	free(a->column_name);
	memset(a, 0, sizeof *a);
}

void news_items_free(struct news_item *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		news_item_release(&a[i]);
	free(a);
}

static void fill_article(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct article_row *a = row;
	a->id = sqlite3_column_int64(s, 0);
	a->column_id = sqlite3_column_int64(s, 1);
	a->title = store_col_text(s, 2);
	a->source = store_col_text(s, 3);
	a->published_at = sqlite3_column_int64(s, 4);
	a->column_name = store_col_text(s, 5);
	a->body = store_col_text(s, 6);
}

int news_article_any(struct store *st, int64_t id, struct article_row *out)
{
	memset(out, 0, sizeof *out);
	return store_row_once(st, "SELECT a.id, a.column_id, a.title, a.source, a.published_at, c.name, a.body"
			      " FROM articles a JOIN columns c ON c.id = a.column_id WHERE a.id = ?1 AND c.deleted = 0",
			      id, fill_article, out);
}

int news_save(struct store *st, const struct staff_actor *who, int64_t id, int64_t column, const char *title,
	      const char *source, const char *body, int64_t now, int64_t *out_id, char **err)
{
	*err = NULL;
	/* Any version's column: editors write the foreign versions too. */
	int64_t f = store_intf(st, -1, "SELECT count(*) FROM columns WHERE id = ?1 AND deleted = 0", "i", column);
	if (f != 1) {
		*err = f == 0 ? xasprintf("no column with id %lld", (long long)column) : xstrdup("cannot read the column");
		return -1;
	}
	struct news_item old = { 0 };
	if (id && news_item(st, id, &old) != 1) {
		*err = xasprintf("no article with id %lld", (long long)id);
		return -1;
	}
	if (store_begin(st) != 0) {
		news_item_release(&old);
		*err = xstrdup("database busy");
		return -1;
	}
	/* The INSERT has no ?1 (SQLite gives the id), the UPDATE no ?6. */
	int bad = id ? store_execf(st, "UPDATE articles SET column_id = ?2, title = ?3, source = ?4, body = ?5 WHERE id = ?1",
				   "iittt", id, column, title, source, body)
		     : store_execf(st, "INSERT INTO articles (column_id, title, source, body, published_at, deleted)"
				   " VALUES (?2, ?3, ?4, ?5, ?6, 1)", "iittti", id, column, title, source, body, now);
	int64_t aid = id ? id : sqlite3_last_insert_rowid(store_db(st));
	bad |= news_intl_reindex(st, aid) != 0;
	char *before = id ? xasprintf("%s\n%s", old.title, old.body) : xstrdup("");
	char *after = xasprintf("%s\n%s", title, body);
	bad |= audit_add_id(st, who, now, id ? "news.edit" : "news.create", "article", aid, before, after) != 0;
	free(before);
	free(after);
	news_item_release(&old);
	if (bad || store_commit(st) != 0) {
		store_rollback(st);
		*err = xstrdup("cannot store the article");
		return -1;
	}
	if (out_id)
		*out_id = aid;
	return 0;
}

int news_set_visible(struct store *st, const struct staff_actor *who, int64_t id, bool visible, int64_t at,
		     int64_t now, char **err)
{
	*err = NULL;
	struct news_item a;
	if (news_item(st, id, &a) != 1) {
		*err = xasprintf("no article with id %lld", (long long)id);
		return -1;
	}
	if (store_begin(st) != 0) {
		news_item_release(&a);
		*err = xstrdup("database busy");
		return -1;
	}
	int bad = visible ? store_execf(st, "UPDATE articles SET deleted = 0, published_at = ?2 WHERE id = ?1", "ii", id, at)
			  : store_execf(st, "UPDATE articles SET deleted = 1 WHERE id = ?1", "i", id);
	char when[40];
	time_t t = (time_t)at + 8 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	char *after = visible ? xasprintf("%s %s", at > now ? "scheduled for" : "published at", when) : xstrdup("hidden");
	bad |= audit_add_id(st, who, now, visible ? "news.publish" : "news.unpublish", "article", id, a.hidden ? "hidden" : "public", after) != 0;
	free(after);
	news_item_release(&a);
	if (bad || store_commit(st) != 0) {
		store_rollback(st);
		*err = xstrdup("cannot change the article");
		return -1;
	}
	return 0;
}

int64_t news_next_scheduled(struct store *st, int64_t after)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT min(published_at) FROM articles WHERE deleted = 0 AND published_at > ?1");
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, after);
	int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return v;
}
