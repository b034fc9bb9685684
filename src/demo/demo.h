/* demo.h - the deterministic demo portal, built from db/demo/ (see its
 * README.md; the files are compiled into the binary).
 *
 * demo_fill() writes into a freshly migrated, empty store: one unit per
 * department type and region (4,732), the catalogue's 420 services offered
 * by those units at their levels (51,638 items: 49 provincial, 5,445 city,
 * 46,144 county-level) with topic and audience, the column tree
 * (8/68/303), 3,000 articles with distinct titles (some reports over
 * 5,000 characters) and 600 citizens' letters, most replied and published;
 * the English, French, Japanese and Korean versions' trees and articles
 * (db/demo/i18n/, 4 x 27 columns, 161 articles);
 * and meta.demo = 1, so that every page says it shows demonstration data.
 * The same seed gives the same database.  With progress set, a one-line progress display is
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

/* The same with `scale` (1..DEMO_SCALE_MAX) copies of every unit, so
 * `scale` times the items (a load-test catalogue: copy c of a unit is
 * named "…（第c办事点）"; articles, letters and columns are not scaled).
 * scale 1 is demo_fill. */
#define DEMO_SCALE_MAX 20
int demo_fill_scaled(struct store *st, uint64_t seed, int scale, bool progress, char **err);

#endif
