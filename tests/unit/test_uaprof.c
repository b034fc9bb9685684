/* test_uaprof.c - UAProf profiles: import from the fixtures written to the
 * UAProf schema (tests/fixtures/uaprof), lookup by URL and by request
 * header, and what detection makes of them. */
#include "core/common.h"
#include "harness.h"

#include <unistd.h>

#include "device/device.h"
#include "store/store.h"
#include "import/uaprof_import.h"
#include "store/uaprof.h"

#define W12 "http://uaprof.example.test/qiao/W12.rdf"
#define W20 "http://uaprof.example.test/qiao/W20r100.xml"

static char db_path[128];
static struct store *st;

static char *fixture(const char *name)
{
	const char *top = getenv("QIAO_TOP");
	return xasprintf("%s/tests/fixtures/uaprof/%s", top && *top ? top : ".", name);
}

/* Import name; returns the error text ("" on success), caller frees. */
static char *import(const char *name, const char *url, struct uaprof_import_result *res)
{
	char *path = fixture(name), *err = NULL;
	int rc = uaprof_import(st, path, url, res, &err);
	free(path);
	if (rc == 0)
		return xstrdup("");
	return err ? err : xstrdup("(no message)");
}

static int64_t rows(void)
{
	return store_one_int(store_stmt(st, "SELECT count(*) FROM uaprof"));
}

TEST(import_fixtures)
{
	struct uaprof_import_result r;
	char *e = import("wap12-wml.rdf", NULL, &r);
	CHECK_STR(e, "");
	free(e);
	CHECK_STR(r.url, W12);
	CHECK(r.wml && !r.xhtml && !r.replaced);
	CHECK_INT(r.screen_w, 101);
	CHECK_INT(r.screen_h, 80);
	CHECK_INT(r.wml_deck_size, 1100);
	CHECK_INT(r.max_sdu_size, 1200);
	uaprof_import_result_release(&r);

	e = import("wap20-xhtml.rdf", NULL, &r);
	CHECK_STR(e, "");
	free(e);
	CHECK_STR(r.url, W20);
	CHECK(r.wml && r.xhtml);
	CHECK_INT(r.wml_deck_size, 3500);
	CHECK_INT(r.max_sdu_size, 0);
	uaprof_import_result_release(&r);

	e = import("wap12-wml.rdf", NULL, &r);
	CHECK_STR(e, "");
	free(e);
	CHECK(r.replaced);
	uaprof_import_result_release(&r);
	CHECK_INT(rows(), 2);
}

TEST(import_errors_write_nothing)
{
	static const struct { const char *file, *url, *want; } bad[] = {
		{ "doctype.rdf", NULL, "doctype.rdf:2: DOCTYPE not allowed" },
		{ "bad-screen.rdf", NULL, "bad-screen.rdf:7: ScreenSize is not WIDTHxHEIGHT" },
		{ "not-rdf.xml", NULL, "not-rdf.xml:2: not a UAProf profile" },
		{ "no-about.rdf", NULL, "no-about.rdf: the profile has no rdf:about URL" },
		{ "no-about.rdf", "ftp://x.test/p", "is not an http(s) URL" },
		{ "no-about.rdf", "http://x.test/a b", "is not an http(s) URL" },
		{ "missing.rdf", NULL, "missing.rdf" },
	};
	int64_t before = rows();
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		struct uaprof_import_result r;
		char *e = import(bad[i].file, bad[i].url, &r);
		CHECK_CONTAINS(e, bad[i].want);
		CHECK(r.url == NULL);
		free(e);
	}
	CHECK_INT(rows(), before);
}

TEST(lookup_by_url_and_header)
{
	struct uaprof_hit hit;
	CHECK(uaprof_lookup(st, W12, strlen(W12), &hit));
	CHECK_STR(hit.prof.url, W12);
	CHECK(hit.prof.wml && !hit.prof.xhtml);
	CHECK_INT(hit.prof.wml_deck_size, 1100);
	CHECK_INT(hit.prof.max_sdu_size, 1200);
	CHECK_INT(hit.prof.wml_version, 12);                   /* WmlVersion 1.1, 1.2 */
	CHECK(!uaprof_lookup(st, W12, strlen(W12) - 1, &hit));   /* exact URL only */
	CHECK(!uaprof_lookup(st, "http://nope.test/p.xml", 22, &hit));

	struct device_headers h = { .user_agent = "SomePhone/1.0",
				    .wap_profile = "\"http://nope.test/x.xml\", \"1-Zm9v\", \"" W20 "\"" };
	CHECK(uaprof_for_headers(st, &h, &hit));
	CHECK(h.uaprof == &hit.prof);
	CHECK_STR(hit.prof.url, W20);
	CHECK_INT(hit.prof.wml_version, 13);                   /* WmlVersion 1.2.1, 1.3 */
	CHECK(hit.prof.xhtml);

	struct device_headers h2 = { .user_agent = "SomePhone/1.0", .wap_profile = "http://nope.test/x.xml" };
	CHECK(!uaprof_for_headers(st, &h2, &hit));
	CHECK(h2.uaprof == NULL);
}

TEST(detection_uses_the_profile)
{
	char *err = NULL;
	const char *top = getenv("QIAO_TOP");
	char *rp = xasprintf("%s/db/devices.rules", top && *top ? top : ".");
	struct device_rules *rules = device_rules_load(rp, &err);
	free(rp);
	CHECK(rules != NULL);
	free(err);
	if (!rules)
		return;
	struct uaprof_hit hit;
	struct device_caps c;
	struct device_headers h = { .user_agent = "SomePhone/1.0", .wap_profile = W12 };
	device_detect(rules, &h, &c);               /* not looked up: the guess */
	CHECK_INT(c.profile, PROFILE_XHTMLMP);
	CHECK(uaprof_for_headers(st, &h, &hit));
	device_detect(rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK_INT(c.budget, 1100);
	device_rules_free(rules);
}

int main(void)
{
	snprintf(db_path, sizeof db_path, "/tmp/qiao-test-uaprof-%ld.db", (long)getpid());
	unlink(db_path);
	char *err = NULL;
	st = store_open(db_path, STORE_CREATE, &err);
	if (!st) {
		fprintf(stderr, "store_open: %s\n", err ? err : "?");
		free(err);
		printf("uaprof: 0 passed, 1 failed\n");
		return 1;
	}
	RUN(import_fixtures);
	RUN(import_errors_write_nothing);
	RUN(lookup_by_url_and_header);
	RUN(detection_uses_the_profile);
	store_close(st);
	unlink(db_path);
	return harness_done("uaprof");
}
