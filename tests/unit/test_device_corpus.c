/* test_device_corpus.c - score device detection against the sourced corpus.
 *
 * tests/data/ua-corpus.tsv lists real User-Agents, each with the dialects
 * its device can render and the richest of them (see tests/data/README.md
 * for sources and how the labels were derived).  Every row is run through
 * device_detect() with the shipped db/devices.rules and the User-Agent
 * alone, which is the hardest case: no Accept header to help.
 *
 * The test fails when any device gets a dialect it cannot render; it
 * prints the share that gets the richest dialect it supports (recorded in
 * bench/RESULTS.md, "device detection"). */
#include "core/common.h"
#include "harness.h"

#include "device/device.h"

struct row {
	char *line;                 /* owns the text; the fields point into it */
	const char *richest, *renders, *source, *basis, *ua;
};

static struct device_rules *rules;

static char *top_path(const char *rel)
{
	const char *top = getenv("QIAO_TOP");
	return xasprintf("%s/%s", top && *top ? top : ".", rel);
}

/* Does the comma-separated list hold name? */
static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && memcmp(p, name, n) == 0)
			return true;
		p += len + (e ? 1 : 0);
	}
	return false;
}

static bool split_row(char *line, struct row *r)
{
	char *f[5];
	int n = 0;
	char *p = line;
	while (n < 5) {
		f[n++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	if (n != 5)
		return false;
	r->richest = f[0];
	r->renders = f[1];
	r->source = f[2];
	r->basis = f[3];
	r->ua = f[4];
	return true;
}

struct tally {
	size_t n, bad, richest;
};

TEST(corpus_scores)
{
	char *path = top_path("tests/data/ua-corpus.tsv");
	FILE *f = fopen(path, "r");
	CHECK(f != NULL);
	if (!f) {
		fprintf(stderr, "  cannot open %s\n", path);
		free(path);
		return;
	}
	struct tally all = { 0 }, by[3] = { { 0 } };
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	bool header = false;
	unsigned lineno = 0;

	while ((got = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[got - 1] == '\n')
			line[--got] = '\0';
		if (!got || line[0] == '#')
			continue;
		if (!header) {
			CHECK(strncmp(line, "richest\trenders\tsource\tbasis\tuser_agent", 39) == 0);
			header = true;
			continue;
		}
		struct row r;
		if (!split_row(line, &r)) {
			fprintf(stderr, "  line %u: not 5 columns\n", lineno);
			harness_cur_failed++;
			continue;
		}
		enum device_profile want;
		CHECK(device_profile_parse(r.richest, &want));
		CHECK(in_list(r.renders, r.richest));

		struct device_headers h = { .user_agent = r.ua };
		struct device_caps c, ce;
		struct device_trace trace;
		device_detect(rules, &h, &c);
		/* The explanation comes from the same decision. */
		device_detect_explain(rules, &h, &ce, &trace);
		CHECK(ce.profile == c.profile && ce.budget == c.budget && trace.n >= 3);
		const char *got_name = device_profile_name(c.profile);
		all.n++;
		by[want].n++;
		if (!in_list(r.renders, got_name)) {
			all.bad++;
			by[want].bad++;
			fprintf(stderr, "  UNRENDERABLE line %u: got %s (%s), renders %s: %s\n", lineno,
				got_name, c.rule ? c.rule : "?", r.renders, r.ua);
		} else if (c.profile == want) {
			all.richest++;
			by[want].richest++;
		}
	}
	free(line);
	fclose(f);
	free(path);

	CHECK(all.n >= 1000);
	printf("  corpus: %zu devices, %zu get markup they cannot render, %zu (%.1f%%) get the richest dialect they support\n",
	       all.n, all.bad, all.richest, all.n ? 100.0 * (double)all.richest / (double)all.n : 0.0);
	static const enum device_profile order[] = { PROFILE_WML, PROFILE_XHTMLMP, PROFILE_HTML };
	for (size_t i = 0; i < ARRAY_LEN(order); i++) {
		const struct tally *t = &by[order[i]];
		printf("    richest %-7s %4zu devices: %4zu unrenderable, %4zu richest (%.1f%%)\n",
		       device_profile_name(order[i]), t->n, t->bad, t->richest,
		       t->n ? 100.0 * (double)t->richest / (double)t->n : 0.0);
	}
	CHECK_INT(all.bad, 0);
}

int main(void)
{
	char *path = top_path("db/devices.rules");
	char *err = NULL;
	rules = device_rules_load(path, &err);
	if (!rules)
		fprintf(stderr, "cannot load %s: %s\n", path, err ? err : "?");
	free(err);
	free(path);
	if (!rules) {
		printf("device_corpus: 0 passed, 1 failed\n");
		return 1;
	}
	RUN(corpus_scores);
	device_rules_free(rules);
	return harness_done("device_corpus");
}
