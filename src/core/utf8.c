#include "core/utf8.h"

/* The one scanner: length of the sequence at s, *ok telling whether it
 * is a whole valid character (*cp then holds it).  When it is not, the
 * length is that of the maximal ill-formed subsequence. */
static size_t scan(const unsigned char *s, size_t n, uint32_t *cp, bool *ok)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;   /* range of the 2nd byte */
	size_t need;
	uint32_t v;

	*ok = false;
	*cp = 0xFFFD;
	if (c < 0x80) {
		*ok = true;
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2; v = c & 0x1Fu;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3; v = c & 0x0Fu;
		if (c == 0xE0) lo = 0xA0;          /* no overlongs */
		if (c == 0xED) hi = 0x9F;          /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4; v = c & 0x07u;
		if (c == 0xF0) lo = 0x90;          /* no overlongs */
		if (c == 0xF4) hi = 0x8F;          /* nothing above U+10FFFF */
	} else {
		return 1;                          /* 80-C1, F5-FF */
	}
	size_t i = 1;
	for (; i < need && i < n; i++) {
		unsigned char b = s[i];
		if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
			break;
		v = (v << 6) | (b & 0x3Fu);
	}
	if (i == need) {
		*ok = true;
		*cp = v;
	}
	return i;
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	bool ok;
	if (n == 0) {
		*cp = 0xFFFD;
		return 0;
	}
	size_t len = scan((const unsigned char *)s, n, cp, &ok);
	return ok ? len : 0;
}

size_t utf8_next(const char *s, size_t n, uint32_t *cp)
{
	size_t len = utf8_decode(s, n, cp);
	return len || n == 0 ? len : 1;
}

size_t utf8_bad_len(const char *s, size_t n)
{
	uint32_t cp;
	bool ok;
	return n ? scan((const unsigned char *)s, n, &cp, &ok) : 0;
}

size_t utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		bool ok;
		size_t len = scan(u + i, n - i, &cp, &ok);
		if (!ok)
			return i;
		i += len;
	}
	return n;
}

bool utf8_valid(const char *s, size_t n)
{
	return utf8_valid_prefix(s, n) == n;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	size_t n = cp < 0x10000 ? 3 : 4;
	for (size_t i = n - 1; i > 0; i--, cp >>= 6)
		out[i] = (char)(0x80 | (cp & 0x3F));
	out[0] = (char)((n == 3 ? 0xE0 : 0xF0) | cp);
	return n;
}
