/* xmalloc.h - allocation that never returns NULL.
 *
 * Running out of memory in a server is not something a handler can recover
 * from meaningfully; these abort with a message instead, so callers need no
 * NULL checks.  Everything returned is freed with free(). */
#ifndef QIAO_XMALLOC_H
#define QIAO_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a newly allocated string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
