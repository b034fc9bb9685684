/* test_import_services.c - `qiao import services` (svc_import) on the
 * fixtures in tests/fixtures/services, and the search over what it wrote. */
#include "core/common.h"
#include "harness.h"
#include "store/services.h"
#include "import/services_import.h"
#include "store/store.h"
#include "import/xmlsafe.h"

#include <unistd.h>

#define FIX "tests/fixtures/services/"

static char db_path[64];

static struct store *fresh(void)
{
	snprintf(db_path, sizeof db_path, "/tmp/qiao-test-import-%ld.db", (long)getpid());
	unlink(db_path);
	char *err = NULL;
	struct store *st = store_open(db_path, STORE_CREATE, &err);
	if (!st) {
		fprintf(stderr, "store_open: %s\n", err);
		free(err);
	}
	return st;
}

static void done(struct store *st)
{
	store_close(st);
	char p[96];
	unlink(db_path);
	snprintf(p, sizeof p, "%s-wal", db_path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", db_path);
	unlink(p);
}

static int64_t count(struct store *st, const char *sql)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	int64_t v = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	if (s)
		sqlite3_reset(s);
	return v;
}

static int64_t hits(struct store *st, const char *q)
{
	struct svc_search s = { .query = q, .limit = 10 };
	struct svc_results r;
	if (svc_search(st, &s, &r) != 0)
		return -1;
	int64_t t = r.state == SVC_QUERY_OK ? r.total : -2;
	svc_results_release(&r);
	return t;
}

/* Import a bad fixture into a fresh store: the error and nothing written. */
static char *bad(const char *file)
{
	struct store *st = fresh();
	if (!st)
		return NULL;
	int64_t gen = store_generation(st);
	char *err = NULL;
	struct svc_import_result res;
	int rc = svc_import(st, file, &res, &err);
	CHECK_INT(rc, -1);
	CHECK_INT(count(st, "SELECT count(*) FROM items"), 0);
	CHECK_INT(count(st, "SELECT count(*) FROM units"), 0);
	CHECK_INT(store_generation(st), gen);
	done(st);
	return err;
}

TEST(good_file_imports_units_items_topics)
{
	struct store *st = fresh();
	CHECK(st != NULL);
	if (!st)
		return;
	char *err = NULL;
	struct svc_import_result res;
	CHECK_INT(svc_import(st, FIX "good.xml", &res, &err), 0);
	CHECK(err == NULL);
	CHECK_INT(res.units_added, 1);
	CHECK_INT(res.items_added + res.items_updated, 3);
	CHECK_INT(count(st, "SELECT count(*) FROM items"), 3);
	/* region code 430102 is 天心区 (id 17) in migration 001 */
	CHECK_INT(count(st, "SELECT region_id FROM units WHERE id = 900001"), 17);
	CHECK_INT(count(st, "SELECT count(*) FROM item_topics t JOIN items i ON i.id = t.item_id WHERE i.code = 'TEST-0001'"), 2);
	/* materials: one paragraph per line, trimmed */
	sqlite3_stmt *s = store_stmt(st, "SELECT materials, kind, name FROM items WHERE code = ?1");
	sqlite3_bind_text(s, 1, "TEST-0001", -1, SQLITE_STATIC);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(s, 0),
		  "1. 申请表原件1份\n2. 居民身份证原件及复印件1份\n3. 旧名称不应再被找到（说明材料）");
	CHECK_STR((const char *)sqlite3_column_text(s, 1), "行政许可");
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, "TEST-0002", -1, SQLITE_STATIC);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(s, 2), "外资企业 ETC 备案 & 变更");
	sqlite3_reset(s);

	/* The index follows: body text, Latin words, synonyms both ways. */
	CHECK_INT(hits(st, "夜市"), 1);
	CHECK_INT(hits(st, "旧名称"), 1);
	CHECK_INT(hits(st, "etc"), 1);
	CHECK_INT(hits(st, "ＥＴＣ"), 1);
	CHECK_INT(hits(st, "社保"), 1);     /* TEST-0003 says 社保 in its name */
	CHECK_INT(hits(st, "社会保险"), 1); /* ... and 社会保险 in its conditions */
	CHECK_INT(hits(st, "身份证"), 1);
	CHECK_INT(hits(st, "\"(*):"), -2); /* nothing searchable: EMPTY */
	CHECK_INT(hits(st, "NEAR("), 0);   /* a word, not FTS5 syntax */

	/* Re-import of a changed file: updated in place, old text unindexed. */
	CHECK_INT(svc_import(st, FIX "good-v2.xml", &res, &err), 0);
	CHECK_INT(res.units_updated, 1);
	CHECK_INT(res.items_updated, 3);
	CHECK_INT(count(st, "SELECT count(*) FROM items"), 3);
	CHECK_INT(hits(st, "旧名称"), 0);
	CHECK_INT(hits(st, "营业场所"), 1);
	CHECK_INT(hits(st, "夜市"), 1);
	/* The index agrees with a full rebuild. */
	CHECK_INT(store_exec(st, "INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)"), 0);
	CHECK_INT(store_exec(st, "INSERT INTO items_name_fts (items_name_fts, rank) VALUES ('integrity-check', 1)"), 0);
	done(st);
}

