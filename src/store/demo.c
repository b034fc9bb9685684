#include "core/common.h"
#include "store/demo.h"
#include "store/store.h"

int demo_fill(struct store *st, uint64_t seed, bool progress, char **err)
{
	(void)st; (void)seed; (void)progress;
	*err = xstrdup("demo data not written yet");
	return -1;
}
