/* fuzz_import_services.c - libFuzzer target for `qiao import services`
 * (src/import/services_import.c through the safe reader).  The input is
 * imported as a file into one in-memory store (regions and topics from the
 * migrations), emptied again after each successful import.  Checks: an
 * error is "PATH:LINE: reason" (or "PATH: reason") on one line and writes
 * nothing (same unit and item counts, same generation); a success's counts
 * match the rows written; a second import of the same file adds nothing. */
#include "core/common.h"
#include "import/batch.h"
#include "import/services_import.h"
#include "store/store.h"
#include "fuzz_util.h"

static const char reset_sql[] =
	"DELETE FROM item_topics; DELETE FROM items; DELETE FROM units";

static struct store *store(void)
{
	static struct store *st;
	if (!st) {
		char *err = NULL;
		log_set_level(LOG_ERROR);
		/* A commit after every element, no pause: the writing pass's
		 * batches run on every input, and quickly. */
		import_batch_pace(0, 0);
		st = store_open(":memory:", STORE_CREATE, &err);
		if (!st) {
			fprintf(stderr, "fuzz_import_services: %s\n", err);
			abort();
		}
		/* The store takes writes (else every import fails at its first
		 * transaction and the checks below see only refusals). */
		if (store_begin(st) != 0) {
			fprintf(stderr, "%s: the store refuses to write\n", "fuzz_import_services");
			abort();
		}
		store_rollback(st);
	}
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store *st = store();
	const char *path = fuzz_path(data, size);
	int64_t units = store_count(st, "units"), items = store_count(st, "items");
	int64_t gen = store_generation(st);
	struct svc_import_result res;
	char *err = NULL;
	int rc = svc_import(st, path, &res, &err);
	if (rc != 0) {
		FUZZ_ASSERT(rc == -1 && err);
		FUZZ_ASSERT(strncmp(err, path, strlen(path)) == 0 && err[strlen(path)] == ':');
		FUZZ_ASSERT(!strchr(err, '\n'));
		FUZZ_ASSERT(store_count(st, "units") == units && store_count(st, "items") == items);
		FUZZ_ASSERT(store_generation(st) == gen);
		free(err);
	} else {
		FUZZ_ASSERT(!err);
		FUZZ_ASSERT(res.units_added >= 0 && res.units_updated >= 0 && res.items_added >= 0 && res.items_updated >= 0);
		FUZZ_ASSERT(store_count(st, "units") == units + res.units_added);
		FUZZ_ASSERT(store_count(st, "items") == items + res.items_added);
		struct svc_import_result again;
		if (svc_import(st, path, &again, &err) != 0) {
			fprintf(stderr, "second import failed: %s\n", err);
			abort();
		}
		FUZZ_ASSERT(again.units_added == 0 && again.items_added == 0);
		if (store_exec(st, reset_sql) != 0)
			abort();
	}
	return 0;
}
