/* fuzz_charset.c - libFuzzer target for the page charsets
 * (src/core/charset.c).  Input: a first byte choosing the charset, then
 * bytes.  Checks charset.h's promises: encoding any bytes succeeds, its
 * length is charset_len's, and what it writes decodes again in that
 * charset to valid UTF-8 (references stay ASCII); decoding any bytes
 * either fails or gives valid UTF-8; reading Accept-Charset never gives
 * a bit outside CHARSET_ALL. */
#include "core/common.h"
#include "core/charset.h"
#include "core/utf8.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	enum charset cs = (enum charset)(data[0] % CHARSET_COUNT);
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	struct buf enc = BUF_INIT, dec = BUF_INIT, back = BUF_INIT;
	FUZZ_ASSERT(charset_encode(cs, s, n, &enc) == 0);
	FUZZ_ASSERT(charset_len(cs, s, n) == enc.len);
	FUZZ_ASSERT(charset_decode(cs, enc.data ? enc.data : "", enc.len, &back) == 0);
	FUZZ_ASSERT(utf8_valid(back.data ? back.data : "", back.len));
	if (utf8_valid(s, n) && !memchr(s, '&', n))
		/* Without references to tell apart, the round trip is exact for
		 * every character the charset has. */
		FUZZ_ASSERT(cs != CHARSET_UTF8 || (back.len == n && memcmp(back.data ? back.data : "", s, n) == 0));
	if (charset_decode(cs, s, n, &dec) == 0)
		FUZZ_ASSERT(utf8_valid(dec.data ? dec.data : "", dec.len));
	char *str = fuzz_str(data + 1, n);
	FUZZ_ASSERT((charset_accept(str) & ~CHARSET_ALL) == 0);
	FUZZ_ASSERT((charset_list(str) & ~CHARSET_ALL) == 0);
	(void)charset_choose(charset_accept(str), data[0] & 0x80);
	free(str);
	buf_release(&enc);
	buf_release(&dec);
	buf_release(&back);
	return 0;
}
