#include "core/common.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "core/tz.h"

static enum log_level min_level = LOG_INFO;
static bool local_time;

void log_set_local_time(bool on)
{
	local_time = on;
}

bool log_local_time(void)
{
	return local_time;
}

void log_set_level(enum log_level lvl)
{
	min_level = lvl;
}

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	if (lvl < min_level)
		return;
	char ts[40];
	tz_format_now(ts, sizeof ts, local_time ? "%Y-%m-%dT%H:%M:%S%z" : "%Y-%m-%dT%H:%M:%SZ", !local_time);

	struct buf b = BUF_INIT;
	buf_addf(&b, "%s qiao[%s] ", ts, names[lvl]);
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_addc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	buf_release(&b);
}
