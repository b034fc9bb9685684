#include "core/common.h"
#include "harness.h"

#include <stdlib.h>

TEST(adds_and_formats)
{
	struct buf b = BUF_INIT;
	CHECK_STR(buf_cstr(&b), "");
	buf_adds(&b, "湖南");
	buf_addf(&b, "%d-%s", 14, "市州");
	buf_addc(&b, '!');
	CHECK_STR(b.data, "湖南14-市州!");
	CHECK_INT(b.len, strlen("湖南14-市州!"));
	buf_truncate(&b, 6);
	CHECK_STR(b.data, "湖南");
	buf_reset(&b);
	CHECK_INT(b.len, 0);
	CHECK_STR(b.data, "");
	buf_release(&b);
}

TEST(one_line_turns_line_breaks_into_spaces)
{
	struct buf b = BUF_INIT;
	buf_one_line(&b);   /* an untouched buffer stays untouched */
	CHECK(b.data == NULL);
	buf_adds(&b, "line 3: bad\r\nBytes: 0xFF\n\t湖南");
	buf_one_line(&b);
	CHECK_STR(b.data, "line 3: bad  Bytes: 0xFF \t湖南");
	CHECK_INT(b.len, strlen("line 3: bad  Bytes: 0xFF \t湖南"));
	buf_release(&b);
}

TEST(grows_past_many_doublings)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_addf(&b, "%04d", i % 10000);
	CHECK_INT(b.len, 40000);
	CHECK(memcmp(b.data + 39996, "9999", 4) == 0);
	char *s = buf_detach(&b);
	CHECK(b.data == NULL && b.len == 0);
	free(s);
}

TEST(detach_of_empty_is_empty_string)
{
	struct buf b = BUF_INIT;
	char *s = buf_detach(&b);
	CHECK_STR(s, "");
	free(s);
}

int main(void)
{
	RUN(adds_and_formats);
	RUN(one_line_turns_line_breaks_into_spaces);
	RUN(grows_past_many_doublings);
	RUN(detach_of_empty_is_empty_string);
	return harness_done("buf");
}
