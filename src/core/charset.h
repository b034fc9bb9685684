/* charset.h - the charsets a page can go out in, and the conversions
 * between them and the portal's own UTF-8 (pure; iconv, no I/O).
 *
 * Every page is made in UTF-8.  A phone that cannot read UTF-8 (its
 * Accept-Charset, its device rule or its UAProf profile leaves it out)
 * gets the page converted, as the last step before the cache and WBXML,
 * into the Chinese charset it reads: GBK for simplified pages, Big5 for
 * traditional ones (docs/charsets.md).  Characters the charset lacks go as
 * numeric character references (&#x20AC;), which every XML and HTML
 * parser resolves back to the character.
 *
 *   unsigned ok = charset_accept(h->accept_charset);     (a mask)
 *   enum charset cs = charset_choose(ok, traditional);
 *   charset_encode(cs, page, len, &out);                   (UTF-8 -> cs)
 *   charset_decode(cs, field, n, &utf8);                   (cs -> UTF-8)
 */
#ifndef QIAO_CHARSET_H
#define QIAO_CHARSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum charset {
	CHARSET_UTF8 = 0,
	CHARSET_GBK,
	CHARSET_GB2312,
	CHARSET_GB18030,
	CHARSET_BIG5,
};
#define CHARSET_COUNT 5
#define CHARSET_BIT(c) (1u << (c))
/* Every charset: what a client that names none accepts. */
#define CHARSET_ALL ((1u << CHARSET_COUNT) - 1u)

/* The label sent in Content-Type, the XML declaration and meta
 * ("utf-8", "gbk", "gb2312", "gb18030", "big5"; static). */
const char *charset_name(enum charset cs);
/* The IANA MIBenum (WBXML's charset field): 106, 113, 2025, 114, 2026. */
unsigned charset_mib(enum charset cs);
/* The charset a label names (IANA names and the usual aliases, any case:
 * "UTF-8", "utf8", "GBK", "CP936", "x-gbk", "GB2312", "EUC-CN", "GB18030",
 * "Big5", "x-big5", "CP950"); false for anything else. */
bool charset_find(const char *label, size_t n, enum charset *out);

/* The charsets an Accept-Charset value allows (CHARSET_BIT mask): each
 * one named with q > 0, and those not named when "*" has q > 0.  NULL,
 * "" or blanks: CHARSET_ALL (no header means any charset, RFC 9110
 * 12.5.2).  A value naming none of ours and no "*" gives 0. */
unsigned charset_accept(const char *accept_charset);
/* The same for a plain list of labels (a UAProf CcppAccept-Charset bag or
 * a device rule's charset=), separated by commas or blanks. */
unsigned charset_list(const char *labels);

/* The charset to send to a client that reads the charsets in mask, for a
 * page in traditional (true) or simplified characters: UTF-8 when the mask
 * allows it or allows nothing of ours; else, simplified: GBK, GB18030,
 * GB2312, Big5, the first allowed; traditional: Big5, GBK, GB18030,
 * GB2312. */
enum charset charset_choose(unsigned mask, bool traditional);

/* Append UTF-8 text s[0..n) converted to cs to out.  A character cs lacks
 * becomes "&#xHEX;"; an invalid UTF-8 sequence becomes "&#xFFFD;".  For
 * CHARSET_UTF8 the bytes are copied (after the same invalid-sequence
 * repair).  Returns 0, or -1 when iconv has no converter for cs. */
int charset_encode(enum charset cs, const char *s, size_t n, struct buf *out);
/* Bytes charset_encode would append for s[0..n). */
size_t charset_len(enum charset cs, const char *s, size_t n);
/* Is code point cp encodable in cs (without a character reference)? */
bool charset_has(enum charset cs, uint32_t cp);

/* Append s[0..n), text in cs, converted to UTF-8 to out.  Returns 0, or
 * -1 when s is not valid in cs (out then holds an unspecified prefix that
 * the caller discards). */
int charset_decode(enum charset cs, const char *s, size_t n, struct buf *out);

#endif
