/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 *   struct buf b = BUF_INIT;
 *   buf_adds(&b, "hello");
 *   ... use b.data, b.len ...
 *   buf_release(&b);            (or: char *s = buf_detach(&b); free(s);)
 *
 * b.data is never NULL after the first add; an untouched BUF_INIT buffer
 * has data == NULL and len == 0.  The buffer owns its memory. */
#ifndef QIAO_BUF_H
#define QIAO_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Line breaks (CR, LF) become spaces: a message kept on one line, whatever
 * it quotes (a tag spanning lines, libxml2's continuation lines). */
void buf_one_line(struct buf *b);
/* Drop the contents, keep the memory. */
void buf_reset(struct buf *b);
/* Shorten to n bytes (n <= len). */
void buf_truncate(struct buf *b, size_t n);
/* Hand the string to the caller (never NULL); the buffer is empty after. */
char *buf_detach(struct buf *b);
void buf_release(struct buf *b);
/* The contents as a C string ("" for an empty buffer). */
const char *buf_cstr(const struct buf *b);

#endif
