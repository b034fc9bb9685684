/* tables.h - the demo's phrase tables (tables.c): departments and their
 * service items, the column tree, title and sentence templates, message
 * scenarios and names.  Data only; the compiler checks the sizes here
 * against the definitions. */
#ifndef QIAO_DEMO_TABLES_H
#define QIAO_DEMO_TABLES_H

#include "text/msgrule.h"

#include <stdbool.h>

enum {
	T_EDU = 1, T_SOC, T_JOB, T_MED, T_HOUSE, T_TRAFFIC, T_FAMILY,
	T_UTIL, T_CERT, T_BIZ, T_TAX, T_QUAL, T_INVEST, N_TOPICS = 13
};

enum { K_OTHER, K_GRANT, K_PERMIT, K_CONFIRM, K_SERVICE };

/* Name forms per level: NULL = no such department at that level, a
 * county "" = the city form.  "%s" marks where the region name goes;
 * without it the region name is a prefix.  core departments exist in
 * every city and county. */
struct dept {
	const char *prov, *city, *county;
	bool core;
	unsigned char topic, weight;
	const char *items, *laws;
};

/* Second-level columns with their children ('|'-separated; "" for none).
 * A leading '*' marks a column of long reports.  cat picks the title
 * style: G overview, D documents, J interpretation, A notices, R
 * personnel, N news, Y reports, S services, C public services,
 * I interaction, E economy, W culture, T tourism. */
struct col2 {
	int top;
	char cat;
	const char *name, *kids;
};

/* Title templates by column category. */
struct title_set {
	char cat;
	const char *titles;
};

struct sentence_set {
	char cat;
	const char *list;
};

/* type, the department (its city-level name form), title, body. */
struct scenario {
	enum msgrule_type type;
	const char *dept, *title, *body;
};

/* Titles for the long-report columns, by a word of the column name. */
struct report_title {
	const char *word, *titles;
};


#define N_DEPTS ARRAY_LEN(depts)

extern const struct dept depts[68];
extern const char *const variants[6];
extern const char *const topic_words[N_TOPICS + 1];
extern const char *const kind_names[5];
extern const char *const kind_codes[5];
extern const char *const kind_words[5];
extern const char *const area_codes[14];
extern const char *const roads[30];
extern const char *const legal_clauses[6];
extern const char *const conditions[13];
extern const char *const materials[20];
extern const char *const procedures[4];
extern const char *const fees[5];
extern const char *const top_columns[8];
extern const struct col2 col2s[68];
extern const struct title_set title_sets[13];
extern const struct report_title report_titles[4];
extern const char *const subjects[30];
extern const char *const documents[6];
extern const char *const industries[12];
extern const char *const heritages[14];
extern const char *const spots[17];
extern const char *const compounds[12];
extern const char *const sources_official[5];
extern const char *const sources_media[8];
extern const char *const sentences[28];
extern const struct sentence_set cat_sentences[4];
extern const char *const ordinals[10];
extern const struct scenario scenarios[28];
extern const char *const reply_middles[9];
extern const char *const reject_reasons[6];
/* Surnames, one three-byte character each, in one string. */
extern const char *const surnames;
extern const char *const given_names[40];
extern const char *const phone_prefixes[16];

#endif
