/* catalog.h - a gettext message catalog (.mo file) read from memory.
 *
 * Why not GNU gettext's own runtime (libintl): it translates for the
 * process's locale (setlocale, LANGUAGE), one language at a time, and
 * needs each language's system locale installed; qiao answers every
 * request in its own language, many at once.  The .mo format is a plain
 * documented table (magic, count, two arrays of length/offset pairs whose
 * originals are sorted), made to be read like this: no copy, a binary
 * search per lookup.  The catalogs are compiled by msgfmt from po/LANG.po at
 * build time and embedded in the binary (render/i18n.h).
 *
 *   struct catalog *c = catalog_open(mo, mo_len, &err);
 *   catalog_get(c, "首页")                      -> "Home"
 *   catalog_nget(c, "第 {n} 条", "第 {n} 条", 3) -> the plural form for 3
 *
 * Lookups on a NULL catalog, or of a msgid the catalog does not translate,
 * give the msgid back (for nget: msgid when n == 1, else plural), which
 * is what the source language (简体) needs.
 *
 * The plural form index comes from the header's Plural-Forms
 * ("nplurals=2; plural=(n != 1);"), a C expression in n compiled at open.
 *
 * Pure: no I/O.  An open catalog is immutable and may be read from any
 * number of threads. */
#ifndef QIAO_CATALOG_H
#define QIAO_CATALOG_H

#include <stddef.h>

struct catalog;

/* Read the .mo image data[0..len) (either byte order).  The catalog
 * points into data, which must outlive it.  NULL with *err (malloc'ed)
 * set when the image is truncated, malformed, its originals are not
 * sorted, or its Plural-Forms cannot be read. */
struct catalog *catalog_open(const void *data, size_t len, char **err);
void catalog_free(struct catalog *c);

/* Number of messages (the header entry included). */
size_t catalog_count(const struct catalog *c);
/* nplurals of the header (1 when it names none). */
unsigned catalog_nplurals(const struct catalog *c);

/* The translation of msgid, or msgid itself. */
const char *catalog_get(const struct catalog *c, const char *msgid);
/* The plural form for n of the message msgid / plural, or msgid (n == 1)
 * or plural (otherwise) when untranslated. */
const char *catalog_nget(const struct catalog *c, const char *msgid, const char *plural,
                         unsigned long n);

/* The plural index for n of a Plural-Forms value, for tests: -1 when
 * the value cannot be read.  The formula's arithmetic is unsigned long
 * (as gettext's), so it may wrap: values past LONG_MAX give LONG_MAX.
 * catalog_nget uses form 0 for any index not below nplurals. */
long catalog_plural_index(const char *plural_forms, unsigned long n);

#endif
