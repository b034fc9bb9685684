#include "core/common.h"
#include "core/tz.h"

void tz_china_tm(int64_t unix_time, struct tm *tm)
{
	time_t t = (time_t)(unix_time + TZ_CHINA_OFFSET);
	gmtime_r(&t, tm);
}

int64_t tz_china_day(int64_t unix_time)
{
	int64_t t = unix_time + TZ_CHINA_OFFSET;
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

void tz_format_now(char *out, size_t n, const char *fmt, bool utc)
{
	time_t now = time(NULL);
	struct tm tm;
	if (utc)
		gmtime_r(&now, &tm);
	else
		localtime_r(&now, &tm);
	if (strftime(out, n, fmt, &tm) == 0 && n)
		out[0] = '\0';
}
