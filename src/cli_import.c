/* cli_import.c - `qiao import KIND FILE [--db PATH]`: load content files.
 *
 * One importer per kind in the table below; each runs in one transaction
 * and reports the first problem as "FILE:LINE: reason".  Exit status: 0
 * done, 1 bad input or database failure (nothing written), 2 usage. */
#include "core/common.h"
#include "store/services_import.h"
#include "store/store.h"

int cmd_import(int argc, char **argv);

/* One line on stderr, "qiao: ...".  (main.c's cli_error is not linked
 * into the unit tests, which link every src/ object but main.o.) */
static void import_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void import_error(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_adds(&b, "qiao: ");
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\r')
			b.data[i] = ' ';
	buf_addc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	buf_release(&b);
}

/* Run one importer on an open store: 0, or -1 with *err set (malloc'd). */
typedef int (*import_fn)(struct store *st, const char *path, char **err);

static int import_services(struct store *st, const char *path, char **err)
{
	struct svc_import_result r;
	if (svc_import(st, path, &r, err) != 0)
		return -1;
	printf("qiao: %s: %d units added, %d updated; %d items added, %d updated\n", path,
	       r.units_added, r.units_updated, r.items_added, r.items_updated);
	return 0;
}

static const struct importer {
	const char *kind;
	import_fn run;
	const char *summary;
} importers[] = {
	{ "services", import_services, "service guides (docs/services-format.md)" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: qiao import KIND FILE [--db PATH]\n\nLoad a content file in one transaction (nothing is written on error).\n");
	for (size_t i = 0; i < ARRAY_LEN(importers); i++)
		fprintf(f, "  %-10s %s\n", importers[i].kind, importers[i].summary);
	fprintf(f, "  --db PATH  database (default $QIAO_DB or var/qiao.db)\n");
}

int cmd_import(int argc, char **argv)
{
	const char *kind = NULL, *file = NULL, *db = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--db") == 0) {
			if (++i == argc) {
				import_error("import: option '--db' needs a value");
				return 2;
			}
			db = argv[i];
		} else if (strncmp(a, "--db=", 5) == 0) {
			db = a + 5;
		} else if (a[0] == '-' && a[1]) {
			import_error("import: unknown option '%s' (see 'qiao import --help')", a);
			return 2;
		} else if (!kind) {
			kind = a;
		} else if (!file) {
			file = a;
		} else {
			import_error("import: unexpected argument '%s' (see 'qiao import --help')", a);
			return 2;
		}
	}
	if (!kind || !file) {
		import_error("import: needs KIND and FILE (see 'qiao import --help')");
		return 2;
	}
	const struct importer *imp = NULL;
	for (size_t i = 0; i < ARRAY_LEN(importers); i++)
		if (strcmp(kind, importers[i].kind) == 0)
			imp = &importers[i];
	if (!imp) {
		import_error("import: unknown kind '%s' (see 'qiao import --help')", kind);
		return 2;
	}
	if (!db || !*db) {
		const char *env = getenv("QIAO_DB");
		db = env && *env ? env : "var/qiao.db";
	}
	char *err = NULL;
	struct store *st = store_open(db, STORE_READWRITE, &err);
	if (!st) {
		import_error("import: %s", err);
		free(err);
		return 1;
	}
	int rc = 0;
	if (imp->run(st, file, &err) != 0) {
		import_error("%s", err ? err : "import failed");
		rc = 1;
	}
	free(err);
	store_close(st);
	return rc;
}
