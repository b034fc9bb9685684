/* i18n.c - the embedded catalogs, one per language (see i18n.h). */
#include "core/common.h"
#include "render/catalog.h"
#include "render/i18n.h"
#include "core/log.h"
#include "store/embedded.h"

#include <pthread.h>

static const struct catalog *cats[LANG_COUNT];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Open LANG.mo for each language that has one.  A catalog that does not
 * open is a build fault (msgfmt --check made it): say so and go on in the
 * source language rather than refusing to serve. */
static void load(void)
{
	for (size_t i = 0; i < LANG_COUNT; i++) {
		char want[32];
		snprintf(want, sizeof(want), "%s.mo", langs[i].catalog);
		for (const struct embedded_file *f = qiao_catalogs; f->name; f++) {
			if (strcmp(f->name, want) != 0)
				continue;
			char *err = NULL;
			cats[i] = catalog_open(f->data, f->len, &err);
			if (!cats[i]) {
				log_error("%s: %s", want, err);
				free(err);
			}
		}
	}
}

const struct catalog *i18n_catalog(enum lang_id id)
{
	if ((int)id <= 0 || (int)id >= LANG_COUNT)
		return NULL;
	pthread_once(&once, load);
	return cats[id];
}
