/* fuzz_mo.c - libFuzzer target for the .mo reader (src/render/catalog.c).
 * The input is a .mo image.  Checks catalog.h's promises: opening never
 * reads outside the image (ASan sees a read past the exact-size copy);
 * an image that opens answers every lookup with a NUL-terminated string
 * that is either the key asked for or lies inside the image; nplurals is
 * 1..16.  The same bytes, as text, are also read as a Plural-Forms value,
 * which must give -1 or an index without crashing. */
#include "core/common.h"
#include "render/catalog.h"
#include "fuzz_util.h"

static void check_answer(const char *got, const char *key, const char *plural, const char *img, size_t size)
{
	FUZZ_ASSERT(got != NULL);
	if (got == key || got == plural)
		return;
	FUZZ_ASSERT(got >= img && got < img + size);
	FUZZ_ASSERT(memchr(got, '\0', (size_t)(img + size - got)) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *img = fuzz_copy(data, size);
	struct catalog *c = catalog_open(img, size, NULL);
	if (c) {
		unsigned np = catalog_nplurals(c);
		FUZZ_ASSERT(np >= 1 && np <= 16);
		/* ask for every NUL-terminated string of the image and a few others */
		static const char *const fixed[] = { "", "首页", "a", "zzzz" };
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
			check_answer(catalog_get(c, fixed[i]), fixed[i], NULL, img, size);
			for (unsigned long n = 0; n < 4; n++)
				check_answer(catalog_nget(c, fixed[i], "p", n), fixed[i], "p", img, size);
		}
		size_t asked = 0;
		for (size_t at = 0; at < size && asked < 64; asked++) {
			const char *nul = memchr(img + at, '\0', size - at);
			if (!nul)
				break;
			const char *key = img + at;
			check_answer(catalog_get(c, key), key, NULL, img, size);
			check_answer(catalog_nget(c, key, "p", 2), key, "p", img, size);
			check_answer(catalog_nget(c, key, "p", 1), key, "p", img, size);
			at = (size_t)(nul - img) + 1;
		}
		catalog_free(c);
	}
	char *text = fuzz_str(data, size);
	long k = catalog_plural_index(text, 1);
	FUZZ_ASSERT(k >= -1);
	catalog_plural_index(text, 0);
	catalog_plural_index(text, 1000000);
	free(text);
	free(img);
	return 0;
}
