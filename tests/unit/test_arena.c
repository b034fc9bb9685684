/* test_arena.c - the per-request bump allocator. */
#include "core/common.h"
#include "core/arena.h"
#include "harness.h"

TEST(strings_survive_until_release)
{
	struct arena a = ARENA_INIT;
	char *s = arena_strdup(&a, "投诉");
	char *t = arena_printf(&a, "每小时最多提交%d条留言", 5);
	char *u = arena_strndup(&a, "abcdef", 3);
	CHECK_STR(s, "投诉");
	CHECK_STR(t, "每小时最多提交5条留言");
	CHECK_STR(u, "abc");
	/* Distinct, non-overlapping allocations. */
	CHECK(s + strlen(s) < t || t + strlen(t) < s);
	arena_release(&a);
	CHECK(a.head == NULL);
	CHECK_INT(a.total, 0);
}

TEST(alignment_and_zero)
{
	struct arena a = ARENA_INIT;
	for (size_t n = 0; n < 40; n++) {
		void *p = arena_alloc(&a, n);
		CHECK(p != NULL);
		CHECK_INT((uintptr_t)p % 16, 0);
	}
	unsigned char *z = arena_zalloc(&a, 100);
	size_t nonzero = 0;
	for (size_t i = 0; i < 100; i++)
		nonzero += z[i] != 0;
	CHECK_INT(nonzero, 0);
	arena_release(&a);
}

TEST(grows_past_a_block_and_keeps_old_data)
{
	struct arena a = ARENA_INIT;
	char *first = arena_strdup(&a, "first");
	/* Larger than any block: gets its own. */
	char *big = arena_alloc(&a, 100000);
	memset(big, 'x', 100000);
	char *many[500];
	for (int i = 0; i < 500; i++)
		many[i] = arena_printf(&a, "line %d", i);
	CHECK_STR(first, "first");
	CHECK_INT(big[99999], 'x');
	CHECK_STR(many[0], "line 0");
	CHECK_STR(many[499], "line 499");
	CHECK(a.total >= 100000 + 6);
	arena_release(&a);
	/* Reusable after release. */
	CHECK_STR(arena_strdup(&a, "again"), "again");
	arena_release(&a);
}

int main(void)
{
	RUN(strings_survive_until_release);
	RUN(alignment_and_zero);
	RUN(grows_past_a_block_and_keeps_old_data);
	return harness_done("arena");
}
