/* import_news.h - `qiao import news FILE`: load an RSS 2.0 feed or a
 * <qiao-news> document (docs/news-format.md) into the store.
 *
 * The kind of file is decided by its root element (<rss> or <qiao-news>).
 * The whole file is checked first, without writing: on any error in it
 * (including a guid or column id given twice) nothing is written.  It is
 * then written element by element in file order, in short transactions
 * (import/batch.h), so the server's own writes (form tokens, letters)
 * wait milliseconds, not the length of the import.  Readers see the
 * import arrive in file order, each element whole: a column before the
 * articles in it, never an article without its column.
 *
 * Articles are keyed by guid (RSS: <guid>, else <link>); an article whose
 * guid is already stored is updated only when a field differs, and a
 * column only when its name or sort differs, so importing the same file
 * twice changes nothing.  That makes a re-run the recovery: should the
 * database fail in the writing pass (disk full, the process killed), the
 * elements before the failed batch stay written and the error says up
 * to which line; importing the same file again writes the rest and
 * leaves what is already there unchanged. */
#ifndef QIAO_IMPORT_NEWS_H
#define QIAO_IMPORT_NEWS_H

#include <stdbool.h>
#include <stdint.h>

#include "import/xmlsafe.h"

struct store;

/* Limits (errors beyond them). */
#define IMPORT_MAX_FILE  XMLSAFE_MAX_FILE     /* bytes (xmlsafe.h) */
#define IMPORT_MAX_TITLE 200                 /* characters */
#define IMPORT_MAX_BODY  200000              /* bytes */

struct import_result {
	int added;     /* new articles */
	int updated;   /* stored articles changed (or deleted by <delete>) */
	int unchanged; /* articles already stored exactly so */
	int columns;   /* columns created or changed */
};

/* Import path into st.  default_column is the column for RSS items
 * (required: 0 is an error for RSS) and for <article> elements without a
 * column attribute.  Returns 0 with *res filled, or -1 with *res zeroed
 * and *err set to a malloc'd "FILE:LINE: reason" (LINE is the line of the
 * offending element, 1 for the file as a whole; "FILE: reason" when the
 * file cannot be read at all, as from xmlsafe.h; a failure while writing
 * ends "(imported in part: ... up to line N ...)" or "(nothing was
 * written)").  The caller frees *err. */
int import_news(struct store *st, const char *path, int64_t default_column,
		struct import_result *res, char **err);

/* Parse a date into Unix seconds.  Accepted:
 *   RFC 822/2822   [Wed,] 25 Nov 2026 09:00[:00] (+0800|GMT|UT|UTC|Z|EST|...)
 *                  (2-digit years: <50 → 20xx, else 19xx; the weekday is
 *                  not checked; CST/CDT are refused as ambiguous)
 *   ISO 8601       2026-11-25T09:00[:00[.fff]](Z|+08:00|+0800)
 *   China time     2026-11-25 09:00[:00], 2026-11-25T09:00 (no zone: +08:00)
 *   date only      2026-11-25 (00:00 China time)
 * Leading/trailing whitespace is ignored; anything else fails. */
bool news_parse_date(const char *s, int64_t *out);

#endif
