/* fuzz_fts_zh.c - libFuzzer target for the Chinese full-text search:
 * the tokenizer "qiao_zh" (through SQLite FTS5, as the store uses it) and
 * the query builders fts_zh_match() / fts_zh_match_syn() / fts_zh_match_prefix()
 * (src/store/fts_zh.c).  The input's first line is the query; the whole
 * input is the document.  Checks fts_zh.h's promises: whatever the user
 * typed, the built expression is valid FTS5 (no syntax error), NULL only
 * for nothing to search or too long (and too_long only then); a document
 * holding the query's text is found by it; synonyms never break the
 * expression either. */
#include "core/common.h"
#include "store/fts_zh.h"
#include "fuzz_util.h"

#include <sqlite3.h>

static sqlite3 *db;
static sqlite3_stmt *ins, *del, *sel;

static void setup(void)
{
	if (db)
		return;
	log_set_level(LOG_ERROR);
	if (sqlite3_open(":memory:", &db) != SQLITE_OK || fts_zh_register(db) != 0 ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(name, body, tokenize='qiao_zh')", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t (rowid, name, body) VALUES (1, ?1, ?2)", -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "DELETE FROM t", -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY bm25(t, 10.0, 1.0)", -1, &sel, NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz_fts_zh: setup: %s\n", db ? sqlite3_errmsg(db) : "no db");
		abort();
	}
}

/* Run a MATCH: 1 when row 1 is found, 0 when not; abort on an error. */
static int run(const char *expr)
{
	sqlite3_bind_text(sel, 1, expr, -1, SQLITE_STATIC);
	int found = 0, rc;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW)
		found |= sqlite3_column_int64(sel, 0) == 1;
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "fuzz_fts_zh: MATCH %s: %s\n", expr, sqlite3_errmsg(db));
		abort();
	}
	sqlite3_reset(sel);
	sqlite3_clear_bindings(sel);
	return found;
}

static const char *const syns_a[] = { "社会保险", "\"NEAR(x y)\" OR *", "驾驶证 ETC卡", NULL };
static const char *const syns_none[] = { NULL };

static const char *const *syn(const char *term, void *ctx)
{
	(void)ctx;
	if (term[0] == '\0')
		return NULL;
	return (unsigned char)term[0] % 3 == 0 ? syns_a : (unsigned char)term[0] % 3 == 1 ? syns_none : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	const uint8_t *d = data;
	size_t left = size;
	size_t qlen;
	char *query = fuzz_take(&d, &left, '\n', &qlen);
	char *doc = fuzz_copy(data, size);
	/* The query stops at a NUL; in the document a NUL is dropped like a
	 * zero-width character and would join the words on either side. */
	for (size_t i = 0; i < size; i++)
		if (!doc[i])
			doc[i] = ' ';

	sqlite3_step(del);
	sqlite3_reset(del);
	bool in_name = size && (data[0] & 1);
	sqlite3_bind_text(ins, in_name ? 1 : 2, doc, (int)size, SQLITE_STATIC);
	sqlite3_bind_text(ins, in_name ? 2 : 1, "", 0, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE) {
		fprintf(stderr, "fuzz_fts_zh: insert: %s\n", sqlite3_errmsg(db));
		abort();
	}
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);

	bool too_long = true;
	char *expr = fts_zh_match(query, &too_long);
	if (!expr) {
		/* nothing to search, or too long: the doc cannot tell */
	} else {
		FUZZ_ASSERT(!too_long);
		FUZZ_ASSERT(run(expr) == 1);  /* the document holds the query's text */
		bool tl2 = true;
		char *with = fts_zh_match_syn(query, syn, NULL, &tl2);
		FUZZ_ASSERT(with && !tl2);
		FUZZ_ASSERT(run(with) == 1);   /* an OR with the term itself still finds it */
		free(with);
		/* the foreign versions' builder only loosens: prefixes, fewer words */
		bool tl4 = true;
		char *pre = fts_zh_match_prefix(query, &tl4);
		FUZZ_ASSERT(pre && !tl4);
		FUZZ_ASSERT(run(pre) == 1);
		free(pre);
		free(expr);
	}
	/* The whole input as a query too (may hold NULs: stops there). */
	char *all = fuzz_str(data, size);
	bool tl3 = false;
	char *e3 = fts_zh_match_syn(all, syn, NULL, &tl3);
	if (e3) {
		FUZZ_ASSERT(!tl3);
		run(e3);
		free(e3);
	}
	bool tl5 = false;
	char *e5 = fts_zh_match_prefix(all, &tl5);
	if (e5) {
		FUZZ_ASSERT(!tl5);
		run(e5);
		free(e5);
	}
	free(all);
	free(query);
	free(doc);
	return 0;
}
