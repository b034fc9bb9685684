#include "core/common.h"

#include "core/utf8.h"
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

/* The bidirectional embeddings and overrides U+202A-U+202E (E2 80 AA-AE)
 * and isolates U+2066-U+2069 (E2 81 A6-A9), given a well-formed
 * three-byte sequence starting with E2: dropped, so a title or a name
 * cannot reorder the text that follows it on the page. */
static inline bool bidi_control(const unsigned char *p)
{
	return (p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
	       (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9);
}

static const char REPL[] = "\xEF\xBF\xBD";   /* U+FFFD */

/* What an escaped byte becomes ('$' only reaches here in WML). */
static const char *esc_entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	default: return "$$";
	}
}

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
			const char *rep = esc_entity(c);
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
				if (c == 0xE2 && bidi_control(s + i)) {
					FLUSH();
					i += 3;
					run = i;
					continue;
				}
				i += 3;
				continue;
			}
			if (c >= 0xC3 && c <= 0xDF && i + 1 < n && cont(s[i + 1])) {
				i += 2;
				continue;
			}
			uint32_t cp;
			size_t len = utf8_decode(str + i, n - i, &cp);
			if (len && !(cp >= 0x80 && cp <= 0x9F) && cp != 0xFFFE && cp != 0xFFFF) {
				i += len;        /* good character: part of the run */
				continue;
			}
			FLUSH();
			if (!len) {
				EMIT(REPL, 3);
				len = utf8_bad_len(str + i, n - i);
			}
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
