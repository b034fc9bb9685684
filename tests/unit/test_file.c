/* test_file.c - reading a whole file with a cap. */
#include "core/common.h"
#include "harness.h"

#include "core/file.h"

#include <unistd.h>

static char path[64];

static void write_tmp(const char *data, size_t n)
{
	snprintf(path, sizeof path, "/tmp/qiao-test-file.%ld", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(data, 1, n, f);
		fclose(f);
	}
}

TEST(reads_everything)
{
	write_tmp("a\0b\n", 4);
	struct buf b = BUF_INIT;
	const char *why = "x";
	CHECK_INT(file_read(path, 0, &b, &why), FILE_OK);
	CHECK(why == NULL);
	CHECK_INT(b.len, 4);
	CHECK(b.data && memcmp(b.data, "a\0b\n", 5) == 0);   /* and the NUL after */
	buf_release(&b);

	write_tmp("", 0);
	CHECK_INT(file_read(path, 10, &b, &why), FILE_OK);
	CHECK_STR(b.data, "");
	buf_release(&b);
	unlink(path);
}

TEST(cap_is_an_error)
{
	char big[20000];
	memset(big, 'x', sizeof big);
	write_tmp(big, sizeof big);
	struct buf b = BUF_INIT;
	const char *why;
	CHECK_INT(file_read(path, sizeof big - 1, &b, &why), FILE_TOO_LARGE);
	CHECK_STR(why, "file too large");
	CHECK(b.data == NULL && b.len == 0);
	CHECK_INT(file_read(path, sizeof big, &b, &why), FILE_OK);
	CHECK_INT(b.len, sizeof big);
	buf_release(&b);
	unlink(path);
}

TEST(missing_file)
{
	struct buf b = BUF_INIT;
	const char *why;
	CHECK_INT(file_read("/nonexistent/qiao", 0, &b, &why), FILE_NO_OPEN);
	CHECK_STR(why, "No such file or directory");
	CHECK(b.data == NULL);
	CHECK_INT(file_read("/", 0, &b, &why), FILE_NO_READ);   /* a directory */
	CHECK_STR(why, "read error");
}

int main(void)
{
	RUN(reads_everything);
	RUN(cap_is_an_error);
	RUN(missing_file);
	return harness_done("file");
}
