/* embedded.h - files compiled into the binary by tools/embed.c. */
#ifndef QIAO_EMBEDDED_H
#define QIAO_EMBEDDED_H

#include "core/embedded.h"

/* db/migrations/NNN-*.sql in name order; ends with a NULL name. */
extern const struct embedded_file store_migrations[];
/* Generated seed data NNN-*.sql, run right after migration NNN in the
 * same transaction (007: the search words of db/search/); ends with a
 * NULL name. */
extern const struct embedded_file store_seeds[];

/* db/demo/{departments,services,articles,messages}.tsv, the demo
 * portal's data (src/demo/data.c); ends with a NULL name. */
extern const struct embedded_file demo_data[];
/* db/demo/i18n/LANG/{columns,articles}.tsv, named "i18n/LANG/FILE": the
 * foreign versions' demo content (src/demo/intl.c); ends with a NULL name. */
extern const struct embedded_file demo_i18n[];

/* db/holidays/YYYY.txt in name order (the working-day calendar). */
extern const struct embedded_file store_holidays[];

#endif
