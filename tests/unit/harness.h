/* harness.h - a tiny unit-test harness for qiao's pure modules.
 *
 *   TEST(parses_empty) { CHECK(parse("") == 0); CHECK_STR(out, "x"); }
 *   int main(void) { RUN(parses_empty); return harness_done("buf"); }
 *
 * A test passes when none of its checks failed.  harness_done() prints
 * "<suite>: N passed, N failed" and returns the exit status. */
#ifndef QIAO_HARNESS_H
#define QIAO_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed, harness_cur_failed;
static const char *harness_cur;

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

#define RUN(name) do { \
	harness_cur = #name; harness_cur_failed = 0; \
	name(); \
	if (harness_cur_failed) harness_failed++; else harness_passed++; \
	} while (0)

static inline int harness_done(const char *suite)
{
	printf("%s: %d passed, %d failed\n", suite, harness_passed, harness_failed);
	return harness_failed ? 1 : 0;
}

#endif
