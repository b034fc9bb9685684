/* store_int.h - shared inside store/ only: what health.c needs of a
 * connection that store.c keeps private. */
#ifndef QIAO_STORE_INT_H
#define QIAO_STORE_INT_H

#include <stdbool.h>
#include <sys/types.h>

struct store;

/* The device and inode of the file opened, and whether read-only. */
void store_opened_file(const struct store *st, dev_t *dev, ino_t *ino, bool *readonly);
/* Whether the write-ahead log at the path (dev, ino) is the one this
 * connection writes; the first log seen is remembered as its own. */
bool store_wal_same(struct store *st, dev_t dev, ino_t ino);
/* store_fault without the read (store_begin's check; health.c). */
const char *store_file_fault(struct store *st);

#endif
