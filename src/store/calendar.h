/* calendar.h - the working-day calendar compiled into the binary from
 * db/holidays/YYYY.txt (text/workcal.h), loaded once per process.
 * Deadlines and "overdue" are counted with it.  Implemented in store.c,
 * beside the migrations, the other files compiled in. */
#ifndef QIAO_STORE_CALENDAR_H
#define QIAO_STORE_CALENDAR_H

#include "text/workcal.h"

/* The calendar (never NULL).  Were an embedded file malformed (the build
 * checks them: tests/unit/test_workcal.c), the calendar would hold the
 * files before it and log the error once. */
const struct workcal *store_calendar(void);

/* Check the embedded files: 0, or -1 with *err (malloc'd). */
int store_calendar_check(char **err);

#endif
