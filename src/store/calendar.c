/* calendar.c - the embedded working-day calendar (calendar.h). */
#include "core/common.h"
#include "store/calendar.h"
#include "store/embedded.h"

static struct workcal cal;
static bool loaded;

static int load(struct workcal *c, char **err)
{
	workcal_init(c);
	for (const struct embedded_file *f = store_holidays; f->name; f++)
		if (workcal_load(c, f->data, f->name, err) != 0)
			return -1;
	return 0;
}

const struct workcal *store_calendar(void)
{
	if (!loaded) {
		char *err = NULL;
		if (load(&cal, &err) != 0) {
			log_error("holiday calendar: %s", err);
			free(err);
		}
		loaded = true;
	}
	return &cal;
}

int store_calendar_check(char **err)
{
	struct workcal c;
	int rc = load(&c, err);
	workcal_release(&c);
	return rc;
}
