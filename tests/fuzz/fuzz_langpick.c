/* fuzz_langpick.c - libFuzzer target for the language choices of
 * render/langpick.h: Accept-Language values, URL prefixes and cookie
 * words from untrusted headers and paths.  Besides the sanitizers it
 * checks their promises: a found language is one of the table's, the
 * answer does not depend on what follows a NUL, a prefix length covers a
 * whole first segment of the path, and a refused range never wins. */
#include "core/common.h"
#include "render/langpick.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = xstrndup((const char *)data, size);
	enum lang_id id = (enum lang_id)-1;
	if (lang_from_accept(s, &id) && ((int)id < 0 || (int)id >= LANG_COUNT))
		abort();
	/* The same header with every range refused matches nothing. */
	char *refused = xasprintf("%s;q=0", s);
	if (!strchr(s, ',') && !strchr(s, ';') && lang_from_accept(refused, &id))
		abort();
	free(refused);
	size_t n = lang_prefix_len(s, &id);
	if (n) {
		if (n > strlen(s) || s[0] != '/' || (s[n] != '\0' && s[n] != '/') || (int)id < 0 || (int)id >= LANG_COUNT)
			abort();
		if (memchr(s + 1, '/', n - 1))
			abort();
	}
	if (lang_from_word(s, &id) && ((int)id < 0 || (int)id >= LANG_COUNT))
		abort();
	free(s);
	return 0;
}
