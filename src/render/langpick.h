/* langpick.h - which language a request is answered in (pure).
 *
 * The language of a page comes, in this order, from
 *   1. the URL: a first path segment naming a language ("/zh-hant/news",
 *      "/en/", and "/zh-hans/" for an explicit 简体), stripped before
 *      routing so that one route table serves every language;
 *   2. the "lang" cookie (XHTML-MP and HTML only: WAP 1.x gateways drop
 *      cookies, so WML carries the prefix in every link instead);
 *   3. Accept-Language, for a first visit (q-values honoured);
 *   4. 简体.
 * http/req.c applies the rules to a request; these are the pieces.
 *
 *   size_t n = lang_prefix_len("/zh-hant/news/3", &id);  -> 8, LANG_ZH_HANT
 *   lang_from_accept("en-US,en;q=0.9,zh-TW;q=0.8")      -> LANG_EN
 */
#ifndef QIAO_LANGPICK_H
#define QIAO_LANGPICK_H

#include <stdbool.h>
#include <stddef.h>

#include "render/lang.h"

/* The URL segment that names 简体 explicitly (its table prefix is ""):
 * the language switch's link to 简体 uses it, so that a choice made there
 * wins over a remembered cookie or the browser's Accept-Language. */
#define LANG_HANS_PREFIX "/zh-hans"

/* The cookie that remembers the choice (XHTML-MP and HTML). */
#define LANG_COOKIE "lang"

/* When path starts with a segment naming a language ("/zh-hant",
 * "/zh-hant/...", any case; "/zh-hans" for 简体), store its id in *out
 * and return the segment's length in bytes; otherwise 0 (*out untouched). */
size_t lang_prefix_len(const char *path, enum lang_id *out);

/* The language an Accept-Language value asks for: the range with the
 * highest q that names one of ours (zh-TW, zh-HK, zh-MO and zh-Hant* are
 * 繁體; zh, zh-CN, zh-SG and zh-Hans* are 简体; en-*, fr-*, ja-*, ko-*),
 * the earlier on a tie; q=0 refuses.  false when nothing matches (the
 * caller keeps 简体), including NULL and malformed values. */
bool lang_from_accept(const char *accept_language, enum lang_id *out);

/* The value of a "lang" cookie: a tag or prefix word ("zh-hant",
 * "zh-hans", "en"); false for anything else. */
bool lang_from_word(const char *word, enum lang_id *out);

/* Whether the portal has pages written in language id: 简体 (its own)
 * and 繁體 (converted from it at render time, app/hant.c), and the
 * foreign versions, each with its own column tree and catalog (pages/
 * intl.h; their service and message URLs explain, in the language, that
 * those parts are Chinese).  A language without content would be served
 * the 简体 page, saying so (Content-Language zh-Hans, lang="zh-Hans"). */
bool lang_has_content(enum lang_id id);

/* Bytes a 繁體 page's budget keeps for the conversion.  OpenCC's s2hk
 * maps every character to one character, of the same UTF-8 length except
 * 28 rare CJK Extension A characters (3 bytes) whose traditional forms are
 * in Extension B (4 bytes): a deck grows by one byte for each of them it
 * holds (measured over U+3400-U+9FFF and U+F900-U+FAFF; phrases map to as
 * many characters).  16 bytes cover 16 of them in one deck; a page over
 * its budget after all is logged (http/resp.c). */
#define LANG_HANT_GROWTH 16

/* The language a page asked for in id is written in: id itself when it
 * has content, otherwise 简体. */
enum lang_id lang_content(enum lang_id id);

#endif
