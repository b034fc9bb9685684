/* uri.h - request targets: splitting a relative reference into path and
 * query, and percent-decoding a path (pure, no I/O).
 *
 *   struct uri_ref u;
 *   if (uri_split("/news/12?p=2", &u) != 0) ... 400 ...
 *   size_t n;
 *   char *path = uri_decode(u.path, u.path_len, &n);   "/news/12"
 *   ... u.query "p=2" (u.query_len), u.has_query ...
 *   free(path);
 *
 * Query strings are decoded by form.h ('+' is a space there); a path keeps
 * its '+'. */
#ifndef QIAO_URI_H
#define QIAO_URI_H

#include <stdbool.h>
#include <stddef.h>

/* The value of one hex digit, or -1. */
int uri_hexval(int c);

/* Percent-decode s[0..n): each %XX (two hex digits) becomes its byte; a
 * '%' without two hex digits after it and every other byte, '+' included,
 * are copied as they are.  Returns a malloc'd NUL-terminated string and
 * its length in *out_len (which differs from strlen when %00 was
 * decoded). */
char *uri_decode(const char *s, size_t n, size_t *out_len);

struct uri_ref {
	const char *path;       /* points into the input; may be empty */
	size_t path_len;
	const char *query;      /* after '?', NULL when there is no '?' */
	size_t query_len;
};

/* Split s (NUL-terminated) into path, query and fragment, the fragment
 * dropped.  Strict RFC 3986: path bytes are unreserved, sub-delims, ':',
 * '@', '/' or %XX; the query and fragment may add '/' and '?'.  Any other
 * byte (space, control, non-ASCII, a lone '%') makes it -1; else 0.  A
 * scheme or authority ("http://h/p", "//h/p") is not a relative
 * reference: -1. */
int uri_split(const char *s, struct uri_ref *out);

#endif
