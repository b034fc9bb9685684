/* demo_int.h - what the parts of the demo generator share: the data files
 * (data.c), its state, the seeded random numbers and the progress line.
 * Internal to src/demo/. */
#ifndef QIAO_DEMO_INT_H
#define QIAO_DEMO_INT_H

#include "core/common.h"
#include "demo/tables.h"
#include "store/store.h"

/* 2026-11-20 09:00 China Standard Time; demo time runs back from here. */
#define DEMO_EPOCH 1795136400LL
#define DAY 86400LL

#define N_REGIONS 138
#define N_ARTICLES 3000
#define N_MESSAGES 600
#define N_TOPICS 13
#define LONG_EVERY 40 /* every 40th article of a short subject has all its paragraphs */

/* --- data.c: one TSV file of db/demo/ --------------------------------- */

/* Cells of the data rows (comments and the header line dropped), row by
 * row, each row `ncols` cells; the cells point into mem. */
struct tsv {
	const char *file;
	char *mem;
	char **cell;
	size_t nrows, ncols;
	char **head; /* the header's names */
};

/* Parse the embedded file `name` (db/demo/NAME); 0, or -1 with *err. */
int tsv_load(struct tsv *t, const char *name, char **err);
void tsv_free(struct tsv *t);
/* The column called name; -1 with *err when the header lacks it. */
int tsv_col(const struct tsv *t, const char *name, char **err);
static inline const char *tsv_get(const struct tsv *t, size_t row, int col)
{
	return t->cell[row * t->ncols + (size_t)col];
}

/* A '|'-separated list split into its own copy. */
struct list {
	char *mem;
	const char **v;
	size_t n;
};
void dm_list_init(struct list *l, const char *s);
void dm_list_free(struct list *l);

/* --- the generator's state ---------------------------------------------- */

struct region {
	int parent, level;
	bool district; /* a county-level region whose name ends in 区 */
	char *name, *code, *short_name;
};

/* A department type (departments.tsv). */
struct dtype {
	const char *key;
	const char *form[4]; /* province, city, district, county; NULL = "-" */
};

/* A service (services.tsv). */
struct service {
	const char *name, *dept, *audience, *kind, *topic, *cond, *mat, *basis;
	const char *statutory, *promised, *fee, *channel;
	int dtype;       /* index into dtypes */
	int topic_id;    /* 1..13 */
	bool at[4];      /* offered at province, city, county level (index 1..3) */
};

struct unit {
	int region, dtype;
	char *name, *phone, *address;
};

struct column {
	int id, parent, level;
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
	int scale; /* 1, or N for the N-fold load-test catalogue (demo_fill_scaled) */
	struct progress prog;

	struct tsv f_dept, f_svc, f_art, f_msg;
	struct dtype *dtypes;
	int n_dtypes;
	struct service *svcs;
	int n_svcs;

	struct region reg[N_REGIONS + 1]; /* by id */
	struct unit *units;               /* units[0] is unit id 1; copy 1 first */
	int n_units;
	/* unit index of department type t in region r, or -1: unit_of[r * n_dtypes + t] */
	int *unit_of;

	struct column *cols;
	int n_cols;
	struct list kids[ARRAY_LEN(col2s)];
};

/* The parts, in the order demo_fill runs them: 0, or -1 with *d->err. */
int demo_load_data(struct demo *d);
int demo_units(struct demo *d);
int demo_items(struct demo *d);
int demo_columns(struct demo *d);
int demo_articles(struct demo *d);
int demo_messages(struct demo *d);
/* intl.c: the English, French, Japanese and Korean trees and articles. */
int demo_intl(struct demo *d);

/* The unit of department type t serving region rid: its own, else (for a
 * county-level region) the city's; -1 when neither exists. */
int dm_serving_unit(const struct demo *d, int rid, int t);

/* Seeded random numbers (splitmix64): 0..n-1, lo..hi, true pct% of the
 * time, and a shuffle. */
int dm_rnd(struct demo *d, int n);
int dm_rnd_in(struct demo *d, int lo, int hi);
bool dm_chance(struct demo *d, int pct);
void dm_shuffle_ints(struct demo *d, int *a, int n);
#define PICK(d, arr) ((arr)[dm_rnd((d), (int)ARRAY_LEN(arr))])

/* A random person's name. */
void dm_add_person(struct demo *d, struct buf *b);

/* The progress line: a new stage, and rows done. */
void dm_progress_stage(struct demo *d, const char *what, long total);
void dm_progress_tick(struct demo *d, long done);

/* Record a store error as *d->err (the first one wins); -1. */
int dm_sql_error(struct demo *d, const char *what);

#endif
