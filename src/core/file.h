/* file.h - read a whole file into memory, with a cap.
 *
 *   struct buf b = BUF_INIT;
 *   const char *why;
 *   if (file_read(path, 1 << 20, &b, &why) != FILE_OK)
 *       ... report path and why ...
 *
 * The bytes are appended to out (NUL-terminated as every buf is); on
 * failure out is released.  *why is a static message (strerror's text
 * when the file cannot be opened), never freed. */
#ifndef QIAO_FILE_H
#define QIAO_FILE_H

#include <stddef.h>
#include <stdio.h>

struct buf;

enum file_status { FILE_OK = 0, FILE_NO_OPEN, FILE_NO_READ, FILE_TOO_LARGE, FILE_NOT_REGULAR };

/* Read path (max_bytes at most; 0 = no cap). */
enum file_status file_read(const char *path, size_t max_bytes, struct buf *out, const char **why);
/* As file_read, but only a regular file, and one whose size is over the
 * cap is refused before anything is read (the importers' input). */
enum file_status file_read_regular(const char *path, size_t max_bytes, struct buf *out, const char **why);
/* Read an open stream to its end (max_bytes as above); f is not closed. */
enum file_status file_read_stream(FILE *f, size_t max_bytes, struct buf *out, const char **why);

#endif
