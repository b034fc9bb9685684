/* hant.c - simplified → traditional by OpenCC (see hant.h). */
#include "core/common.h"
#include "app/hant.h"

#include <opencc.h>

/* One converter per form of the characters, opened on first use. */
static const char *const configs[] = { [HANT_HK] = HANT_CONFIG, [HANT_BIG5] = HANT_CONFIG_BIG5 };
static opencc_t converters[] = { (opencc_t)-1, (opencc_t)-1 };
static bool failed[2];

/* The converter, opened once; NULL when it cannot be (logged once). */
static opencc_t open_converter(enum hant_form f)
{
	if (converters[f] != (opencc_t)-1)
		return converters[f];
	if (failed[f])
		return NULL;
	converters[f] = opencc_open(configs[f]);
	if (converters[f] == (opencc_t)-1) {
		log_error("opencc: cannot open %s: %s", configs[f], opencc_error());
		failed[f] = true;
		return NULL;
	}
	return converters[f];
}

int hant_convert(struct buf *b, enum hant_form f)
{
	if (!b->data || b->len == 0)
		return 0;
	opencc_t od = open_converter(f);
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
	for (size_t f = 0; f < sizeof converters / sizeof converters[0]; f++) {
		if (converters[f] != (opencc_t)-1)
			opencc_close(converters[f]);
		converters[f] = (opencc_t)-1;
		failed[f] = false;
	}
}
