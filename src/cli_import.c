/* cli_import.c - qiao import KIND FILE: how staff publish content. */
#include "core/common.h"
#include "cli.h"
#include "import/batch.h"
#include "import/import_news.h"
#include "import/services_import.h"
#include "store/store.h"

#include <getopt.h>
#include <unistd.h>

static const char import_usage[] =
	"usage: qiao import news FILE [--column ID] [--db PATH]\n"
	"       qiao import services FILE [--db PATH]\n"
	"\n"
	"Import content from an XML file.  The whole file is checked first: on any\n"
	"error nothing is written.  It is then written in short transactions, so the\n"
	"server keeps answering; should the database fail half-way, importing the\n"
	"same file again completes it.  On a terminal a progress line is shown.\n"
	"  news FILE      an RSS 2.0 feed or a <qiao-news> document (docs/news-format.md);\n"
	"                 articles are keyed by guid (or link): re-importing updates them\n"
	"  services FILE  units, service items and topics (docs/services-format.md);\n"
	"                 units by id and items by code: re-importing updates in place\n"
	"  --column ID    the column for RSS items (required for RSS)\n"
	"  --db PATH      database (default $QIAO_DB or var/qiao.db)\n";

static int import_services_cmd(const char *db, const char *file)
{
	char *err = NULL;
	struct store *st = cli_open_store("import", cli_db_path(db), STORE_READWRITE);
	if (!st)
		return 1;
	struct svc_import_result r;
	int rc = svc_import(st, file, &r, &err);
	store_close(st);
	if (rc != 0) {
		cli_error("%s", err ? err : "import failed");
		free(err);
		return 1;
	}
	printf("qiao: %s: %d units added, %d updated; %d items added, %d updated\n", file,
	       r.units_added, r.units_updated, r.items_added, r.items_updated);
	return 0;
}

static int import_news_cmd(const char *db, const char *file, int64_t column)
{
	char *err = NULL;
	struct store *st = cli_open_store("import", cli_db_path(db), STORE_READWRITE);
	if (!st)
		return 1;
	struct import_result res;
	int rc = import_news(st, file, column, &res, &err);
	store_close(st);
	if (rc != 0) {
		cli_error("%s", err);
		free(err);
		return 1;
	}
	printf("qiao: %s: %d added, %d updated, %d unchanged, %d columns\n", file, res.added,
	       res.updated, res.unchanged, res.columns);
	return 0;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "column", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	int64_t column = 0;
	int c;
	while ((c = cli_next_opt("import", argc, argv, opts)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': {
			char *end;
			errno = 0;
			long long v = strtoll(optarg, &end, 10);
			if (errno || *end || end == optarg || v <= 0) {
				cli_error("import: --column needs a positive number, not '%s'", optarg);
				return EXIT_USAGE;
			}
			column = v;
			break;
		}
		case 'h': fputs(import_usage, stdout); return 0;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		cli_error("import: expected KIND FILE (see 'qiao import --help')");
		return EXIT_USAGE;
	}
	const char *kind = argv[optind], *file = argv[optind + 1];
	import_show_progress(isatty(STDERR_FILENO));
	if (strcmp(kind, "news") == 0)
		return import_news_cmd(db, file, column);
	if (strcmp(kind, "services") == 0)
		return import_services_cmd(db, file);
	cli_error("import: unknown kind '%s' (news or services)", kind);
	return EXIT_USAGE;
}