TEST(name_hits_rank_first)
{
	struct store *st = fresh();
	if (!st)
		return;
	char *err = NULL;
	CHECK_INT(svc_import(st, FIX "good.xml", NULL, &err), 0);
	/* 营业执照 is in TEST-0002's materials only; 外资 is in its name. */
	struct svc_search s = { .query = "社保", .limit = 10 };
	struct svc_results r;
	CHECK_INT(svc_search(st, &s, &r), 0);
	CHECK_INT(r.name_hits, 1);
	CHECK_INT(r.n, 1);
	CHECK(r.n == 1 && strstr(r.rows[0].name, "社保") != NULL);
	svc_results_release(&r);
	s.query = "社会保险";
	CHECK_INT(svc_search(st, &s, &r), 0);
	CHECK_INT(r.total, 1);
	CHECK_INT(r.name_hits, 1); /* through the synonym 社保 in the name */
	svc_results_release(&r);
	s.query = "社社社社社社社社社社社社社社社社社社社社社";
	CHECK_INT(svc_search(st, &s, &r), 0);
	CHECK_INT(r.state, SVC_QUERY_TOO_LONG);
	svc_results_release(&r);
	done(st);
}

struct segs {
	char out[256];
	size_t len;
};

static void seg(const char *s, size_t n, bool hit, void *ctx)
{
	struct segs *g = ctx;
	g->len += (size_t)snprintf(g->out + g->len, sizeof g->out - g->len, "%s%.*s%s",
				   hit ? "[" : "", (int)n, s, hit ? "]" : "");
}

TEST(highlight_folds_like_the_index)
{
	char *terms[] = { "社保", "etc" };
	struct segs g = { .len = 0 };
	svc_highlight("办理社保卡和ＥＴＣ", strlen("办理社保卡和ＥＴＣ"), terms, 2, seg, &g);
	CHECK_STR(g.out, "办理[社保]卡和[ＥＴＣ]");
	g.len = 0;
	g.out[0] = '\0';
	char *t2[] = { "驾照" };
	svc_highlight("駕照\xff", 7, t2, 1, seg, &g);
	CHECK_STR(g.out, "[駕照]\xff"); /* invalid byte kept for the escaper */
}

TEST(bad_files_rejected_with_line)
{
	char *e;
	e = bad(FIX "bad-missing-name.xml");
	CHECK_CONTAINS(e, FIX "bad-missing-name.xml:7: ");
	CHECK_CONTAINS(e, "<name>");
	free(e);
	e = bad(FIX "xxe.xml");
	CHECK_CONTAINS(e, "DOCTYPE");
	CHECK_NOT_CONTAINS(e, "root:");
	free(e);
	e = bad(FIX "billion-laughs.xml");
	CHECK(e != NULL);
	free(e);
	e = bad(FIX "bad-region.xml");
	CHECK_CONTAINS(e, "bad-region.xml:3: unknown region code '999999'");
	free(e);
	e = bad(FIX "bad-unit.xml");
	CHECK_CONTAINS(e, "bad-unit.xml:3: ");
	CHECK_CONTAINS(e, "unknown unit");
	free(e);
	e = bad(FIX "bad-topic.xml");
	CHECK_CONTAINS(e, "unknown topic 77");
	free(e);
	e = bad(FIX "bad-url.xml");
	CHECK_CONTAINS(e, "http://");
	free(e);
	e = bad(FIX "bad-element.xml");
	CHECK_CONTAINS(e, "bad-element.xml:6: unknown element <price>");
	free(e);
	e = bad(FIX "bad-xml.xml");
	CHECK_CONTAINS(e, "bad-xml.xml:4: not well-formed XML: end tag does not match the start tag <unit>");
	free(e);
	e = bad(FIX "no-such-file.xml");
	CHECK_CONTAINS(e, "no-such-file.xml: ");
	free(e);
}

static char *write_tmp(const char *name, const char *text)
{
	char *p = xasprintf("/tmp/qiao-test-import-%ld-%s", (long)getpid(), name);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return p;
}

