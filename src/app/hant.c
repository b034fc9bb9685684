/* hant.c - simplified → traditional by OpenCC (see hant.h). */
#include "core/common.h"
#include "app/hant.h"

#include <opencc.h>

static opencc_t converter = (opencc_t)-1;
static bool failed;

/* The converter, opened once; NULL when it cannot be (logged once). */
static opencc_t open_converter(void)
{
	if (converter != (opencc_t)-1)
		return converter;
	if (failed)
		return NULL;
	converter = opencc_open(HANT_CONFIG);
	if (converter == (opencc_t)-1) {
		log_error("opencc: cannot open %s: %s", HANT_CONFIG, opencc_error());
		failed = true;
		return NULL;
	}
	return converter;
}

int hant_convert(struct buf *b)
{
	if (!b->data || b->len == 0)
		return 0;
	opencc_t od = open_converter();
	if (!od)
		return -1;
	char *out = opencc_convert_utf8(od, b->data, b->len);
	if (!out) {
		log_error("opencc: %s", opencc_error());
		return -1;
	}
	buf_reset(b);
	buf_adds(b, out);
	opencc_convert_utf8_free(out);
	return 0;
}

void hant_close(void)
{
	if (converter != (opencc_t)-1)
		opencc_close(converter);
	converter = (opencc_t)-1;
	failed = false;
}
