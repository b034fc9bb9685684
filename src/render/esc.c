#include "core/common.h"

#include "render/esc.h"

/* Byte classes: copy as is, escape, drop, '$' (escaped in WML only),
 * start of a multi-byte sequence. */
enum { C_COPY, C_ESC, C_DROP, C_DOLLAR, C_HIGH };

#define D C_DROP
#define E C_ESC
#define H C_HIGH
static const unsigned char cls[256] = {
	D, D, D, D, D, D, D, D, D, 0, 0, D, D, 0, D, D,   /* 00 TAB LF CR kept */
	D, D, D, D, D, D, D, D, D, D, D, D, D, D, D, D,   /* 10 */
	0, 0, E, 0, C_DOLLAR, 0, E, E, 0, 0, 0, 0, 0, 0, 0, 0,   /* 20 " $ & ' */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, E, 0, E, 0,   /* 30 < > */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 50 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* 60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, D,   /* 70 DEL */
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,   /* 80-FF */
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef D
#undef E
#undef H

static inline bool cont(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

/* Decode one sequence starting at s[0] (s[0] >= 0x80), n > 0 bytes left.
 * Returns its length and sets *cp to the code point, or to -1 when the
 * returned bytes are a maximal ill-formed subsequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, long *cp)
{
	unsigned char c = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF;   /* valid range of the 2nd byte */
	long v;

	if (c >= 0xC2 && c <= 0xDF) {
		need = 2; v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3; v = c & 0x0F;
		if (c == 0xE0) lo = 0xA0;          /* no overlongs */
		if (c == 0xED) hi = 0x9F;          /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4; v = c & 0x07;
		if (c == 0xF0) lo = 0x90;          /* no overlongs */
		if (c == 0xF4) hi = 0x8F;          /* nothing above U+10FFFF */
	} else {
		*cp = -1;                          /* 80-C1, F5-FF */
		return 1;
	}
	size_t i = 1;
	for (; i < need; i++) {
		if (i >= n)
			break;
		unsigned char b = s[i];
		if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
			break;
		v = (v << 6) | (b & 0x3F);
	}
	*cp = i == need ? v : -1;
	return i;
}

static const char REPL[] = "\xEF\xBF\xBD";   /* U+FFFD */

/* The one implementation behind esc_text and esc_text_len: appends to out
 * unless out is NULL; returns the byte count either way. */
static size_t esc_run(struct buf *out, enum esc_dialect d, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t total = 0, i = 0, run = 0;   /* s[run..i) is pending plain copy */

#define FLUSH() do { \
		if (out && i > run) buf_add(out, s + run, i - run); \
		total += i - run; \
	} while (0)
#define EMIT(p, len) do { \
		if (out) buf_add(out, (p), (len)); \
		total += (len); \
	} while (0)

	while (i < n) {
		unsigned char c = s[i];
		switch (cls[c]) {
		case C_COPY:
			i++;
			continue;
		case C_DOLLAR:
			if (d != ESC_WML) {
				i++;
				continue;
			}
			/* fall through */
		case C_ESC: {
			const char *rep;
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			default: rep = "$$"; break;
			}
			FLUSH();
			EMIT(rep, strlen(rep));
			run = ++i;
			continue;
		}
		case C_DROP:
			FLUSH();
			run = ++i;
			continue;
		default: {
			/* fast paths for the common well-formed sequences that need
			 * no range checks (CJK text is mostly E1-EC) */
			if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE) && i + 2 < n &&
			    cont(s[i + 1]) && cont(s[i + 2])) {
				i += 3;
				continue;
			}
			if (c >= 0xC3 && c <= 0xDF && i + 1 < n && cont(s[i + 1])) {
				i += 2;
				continue;
			}
			long cp;
			size_t len = utf8_decode(s + i, n - i, &cp);
			if (cp >= 0 && !(cp >= 0x80 && cp <= 0x9F) && cp != 0xFFFE && cp != 0xFFFF) {
				i += len;        /* good character: part of the run */
				continue;
			}
			FLUSH();
			if (cp < 0)
				EMIT(REPL, 3);
			i += len;
			run = i;
			continue;
		}
		}
	}
	FLUSH();
#undef FLUSH
#undef EMIT
	return total;
}

void esc_text(struct buf *out, enum esc_dialect d, const char *s, size_t n)
{
	/* grow once for the common case of nothing to escape */
	buf_grow(out, n);
	out->data[out->len] = '\0';   /* buf_grow alone leaves it unterminated */
	esc_run(out, d, s, n);
}

size_t esc_text_len(enum esc_dialect d, const char *s, size_t n)
{
	return esc_run(NULL, d, s, n);
}

void esc_url_path(struct buf *out, const char *path)
{
	const char *seg = path;
	for (;;) {
		const char *slash = strchr(seg, '/');
		size_t n = slash ? (size_t)(slash - seg) : strlen(seg);
		esc_url_component(out, seg, n);
		if (!slash)
			break;
		buf_addc(out, '/');
		seg = slash + 1;
	}
}

void esc_url_component(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_grow(out, n);
	out->data[out->len] = '\0';   /* buf_grow alone leaves it unterminated */
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~')
			continue;
		if (i > run)
			buf_add(out, s + run, i - run);
		char pct[3] = { '%', hex[c >> 4], hex[c & 15] };
		buf_add(out, pct, 3);
		run = i + 1;
	}
	if (n > run)
		buf_add(out, s + run, n - run);
}

size_t utf8_valid_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		long cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (cp < 0)
			return i;
		i += len;
	}
	return n;
}

bool utf8_valid(const char *s, size_t n)
{
	return utf8_valid_prefix(s, n) == n;
}
