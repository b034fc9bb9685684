/* textnorm.h - character normalisation shared by the search tokenizer and
 * the query builder, so that documents and queries fold the same way.
 *
 * Folding, per code point (textnorm_fold):
 *   - full-width ASCII U+FF01..U+FF5E -> ASCII, ideographic space -> ' '
 *   - ASCII and Latin-1 upper case -> lower case
 *   - traditional -> simplified for a table of ~1000 common characters
 *   - zero-width characters (U+200B..U+200D, U+2060, U+FEFF, U+00AD),
 *     variation selectors, U+FFFD and NUL are dropped
 * Pure functions, no allocation except through the caller's struct buf. */
#ifndef QIAO_TEXTNORM_H
#define QIAO_TEXTNORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

/* Returned by textnorm_fold for a code point that is to be removed. */
#define TEXTNORM_DROP 0u
/* Set by textnorm_utf8_next for a malformed sequence. */
#define TEXTNORM_INVALID 0xFFFDu

/* Append the normalised form of s[0..n) to out.  Invalid UTF-8 bytes (and
 * U+FFFD itself) are dropped, as are the zero-width characters. */
void textnorm_append(struct buf *out, const char *s, size_t n);

/* Decode one code point at s (n bytes left).  Returns the bytes consumed:
 * 1..4 when n >= 1 (a malformed sequence consumes exactly one byte and
 * sets *cp = TEXTNORM_INVALID; overlong forms, surrogates and values above
 * U+10FFFF are malformed), 0 only when n == 0 (and *cp = 0). */
size_t textnorm_utf8_next(const char *s, size_t n, uint32_t *cp);

/* True when s[0..n) is well-formed UTF-8 (as textnorm_utf8_next reads
 * it: no overlong forms, surrogates or values above U+10FFFF; NUL bytes
 * are allowed). */
bool textnorm_utf8_valid(const char *s, size_t n);

/* Encode cp (<= U+10FFFF, not a surrogate) into out[0..4); returns the
 * number of bytes written (1..4), or 0 for a value that cannot be encoded. */
size_t textnorm_utf8_put(char out[4], uint32_t cp);

/* The folded form of one code point, or TEXTNORM_DROP. */
uint32_t textnorm_fold(uint32_t cp);

/* Traditional -> simplified for the table; other code points unchanged. */
uint32_t textnorm_t2s(uint32_t cp);

/* CJK ideographs: U+3007, U+3400..4DBF, U+4E00..9FFF, U+F900..FAFF,
 * U+20000..2FA1F and U+30000..323AF. */
bool textnorm_is_han(uint32_t cp);

/* White space after folding (ASCII space, tab, CR, LF, VT, FF). */
bool textnorm_is_space(uint32_t cp);

#endif
