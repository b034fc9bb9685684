/* pinyin.c - lookup in the generated reading table (pinyin.h). */
#include "text/pinyin.h"

#include <stddef.h>

const char *pinyin_of(uint32_t cp)
{
	size_t lo = 0, hi = pinyin_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (pinyin_table[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pinyin_count && pinyin_table[lo].cp == cp ? pinyin_table[lo].py : NULL;
}
