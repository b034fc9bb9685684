/* fuzz_uaprof.c - libFuzzer target for the UAProf profile reader
 * (src/import/uaprof_import.c, `qiao device import-uaprof`): the input is
 * imported as a profile file into one in-memory store, under its own
 * rdf:about or, when the first byte is odd, a fixed URL.  Checks
 * uaprof_import.h's promises: an error is "PATH:LINE: reason" or
 * "PATH: reason" on one line and writes nothing (same row count); a
 * success stores one row under the URL it reports (a second import of
 * the same file replaces it, adding no row) with a sane screen size. */
#include "core/common.h"
#include "import/uaprof_import.h"
#include "store/store.h"
#include "fuzz_util.h"

static struct store *store(void)
{
	static struct store *st;
	if (!st) {
		char *err = NULL;
		log_set_level(LOG_ERROR);
		st = store_open(":memory:", STORE_CREATE, &err);
		if (!st) {
			fprintf(stderr, "fuzz_uaprof: %s\n", err);
			abort();
		}
		/* The store takes writes (else every import fails at its first
		 * transaction and the checks below see only refusals). */
		if (store_begin(st) != 0) {
			fprintf(stderr, "%s: the store refuses to write\n", "fuzz_uaprof");
			abort();
		}
		store_rollback(st);
	}
	return st;
}

static int64_t count(struct store *st)
{
	return store_one_int(store_stmt(st, "SELECT count(*) FROM uaprof"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *st = store();
	const char *path = fuzz_path(data, size);
	const char *url = size && (data[0] & 1) ? "http://fuzz.example.test/p.rdf" : NULL;
	int64_t rows = count(st);
	struct uaprof_import_result res;
	memset(&res, 0, sizeof res);
	char *err = NULL;
	int rc = uaprof_import(st, path, url, &res, &err);
	if (rc != 0) {
		FUZZ_ASSERT(rc == -1 && err);
		FUZZ_ASSERT(strncmp(err, path, strlen(path)) == 0 && err[strlen(path)] == ':');
		FUZZ_ASSERT(!strchr(err, '\n'));
		FUZZ_ASSERT(count(st) == rows);
		free(err);
	} else {
		FUZZ_ASSERT(!err && res.url && res.url[0]);
		if (url)
			FUZZ_ASSERT(strcmp(res.url, url) == 0);
		FUZZ_ASSERT(count(st) == rows + (res.replaced ? 0 : 1));
		FUZZ_ASSERT((res.screen_w == 0) == (res.screen_h == 0));
		struct uaprof_import_result again;
		memset(&again, 0, sizeof again);
		if (uaprof_import(st, path, url, &again, &err) != 0) {
			fprintf(stderr, "second import failed: %s\n", err);
			abort();
		}
		FUZZ_ASSERT(again.replaced && strcmp(again.url, res.url) == 0);
		FUZZ_ASSERT(count(st) == rows + (res.replaced ? 0 : 1));
		uaprof_import_result_release(&again);
		if (store_exec(st, "DELETE FROM uaprof") != 0)
			abort();
	}
	uaprof_import_result_release(&res);
	return 0;
}
