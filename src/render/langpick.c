/* langpick.c - the request's language (see langpick.h). */
#include "core/common.h"
#include "render/langpick.h"

#include <strings.h>

/* The longest segment or language range looked at (bytes). */
#define WORD_MAX 32

bool lang_from_word(const char *word, enum lang_id *out)
{
	const struct lang *l = lang_find(word);
	if (!l)
		return false;
	*out = l->id;
	return true;
}

size_t lang_prefix_len(const char *path, enum lang_id *out)
{
	if (!path || path[0] != '/')
		return 0;
	size_t n = strcspn(path + 1, "/");
	if (n == 0 || n >= WORD_MAX)
		return 0;
	char word[WORD_MAX];
	memcpy(word, path + 1, n);
	word[n] = '\0';
	/* Only the URL forms: "zh-hant", "en", ... and "zh-hans". */
	enum lang_id id = LANG_ZH_HANS;
	if (strcasecmp(word, &LANG_HANS_PREFIX[1]) != 0) {
		const struct lang *l = NULL;
		for (size_t i = 0; i < LANG_COUNT && !l; i++)
			if (langs[i].prefix[0] && strcasecmp(word, langs[i].prefix + 1) == 0)
				l = &langs[i];
		if (!l)
			return 0;
		id = l->id;
	}
	*out = id;
	return n + 1;
}

/* The language a Chinese range names by its subtags after "zh": a script
 * (Hant, Hans) wins, then the region (TW, HK, MO are 繁體). */
static enum lang_id chinese_range(const char *range)
{
	bool trad = false;
	for (const char *p = strchr(range, '-'); p; p = strchr(p + 1, '-')) {
		size_t n = strcspn(p + 1, "-");
		if (n == 4 && strncasecmp(p + 1, "hant", 4) == 0)
			return LANG_ZH_HANT;
		if (n == 4 && strncasecmp(p + 1, "hans", 4) == 0)
			return LANG_ZH_HANS;
		if (n == 2 && (strncasecmp(p + 1, "tw", 2) == 0 || strncasecmp(p + 1, "hk", 2) == 0 ||
			       strncasecmp(p + 1, "mo", 2) == 0))
			trad = true;
	}
	return trad ? LANG_ZH_HANT : LANG_ZH_HANS;
}

/* The language of one range ("zh-TW", "en-GB", "*"): false when none of ours. */
static bool range_lang(const char *range, enum lang_id *out)
{
	size_t n = strcspn(range, "-");
	static const struct { const char *primary; enum lang_id id; } primaries[] = {
		{ "en", LANG_EN }, { "fr", LANG_FR }, { "ja", LANG_JA }, { "ko", LANG_KO },
	};
	if (n == 2 && strncasecmp(range, "zh", 2) == 0) {
		*out = chinese_range(range);
		return true;
	}
	for (size_t i = 0; i < ARRAY_LEN(primaries); i++)
		if (n == 2 && strncasecmp(range, primaries[i].primary, 2) == 0) {
			*out = primaries[i].id;
			return true;
		}
	return false;
}

/* A q-value ("1", "1.000", "0.8", "0"): 0..1000, or -1 when malformed. */
static int qvalue(const char *s, size_t n)
{
	if (n == 0 || n > 5 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.')
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

/* One element "range;q=0.8" (between commas, n bytes): its range copied
 * into word and its q (1000 when absent); -1 when malformed. */
static int element(const char *s, size_t n, char word[WORD_MAX])
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	size_t r = 0;
	while (r < n && s[r] != ';' && s[r] != ' ' && s[r] != '\t')
		r++;
	if (r == 0 || r >= WORD_MAX)
		return -1;
	for (size_t i = 0; i < r; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-' || s[i] == '*'))
			return -1;
	memcpy(word, s, r);
	word[r] = '\0';
	int q = 1000;
	const char *p = s + r, *end = s + n;
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == ';'))
			p++;
		if (p == end)
			break;
		const char *pe = memchr(p, ';', (size_t)(end - p));
		if (!pe)
			pe = end;
		size_t len = (size_t)(pe - p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=')
			q = qvalue(p + 2, len - 2);
		if (q < 0)
			return -1;
		p = pe;
	}
	return q;
}

bool lang_from_accept(const char *al, enum lang_id *out)
{
	if (!al)
		return false;
	int best_q = 0;
	enum lang_id best = LANG_ZH_HANS;
	/* Bounded: a header is at most the server's header limit. */
	for (const char *p = al; *p;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char word[WORD_MAX];
		int q = element(p, n, word);
		enum lang_id id;
		if (q > best_q && range_lang(word, &id)) {
			best_q = q;
			best = id;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	if (best_q == 0)
		return false;
	*out = best;
	return true;
}

bool lang_has_content(enum lang_id id)
{
	/* 简体 is the portal's own, 繁體 converted from it; the foreign
	 * versions have their own column trees (migration 014, the demo's
	 * db/demo/i18n/) and catalogs (po/LANG.po): every language has
	 * pages written in it. */
	return (int)id >= 0 && (int)id < LANG_COUNT;
}

enum lang_id lang_content(enum lang_id id)
{
	return lang_has_content(id) ? lang_of(id)->id : LANG_ZH_HANS;
}
