/* news_date.c - the dates a news feed may carry (news_parse_date in
 * import_news.h): RFC 822/2822, ISO 8601, and China local time. */
#include "core/common.h"
#include "core/tz.h"
#include "import/import_news.h"

/* --- dates -------------------------------------------------------------------- */

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Seconds since the epoch of a UTC civil time (fields already checked). */
static int64_t civil_to_unix(int y, int mo, int d, int h, int mi, int s)
{
	static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	int64_t py = y - 1;
	/* leap days in years 1..y-1, minus those in 1..1969 (477) */
	int64_t leaps = py / 4 - py / 100 + py / 400 - 477;
	int64_t days = 365 * (int64_t)(y - 1970) + leaps + before[mo - 1] + (mo > 2 && is_leap(y)) + d - 1;
	return days * 86400 + h * 3600 + mi * 60 + s;
}

/* Read between min and max digits. */
static bool num(const char **p, int min, int max, int *out)
{
	int v = 0, n = 0;
	while (n < max && isdigit((unsigned char)(*p)[n])) {
		v = v * 10 + ((*p)[n] - '0');
		n++;
	}
	if (n < min || isdigit((unsigned char)(*p)[n]))
		return false;
	*p += n;
	*out = v;
	return true;
}

static bool lit(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

static void skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static bool valid_fields(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 1900 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= month_days(y, mo) &&
	       h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

/* Exactly two digits. */
static bool two(const char **p, int *out)
{
	if (!isdigit((unsigned char)(*p)[0]) || !isdigit((unsigned char)(*p)[1]))
		return false;
	*out = ((*p)[0] - '0') * 10 + ((*p)[1] - '0');
	*p += 2;
	return true;
}

/* "+0800", "+08:00", or "+08" (when short_ok), as seconds east of UTC. */
static bool numeric_zone(const char **p, bool short_ok, int *off)
{
	int sign = **p == '+' ? 1 : **p == '-' ? -1 : 0;
	if (!sign)
		return false;
	const char *q = *p + 1;
	int hh, mm = 0;
	if (!two(&q, &hh))
		return false;
	if (*q == ':') {
		q++;
		if (!two(&q, &mm))
			return false;
	} else if (isdigit((unsigned char)*q)) {
		if (!two(&q, &mm))
			return false;
	} else if (!short_ok) {
		return false;
	}
	if (isdigit((unsigned char)*q) || hh > 23 || mm > 59)
		return false;
	*off = sign * (hh * 3600 + mm * 60);
	*p = q;
	return true;
}

/* ISO 8601 and the China-time forms. */
static bool parse_iso(const char *p, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, s = 0, off = TZ_CHINA_OFFSET;
	if (!num(&p, 4, 4, &y) || !lit(&p, '-') || !num(&p, 2, 2, &mo) || !lit(&p, '-') ||
	    !num(&p, 2, 2, &d))
		return false;
	if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
		p++;
		if (!num(&p, 2, 2, &h) || !lit(&p, ':') || !num(&p, 2, 2, &mi))
			return false;
		if (lit(&p, ':')) {
			if (!num(&p, 2, 2, &s))
				return false;
			if (*p == '.' || *p == ',') { /* fractions are dropped */
				p++;
				if (!isdigit((unsigned char)*p))
					return false;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (*p == 'Z' || *p == 'z') {
			off = 0;
			p++;
		} else if (*p == '+' || *p == '-') {
			if (!numeric_zone(&p, true, &off))
				return false;
		}
	}
	skip_ws(&p);
	if (*p || !valid_fields(y, mo, d, h, mi, s))
		return false;
	*out = civil_to_unix(y, mo, d, h, mi, s) - off;
	return true;
}

/* A run of letters, at most cap-1 of them, lowercased into w. */
static size_t word(const char **p, char *w, size_t cap)
{
	size_t n = 0;
	while (isalpha((unsigned char)(*p)[n])) {
		if (n + 1 >= cap)
			return 0;
		w[n] = (char)tolower((unsigned char)(*p)[n]);
		n++;
	}
	w[n] = '\0';
	*p += n;
	return n;
}

static const char *const month_names[12] = { "january", "february", "march", "april", "may",
	"june", "july", "august", "september", "october", "november", "december" };

static int month_of(const char *w, size_t n)
{
	for (int i = 0; i < 12; i++)
		if (n >= 3 && strncmp(month_names[i], w, n) == 0 && (n == 3 || month_names[i][n] == '\0'))
			return i + 1;
	return 0;
}

static bool weekday_ok(const char *w, size_t n)
{
	static const char *const days[7] = { "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday" };
	for (int i = 0; i < 7; i++)
		if (n >= 3 && strncmp(days[i], w, n) == 0 && (n == 3 || days[i][n] == '\0'))
			return true;
	return false;
}

static bool named_zone(const char *w, int *off)
{
	static const struct { const char *name; int hours; } zones[] = {
		{ "gmt", 0 }, { "ut", 0 }, { "utc", 0 }, { "z", 0 },
		{ "est", -5 }, { "edt", -4 }, { "mst", -7 }, { "mdt", -6 },
		{ "pst", -8 }, { "pdt", -7 },
		/* cst/cdt are missing on purpose: US Central or China? */
	};
	for (size_t i = 0; i < ARRAY_LEN(zones); i++) {
		if (strcmp(w, zones[i].name) == 0) {
			*off = zones[i].hours * 3600;
			return true;
		}
	}
	return false;
}

/* RFC 822 / RFC 2822: [Wkd,] D Mon YY[YY] HH:MM[:SS] ZONE */
static bool parse_rfc822(const char *p, int64_t *out)
{
	char w[16];
	size_t n;
	const char *q = p;
	if ((n = word(&q, w, sizeof w)) > 0) { /* weekday */
		if (!weekday_ok(w, n))
			return false;
		skip_ws(&q);
		if (!lit(&q, ','))
			return false;
		skip_ws(&q);
		p = q;
	}
	int y, mo, d, h, mi, s = 0, off;
	if (!num(&p, 1, 2, &d))
		return false;
	skip_ws(&p);
	if (!(n = word(&p, w, sizeof w)) || !(mo = month_of(w, n)))
		return false;
	skip_ws(&p);
	const char *ys = p;
	if (!num(&p, 2, 4, &y) || p - ys == 3)
		return false;
	if (p - ys == 2)
		y += y < 50 ? 2000 : 1900;
	skip_ws(&p);
	if (!num(&p, 2, 2, &h) || !lit(&p, ':') || !num(&p, 2, 2, &mi))
		return false;
	if (lit(&p, ':') && !num(&p, 2, 2, &s))
		return false;
	skip_ws(&p);
	if (*p == '+' || *p == '-') {
		if (!numeric_zone(&p, false, &off))
			return false;
	} else if (!(n = word(&p, w, sizeof w)) || !named_zone(w, &off)) {
		return false;
	}
	skip_ws(&p);
	if (*p || !valid_fields(y, mo, d, h, mi, s))
		return false;
	*out = civil_to_unix(y, mo, d, h, mi, s) - off;
	return true;
}

bool news_parse_date(const char *s, int64_t *out)
{
	if (!s)
		return false;
	skip_ws(&s);
	if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '-')
		return parse_iso(s, out);
	return parse_rfc822(s, out);
}
