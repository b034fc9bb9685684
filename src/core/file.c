#include "core/common.h"
#include "core/file.h"

#include <sys/stat.h>

enum file_status file_read_stream(FILE *f, size_t max_bytes, struct buf *out, const char **why)
{
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(out, chunk, got);
		if (max_bytes && out->len > max_bytes) {
			*why = "file too large";
			buf_release(out);
			return FILE_TOO_LARGE;
		}
	}
	if (ferror(f)) {
		*why = "read error";
		buf_release(out);
		return FILE_NO_READ;
	}
	buf_adds(out, "");   /* an empty file is still a string */
	*why = NULL;
	return FILE_OK;
}

enum file_status file_read(const char *path, size_t max_bytes, struct buf *out, const char **why)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*why = strerror(errno);
		buf_release(out);
		return FILE_NO_OPEN;
	}
	enum file_status st = file_read_stream(f, max_bytes, out, why);
	fclose(f);
	return st;
}

enum file_status file_read_regular(const char *path, size_t max_bytes, struct buf *out, const char **why)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		*why = strerror(errno);
		buf_release(out);
		return FILE_NO_OPEN;
	}
	struct stat sb;
	enum file_status st;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		*why = "not a regular file";
		st = FILE_NOT_REGULAR;
	} else if (max_bytes && (uintmax_t)sb.st_size > max_bytes) {
		*why = "file too large";
		st = FILE_TOO_LARGE;
	} else {
		st = file_read_stream(f, max_bytes, out, why);
	}
	fclose(f);
	if (st != FILE_OK)
		buf_release(out);
	return st;
}
