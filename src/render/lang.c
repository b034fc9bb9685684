/* lang.c - the language table (see lang.h). */
#include "core/common.h"
#include "render/lang.h"

#include <strings.h>

const struct lang langs[LANG_COUNT] = {
	[LANG_ZH_HANS] = { LANG_ZH_HANS, "zh-Hans", "",         "zh_CN", "简体",     true },
	[LANG_ZH_HANT] = { LANG_ZH_HANT, "zh-Hant", "/zh-hant", "zh_TW", "繁體",     true },
	[LANG_EN]      = { LANG_EN,      "en",      "/en",      "en",    "English",  false },
	[LANG_FR]      = { LANG_FR,      "fr",      "/fr",      "fr",    "Français", false },
	[LANG_JA]      = { LANG_JA,      "ja",      "/ja",      "ja",    "日本語",   false },
	[LANG_KO]      = { LANG_KO,      "ko",      "/ko",      "ko",    "한국어",   false },
};

const struct lang *lang_of(enum lang_id id)
{
	if ((int)id < 0 || (int)id >= LANG_COUNT)
		return &langs[LANG_ZH_HANS];
	return &langs[id];
}

const struct lang *lang_find(const char *s)
{
	if (!s || !*s)
		return NULL;
	for (size_t i = 0; i < LANG_COUNT; i++) {
		const struct lang *l = &langs[i];
		if (strcasecmp(s, l->tag) == 0 || (l->prefix[0] && strcasecmp(s, l->prefix + 1) == 0))
			return l;
	}
	return NULL;
}
