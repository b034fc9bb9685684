/* demo.h - the deterministic demo portal at the real portal's scale.
 *
 * demo_fill() writes into a freshly migrated, empty store: units (7,116),
 * service items (63,891: 1,281 provincial, 10,173 city, 52,437 county)
 * with their topics and guide fields, the column tree (8/68/303), a few
 * thousand articles (some over 5,000 characters) and some hundreds of
 * citizens' messages, most replied and published.  The same seed gives
 * the same database.  With progress set, a one-line progress display is
 * drawn on stderr (the caller decides whether stderr is a terminal).
 *
 * Returns 0, or -1 with *err set to a malloc'd reason; on failure nothing
 * is written (one transaction). */
#ifndef QIAO_DEMO_H
#define QIAO_DEMO_H

#include <stdbool.h>
#include <stdint.h>

struct store;

#define DEMO_SEED 20120601u

int demo_fill(struct store *st, uint64_t seed, bool progress, char **err);

#endif
