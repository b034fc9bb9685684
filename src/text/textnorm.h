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
/* Append the normalised form of s[0..n) to out.  Invalid UTF-8 bytes (and
 * U+FFFD itself) are dropped, as are the zero-width characters. */
void textnorm_append(struct buf *out, const char *s, size_t n);

/* Decoding, validating and encoding UTF-8: core/utf8.h (utf8_next reads
 * a bad byte as U+FFFD, which textnorm_fold drops). */

/* The folded form of one code point, or TEXTNORM_DROP. */
uint32_t textnorm_fold(uint32_t cp);

/* Traditional -> simplified for the table; other code points unchanged. */
uint32_t textnorm_t2s(uint32_t cp);

/* CJK ideographs: U+3007, U+3400..4DBF, U+4E00..9FFF, U+F900..FAFF,
 * U+20000..2FA1F and U+30000..323AF. */
bool textnorm_is_han(uint32_t cp);

/* Japanese kana (hiragana, katakana, their extensions and half-width
 * forms; not the middle dot U+30FB) and Korean hangul (syllables and
 * jamo): the scripts the search pairs like Han (store/fts_zh.c). */
bool textnorm_is_kana_hangul(uint32_t cp);

/* A small Latin-1 letter with an accent (as textnorm_fold leaves it) as
 * its base letter: é -> e, ç -> c, ñ -> n, ü -> u; anything else
 * unchanged.  The foreign versions' search folds with it so that
 * "etudiants" finds "étudiants". */
uint32_t textnorm_latin_base(uint32_t cp);

/* White space after folding (ASCII space, tab, CR, LF, VT, FF). */
bool textnorm_is_space(uint32_t cp);

#endif
