/* i18n.h - the interface strings of each language.
 *
 * The catalogs (po/LANG.po, compiled by msgfmt at build time and embedded
 * in the binary as LANG.mo, see docs/i18n.md) are read once, on first
 * use; a language without one (简体, the source language whose strings
 * are the msgids, and 繁體, converted from the 简体 page) gets NULL, which
 * every lookup treats as "the msgid itself".
 *
 * In C, an interface string is marked so tools/pot.pl (xgettext) finds it:
 *   T(r, "没有这一页。")          translated for r's language now
 *   N_("已公开")                  only marked (a static table); translate
 *                                 at use with T(r, s)
 *   TN(r, "%d 条", "%d 条", n)    plural forms for n (ngettext)
 * T and TN are in render/page.h (they need the request). */
#ifndef QIAO_I18N_H
#define QIAO_I18N_H

#include "render/lang.h"

struct catalog;

/* The catalog of language id, or NULL (no translation: the msgids). */
const struct catalog *i18n_catalog(enum lang_id id);

/* N_(s), the marker for xgettext, is in core/common.h (text/ uses it). */

#endif
