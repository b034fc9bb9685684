#include "core/common.h"
#include "store/calendar.h"
#include "store/store.h"
#include "store/embedded.h"
#include "store/fts_zh.h"
#include "store/store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The memory map's limit for every connection (see store_open). */
#define STORE_MMAP_BYTES "2147418112"

#define STMT_CACHE 256
#define MEMO_SLOTS 4096 /* power of two */

struct stmt_slot {
	const char *sql;
	sqlite3_stmt *stmt;
};

struct store {
	sqlite3 *db;
	char *path;
	struct stmt_slot stmts[STMT_CACHE];
	size_t n_stmts;
	int64_t data_version;
	int64_t total_changes;
	dev_t dev;              /* the file opened (store_fault) */
	ino_t ino;
	bool readonly;
	dev_t wal_dev;          /* the write-ahead log this connection writes (0/0: not seen yet) */
	ino_t wal_ino;
	struct timespec wal_mtime, db_mtime; /* what store_changed() saw */
	off_t wal_size;
	bool files_quiet; /* at the last full check the files were long unwritten */
	struct memo_slot {
		uint64_t hash;
		char *key;
		int64_t val;
	} memo[MEMO_SLOTS];
	int64_t memo_generation;
	void *ext;                /* store_ext_set */
	void (*ext_free)(void *);
	int busy_ms;              /* store_set_busy_ms: the polling handler's limit */
	struct timespec busy_since;
	uint64_t serial;          /* store_serial */
};

static int migration_number(const char *name)
{
	char *end;
	long v = strtol(name, &end, 10);
	return (end != name && *end == '-' && v > 0 && v < 100000) ? (int)v : -1;
}

int store_latest_version(void)
{
	int v = 0;
	for (const struct embedded_file *f = store_migrations; f->name; f++) {
		int n = migration_number(f->name);
		if (n > v)
			v = n;
	}
	return v;
}

static int pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* The generated seed data of migration n, if any. */
static int run_seeds(sqlite3 *db, int n, char **msg)
{
	for (const struct embedded_file *f = store_seeds; f->name; f++) {
		if (migration_number(f->name) != n)
			continue;
		int rc = sqlite3_exec(db, f->data, NULL, NULL, msg);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

static int migrate(sqlite3 *db, char **err)
{
	int have = pragma_int(db, "PRAGMA user_version");
	if (have < 0) {
		*err = xasprintf("cannot read schema version: %s", sqlite3_errmsg(db));
		return -1;
	}
	int latest = store_latest_version();
	if (have > latest) {
		*err = xasprintf("database schema version %d is newer than this qiao (%d)", have, latest);
		return -1;
	}
	for (const struct embedded_file *f = store_migrations; f->name; f++) {
		int n = migration_number(f->name);
		if (n <= have)
			continue;
		char *msg = NULL;
		char setv[64];
		snprintf(setv, sizeof setv, "PRAGMA user_version = %d", n);
		/* A migration's generated seed data runs where the line
		 * "-- @seed" stands (before its triggers), else at its end. */
		const char *mark = strstr(f->data, "\n-- @seed\n");
		char *head = xstrndup(f->data, mark ? (size_t)(mark - f->data) + 1 : f->len);
		const char *tail = mark ? mark + 1 : "";
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, head, NULL, NULL, &msg) != SQLITE_OK ||
		    run_seeds(db, n, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, tail, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, setv, NULL, NULL, &msg) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
			*err = xasprintf("migration %s failed: %s", f->name, msg ? msg : sqlite3_errmsg(db));
			sqlite3_free(msg);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			free(head);
			return -1;
		}
		free(head);
		have = n;
	}
	return 0;
}

static bool shm_exists(const char *path)
{
	char *shm = xasprintf("%s-shm", path);
	struct stat sb;
	bool yes = stat(shm, &sb) == 0;
	free(shm);
	return yes;
}

