/* embedded.h - files compiled into the binary by tools/embed.c. */
#ifndef QIAO_EMBEDDED_H
#define QIAO_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* base name, e.g. "001-initial.sql" */
	const char *data; /* NUL-terminated contents */
	size_t len;
};

/* db/migrations/NNN-*.sql in name order; ends with a NULL name. */
extern const struct embedded_file store_migrations[];
/* Generated seed data NNN-*.sql, run right after migration NNN in the
 * same transaction (007: the search words of db/search/); ends with a
 * NULL name. */
extern const struct embedded_file store_seeds[];

#endif
