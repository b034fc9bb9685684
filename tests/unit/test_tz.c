/* test_tz.c - China Standard Time helpers. */
#include "core/common.h"
#include "harness.h"

#include "core/tz.h"

TEST(offset_is_eight_hours)
{
	struct tm tm;
	tz_china_tm(0, &tm);                      /* 1970-01-01 08:00 in Beijing */
	CHECK_INT(tm.tm_year, 70);
	CHECK_INT(tm.tm_mday, 1);
	CHECK_INT(tm.tm_hour, 8);
	tz_china_tm(1795622399, &tm);             /* 2026-11-25 15:59:59 UTC */
	CHECK_INT(tm.tm_year + 1900, 2026);
	CHECK_INT(tm.tm_mon + 1, 11);
	CHECK_INT(tm.tm_mday, 25);
	CHECK_INT(tm.tm_hour, 23);
	tz_china_tm(1795622400, &tm);             /* one second later: the next day */
	CHECK_INT(tm.tm_mday, 26);
	CHECK_INT(tm.tm_hour, 0);
}

TEST(day_numbers)
{
	CHECK_INT(tz_china_day(0), 0);
	CHECK_INT(tz_china_day(16 * 3600 - 1), 0);   /* 23:59:59 Beijing */
	CHECK_INT(tz_china_day(16 * 3600), 1);
	CHECK_INT(tz_china_day(-8 * 3600), 0);       /* midnight Beijing */
	CHECK_INT(tz_china_day(-8 * 3600 - 1), -1);  /* floor, not toward zero */
	CHECK_INT(tz_china_day(-8 * 3600 - 86400), -1);
	CHECK_INT(tz_china_day(-8 * 3600 - 86401), -2);
}

TEST(formats_now)
{
	char s[32];
	tz_format_now(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", true);
	CHECK_INT(strlen(s), 20);
	CHECK(s[4] == '-' && s[10] == 'T' && s[19] == 'Z');
	tz_format_now(s, 4, "%Y-%m-%d", true);      /* too small: empty, not cut */
	CHECK_STR(s, "");
}

int main(void)
{
	RUN(offset_is_eight_hours);
	RUN(day_numbers);
	RUN(formats_now);
	return harness_done("tz");
}
