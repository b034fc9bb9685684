/* cli_backup.c - qiao backup DEST: a consistent copy of the live
 * database (store_backup), safe while the server runs. */
#include "core/common.h"
#include "cli.h"
#include "store/store.h"

#include <getopt.h>
#include <sys/stat.h>

static const char backup_usage[] =
	"usage: qiao backup [--db PATH] [--force] DEST\n"
	"\n"
	"Copy the database to DEST with SQLite's online backup API: one consistent\n"
	"state, also while the server writes.  Restore: stop the server, copy DEST\n"
	"over the database and remove its -wal and -shm files, start it (qiao(8)).\n"
	"  --db PATH   database to copy (default $QIAO_DB or var/qiao.db)\n"
	"  --force     replace DEST if it exists\n";

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	bool force = false;
	int c;
	while ((c = cli_next_opt("backup", argc, argv, opts)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f': force = true; break;
		case 'h': fputs(backup_usage, stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error("backup: missing DEST (see 'qiao backup --help')");
		return EXIT_USAGE;
	}
	if (optind + 1 < argc) {
		cli_error("backup: unexpected argument '%s' (see 'qiao backup --help')", argv[optind + 1]);
		return EXIT_USAGE;
	}
	const char *dest = argv[optind];
	const char *path = cli_db_path(db);
	struct stat sd, ss;
	if (stat(dest, &sd) == 0) {
		if (S_ISDIR(sd.st_mode)) {
			cli_error("backup: %s is a directory; DEST names the file to write", dest);
			return 1;
		}
		if (stat(path, &ss) == 0 && ss.st_dev == sd.st_dev && ss.st_ino == sd.st_ino) {
			cli_error("backup: %s is the database itself", dest);
			return 1;
		}
		if (!force) {
			cli_error("backup: %s already exists (use --force to replace it)", dest);
			return 1;
		}
	}
	struct store *st = cli_open_store("backup", path, STORE_READONLY);
	if (!st)
		return 1;
	char *err = NULL;
	int rc = 0;
	if (store_backup(st, dest, &err) != 0) {
		cli_error("backup: %s", err);
		free(err);
		rc = 1;
	} else {
		printf("qiao: backed up %s to %s\n", path, dest);
	}
	store_close(st);
	return rc;
}
