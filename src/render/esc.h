/* esc.h - escaping text for the three markup dialects, and URL components.
 *
 * esc_text() is the single gate every untrusted string passes through on
 * its way into a page.  Its output is always valid UTF-8 made only of
 * characters XML 1.0 allows, and safe both as element text and inside a
 * double- or single-quoted attribute value:
 *
 *   - & < > " '  become  &amp; &lt; &gt; &quot; &#39;   (all dialects)
 *   - invalid UTF-8 (stray continuation bytes, overlong forms, surrogates,
 *     code points above U+10FFFF, truncated sequences) is REPLACED by
 *     U+FFFD, one per maximal ill-formed subsequence (the Unicode
 *     recommended practice; e.g. C0 AF gives two, a truncated E4 B8 one)
 *   - C0 controls other than TAB LF CR, DEL, the C1 controls U+0080-U+009F
 *     and the non-characters U+FFFE/U+FFFF are DROPPED
 *   - the bidirectional embeddings, overrides and isolates U+202A-U+202E
 *     and U+2066-U+2069 are DROPPED (a title could otherwise reverse the
 *     text after it); the marks U+200E/U+200F stay
 *   - ESC_WML only: '$' becomes "$$" (WML reads $name and $(name) as
 *     variable references; "$$" is a literal dollar)
 *
 * All functions append to `out`; nothing else is allocated. */
#ifndef QIAO_ESC_H
#define QIAO_ESC_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

enum esc_dialect { ESC_HTML, ESC_XHTMLMP, ESC_WML };

void esc_text(struct buf *out, enum esc_dialect d, const char *s, size_t n);
/* Exactly the number of bytes esc_text(d, s, n) would append. */
size_t esc_text_len(enum esc_dialect d, const char *s, size_t n);
/* Percent-encode every byte but A-Z a-z 0-9 - _ . ~ (upper-case hex). */
void esc_url_component(struct buf *out, const char *s, size_t n);
/* Percent-encode a path: like esc_url_component, but '/' is kept. */
void esc_url_path(struct buf *out, const char *path);

#endif