/* "file:PATH?immutable=1" with PATH's URI delimiters escaped. */
static char *immutable_uri(const char *path)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%' || *p < 0x21 || *p >= 0x7f)
			buf_addf(&b, "%%%02X", *p);
		else
			buf_addc(&b, (char)*p);
	}
	buf_adds(&b, "?immutable=1");
	return buf_detach(&b);
}

/* May store_open go on with the file at path?  True, or false with *err. */
static bool file_usable(const char *path, int flags, bool exists, const struct stat *sbp, char **err)
{
	if (!exists && !(flags & STORE_CREATE)) {
		*err = xasprintf("%s: no such database (create it with 'qiao init')", path);
		return false;
	}
	if (exists && !S_ISREG(sbp->st_mode)) {
		*err = xasprintf("%s: not a regular file", path);
		return false;
	}
	/* SQLite reads an empty file as an empty database, which migrations
	 * would turn into an empty portal: not what a 0-byte file meant. */
	if (exists && sbp->st_size == 0 && !(flags & STORE_CREATE)) {
		*err = xasprintf("%s: empty file, not a qiao database (create one with 'qiao init')", path);
		return false;
	}
	/* SQLite would open a write-protected file read-only without a word,
	 * and the first write would fail with a puzzling message. */
	if (exists && !(flags & STORE_READONLY) && access(path, W_OK) != 0) {
		*err = xasprintf("%s: the database is read-only (%s) and this command writes to it", path, strerror(errno));
		return false;
	}
	return true;
}

/* A read-only open that SQLite cannot set up is opened again as an
 * unchanging file.  True with *dbp usable, or false with *err
 * (and *dbp closed). */
static bool open_unchanging(const char *path, sqlite3 **dbp, char **err)
{
	/* A write-protected database in WAL mode that no one has open (no
	 * -shm file) in a directory we cannot write: SQLite cannot set up the
	 * shared memory, so it is read as an unchanging file. */
	sqlite3 *db = *dbp;
	if (pragma_int(db, "PRAGMA schema_version") < 0 &&
	    (sqlite3_extended_errcode(db) == SQLITE_READONLY_CANTINIT || sqlite3_extended_errcode(db) == SQLITE_CANTOPEN ||
	     (sqlite3_extended_errcode(db) & 0xff) == SQLITE_READONLY) && !shm_exists(path)) {
		sqlite3_close(db);
		db = NULL;
		char *uri = immutable_uri(path);
		int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
		if (rc != SQLITE_OK || fts_zh_register(db) != 0) {
			*err = xasprintf("%s: cannot open database: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
			sqlite3_close(db);
			*dbp = NULL;
			return false;
		}
		sqlite3_extended_result_codes(db, 1);
	}
	*dbp = db;
	return true;
}

/* The settings of every connection; 0, or -1 with *msg (sqlite3_free). */
static int set_pragmas(sqlite3 *db, int flags, char **msg)
{
	if (!(flags & STORE_READONLY)) {
		if (sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, msg) != SQLITE_OK)
			return -1;
	}
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL", NULL, NULL, msg) != SQLITE_OK)
		return -1;
	/* Read the file through a memory map instead of a pread() per page.
	 * Measured on the ten-times catalogue (bench/RESULTS.md 8b): the
	 * searches that walk long full-text doclists spent 45% of their time
	 * in pread and the kernel's copy; mapped, the slowest took 6.7 ms
	 * instead of 10.4.  SQLite clamps the size to its compiled maximum
	 * (2 GiB in Debian's build); only pages read are resident, and they
	 * are the kernel's page cache, shared by every worker.  Writes still
	 * go through write(), so a full disk is an error, not a signal; a
	 * read error of the disk under a mapped page would be a SIGBUS,
	 * the price SQLite's documentation names for this. */
	if (sqlite3_exec(db, "PRAGMA mmap_size = " STORE_MMAP_BYTES, NULL, NULL, msg) != SQLITE_OK)
		return -1;
	return 0;
}

