/* pinyin.h - the Mandarin reading of CJK ideographs, generated at build
 * time from the Unihan database (tools/pinyin.awk, kMandarin of Debian's
 * unicode-data): plain ASCII, no tone, u-umlaut as v. */
#ifndef QIAO_TEXT_PINYIN_H
#define QIAO_TEXT_PINYIN_H

#include <stdint.h>

struct pinyin_entry {
	uint32_t cp;
	const char *py;
};
/* Sorted by cp. */
extern const struct pinyin_entry pinyin_table[];
extern const unsigned pinyin_count;

/* The reading of cp, or NULL when it is not an ideograph with one. */
const char *pinyin_of(uint32_t cp);

#endif
