/* util.h - small helpers shared by the page handlers. */
#ifndef QIAO_PAGES_UTIL_H
#define QIAO_PAGES_UTIL_H

#include <stdint.h>

struct view;

/* view[key] = the date of a Unix time in China Standard Time (UTC+8, no
 * daylight saving), as YYYY-MM-DD. */
void page_set_date(struct view *v, const char *key, int64_t unix_time);

#endif
