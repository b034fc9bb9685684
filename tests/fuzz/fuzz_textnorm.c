/* fuzz_textnorm.c - libFuzzer target for text normalisation
 * (src/text/textnorm.c), shared by the search tokenizer and the query
 * builder.  Checks textnorm.h's promises: textnorm_append() gives valid
 * UTF-8 without the dropped characters (zero-width, U+FFFD, NUL) and is
 * idempotent (folding folded text changes nothing); the core UTF-8
 * reader it uses (core/utf8.h) agrees with itself: utf8_next() consumes
 * 1..4 bytes, a bad byte alone, matching utf8_decode() and utf8_valid();
 * utf8_encode() round-trips. */
#include "core/common.h"
#include "core/utf8.h"
#include "text/textnorm.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_copy(data, size);
	bool valid = true;
	for (size_t i = 0; i < size;) {
		uint32_t cp, cp2;
		size_t k = utf8_next(s + i, size - i, &cp);
		size_t d = utf8_decode(s + i, size - i, &cp2);
		FUZZ_ASSERT(k >= 1 && k <= 4 && k <= size - i);
		if (d == 0) {
			FUZZ_ASSERT(k == 1 && cp == UTF8_REPLACEMENT && cp2 == UTF8_REPLACEMENT);
			size_t bad = utf8_bad_len(s + i, size - i);
			FUZZ_ASSERT(bad >= 1 && bad <= 3 && bad <= size - i);
			valid = false;
		} else {
			FUZZ_ASSERT(d == k && cp == cp2);
			FUZZ_ASSERT(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
			char enc[4];
			size_t m = utf8_encode(cp, enc);
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
	FUZZ_ASSERT(utf8_next(s, 0, &dummy) == 0);
	FUZZ_ASSERT(utf8_valid(s, size) == valid);
	FUZZ_ASSERT(utf8_valid_prefix(s, size) <= size);
	FUZZ_ASSERT(utf8_count(s, size) <= size);

	struct buf once = BUF_INIT, twice = BUF_INIT;
	textnorm_append(&once, s, size);
	FUZZ_ASSERT(once.len == 0 || utf8_valid(once.data, once.len));
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
