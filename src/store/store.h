/* store.h - the portal's SQLite store, shared by the server and the CLI.
 *
 * One struct store wraps one connection.  store_open() applies the
 * embedded migrations (db/migrations/NNN-*.sql) that the file lacks, in
 * one transaction each, and sets WAL mode and foreign keys.  Every query
 * uses a prepared statement with bound parameters; statements are
 * prepared once per connection and kept.
 *
 * Strings returned inside row structs are owned by the struct and freed
 * by its *_free function. */
#ifndef QIAO_STORE_H
#define QIAO_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>

struct store;

enum store_flags {
	STORE_READWRITE = 0,
	STORE_READONLY = 1, /* no migrations; fails if the schema is old */
	STORE_CREATE = 2,   /* create the file if missing */
};

/* Open (and migrate) the database at path.  On failure returns NULL and
 * sets *err to a malloc'd one-line reason (the caller frees it). */
struct store *store_open(const char *path, int flags, char **err);
void store_close(struct store *st);

sqlite3 *store_db(struct store *st);
const char *store_path(const struct store *st);

/* The schema version of the file (PRAGMA user_version) and the newest
 * version this binary knows. */
int store_schema_version(struct store *st);
int store_latest_version(void);

/* A cached prepared statement for sql (a string literal: the pointer is
 * the cache key), reset and with bindings cleared.  NULL on error (logged). */
sqlite3_stmt *store_stmt(struct store *st, const char *sql);

int store_exec(struct store *st, const char *sql);
/* How long a write waits for another process's lock before it fails
 * (SQLITE_BUSY); 5 s from store_open (SQLite's backing-off handler).
 * Server workers use a short wait: their event loop must not stall behind
 * an import.  This one polls every millisecond, so the wait ends as soon
 * as the lock is free. */
void store_set_busy_ms(struct store *st, int ms);
int store_begin(struct store *st);     /* BEGIN IMMEDIATE */
/* BEGIN IMMEDIATE without waiting: -1 at once (nothing logged) when
 * another connection holds the write lock. */
int store_begin_nowait(struct store *st);
/* A number no other connection opened by this process has had. */
uint64_t store_serial(const struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* SQLite's PRAGMA data_version: it moves when another connection (another
 * process or worker) commits, never for this connection's own writes. */
int64_t store_foreign_version(struct store *st);

/* The change counter bumped by every content write (migration 002). */
int64_t store_generation(struct store *st);

/* When the content last changed (Unix time, migration 005); 0 if unknown. */
int64_t store_changed_at(struct store *st);
/* True when `qiao init --demo` filled this database (meta.demo): the
 * pages then say their content is demonstration data. */
bool store_is_demo(struct store *st);

/* True when the database may have changed since the previous call:
 * another connection committed (PRAGMA data_version) or this connection
 * wrote.  Cheap enough to ask on every request. */
bool store_changed(struct store *st);

/* A small memo of numbers computed from the content (e.g. search hit
 * counts), valid for one store generation: any content change empties it.
 * get: true and *val when key is known. */
bool store_memo_get(struct store *st, const char *key, int64_t *val);
void store_memo_put(struct store *st, const char *key, int64_t val);
/* One object a module derives from the content and keeps with the
 * connection (the search's lexicon: store/svc_lex.c), freed by
 * store_close() or when replaced; its owner checks its generation. */
void *store_ext(struct store *st);
void store_ext_set(struct store *st, void *p, void (*free_fn)(void *));
/* Forget everything memoised (benchmarks measure first searches so). */
void store_memo_reset(struct store *st);

/* True when a trivial read succeeds (for /healthz). */
bool store_readable(struct store *st);
/* NULL when the database is sound for this connection, else why not (a
 * static sentence): the file at the path was removed or replaced (another
 * inode), is not readable (and, unless opened read-only, writable), or its
 * write-ahead log is gone.  /healthz answers 503 then, and store_begin()
 * refuses to write. */
const char *store_fault(struct store *st);

/* Copy the database to dest with SQLite's online backup API (backup.c):
 * one consistent state while others write, checked (quick_check), mode
 * 0600, written beside dest and renamed onto it.  0, or -1 with *err. */