struct store *store_open(const char *path, int flags, char **err)
{
	*err = NULL;
	struct stat sb;
	bool exists = stat(path, &sb) == 0;
	if (!file_usable(path, flags, exists, &sb, err))
		return NULL;
	int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	oflags |= SQLITE_OPEN_NOMUTEX;

	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, oflags, NULL) != SQLITE_OK) {
		*err = xasprintf("%s: cannot open database: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	/* The search index's tokenizer must exist before any migration or
	 * query touches it. */
	if (fts_zh_register(db) != 0) {
		*err = xasprintf("%s: cannot register the search tokenizer", path);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);

	if ((flags & STORE_READONLY) && !open_unchanging(path, &db, err))
		return NULL;
	/* A file that is not SQLite fails on its first read. */
	if (pragma_int(db, "PRAGMA schema_version") < 0) {
		*err = xasprintf("%s: not a qiao database: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	char *msg = NULL;
	if (set_pragmas(db, flags, &msg) != 0)
		goto sql_error;

	if (flags & STORE_READONLY) {
		int v = pragma_int(db, "PRAGMA user_version");
		if (v != store_latest_version()) {
			*err = xasprintf("%s: schema version %d, expected %d (open it read-write once to migrate)", path, v, store_latest_version());
			sqlite3_close(db);
			return NULL;
		}
	} else if (migrate(db, err) != 0) {
		char *m = xasprintf("%s: %s", path, *err);
		free(*err);
		*err = m;
		sqlite3_close(db);
		return NULL;
	}

	struct store *st = xcalloc(1, sizeof *st);
	st->db = db;
	st->path = xstrdup(path);
	st->readonly = (flags & STORE_READONLY) != 0;
	static uint64_t opened;
	st->serial = ++opened;
	if (stat(path, &sb) == 0) {
		st->dev = sb.st_dev;
		st->ino = sb.st_ino;
	}
	/* The migration check has read the file, so in WAL mode the log this
	 * connection writes exists now: remember which file it is. */
	char *wal = xasprintf("%s-wal", path);
	if (stat(wal, &sb) == 0) {
		st->wal_dev = sb.st_dev;
		st->wal_ino = sb.st_ino;
	}
	free(wal);
	return st;

sql_error:
	*err = xasprintf("%s: %s", path, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	sqlite3_close(db);
	return NULL;
}

static void memo_clear(struct store *st)
{
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		free(st->memo[i].key);
		st->memo[i].key = NULL;
	}
}

void store_close(struct store *st)
{
	if (!st)
		return;
	memo_clear(st);
	if (st->ext_free)
		st->ext_free(st->ext);
	for (size_t i = 0; i < st->n_stmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

const char *store_path(const struct store *st)
{
	return st->path;
}

int store_schema_version(struct store *st)
{
	return pragma_int(st->db, "PRAGMA user_version");
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql)
{
	for (size_t i = 0; i < st->n_stmts; i++) {
		if (st->stmts[i].sql == sql) {
			sqlite3_stmt *s = st->stmts[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		log_error("store: cannot prepare statement: %s", sqlite3_errmsg(st->db));
		return NULL;
	}
	if (st->n_stmts < STMT_CACHE) {
		st->stmts[st->n_stmts].sql = sql;
		st->stmts[st->n_stmts].stmt = s;
		st->n_stmts++;
	} else {
		log_error("store: statement cache full; raise STMT_CACHE");
		abort();
	}
	return s;
}

int store_exec(struct store *st, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_error("store: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int store_begin(struct store *st)
{
	/* Never write (and acknowledge) into a file that is no longer the
	 * database at its path. */
	const char *why = store_file_fault(st);
	if (why) {
		log_error("store: %s: %s; not writing", st->path, why);
		return -1;
	}
	return store_exec(st, "BEGIN IMMEDIATE");
}

int store_commit(struct store *st)
{
	return store_exec(st, "COMMIT");
}

/* SQLite's own busy handler sleeps longer and longer (up to 100 ms a
 * try), so a worker could sleep on well past the moment an import's short
 * transaction let go of the lock, and the whole event loop sleeps with
 * it.  This one tries again every millisecond until the limit: a worker
 * waits about as long as the import's transaction still had to run. */
static int busy_poll(void *arg, int tries)
{
	struct store *st = arg;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (tries == 0)
		st->busy_since = now;
	int64_t waited = (int64_t)(now.tv_sec - st->busy_since.tv_sec) * 1000 +
	                 (now.tv_nsec - st->busy_since.tv_nsec) / 1000000;
	if (waited >= st->busy_ms)
		return 0;
	struct timespec ms = { 0, 1000000 };
	nanosleep(&ms, NULL);
	return 1;
}

void store_set_busy_ms(struct store *st, int ms)
{
	st->busy_ms = ms;
	sqlite3_busy_handler(st->db, busy_poll, st);
}

int store_begin_nowait(struct store *st)
{
	if (store_file_fault(st))
		return store_begin(st); /* refused, and logged, there */
	sqlite3_busy_handler(st->db, NULL, NULL);
	int rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (st->busy_ms > 0)
		sqlite3_busy_handler(st->db, busy_poll, st);
	else
		sqlite3_busy_timeout(st->db, 5000);
	return rc == SQLITE_OK ? 0 : -1;
}

uint64_t store_serial(const struct store *st)
{
	return st->serial;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int64_t store_generation(struct store *st)
{
	return store_one_int(store_stmt(st, "SELECT value FROM meta WHERE key = 'generation'"));
}

bool store_is_demo(struct store *st)
{
	return store_one_int(store_stmt(st, "SELECT value FROM meta WHERE key = 'demo'")) > 0;
}

int64_t store_foreign_version(struct store *st)
{
	return store_one_int(store_stmt(st, "PRAGMA data_version"));
}

int64_t store_changed_at(struct store *st)
{
	int64_t v = store_one_int(store_stmt(st, "SELECT value FROM meta WHERE key = 'changed_at'"));
	return v > 0 ? v : 0;
}

/* The files' sizes and times: any commit by any process in WAL mode writes
 * the -wal file (and a checkpoint the database file). */
static bool files_moved(struct store *st)
{
	struct stat w, d;
	char wal[PATH_MAX];
	snprintf(wal, sizeof wal, "%s-wal", st->path);
	bool have_w = stat(wal, &w) == 0, have_d = stat(st->path, &d) == 0;
	struct timespec wm = have_w ? w.st_mtim : (struct timespec){ 0, 0 };
	struct timespec dm = have_d ? d.st_mtim : (struct timespec){ 0, 0 };
	off_t ws = have_w ? w.st_size : -1;
	bool moved = ws != st->wal_size || wm.tv_sec != st->wal_mtime.tv_sec || wm.tv_nsec != st->wal_mtime.tv_nsec ||
		     dm.tv_sec != st->db_mtime.tv_sec || dm.tv_nsec != st->db_mtime.tv_nsec;
	st->wal_size = ws;
	st->wal_mtime = wm;
	st->db_mtime = dm;
	return moved;
}

static int64_t ts_ms(struct timespec t)
{
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

bool store_changed(struct store *st)
{
	/* Cheap tests first (no lock, no SQL): this runs on every request.
	 * File times are coarse (a few ms), so unchanged times prove nothing
	 * about writes in the same tick as the last one seen: the shortcut is
	 * taken only when, at the last full check, the files had been quiet
	 * for longer than that; any later write then shows a newer time. */
	int64_t tc = sqlite3_total_changes64(st->db);
	bool ours = tc != st->total_changes;
	st->total_changes = tc;
	if (!files_moved(st) && !ours && st->files_quiet)
		return false;
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	int64_t last = ts_ms(st->wal_mtime) > ts_ms(st->db_mtime) ? ts_ms(st->wal_mtime) : ts_ms(st->db_mtime);
	st->files_quiet = ts_ms(now) - last > 50;
	int64_t dv = store_one_int(store_stmt(st, "PRAGMA data_version"));
	bool changed = ours || dv != st->data_version;
	st->data_version = dv;
	return changed;
}

static uint64_t memo_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

#define MEMO_WAYS 8

/* Empty the memo when the content has moved to another generation. */
static void memo_check(struct store *st)
{
	int64_t gen = store_generation(st);
	if (gen != st->memo_generation) {
		memo_clear(st);
		st->memo_generation = gen;
	}
}

void store_memo_reset(struct store *st)
{
	memo_clear(st);
}

bool store_memo_get(struct store *st, const char *key, int64_t *val)
{
	memo_check(st);
	uint64_t h = memo_hash(key);
	for (unsigned w = 0; w < MEMO_WAYS; w++) {
		struct memo_slot *m = &st->memo[(h + w) & (MEMO_SLOTS - 1)];
		if (!m->key)
			return false;
		if (m->hash == h && strcmp(m->key, key) == 0) {
			*val = m->val;
			return true;
		}
	}
	return false;
}

void store_memo_put(struct store *st, const char *key, int64_t val)
{
	memo_check(st);
	uint64_t h = memo_hash(key);
	/* The first free slot of the key's run, else its home slot. */
	struct memo_slot *m = &st->memo[h & (MEMO_SLOTS - 1)];
	for (unsigned w = 0; w < MEMO_WAYS; w++) {
		struct memo_slot *c = &st->memo[(h + w) & (MEMO_SLOTS - 1)];
		if (!c->key || (c->hash == h && strcmp(c->key, key) == 0)) {
			m = c;
			break;
		}
	}
	free(m->key);
	m->key = xstrdup(key);
	m->hash = h;
	m->val = val;
}

bool store_readable(struct store *st)
{
	return store_generation(st) >= 0;
}

void store_opened_file(const struct store *st, dev_t *dev, ino_t *ino, bool *readonly)
{
	*dev = st->dev;
	*ino = st->ino;
	*readonly = st->readonly;
}

bool store_wal_same(struct store *st, dev_t dev, ino_t ino)
{
	if (st->wal_dev == 0 && st->wal_ino == 0) {
		st->wal_dev = dev;
		st->wal_ino = ino;
	}
	return st->wal_dev == dev && st->wal_ino == ino;
}

int64_t store_count(struct store *st, const char *table)
{
	static const char *const tables[] = { "regions", "units", "topics", "items", "item_topics",
		"columns", "articles", "messages", "replies" };
	static const char *const sqls[] = {
		"SELECT count(*) FROM regions", "SELECT count(*) FROM units",
		"SELECT count(*) FROM topics", "SELECT count(*) FROM items",
		"SELECT count(*) FROM item_topics", "SELECT count(*) FROM columns",
		"SELECT count(*) FROM articles", "SELECT count(*) FROM messages",
		"SELECT count(*) FROM replies",
	};
	for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
		if (strcmp(table, tables[i]) != 0)
			continue;
		return store_one_int(store_stmt(st, sqls[i]));
	}
	return -1;
}

void *store_ext(struct store *st)
{
	return st->ext;
}

void store_ext_set(struct store *st, void *p, void (*free_fn)(void *))
{
	if (st->ext_free && st->ext != p)
		st->ext_free(st->ext);
	st->ext = p;
	st->ext_free = free_fn;
}

/* --- the working-day calendar (calendar.h): the other embedded files ---- */

static struct workcal cal;
static bool loaded;

static int load(struct workcal *c, char **err)
{
	workcal_init(c);
	for (const struct embedded_file *f = store_holidays; f->name; f++)
		if (workcal_load(c, f->data, f->name, err) != 0)
			return -1;
	return 0;
}

const struct workcal *store_calendar(void)
{
	if (!loaded) {
		char *err = NULL;
		if (load(&cal, &err) != 0) {
			log_error("holiday calendar: %s", err);
			free(err);
		}
		loaded = true;
	}
	return &cal;
}

int store_calendar_check(char **err)
{
	struct workcal c;
	int rc = load(&c, err);
	workcal_release(&c);
	return rc;
}
