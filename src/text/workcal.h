/* workcal.h - the working-day calendar: weekends, the State Council's
 * public holidays and its make-up working days (调休), read from the text
 * of db/holidays/YYYY.txt.  Pure: the caller hands in the files' text.
 *
 * Days are msgrule day numbers (China Standard Time, 0 = 1970-01-01).
 * A day is a working day when the calendar says "workday", or it is a
 * Monday to Friday that the calendar does not call "holiday".
 *
 *   struct workcal c;
 *   workcal_init(&c);
 *   if (workcal_load(&c, text, "2026.txt", &err) != 0) ... one-line error ...
 *   due = workcal_add(&c, accepted_day, 5);
 *   workcal_release(&c);
 */
#ifndef QIAO_WORKCAL_H
#define QIAO_WORKCAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct workcal_day {
	int64_t day;
	bool workday;       /* true: a make-up working day; false: a holiday */
};

struct workcal {
	struct workcal_day *days;  /* sorted by day, no duplicates */
	size_t n, cap;
	int64_t first, last;       /* the span the files cover (0, 0: none) */
};

void workcal_init(struct workcal *c);
void workcal_release(struct workcal *c);

/* Add the dates of one file's text (NUL-terminated; name for errors):
 * lines "YYYY-MM-DD<TAB>holiday|workday<TAB>name", '#' comments and blank
 * lines.  0, or -1 with *err (malloc'd) naming the file and line: a bad
 * date, an unknown kind, a workday that is not a Saturday or Sunday, or a
 * date given twice with different kinds. */
int workcal_load(struct workcal *c, const char *text, const char *name, char **err);

/* Is day a working day? */
bool workcal_is_workday(const struct workcal *c, int64_t day);
/* The day n working days after day (counting starts the next day); n <= 0
 * gives day. */
int64_t workcal_add(const struct workcal *c, int64_t day, int n);
/* Working days in (from, to]: 0 when to <= from. */
int workcal_between(const struct workcal *c, int64_t from, int64_t to);
/* The first working day on or after day. */
int64_t workcal_next_workday(const struct workcal *c, int64_t day);

#endif
