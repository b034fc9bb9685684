/* pager.h - split long text into pages that fit a phone's byte budget.
 *
 * A WAP 1.1 phone takes a WML deck of about 1,400 bytes, an XHTML-MP page
 * should stay under 10 KB.  pager_split() cuts an article body into
 * consecutive pieces whose size *as it will be sent* (after escaping for
 * the output dialect, measured by the caller's function) fits a budget.
 *
 *   struct pager pg;
 *   if (pager_split(body, len, 1400 - overhead, wml_len, NULL, &pg) < 0)
 *           ... budget too small ...
 *   for (size_t i = 0; i < pg.n; i++)
 *           emit(body + pg.pieces[i].off, pg.pieces[i].len);
 *   pager_release(&pg);
 *
 * Also the small page-number helpers the list and article handlers share. */
#ifndef QIAO_RENDER_PAGER_H
#define QIAO_RENDER_PAGER_H

#include <stdbool.h>
#include <stddef.h>

/* How many bytes the `n` bytes at `s` take in the output (e.g. their
 * escaped length).  It must be additive: measure(ab) == measure(a) +
 * measure(b) whenever a and b are whole characters/entities/tags, which
 * holds for any per-character escaping.  The pager calls it once per
 * unit (one UTF-8 character, one "&...;" entity or one "<...>" tag), never
 * on long ranges, so a split costs O(len) measured bytes (at most about
 * twice len, as the tail of each look-ahead window is measured again). */
typedef size_t (*pager_measure_fn)(const char *s, size_t n, void *ctx);

/* One piece of the input: text[off .. off+len). */
struct pager_piece {
	size_t off, len;
};

struct pager {
	struct pager_piece *pieces; /* malloc'd; freed by pager_release() */
	size_t n;
};

/* Split text[0..len) into consecutive pieces, each measuring <= budget
 * (measure NULL = raw byte length).  The pieces concatenate back to the
 * exact input.  No piece is empty, except that empty text gives exactly
 * one empty piece {0, 0}: on success n >= 1 always, so "page 1 of n" works.
 *
 * Units.  A cut only falls between units: a UTF-8 character (an invalid
 * byte is a unit of its own), an entity ("&amp;", "&#12345;", "&#x4e2d;",
 * at most 32 bytes) or a tag ("<" + letter, '/', '!' or '?', up to the
 * next '>' on the same line, no '<' inside, at most 4096 bytes).  An
 * entity or tag measuring more than the whole budget cannot be kept whole
 * and is cut between its characters instead.
 *
 * Break ranks, best first:
 *   5 paragraph  after '\n' (the '\n' stays with the earlier piece);
 *   4 sentence   after 。！？；or . ! ? ; plus the closing marks that follow
 *                (” ’ 」 』 ） 】 》 〉 ) ] " ') and then any spaces;
 *   3 clause     after ，、：or , : plus closing marks and spaces;
 *   2 word       after a run of spaces (' ', '\t', U+3000);
 *   1 unit       between any two units.
 * ASCII . ! ? ; , : count only when not followed directly by another ASCII
 * word character, so "3.14", "1,000" and "10:30" are not breaks.
 *
 * Rule (greedy).  Each piece starts where the previous ended and looks at
 * its window: the longest run of whole units that fits the budget.  If the
 * rest of the text fits, that is the last piece.  Otherwise take the
 * highest rank r for which the *last* break of rank >= r in the window
 * leaves a piece measuring at least half the budget (2*m >= budget), and
 * cut there; if none does, cut at the end of the window.  So a paragraph
 * break wins only if it keeps the piece at least half full, else the last
 * sentence end does, and so on.  Consequence: every piece but the last
 * measures >= budget/2 whenever no single unit measures more than
 * budget/2.
 *
 * Returns 0, or -1 if some single character measures more than budget (the
 * budget cannot hold it); then out is empty (pieces NULL, n 0).
 * Release out with pager_release() after a 0 return. */
int pager_split(const char *text, size_t len, size_t budget,
		pager_measure_fn measure, void *ctx, struct pager *out);

/* The same with another fill: a break of some rank wins only if it leaves
 * the piece measuring at least fill percent of the budget (pager_split is
 * fill 50).  A phone deck that should carry as much text as it can uses a
 * higher fill, giving up paragraph ends for sentence ends. */
int pager_split_fill(const char *text, size_t len, size_t budget, unsigned fill,
		     pager_measure_fn measure, void *ctx, struct pager *out);

/* Free the pieces; p is empty afterwards.  Safe on an empty pager. */
void pager_release(struct pager *p);

/* Parse a ?page= / ?p= value strictly: decimal digits only, "1".."999999",
 * no sign, no spaces, no leading zero.  true and *out on success; false
 * (and *out untouched) otherwise - the HTTP layer answers 400. */
bool pager_parse_page(const char *s, long *out);

/* Number of pages needed for `total` items, `per_page` to a page: at
 * least 1 (an empty list is page 1 of 1).  per_page <= 0 counts as "all on
 * one page". */
long pager_page_count(long total, long per_page);

#endif
