/* main.c - the qiao command line: serve | init | migrate | ... */
#include "core/common.h"
#include "cli.h"
#include "app/app.h"
#include "http/server.h"
#include "demo/demo.h"
#include "pages/pages.h"
#include "store/services.h"

#include "store/store.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

static int no_extra_args(const char *cmd, int argc, char **argv)
{
	if (optind < argc) {
		cli_error("%s: unexpected argument '%s' (see 'qiao %s --help')", cmd, argv[optind], cmd);
		return -1;
	}
	return 0;
}

/* --- qiao init --------------------------------------------------------- */

static const char init_usage[] =
	"usage: qiao init [--db PATH] [--demo [--scale N]] [--force]\n"
	"\n"
	"Create the database with the current schema.\n"
	"  --db PATH   database to create (default $QIAO_DB or var/qiao.db)\n"
	"  --demo      fill it with the demo portal (deterministic)\n"
	"  --scale N   with --demo: N times the service items (1-20, default 1;\n"
	"              a load-test catalogue, each unit N times)\n"
	"  --force     replace an existing database\n";

static int remove_db_files(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
		char *p = xasprintf("%s%s", path, suffixes[i]);
		int rc = unlink(p);
		int e = errno;
		free(p);
		if (rc != 0 && e != ENOENT) {
			cli_error("init: cannot remove %s%s: %s", path, suffixes[i], strerror(e));
			return -1;
		}
	}
	return 0;
}

/* May init write path?  0, or 1 after saying why not. */
static int init_target_ok(const char *path, bool force)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		return 0;
	if (S_ISDIR(sb.st_mode)) {
		cli_error("init: %s is a directory; --db names the database file to create", path);
		return 1;
	}
	if (!force) {
		cli_error("init: %s already exists (use --force to replace it)", path);
		return 1;
	}
	if (!S_ISREG(sb.st_mode)) {
		cli_error("init: %s is not a regular file", path);
		return 1;
	}
	return 0;
}

/* Create the database at tmp (and the demo portal in it): 0, or 1 after
 * saying why not. */
static int init_build(const char *tmp, bool demo, int scale)
{
	char *err = NULL;
	int rc = 1;
	if (remove_db_files(tmp) != 0)
		return 1;
	struct store *st = cli_open_store("init", tmp, STORE_CREATE);
	if (!st)
		return 1;
	if (demo && demo_fill_scaled(st, DEMO_SEED, scale, isatty(STDERR_FILENO), &err) != 0)
		cli_error("init: demo data: %s", err);
	else if (demo && (store_begin(st) != 0 || svc_reindex_all(st) != 0 || store_commit(st) != 0))
		cli_error("init: cannot build the search index");
	/* Fold the WAL back so the renamed file is complete on its own. */
	else if (store_exec(st, "PRAGMA wal_checkpoint(TRUNCATE)") != 0)
		cli_error("init: cannot checkpoint %s", tmp);
	else
		rc = 0;
	store_close(st);
	free(err);
	return rc;
}

static int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "demo", no_argument, NULL, 'D' },
		{ "force", no_argument, NULL, 'f' },
		{ "scale", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *scale_arg = NULL;
	bool demo = false, force = false;
	int c, scale = 1;
	while ((c = cli_next_opt("init", argc, argv, opts)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'D': demo = true; break;
		case 'f': force = true; break;
		case 's': scale_arg = optarg; break;
		case 'h': fputs(init_usage, stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (no_extra_args("init", argc, argv))
		return EXIT_USAGE;
	if (scale_arg) {
		char *end;
		errno = 0;
		long v = strtol(scale_arg, &end, 10);
		if (!demo) {
			cli_error("init: --scale needs --demo");
			return EXIT_USAGE;
		}
		if (errno || end == scale_arg || *end || v < 1 || v > DEMO_SCALE_MAX) {
			cli_error("init: --scale wants a whole number from 1 to %d, not '%s'", DEMO_SCALE_MAX, scale_arg);
			return EXIT_USAGE;
		}
		scale = (int)v;
	}
	const char *path = cli_db_path(db);
	if (init_target_ok(path, force) != 0)
		return 1;

	/* Build into a temporary file and rename it into place, so a failed or
	 * interrupted init never leaves a half-filled database behind. */
	char *tmp = xasprintf("%s.init-%ld", path, (long)getpid());
	int rc = 1;
	if (init_build(tmp, demo, scale) != 0 || (force && remove_db_files(path) != 0))
		goto out;
	if (rename(tmp, path) != 0) {
		cli_error("init: cannot create %s: %s", path, strerror(errno));
		goto out;
	}
	printf("qiao: created %s (schema version %d%s)\n", path, store_latest_version(), demo ? ", demo portal" : "");
	rc = 0;
out:
	if (rc != 0)
		remove_db_files(tmp);
	else
		store_remove_side_files(tmp);
	free(tmp);
	return rc;
}

/* --- qiao migrate ------------------------------------------------------ */

static const char migrate_usage[] =
	"usage: qiao migrate [--db PATH]\n"
	"\n"
	"Bring an existing database up to the current schema and print its version.\n"
	"(Every command does this when it opens the database; this one only migrates.)\n";

static int cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	int c;
	while ((c = cli_next_opt("migrate", argc, argv, opts)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(migrate_usage, stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (no_extra_args("migrate", argc, argv))
		return EXIT_USAGE;
	struct store *st = cli_open_store("migrate", cli_db_path(db), STORE_READWRITE);
	if (!st)
		return 1;
	printf("qiao: %s is at schema version %d\n", store_path(st), store_schema_version(st));
	store_close(st);
	return 0;
}

/* --- dispatch ---------------------------------------------------------- */

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "serve", cmd_serve, "serve the portal over HTTP" },
	{ "config", cmd_config, "check the configuration file and print the effective settings" },
	{ "init", cmd_init, "create the database (--demo: with the demo portal)" },
	{ "migrate", cmd_migrate, "upgrade a database to the current schema" },
	{ "backup", cmd_backup, "copy the database consistently, also while serving" },
	{ "import", cmd_import, "import news (RSS or our XML) or service guides into the store" },
	{ "check", cmd_check, "crawl the running portal as three phones and check every page" },
	{ "messages", cmd_messages, "staff: list, show, reply to, publish or reject messages" },
	{ "user", cmd_user, "staff accounts of the console: add, passwd, disable, list" },
	{ "device", cmd_device, "explain the dialect chosen for a phone; import UAProf profiles" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: qiao [--help] [--version] COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'qiao COMMAND --help' describes a command.  Commands that use the\n"
		   "database take --db PATH (default $QIAO_DB or var/qiao.db).\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
		printf("qiao %s (SQLite %s)\n", QIAO_VERSION, sqlite3_libversion());
		return 0;
	}
	for (size_t i = 0; i < ARRAY_LEN(commands); i++) {
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	}
	if (cmd[0] == '-')
		cli_error("unknown option '%s' (see 'qiao --help')", cmd);
	else
		cli_error("unknown command '%s' (see 'qiao --help')", cmd);
	return EXIT_USAGE;
}
