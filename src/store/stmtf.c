/* stmtf.c - one-off statements whose parameters are given by a format
 * string (store.h): the writes and small reads of the staff modules
 * (store/staff, store/answer), prepared and finalised per call. */
#include "core/common.h"
#include "store/store.h"

/* Prepare sql and bind one value per letter of fmt ('t' text, 'i'
 * int64): the statement or NULL (logged). */
static sqlite3_stmt *prepv(struct store *st, const char *sql, const char *fmt, va_list ap)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		log_error("store: %s", sqlite3_errmsg(store_db(st)));
		return NULL;
	}
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 't')
			sqlite3_bind_text(s, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(s, i + 1, va_arg(ap, int64_t));
	}
	return s;
}

int store_execf(struct store *st, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_stmt *s = prepv(st, sql, fmt, ap);
	va_end(ap);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		log_error("store: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

int64_t store_intf(struct store *st, int64_t def, const char *sql, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sqlite3_stmt *s = prepv(st, sql, fmt, ap);
	va_end(ap);
	if (!s)
		return def;
	int64_t v = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL ? sqlite3_column_int64(s, 0) : def;
	sqlite3_finalize(s);
	return v;
}

int store_rows_once(struct store *st, const char *sql, int64_t arg, size_t size, store_row_fn fill, void **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, arg);
	int rc = store_collect(s, size, fill, NULL, out, n);
	sqlite3_finalize(s);
	return rc;
}

int store_row_once(struct store *st, const char *sql, int64_t arg, store_row_fn fill, void *row)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, arg);
	int rc = store_one_row(s, fill, row);
	sqlite3_finalize(s);
	return rc;
}
