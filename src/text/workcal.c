/* workcal.c - the working-day calendar (see workcal.h). */
#include "core/common.h"
#include "text/msgrule.h"
#include "text/workcal.h"

void workcal_init(struct workcal *c)
{
	memset(c, 0, sizeof *c);
}

void workcal_release(struct workcal *c)
{
	free(c->days);
	memset(c, 0, sizeof *c);
}

static const struct workcal_day *find(const struct workcal *c, int64_t day)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->days[mid].day == day)
			return &c->days[mid];
		if (c->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Insert keeping the order: 0, 1 when already there with the same kind,
 * -1 when there with the other kind. */
static int insert(struct workcal *c, int64_t day, bool workday)
{
	size_t i = c->n;
	while (i > 0 && c->days[i - 1].day > day)
		i--;
	if (i > 0 && c->days[i - 1].day == day)
		return c->days[i - 1].workday == workday ? 1 : -1;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->days = xrealloc(c->days, c->cap * sizeof *c->days);
	}
	memmove(&c->days[i + 1], &c->days[i], (c->n - i) * sizeof *c->days);
	c->days[i] = (struct workcal_day){ day, workday };
	c->n++;
	if (c->first == 0 && c->last == 0)
		c->first = c->last = day;
	if (day < c->first)
		c->first = day;
	if (day > c->last)
		c->last = day;
	return 0;
}

int workcal_load(struct workcal *c, const char *text, const char *name, char **err)
{
	int line = 0;
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		line++;
		char buf[160];
		if (len >= sizeof buf) {
			*err = xasprintf("%s:%d: line too long", name, line);
			return -1;
		}
		memcpy(buf, p, len);
		buf[len] = '\0';
		if (len && buf[len - 1] == '\r')
			buf[--len] = '\0';
		p = eol ? eol + 1 : p + len;
		if (len == 0 || buf[0] == '#')
			continue;
		char *tab = strchr(buf, '\t');
		if (!tab) {
			*err = xasprintf("%s:%d: expected DATE<TAB>holiday|workday<TAB>NAME", name, line);
			return -1;
		}
		*tab = '\0';
		char *kind = tab + 1, *tab2 = strchr(kind, '\t');
		if (tab2)
			*tab2 = '\0';
		int64_t day;
		if (!msgrule_day_parse(buf, &day)) {
			*err = xasprintf("%s:%d: bad date '%s'", name, line, buf);
			return -1;
		}
		bool workday;
		if (strcmp(kind, "holiday") == 0)
			workday = false;
		else if (strcmp(kind, "workday") == 0)
			workday = true;
		else {
			*err = xasprintf("%s:%d: unknown kind '%s' (holiday or workday)", name, line, kind);
			return -1;
		}
		int w = msgrule_weekday(day);
		if (workday && w != 0 && w != 6) {
			*err = xasprintf("%s:%d: %s is a weekday: a make-up working day is a Saturday or Sunday", name, line, buf);
			return -1;
		}
		if (insert(c, day, workday) < 0) {
			*err = xasprintf("%s:%d: %s is given as both a holiday and a working day", name, line, buf);
			return -1;
		}
	}
	return 0;
}

bool workcal_is_workday(const struct workcal *c, int64_t day)
{
	const struct workcal_day *d = find(c, day);
	if (d)
		return d->workday;
	int w = msgrule_weekday(day);
	return w != 0 && w != 6;
}

int64_t workcal_add(const struct workcal *c, int64_t day, int n)
{
	/* Bounded: no calendar has more than a few weeks without a working day. */
	for (int guard = 0; n > 0 && guard < 100000; guard++) {
		day++;
		if (workcal_is_workday(c, day))
			n--;
	}
	return day;
}

int workcal_between(const struct workcal *c, int64_t from, int64_t to)
{
	int n = 0;
	if (to - from > 100000)
		to = from + 100000;
	for (int64_t d = from + 1; d <= to; d++)
		n += workcal_is_workday(c, d);
	return n;
}

int64_t workcal_next_workday(const struct workcal *c, int64_t day)
{
	for (int guard = 0; guard < 1000 && !workcal_is_workday(c, day); guard++)
		day++;
	return day;
}
