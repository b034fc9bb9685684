#include "core/common.h"
#include "store/news.h"

int news_column_in(struct store *st, const char *lang, int64_t id, struct place_row *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st,
		"SELECT id, coalesce(parent_id, 0), level, 0, name FROM columns WHERE id = ?1 AND deleted = 0 AND lang = ?2");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, lang, -1, SQLITE_STATIC);
	return store_one_place(s, out);
}

int news_column(struct store *st, int64_t id, struct place_row *out)
{
	return news_column_in(st, NEWS_ZH, id, out);
}

int news_column_path(struct store *st, int64_t id, struct place_row **out, size_t *n)
{
	return store_places_by(st,
		"WITH RECURSIVE up(id, parent_id, level, name, depth) AS ("
		" SELECT id, parent_id, level, name, 0 FROM columns WHERE id = ?1"
		" UNION ALL SELECT c.id, c.parent_id, c.level, c.name, up.depth + 1 FROM columns c JOIN up ON c.id = up.parent_id"
		" WHERE up.depth < 5)"
		" SELECT id, coalesce(parent_id, 0), level, 0, name FROM up ORDER BY depth DESC", id, out, n);
}

int news_column_children(struct store *st, int64_t id, struct place_row **out, size_t *n)
{
	return store_places_by(st,
		"SELECT id, coalesce(parent_id, 0), level, 0, name FROM columns"
		" WHERE parent_id = ?1 AND deleted = 0 ORDER BY sort, id", id, out, n);
}

int64_t news_column_article_count(struct store *st, int64_t column)
{
	return store_int_by(st, "SELECT count(*) FROM articles WHERE column_id = ?1 AND deleted = 0"
		" AND published_at <= CAST(strftime('%s', 'now') AS INTEGER)", column);
}

static void fill_article(sqlite3_stmt *s, struct article_row *r, bool body)
{
	r->id = sqlite3_column_int64(s, 0);
	r->column_id = sqlite3_column_int64(s, 1);
	r->title = store_col_text(s, 2);
	r->source = store_col_text(s, 3);
	r->published_at = sqlite3_column_int64(s, 4);
	r->column_name = store_col_text(s, 5);
	if (body)
		r->body = store_col_text(s, 6);
}

/* List queries (no body): the callback for store_collect. */
static void fill_listed_article(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	fill_article(s, row, false);
}

int news_column_articles(struct store *st, int64_t column, int64_t offset, int limit,
			 struct article_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = store_stmt(st,
		"SELECT a.id, a.column_id, a.title, a.source, a.published_at, c.name"
		" FROM articles a JOIN columns c ON c.id = a.column_id"
		" WHERE a.column_id = ?1 AND a.deleted = 0 AND a.published_at <= CAST(strftime('%s', 'now') AS INTEGER)"
		" ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, column);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int64(s, 3, offset);
	return store_collect(s, sizeof **out, fill_listed_article, NULL, (void **)out, n);
}

int news_article(struct store *st, int64_t id, struct article_row *out)
{
	return news_article_in(st, NEWS_ZH, id, out);
}

int news_article_in(struct store *st, const char *lang, int64_t id, struct article_row *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st,
		"SELECT a.id, a.column_id, a.title, a.source, a.published_at, c.name, a.body"
		" FROM articles a JOIN columns c ON c.id = a.column_id"
		" WHERE a.id = ?1 AND a.deleted = 0 AND a.published_at <= CAST(strftime('%s', 'now') AS INTEGER) AND c.deleted = 0"
		" AND c.lang = ?2");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, lang, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill_article(s, out, true);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

void article_row_release(struct article_row *a)
{
	free(a->title);
	free(a->source);
	free(a->body);
	free(a->column_name);
	memset(a, 0, sizeof *a);
}

/* The id the neighbour query s finds for article a, or 0. */
static int64_t neighbour(sqlite3_stmt *s, const struct article_row *a)
{
	sqlite3_bind_int64(s, 1, a->column_id);
	sqlite3_bind_int64(s, 2, a->published_at);
	sqlite3_bind_int64(s, 3, a->id);
	int64_t id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return id;
}

int news_article_neighbours(struct store *st, const struct article_row *a, int64_t *newer, int64_t *older)
{
	*newer = *older = 0;
	sqlite3_stmt *s = store_stmt(st,
		"SELECT id FROM articles WHERE column_id = ?1 AND deleted = 0"
		" AND published_at <= CAST(strftime('%s', 'now') AS INTEGER)"
		" AND (published_at > ?2 OR (published_at = ?2 AND id > ?3))"
		" ORDER BY published_at ASC, id ASC LIMIT 1");
	if (!s)
		return -1;
	*newer = neighbour(s, a);
	s = store_stmt(st,
		"SELECT id FROM articles WHERE column_id = ?1 AND deleted = 0"
		" AND published_at <= CAST(strftime('%s', 'now') AS INTEGER)"
		" AND (published_at < ?2 OR (published_at = ?2 AND id < ?3))"
		" ORDER BY published_at DESC, id DESC LIMIT 1");
	if (!s)
		return -1;
	*older = neighbour(s, a);
	return 0;
}

int news_top_columns_in(struct store *st, const char *lang, struct place_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = store_stmt(st,
		"SELECT id, 0, level, 0, name FROM columns WHERE parent_id IS NULL AND deleted = 0 AND lang = ?1"
		" ORDER BY sort, id");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, lang, -1, SQLITE_STATIC);
	return store_collect_places(s, out, n);
}

