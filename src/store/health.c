/* health.c - is the database at its path still the one this connection
 * has open, and usable (store.h: store_fault)? */
#include "core/common.h"
#include "store/store.h"
#include "store/store_int.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

const char *store_file_fault(struct store *st)
{
	dev_t dev;
	ino_t ino;
	bool readonly;
	store_opened_file(st, &dev, &ino, &readonly);
	sqlite3 *db = store_db(st);
	const char *path = store_path(st);
	struct stat sb;
	/* An in-memory database (the fuzz targets') has no file to lose. */
	const char *file = sqlite3_db_filename(db, "main");
	if (!file || !*file)
		return NULL;
	if (stat(path, &sb) != 0)
		return "the database file was removed";
	if (sb.st_dev != dev || sb.st_ino != ino)
		return "the database file was replaced";
	if (access(path, readonly ? R_OK : R_OK | W_OK) != 0)
		return readonly ? "the database file is not readable" : "the database file is not readable and writable";
	if (readonly)
		return NULL;
	/* Once read in WAL mode the log exists while the connection is open;
	 * without it committed letters would go to a deleted file. */
	char *wal = xasprintf("%s-wal", path);
	const char *why = NULL;
	/* Another connection (a second worker opening late) recreates a
	 * removed log under the same name; this connection still writes the
	 * deleted one, so the file's identity is checked, not only its name. */
	if (stat(wal, &sb) == 0 && !store_wal_same(st, sb.st_dev, sb.st_ino)) {
		why = "the database's write-ahead log was replaced";
	} else if (sqlite3_get_autocommit(db) && stat(wal, &sb) != 0 && errno == ENOENT) {
		sqlite3_stmt *s;
		bool is_wal = false;
		if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK) {
			is_wal = sqlite3_step(s) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 0), "wal") == 0;
			sqlite3_finalize(s);
		}
		if (is_wal)
			why = "the database's write-ahead log was removed";
	} else if (access(wal, W_OK) != 0 && errno != ENOENT) {
		why = "the database's write-ahead log is not writable";
	}
	free(wal);
	return why;
}

const char *store_fault(struct store *st)
{
	const char *why = store_file_fault(st);
	if (!why && !store_readable(st))
		why = "the database cannot be read";
	return why;
}

