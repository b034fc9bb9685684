/* fuzz_textnorm.c - libFuzzer target for text normalisation
 * (src/text/textnorm.c), shared by the search tokenizer and the query
 * builder.  Checks textnorm.h's promises: textnorm_append() gives valid
 * UTF-8 without the dropped characters (zero-width, U+FFFD, NUL) and is
 * idempotent (folding folded text changes nothing); textnorm_utf8_next()
 * consumes 1..4 bytes and agrees with textnorm_utf8_valid() and with the
 * core decoder's idea of validity; textnorm_utf8_put() round-trips. */
#include "core/common.h"
#include "core/utf8.h"
#include "text/textnorm.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_copy(data, size);
	bool valid = true;
	for (size_t i = 0; i < size;) {
		uint32_t cp;
		size_t k = textnorm_utf8_next(s + i, size - i, &cp);
		FUZZ_ASSERT(k >= 1 && k <= 4 && k <= size - i);
		if (cp == TEXTNORM_INVALID && !(k == 3 && memcmp(s + i, "\xef\xbf\xbd", 3) == 0)) {
			FUZZ_ASSERT(k == 1);
			valid = false;
		} else {
			FUZZ_ASSERT(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
			char enc[4];
			size_t m = textnorm_utf8_put(enc, cp);
			FUZZ_ASSERT(m == k && memcmp(enc, s + i, k) == 0);
			uint32_t f = textnorm_fold(cp);
			FUZZ_ASSERT(f <= 0x10FFFF);
			if (f != TEXTNORM_DROP)
				FUZZ_ASSERT(textnorm_fold(f) == f);
			(void)textnorm_is_han(cp);
			(void)textnorm_t2s(cp);
		}
		i += k;
	}
	uint32_t dummy;
	FUZZ_ASSERT(textnorm_utf8_next(s, 0, &dummy) == 0 && dummy == 0);
	FUZZ_ASSERT(textnorm_utf8_valid(s, size) == valid);
	FUZZ_ASSERT(utf8_valid(s, size) == valid || memchr(s, 0, size));

	struct buf once = BUF_INIT, twice = BUF_INIT;
	textnorm_append(&once, s, size);
	FUZZ_ASSERT(once.len == 0 || textnorm_utf8_valid(once.data, once.len));
	if (once.len) {
		FUZZ_ASSERT(!memchr(once.data, 0, once.len));
		FUZZ_ASSERT(!memmem(once.data, once.len, "\xef\xbf\xbd", 3));  /* U+FFFD */
		FUZZ_ASSERT(!memmem(once.data, once.len, "\xe2\x80\x8b", 3));  /* U+200B */
		FUZZ_ASSERT(!memmem(once.data, once.len, "\xef\xbb\xbf", 3));  /* U+FEFF */
	}
	textnorm_append(&twice, once.data ? once.data : "", once.len);
	FUZZ_ASSERT(twice.len == once.len && (once.len == 0 || memcmp(once.data, twice.data, once.len) == 0));
	buf_release(&once);
	buf_release(&twice);
	free(s);
	return 0;
}
