/* tables.h - the demo's fixed tables (tables.c): what is not content
 * (the content is the files of db/demo/, see data.c).  The compiler checks the
 * sizes here against the definitions. */
#ifndef QIAO_DEMO_TABLES_H
#define QIAO_DEMO_TABLES_H

/* Second-level columns with their children ('|'-separated; "" for none).
 * A leading '*' marks a column of long reports (kept from the column
 * tree's first form; the marker is stripped from the name). */
struct col2 {
	int top;
	char cat;
	const char *name, *kids;
};

extern const char *const area_codes[14];
extern const char *const roads[30];
extern const char *const top_columns[8];
extern const struct col2 col2s[68];
extern const char *const reject_reasons[6];
/* Surnames, one three-byte character each, in one string. */
extern const char *const surnames;
extern const char *const given_names[40];
extern const char *const phone_prefixes[16];

#endif
