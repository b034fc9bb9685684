#include "core/common.h"
#include "pages/util.h"
#include "render/view.h"

void page_set_date(struct view *v, const char *key, int64_t unix_time)
{
	time_t t = (time_t)(unix_time + 8 * 3600);
	struct tm tm;
	char s[16];
	gmtime_r(&t, &tm);
	strftime(s, sizeof s, "%Y-%m-%d", &tm);
	view_set(v, key, s);
}
