/* utf8.h - strict UTF-8: decode one character, validate, count.
 *
 * "Strict" means what RFC 3629 allows and nothing else: no overlong forms,
 * no surrogates (U+D800-U+DFFF), nothing above U+10FFFF, no truncated
 * sequences.  Pure functions; nothing is allocated. */
#ifndef QIAO_UTF8_H
#define QIAO_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode the character at s (n bytes available).  Returns the bytes it
 * takes (1-4) and sets *cp, or returns 0 when s starts with an invalid or
 * truncated sequence (or n is 0); *cp is then U+FFFD. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* The replacement character: what utf8_decode and utf8_next give for an
 * invalid sequence. */
#define UTF8_REPLACEMENT 0xFFFDu
/* Step over one character for readers that skip bad bytes one at a time
 * (the search folding, the name cutting): like utf8_decode, except that a
 * byte which does not start a valid character is consumed alone, as
 * U+FFFD (so a real U+FFFD and a bad byte differ only in length).  Returns
 * 0 only when n is 0. */
size_t utf8_next(const char *s, size_t n, uint32_t *cp);
/* When utf8_decode(s, n) is 0 and n > 0: the length of the maximal
 * ill-formed subsequence at s (the bytes one U+FFFD stands for under the
 * Unicode recommended practice; e.g. C0 AF is two of length 1, a
 * truncated E4 B8 is one of length 2).  Always >= 1 when n > 0. */
size_t utf8_bad_len(const char *s, size_t n);
/* Length of the longest valid prefix of s (n if all of it is valid). */
size_t utf8_valid_prefix(const char *s, size_t n);
bool utf8_valid(const char *s, size_t n);
/* Write cp as UTF-8 into out: its length (1-4), or 0 for a surrogate or
 * a value above U+10FFFF (nothing written). */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Code points in s: every byte that is not a continuation byte (10xxxxxx)
 * starts one, so for valid text this is the character count and for
 * invalid text it never overcounts the bytes. */
size_t utf8_count(const char *s, size_t n);

#endif