int news_top_columns(struct store *st, struct place_row **out, size_t *n)
{
	return news_top_columns_in(st, NEWS_ZH, out, n);
}

int news_latest_articles_in(struct store *st, const char *lang, int limit, struct article_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = store_stmt(st,
		"SELECT a.id, a.column_id, a.title, a.source, a.published_at, c.name"
		" FROM articles a JOIN columns c ON c.id = a.column_id"
		" WHERE a.deleted = 0 AND a.published_at <= CAST(strftime('%s', 'now') AS INTEGER) AND c.deleted = 0"
		" AND c.lang = ?2"
		" ORDER BY a.published_at DESC, a.id DESC LIMIT ?1");
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, limit);
	sqlite3_bind_text(s, 2, lang, -1, SQLITE_STATIC);
	return store_collect(s, sizeof **out, fill_listed_article, NULL, (void **)out, n);
}

int news_latest_articles(struct store *st, int limit, struct article_row **out, size_t *n)
{
	return news_latest_articles_in(st, NEWS_ZH, limit, out, n);
}

/* --- the foreign versions' search (intl_fts, migration 014) ------------- */

int news_intl_reindex(struct store *st, int64_t id)
{
	/* id 0: every article (FTS5 finds a row by rowid only without OR) */
	sqlite3_stmt *s = id ? store_stmt(st, "DELETE FROM intl_fts WHERE rowid = ?1")
			     : store_stmt(st, "DELETE FROM intl_fts");
	if (!s)
		return -1;
	if (id)
		sqlite3_bind_int64(s, 1, id);
	if (store_step_done(s) != 0)
		return -1;
	s = id ? store_stmt(st, "INSERT INTO intl_fts (rowid, title, body)"
			    " SELECT a.id, a.title, a.body FROM articles a JOIN columns c ON c.id = a.column_id"
			    " WHERE a.id = ?1 AND c.lang <> 'zh'")
	       : store_stmt(st, "INSERT INTO intl_fts (rowid, title, body)"
			    " SELECT a.id, a.title, a.body FROM articles a JOIN columns c ON c.id = a.column_id"
			    " WHERE c.lang <> 'zh'");
	if (!s)
		return -1;
	if (id)
		sqlite3_bind_int64(s, 1, id);
	return store_step_done(s);
}

