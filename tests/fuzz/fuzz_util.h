/* fuzz_util.h - small helpers shared by the libFuzzer targets of
 * tests/fuzz (header only: each target is one .c file plus replay.c or
 * libFuzzer's main).
 *
 *   fuzz_copy()   an exact-size, NUL-less copy of the input, so ASan sees a
 *                 read one byte past it;
 *   fuzz_str()    a NUL-terminated copy (stops at the first NUL);
 *   fuzz_take()   split the input into fields at a separator byte;
 *   fuzz_path()   the input as a file (a memfd) for code that reads paths;
 *   fuzz_top()    the checkout, for the data files some targets load;
 *   FUZZ_ASSERT() abort() with a line on stderr when a promise is broken. */
#ifndef QIAO_FUZZ_UTIL_H
#define QIAO_FUZZ_UTIL_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                          \
	do {                                                                       \
		if (!(cond)) {                                                     \
			fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                   \
		}                                                                  \
	} while (0)

static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);
	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	size_t n = 0;
	while (n < size && data[n])
		n++;
	char *p = malloc(n + 1);
	if (!p)
		abort();
	memcpy(p, data, n);
	p[n] = '\0';
	return p;
}

/* The next field of *data up to sep (or the end), NUL-terminated in a
 * fresh allocation; *data and *size move past the separator.  A field
 * keeps any NUL bytes it holds (the C string then ends early). */
static inline char *fuzz_take(const uint8_t **data, size_t *size, uint8_t sep, size_t *len)
{
	const uint8_t *e = memchr(*data, sep, *size);
	size_t n = e ? (size_t)(e - *data) : *size;
	char *p = malloc(n + 1);
	if (!p)
		abort();
	memcpy(p, *data, n);
	p[n] = '\0';
	if (len)
		*len = n;
	*data += e ? n + 1 : n;
	*size -= e ? n + 1 : n;
	return p;
}

/* The input as the file /proc/self/fd/N (one memfd, rewritten on each
 * call).  Returns the path (static). */
static inline const char *fuzz_path(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	if (fd < 0) {
		fd = memfd_create("qiao-fuzz", MFD_CLOEXEC);
		if (fd < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0)
		abort();
	size_t off = 0;
	while (off < size) {
		ssize_t w = pwrite(fd, data + off, size - off, (off_t)off);
		if (w <= 0)
			abort();
		off += (size_t)w;
	}
	return path;
}

/* The checkout: $QIAO_TOP, else the directory the target was built from
 * (FUZZ_TOP, set by the Makefile and tests/fuzz/run.sh). */
#ifndef FUZZ_TOP
#define FUZZ_TOP "."
#endif
static inline const char *fuzz_top(void)
{
	const char *t = getenv("QIAO_TOP");
	return t && *t ? t : FUZZ_TOP;
}

#endif
