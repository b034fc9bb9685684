/* tz.h - China Standard Time (UTC+8, no daylight saving), the one time
 * zone the portal shows and counts days in. */
#ifndef QIAO_TZ_H
#define QIAO_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Seconds east of UTC. */
#define TZ_CHINA_OFFSET (8 * 3600)

/* The broken-down China time of a Unix time. */
void tz_china_tm(int64_t unix_time, struct tm *tm);
/* Day number in China time: 0 is 1970-01-01 (floor for times before). */
int64_t tz_china_day(int64_t unix_time);
/* strftime(fmt) of the current time into out (size n), in UTC or in the
 * machine's local time (access logs). */
void tz_format_now(char *out, size_t n, const char *fmt, bool utc);

#endif
