/* gz.h - the one gzip compressor: what the server sends, and what
 * `qiao check` and the staff preview report, come from the same call.
 *
 *   char *z; size_t zn;
 *   if (gz_compress(body, len, GZ_LEVEL, &z, &zn) == 0) { ...; free(z); }
 *   long size = gz_size(body, len);
 */
#ifndef QIAO_GZ_H
#define QIAO_GZ_H

#include <stddef.h>

struct buf;

/* The zlib level the server compresses responses with. */
#define GZ_LEVEL 9

/* gzip data[0..len) (RFC 1952 framing) at level into a new malloc'd
 * buffer *out of *out_len bytes.  0, or -1 (nothing allocated). */
int gz_compress(const char *data, size_t len, int level, char **out, size_t *out_len);
/* Bytes gz_compress(data, len, GZ_LEVEL) gives; -1 if it fails. */
long gz_size(const char *data, size_t len);
/* Inflate a gzip stream onto out (NUL-terminated after); 0, or -1 when
 * it is not a whole gzip stream or inflates to more than max_bytes. */
int gz_inflate(const char *data, size_t len, size_t max_bytes, struct buf *out);

#endif