#define UNIT(id) "<unit id=\"" id "\" region=\"430102\" name=\"单位\"/>\n"
#define ITEM(code) "<item code=\"" code "\" unit=\"900001\"><name>事项</name></item>\n"

/* Issue 15, fault 3: the services import is as strict as the news import. */
TEST(duplicates_in_one_file_are_errors)
{
	char *p = write_tmp("dup-item.xml", "<services version=\"1\">\n" UNIT("900001") ITEM("A-1") ITEM("A-2") ITEM("A-1") "</services>\n");
	char *e = bad(p);
	char *want = xasprintf("%s:5: duplicate item code 'A-1' (first at line 3)", p);
	CHECK_STR(e, want);
	free(want);
	free(e);
	unlink(p);
	free(p);
	p = write_tmp("dup-unit.xml", "<services version=\"1\">\n" UNIT("900001") ITEM("A-1") UNIT("900002") UNIT("900001") "</services>\n");
	e = bad(p);
	want = xasprintf("%s:5: duplicate unit id 900001 (first at line 2)", p);
	CHECK_STR(e, want);
	free(want);
	free(e);
	unlink(p);
	free(p);
}

TEST(same_limits_and_messages_as_news)
{
	/* One size limit for both importers, checked before reading. */
	CHECK_INT(SVC_IMPORT_MAX_FILE, XMLSAFE_MAX_FILE);
	CHECK(XMLSAFE_MAX_FILE <= (size_t)32 * 1024 * 1024);
	char *p = xasprintf("/tmp/qiao-test-import-%ld-big.xml", (long)getpid());
	FILE *f = fopen(p, "w");
	CHECK(f && ftruncate(fileno(f), (off_t)XMLSAFE_MAX_FILE + 1) == 0);
	if (f)
		fclose(f);
	char *e = bad(p);
	CHECK_CONTAINS(e, "file too large");
	free(e);
	unlink(p);
	free(p);
	/* An entity in an attribute: refused in our words, with its line. */
	p = write_tmp("ent-attr.xml", "<services version=\"1\">\n<unit id=\"1\"\n name=\"&e;\"/>\n</services>\n");
	e = bad(p);
	char *want = xasprintf("%s:3: not well-formed XML: undefined entity &e;", p);
	CHECK_CONTAINS(e, want);
	free(want);
	CHECK_NOT_CONTAINS(e, "Entity 'e' not defined");
	free(e);
	unlink(p);
	free(p);
	/* A DOCTYPE whose internal subset declares it: refused at the DOCTYPE. */
	p = write_tmp("ent-dtd.xml", "<?xml version=\"1.0\"?>\n\n<!DOCTYPE services [\n<!ENTITY e \"v\">\n]>\n<services><unit id=\"1\" name=\"&e;\"/></services>\n");
	e = bad(p);
	want = xasprintf("%s:3: DOCTYPE not allowed", p);
	CHECK_STR(e, want);
	free(want);
	free(e);
	unlink(p);
	free(p);
	/* Past libxml2's own limits: no advice about its options. */
	struct buf b = BUF_INIT;
	buf_adds(&b, "<services version=\"1\">\n<");
	for (int i = 0; i < 60000; i++)
		buf_addc(&b, 'n');
	buf_adds(&b, "/>\n</services>\n");
	p = write_tmp("long-name.xml", b.data);
	buf_release(&b);
	e = bad(p);
	CHECK_CONTAINS(e, ":2: not well-formed XML: ");
	CHECK_NOT_CONTAINS(e, "XML_PARSE_HUGE");
	CHECK_NOT_CONTAINS(e, "Name too long");
	free(e);
	unlink(p);
	free(p);
	b = (struct buf)BUF_INIT;
	buf_adds(&b, "<services version=\"1\">\n<unit id=\"1\" name=\"");
	for (int i = 0; i < 11000000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\"/>\n</services>\n");
	p = write_tmp("long-attr.xml", b.data);
	buf_release(&b);
	e = bad(p);
	CHECK_CONTAINS(e, "not well-formed XML: ");
	CHECK_NOT_CONTAINS(e, "XML_PARSE_HUGE");
	CHECK_NOT_CONTAINS(e, "AttValue");
	if (e)
		fprintf(stderr, "    (long attribute: %s)\n", e);
	free(e);
	unlink(p);
	free(p);
}

int main(void)
{
	RUN(good_file_imports_units_items_topics);
	RUN(name_hits_rank_first);
	RUN(highlight_folds_like_the_index);
	RUN(bad_files_rejected_with_line);
	RUN(duplicates_in_one_file_are_errors);
	RUN(same_limits_and_messages_as_news);
	return harness_done("import_services");
}
