/* harness.h - a tiny unit-test harness for qiao's pure modules.
 *
 *   TEST(parses_empty) { CHECK(parse("") == 0); CHECK_STR(out, "x"); }
 *   int main(void) { RUN(parses_empty); return harness_done("buf"); }
 *
 * A test passes when none of its checks failed.  SKIP("why") inside a test
 * marks it skipped (and returns from it); with QIAO_STRICT=1 or CI=true a
 * skip is a failure, because `make test` installs every tool a test needs.
 * harness_done() prints the skipped tests by name, then the one summary
 * line the runner reads, "<suite>: N passed, N failed, N skipped"
 * (tests/README.md), and returns the exit status. */
#ifndef QIAO_HARNESS_H
#define QIAO_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int harness_passed, harness_failed, harness_skipped, harness_cur_failed, harness_cur_skipped;
static const char *harness_cur;
static char harness_skips[4096];

static inline int harness_strict(void)
{
	const char *s = getenv("QIAO_STRICT"), *ci = getenv("CI");
	return (s && strcmp(s, "1") == 0) || (ci && strcmp(ci, "true") == 0);
}

/* Called by SKIP(): a skip is named, says why, and is fatal when strict. */
static inline void harness_skip(const char *why, const char *file, int line)
{
	if (harness_strict()) {
		fprintf(stderr, "  FAIL %s (%s:%d): skipped in strict mode: %s\n", harness_cur, file, line, why);
		harness_cur_failed++;
		return;
	}
	harness_cur_skipped = 1;
	size_t used = strlen(harness_skips);
	snprintf(harness_skips + used, sizeof harness_skips - used, "  SKIP %s: %s\n", harness_cur, why);
}

#define TEST(name) static void name(void)

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "  FAIL %s (%s:%d): %s\n", harness_cur, __FILE__, __LINE__, #cond); \
		harness_cur_failed++; \
	} } while (0)

#define CHECK_INT(a, b) do { \
	long long ha_ = (long long)(a), hb_ = (long long)(b); \
	if (ha_ != hb_) { \
		fprintf(stderr, "  FAIL %s (%s:%d): %s == %lld, expected %lld\n", harness_cur, __FILE__, __LINE__, #a, ha_, hb_); \
		harness_cur_failed++; \
	} } while (0)

#define CHECK_STR(a, b) do { \
	const char *ha_ = (a), *hb_ = (b); \
	if (!ha_ || !hb_ || strcmp(ha_, hb_) != 0) { \
		fprintf(stderr, "  FAIL %s (%s:%d): %s\n    got:      \"%s\"\n    expected: \"%s\"\n", harness_cur, __FILE__, __LINE__, #a, ha_ ? ha_ : "(null)", hb_ ? hb_ : "(null)"); \
		harness_cur_failed++; \
	} } while (0)

#define CHECK_CONTAINS(hay, needle) do { \
	const char *ha_ = (hay), *hb_ = (needle); \
	if (!ha_ || !strstr(ha_, hb_)) { \
		fprintf(stderr, "  FAIL %s (%s:%d): \"%s\" not found in %s\n", harness_cur, __FILE__, __LINE__, hb_, #hay); \
		harness_cur_failed++; \
	} } while (0)

#define CHECK_NOT_CONTAINS(hay, needle) do { \
	const char *ha_ = (hay), *hb_ = (needle); \
	if (ha_ && strstr(ha_, hb_)) { \
		fprintf(stderr, "  FAIL %s (%s:%d): \"%s\" unexpectedly found in %s\n", harness_cur, __FILE__, __LINE__, hb_, #hay); \
		harness_cur_failed++; \
	} } while (0)

#define SKIP(why) do { harness_skip((why), __FILE__, __LINE__); return; } while (0)

#define RUN(name) do { \
	harness_cur = #name; harness_cur_failed = 0; harness_cur_skipped = 0; \
	name(); \
	if (harness_cur_failed) harness_failed++; \
	else if (harness_cur_skipped) harness_skipped++; \
	else harness_passed++; \
	} while (0)

/* The summary is flushed at once, so that anything printed after it (a
 * LeakSanitizer report at exit) makes it not the last line: a failure. */
static inline int harness_done(const char *suite)
{
	fflush(stderr);
	fputs(harness_skips, stdout);
	printf("%s: %d passed, %d failed, %d skipped\n", suite, harness_passed, harness_failed, harness_skipped);
	fflush(stdout);
	return harness_failed ? 1 : 0;
}

#endif
