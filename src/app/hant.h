/* hant.h - 繁體中文 pages: a rendered page converted from simplified to
 * traditional characters by OpenCC, at render time, before the page
 * enters the rendered-page cache (so a cache hit costs nothing).
 *
 * The configuration is s2hk (HANT_CONFIG): character by character, with
 * OpenCC's phrase table only to choose between traditional characters
 * (发 → 發 or 髮), then Hong Kong's standard forms.  Hunan's 繁体版 is
 * read in Hong Kong, Macao and Taiwan: Hong Kong and Macao use these
 * forms, Taiwan's readers read them without trouble, and no word is
 * replaced by a regional one (s2twp would turn 信息 into 資訊 and 软件
 * into 軟體, changing the government's own terms).  Character conversion
 * keeps every page's character count and, but for 28 rare characters
 * (render/langpick.h: LANG_HANT_GROWTH, the room a 繁體 page's budget
 * keeps), its bytes, so a page cut to its byte budget stays within it
 * (tests/e2e/lang.sh measures every page kind).  OpenCC changes no ASCII:
 * markup, entities and percent-encoded URLs pass through as they are.
 *
 * One converter per process, opened on first use (a worker opens its own
 * after the fork) and freed by hant_close() at exit. */
#ifndef QIAO_APP_HANT_H
#define QIAO_APP_HANT_H

#include "core/buf.h"

#define HANT_CONFIG "s2hk.json"

/* A page that goes out in Big5 is converted by s2tw instead: Big5 is
 * Taiwan's character set, and s2hk's Hong Kong forms 税, 户, 峯, 着, 裏 are
 * not in it (they would reach the phone as character references), where
 * s2tw's 稅, 戶, 峰, 著, 裡 are.  Like s2hk it converts characters only,
 * with no regional words (not s2twp). */
#define HANT_CONFIG_BIG5 "s2tw.json"

enum hant_form { HANT_HK, HANT_BIG5 };

/* Convert b (UTF-8) in place to the form f: 0, or -1 after logging when
 * OpenCC is missing or fails (b is left as it was: the page stays in
 * 简体). */
int hant_convert(struct buf *b, enum hant_form f);

/* Free the converter (no-op when never opened). */
void hant_close(void);

#endif
