/* lang.h - the one table of the portal's languages.
 *
 * 简体中文 is the portal's own language: its content and its interface
 * strings are written in it, and every other language is derived from it
 * (繁體 by conversion, the foreign languages by their own content and
 * translated interface strings).  A language is one row: its BCP 47 tag
 * (Content-Language, lang / xml:lang), the path prefix that names it in
 * URLs ("" for the default), the catalog name of its interface strings
 * and its own name, shown on the language switch.
 *
 *   const struct lang *l = lang_of(r->lang);
 *   ... l->tag, l->prefix ...
 *
 * Pure data: no I/O. */
#ifndef QIAO_LANG_H
#define QIAO_LANG_H

#include <stdbool.h>
#include <stddef.h>

enum lang_id {
	LANG_ZH_HANS = 0,          /* the default: no prefix */
	LANG_ZH_HANT,
	LANG_EN,
	LANG_FR,
	LANG_JA,
	LANG_KO,
};
#define LANG_COUNT 6

struct lang {
	enum lang_id id;
	const char *tag;           /* BCP 47: "zh-Hans", "zh-Hant", "en", ... */
	const char *prefix;        /* URL path prefix: "", "/zh-hant", "/en", ... */
	const char *catalog;       /* gettext catalog name: "zh_CN", "zh_TW", "en", ... */
	const char *self_name;     /* the language's name in itself: 简体, 繁體, English ... */
	bool chinese;              /* the Chinese portal (its services and messages are here) */
};

extern const struct lang langs[LANG_COUNT];

/* The row of id (any value: out of range gives the default). */
const struct lang *lang_of(enum lang_id id);

/* The row whose tag or prefix word is s, case-insensitive ("zh-hant",
 * "zh-Hant", "en"); NULL for anything else, including NULL. */
const struct lang *lang_find(const char *s);

#endif
