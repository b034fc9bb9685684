/* backup.c - a consistent copy of the live database with SQLite's online
 * backup API (store.h: store_backup). */
#include "core/common.h"
#include "store/store.h"

#include <sys/stat.h>
#include <unistd.h>

/* Copy every page in one step: the step reads inside one read
 * transaction, which in WAL mode never blocks the server's writers, so the
 * copy is the database as of one commit. */
static int copy_pages(sqlite3 *src, sqlite3 *dst, char **err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		*err = xasprintf("cannot start the backup: %s", sqlite3_errmsg(dst));
		return -1;
	}
	int rc;
	for (int tries = 0; tries < 600; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		*err = xasprintf("backup failed: %s", sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

static int quick_check(sqlite3 *db, char **err)
{
	sqlite3_stmt *s;
	int ok = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &s, NULL) == SQLITE_OK) {
		ok = sqlite3_step(s) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
		sqlite3_finalize(s);
	}
	if (!ok) {
		*err = xasprintf("the copy fails SQLite's quick_check: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int store_backup(struct store *st, const char *dest, char **err)
{
	*err = NULL;
	char *tmp = xasprintf("%s.backup-%ld", dest, (long)getpid());
	unlink(tmp);
	/* The copy holds what the database holds (names, phone numbers):
	 * readable by its owner only. */
	mode_t old = umask(077);
	sqlite3 *dst = NULL;
	int rc = -1;
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		*err = xasprintf("cannot create %s: %s", tmp, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	if (copy_pages(store_db(st), dst, err) != 0 || quick_check(dst, err) != 0)
		goto out;
	if (sqlite3_close(dst) != SQLITE_OK) {
		*err = xasprintf("cannot close %s: %s", tmp, sqlite3_errmsg(dst));
		goto out;
	}
	dst = NULL;
	if (rename(tmp, dest) != 0) {
		*err = xasprintf("cannot rename %s to %s: %s", tmp, dest, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	umask(old);
	if (dst)
		sqlite3_close(dst);
	if (rc != 0) {
		unlink(tmp);
		store_remove_side_files(tmp);
	}
	free(tmp);
	return rc;
}

void store_remove_side_files(const char *path)
{
	static const char *const sides[] = { "-wal", "-shm" };
	for (size_t i = 0; i < ARRAY_LEN(sides); i++) {
		char *p = xasprintf("%s%s", path, sides[i]);
		unlink(p);
		free(p);
	}
}