int store_backup(struct store *st, const char *dest, char **err);
/* Remove the -wal and -shm files SQLite left beside the database file at
 * path, if any (backup.c; failures ignored). */
void store_remove_side_files(const char *path);

/* Count rows of a table by name (a fixed whitelist; -1 for others). */
int64_t store_count(struct store *st, const char *table);

/* Copy a text column (never NULL; "" for NULL). */
char *store_col_text(sqlite3_stmt *s, int col);

/* Step s to its end, appending one zeroed element of `size` bytes per row
 * to the malloc'd array *out (*n counts them) and letting fill() read the
 * row into it; s is reset after.  0, or -1 on an SQLite error (the rows
 * read so far stay in *out for the caller to free). */
typedef void (*store_row_fn)(sqlite3_stmt *s, void *row, void *ctx);
int store_collect(sqlite3_stmt *s, size_t size, store_row_fn fill, void *ctx, void **out, size_t *n);
/* Step s once: when it gives a row, fill(s, row, NULL) reads it.  1 a
 * row, 0 none, -1 error or no statement; s is reset after. */
int store_one_row(sqlite3_stmt *s, store_row_fn fill, void *row);
/* Step a write statement to its end: 0, or -1 (no statement, or not
 * SQLITE_DONE); s is reset after. */
int store_step_done(sqlite3_stmt *s);
/* Step s once: column 0 of the first row as an integer, or -1 (no row,
 * error, or no statement); s is reset after. */
int64_t store_one_int(sqlite3_stmt *s);
struct place_row;
/* Place rows from a query of (id, parent_id, level, count, name): every
 * row into a malloc'd array (0, or -1 with nothing kept), or the first
 * row (1 found, 0 not, -1 error; s NULL counts as an error). */
int store_collect_places(sqlite3_stmt *s, struct place_row **out, size_t *n);
int store_one_place(sqlite3_stmt *s, struct place_row *out);
/* The same for the common query with one integer parameter ?1 (sql a
 * literal, as for store_stmt): an integer (store_one_int), one place,
 * every place. */
int64_t store_int_by(struct store *st, const char *sql, int64_t arg);
/* ... one row read by fill (store_one_row) ... */
int store_row_by(struct store *st, const char *sql, int64_t arg, store_row_fn fill, void *row);
int store_place_by(struct store *st, const char *sql, int64_t arg, struct place_row *out);
int store_places_by(struct store *st, const char *sql, int64_t arg, struct place_row **out, size_t *n);
/* One-off statements (stmtf.c), prepared and finalised per call, for sql
 * that is built or run rarely.  fmt has one letter per parameter ?1, ?2...
 * ('t' a const char *, 'i' an int64_t).  store_execf runs it: 0 or -1
 * (logged); store_intf gives column 0 of its first row, def when there is
 * no row, the value is NULL or the statement fails. */
int store_execf(struct store *st, const char *sql, const char *fmt, ...);
int64_t store_intf(struct store *st, int64_t def, const char *sql, const char *fmt, ...);
/* store_collect and store_one_row of sql with ?1 bound to arg. */
int store_rows_once(struct store *st, const char *sql, int64_t arg, size_t size, store_row_fn fill, void **out, size_t *n);
int store_row_once(struct store *st, const char *sql, int64_t arg, store_row_fn fill, void *row);

/* --- content queries used by the pages ---------------------------------- */

/* One row type for whatever the portal lists by name in a tree: regions
 * (parent region, level 1 province .. 3 county), units (parent = their
 * region, count = their items), columns (parent column, level) and topics.
 * Fields a query does not read are 0. */
struct place_row {
	int64_t id;
	int64_t parent_id; /* 0 at the top */
	int level;
	int64_t count;
	char *name;
};

struct article_row {
	int64_t id;
	int64_t column_id;
	char *title;
	char *source;
	int64_t published_at;
	char *body;         /* NULL in list queries */
	char *column_name;  /* filled by queries that join the column */
};

/* Queries over these rows are in news.h and services.h. */
void place_row_release(struct place_row *p);
void place_rows_free(struct place_row *rows, size_t n);
void article_rows_free(struct article_row *rows, size_t n);

#endif
