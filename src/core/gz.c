#include "core/common.h"
#include "core/gz.h"

#include <zlib.h>

int gz_compress(const char *data, size_t len, int level, char **out, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (len > UINT_MAX || deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	uLong bound = deflateBound(&z, (uLong)len);
	char *buf = xmalloc(bound);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)bound;
	int rc = deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = n;
	return 0;
}

long gz_size(const char *data, size_t len)
{
	char *z;
	size_t n;
	if (gz_compress(data, len, GZ_LEVEL, &z, &n) != 0)
		return -1;
	free(z);
	return (long)n;
}

int gz_inflate(const char *data, size_t len, size_t max_bytes, struct buf *out)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (len > UINT_MAX || inflateInit2(&zs, 15 + 16) != Z_OK)
		return -1;
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	int rc;
	do {
		buf_grow(out, 16384);
		zs.next_out = (Bytef *)out->data + out->len;
		zs.avail_out = (uInt)(out->cap - out->len - 1);
		size_t before = zs.avail_out;
		rc = inflate(&zs, Z_NO_FLUSH);
		out->len += before - zs.avail_out;
		out->data[out->len] = '\0';
		if (out->len > max_bytes)
			rc = Z_MEM_ERROR;
	} while (rc == Z_OK);
	inflateEnd(&zs);
	return rc == Z_STREAM_END ? 0 : -1;
}
