/* rows.c - reading rows: the collectors every query module uses and the
 * one-parameter shortcuts (store.h).  Beside store.c, which keeps the
 * connection. */
#include "core/common.h"
#include "store/store.h"

char *store_col_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return xstrdup(t ? (const char *)t : "");
}

int store_collect(sqlite3_stmt *s, size_t size, store_row_fn fill, void *ctx, void **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * size);
		}
		char *row = (char *)*out + *n * size;
		memset(row, 0, size);
		fill(s, row, ctx);
		(*n)++;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_one_row(sqlite3_stmt *s, store_row_fn fill, void *row)
{
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill(s, row, NULL);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int store_step_done(sqlite3_stmt *s)
{
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int64_t store_one_int(sqlite3_stmt *s)
{
	if (!s)
		return -1;
	int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	return v;
}

void place_row_release(struct place_row *p)
{
	free(p->name);
	p->name = NULL;
}

void place_rows_free(struct place_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].name);
	free(rows);
}

static void fill_place(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct place_row *p = row;
	p->id = sqlite3_column_int64(s, 0);
	p->parent_id = sqlite3_column_int64(s, 1);
	p->level = sqlite3_column_int(s, 2);
	p->count = sqlite3_column_int64(s, 3);
	p->name = store_col_text(s, 4);
}

int store_collect_places(sqlite3_stmt *s, struct place_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	if (store_collect(s, sizeof **out, fill_place, NULL, (void **)out, n) != 0) {
		place_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int store_one_place(sqlite3_stmt *s, struct place_row *out)
{
	memset(out, 0, sizeof *out);
	return store_one_row(s, fill_place, out);
}

void article_rows_free(struct article_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].title);
		free(rows[i].source);
		free(rows[i].body);
		free(rows[i].column_name);
	}
	free(rows);
}

/* The statement for sql with ?1 bound to arg, or NULL. */
static sqlite3_stmt *stmt_by(struct store *st, const char *sql, int64_t arg)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	if (s)
		sqlite3_bind_int64(s, 1, arg);
	return s;
}

int64_t store_int_by(struct store *st, const char *sql, int64_t arg)
{
	return store_one_int(stmt_by(st, sql, arg));
}

int store_row_by(struct store *st, const char *sql, int64_t arg, store_row_fn fill, void *row)
{
	return store_one_row(stmt_by(st, sql, arg), fill, row);
}

int store_place_by(struct store *st, const char *sql, int64_t arg, struct place_row *out)
{
	return store_one_place(stmt_by(st, sql, arg), out);
}

int store_places_by(struct store *st, const char *sql, int64_t arg, struct place_row **out, size_t *n)
{
	return store_collect_places(stmt_by(st, sql, arg), out, n);
}
