/* demo_int.h - what the parts of the demo generator share: its scale,
 * its state, the seeded random numbers, phrase lists, template expansion
 * and the progress line.  Internal to src/demo/. */
#ifndef QIAO_DEMO_INT_H
#define QIAO_DEMO_INT_H

#include "core/common.h"
#include "demo/tables.h"
#include "store/store.h"

/* 2026-11-20 09:00 China Standard Time; demo time runs back from here. */
#define DEMO_EPOCH 1795136400LL
#define DAY 86400LL

#define N_REGIONS 138
#define UNITS_PROV 57
#define UNITS_CITY 40
#define UNITS_COUNTY_TOTAL 6499
#define ITEMS_PROV 1281
#define ITEMS_CITY 10173
#define ITEMS_COUNTY 52437
#define N_ARTICLES 3000
#define N_MESSAGES 600
#define LONG_EVERY 45 /* every 45th article is also a long one */

/* A '|'-separated list split into its own copy. */
struct list {
	char *mem;
	const char **v;
	size_t n;
};

struct region {
	int parent, level;
	char *name, *code;
};

struct dept_rt {
	struct list items, laws;
	unsigned char *kind;   /* per item name: K_* */
	unsigned short *topics; /* per item name: topic bit set */
};

struct unit {
	int region, dept;
	char *name, *phone, *address;
};

struct column {
	int id, parent, level;
	char cat;
	bool longform;
	const char *name;
};

struct progress {
	bool on;
	const char *what;
	long total;
	struct timespec last;
};

struct demo {
	struct store *st;
	sqlite3 *db;
	char **err;
	uint64_t rng;
	struct progress prog;

	struct region reg[N_REGIONS + 1]; /* by id */
	struct dept_rt dept[N_DEPTS];
	struct unit *units;               /* units[0] is unit id 1 */
	int n_units;
	int reg_first[N_REGIONS + 1], reg_count[N_REGIONS + 1];

	struct column *cols;
	int n_cols;
	struct list kids[ARRAY_LEN(col2s)];
	struct list cat_lists[ARRAY_LEN(cat_sentences)];
	struct list title_lists[ARRAY_LEN(title_sets)];

	/* context for expand() */
	int year, month;
	const char *col_name, *county;
	/* An article keeps to one subject, item, spot, industry and heritage:
	 * a slot uses the fixed one with probability stick percent. */
	int stick;
	const char *fix_s, *fix_i, *fix_t, *fix_h, *fix_l;
};

/* The parts, in the order demo_fill runs them: 0, or -1 with *d->err. */
int demo_units(struct demo *d);
int demo_items(struct demo *d);
int demo_columns(struct demo *d);
int demo_articles(struct demo *d);
int demo_messages(struct demo *d);

/* Seeded random numbers (splitmix64): 0..n-1, lo..hi, true pct% of the
 * time, and a shuffle. */
int dm_rnd(struct demo *d, int n);
int dm_rnd_in(struct demo *d, int lo, int hi);
bool dm_chance(struct demo *d, int pct);
void dm_shuffle_ints(struct demo *d, int *a, int n);
#define PICK(d, arr) ((arr)[dm_rnd((d), (int)ARRAY_LEN(arr))])

/* A '|'-separated list split into its own copy; one entry at random. */
void dm_list_init(struct list *l, const char *s);
void dm_list_free(struct list *l);
const char *dm_list_pick(struct demo *d, const struct list *l);

/* Template expansion ({X} slots, see demo.c), a random person's name,
 * a random service item, and the date the templates speak of. */
void dm_expand(struct demo *d, struct buf *b, const char *t, int depth);
void dm_add_person(struct demo *d, struct buf *b);
const char *dm_random_item(struct demo *d);
void dm_set_date(struct demo *d, int64_t t);

/* The progress line: a new stage, and rows done. */
void dm_progress_stage(struct demo *d, const char *what, long total);
void dm_progress_tick(struct demo *d, long done);

/* Record a store error as *d->err (the first one wins); -1. */
int dm_sql_error(struct demo *d, const char *what);

#endif