int64_t news_search_in(struct store *st, const char *lang, const char *match, int64_t offset, int limit,
		       struct article_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = store_stmt(st,
		"SELECT a.id, a.column_id, a.title, a.source, a.published_at, c.name"
		" FROM intl_fts f JOIN articles a ON a.id = f.rowid JOIN columns c ON c.id = a.column_id"
		" WHERE intl_fts MATCH ?1 AND a.deleted = 0 AND c.deleted = 0 AND c.lang = ?2"
		" AND a.published_at <= CAST(strftime('%s', 'now') AS INTEGER)"
		" ORDER BY bm25(intl_fts, 5.0, 1.0), a.published_at DESC, a.id DESC LIMIT ?3 OFFSET ?4");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, limit);
	sqlite3_bind_int64(s, 4, offset);
	if (store_collect(s, sizeof **out, fill_listed_article, NULL, (void **)out, n) != 0)
		return -1;
	s = store_stmt(st,
		"SELECT count(*) FROM intl_fts f JOIN articles a ON a.id = f.rowid JOIN columns c ON c.id = a.column_id"
		" WHERE intl_fts MATCH ?1 AND a.deleted = 0 AND c.deleted = 0 AND c.lang = ?2"
		" AND a.published_at <= CAST(strftime('%s', 'now') AS INTEGER)");
	if (!s) {
		article_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, lang, -1, SQLITE_STATIC);
	int64_t total = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (total < 0) {
		article_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return total;
}

/* --- writing ---------------------------------------------------------------- */

int news_put_article(struct store *st, const struct news_article_rec *a)
{
	sqlite3_stmt *s = store_stmt(st,
		"UPDATE articles SET column_id = ?2, title = ?3, source = ?4, published_at = ?5,"
		" body = ?6, link = ?7, deleted = 0"
		" WHERE guid = ?1 AND (column_id IS NOT ?2 OR title IS NOT ?3 OR source IS NOT ?4"
		" OR published_at IS NOT ?5 OR body IS NOT ?6 OR link IS NOT ?7 OR deleted <> 0)");
	for (int pass = 0; pass < 2; pass++) {
		if (!s)
			return NEWS_PUT_ERROR;
		sqlite3_bind_text(s, 1, a->guid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, a->column_id);
		sqlite3_bind_text(s, 3, a->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, a->source ? a->source : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, a->published_at);
		sqlite3_bind_text(s, 6, a->body, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, a->link ? a->link : "", -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return NEWS_PUT_ERROR;
		if (sqlite3_changes(store_db(st)) > 0) {
			int64_t id = pass == 0 ? store_intf(st, 0, "SELECT id FROM articles WHERE guid = ?1", "t", a->guid)
					       : sqlite3_last_insert_rowid(store_db(st));
			if (news_intl_reindex(st, id) != 0)
				return NEWS_PUT_ERROR;
			return pass == 0 ? NEWS_PUT_UPDATED : NEWS_PUT_ADDED;
		}
		if (pass == 0)
			s = store_stmt(st,
				"INSERT INTO articles (guid, column_id, title, source, published_at, body, link)"
				" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (guid) DO NOTHING");
	}
	return NEWS_PUT_UNCHANGED;
}

int news_add_column(struct store *st, int64_t id, int64_t parent, int level, const char *name, int64_t sort)
{
	return news_add_column_in(st, NEWS_ZH, id, parent, level, name, sort);
}

int news_add_column_in(struct store *st, const char *lang, int64_t id, int64_t parent, int level,
		       const char *name, int64_t sort)
{
	/* A child is in its parent's version, whatever lang says. */
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO columns (id, parent_id, level, name, sort, lang)"
		" VALUES (?1, ?2, ?3, ?4, ?5, coalesce((SELECT lang FROM columns WHERE id = ?2), ?6))");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 6, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 1, id);
	if (parent)
		sqlite3_bind_int64(s, 2, parent);
	sqlite3_bind_int(s, 3, level);
	sqlite3_bind_text(s, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, sort);
	return store_step_done(s);
}

int news_update_column(struct store *st, int64_t id, const char *name, int64_t sort)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE columns SET name = ?2, sort = ?3, deleted = 0 WHERE id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, sort);
	return store_step_done(s);
}
