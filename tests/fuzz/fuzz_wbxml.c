/* fuzz_wbxml.c - libFuzzer target for the WML to WBXML encoder
 * (src/wbxml/wbxml.c).  Checks wbxml.h's promises: on success the output
 * follows what was already in the buffer and starts with the WBXML 1.3 /
 * WML 1.1 (or 1.2, 1.3 when the DOCTYPE names them) / UTF-8 header, and
 * wbxml_wml_size() agrees; on failure the buffer is left as it was and
 * the error is one "line N: reason" line; encoding is deterministic. */
#include "core/common.h"
#include "wbxml/wbxml.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *xml = fuzz_copy(data, size);
	struct buf out = BUF_INIT;
	buf_adds(&out, "prefix");
	char *err = NULL;
	int r = wbxml_encode_wml(xml, size, &out, &err);
	long sz = wbxml_wml_size(xml, size);
	if (r == 0) {
		FUZZ_ASSERT(!err);
		FUZZ_ASSERT(out.len > 6 + 4 && memcmp(out.data, "prefix", 6) == 0);
		unsigned char id = (unsigned char)out.data[7];   /* WML 1.1, 1.2 or 1.3 (the DOCTYPE's) */
		FUZZ_ASSERT((unsigned char)out.data[6] == 0x03 && (id == 0x04 || id == 0x09 || id == 0x0A) &&
		            (unsigned char)out.data[8] == 0x6a);
		FUZZ_ASSERT(sz == (long)(out.len - 6));
		struct buf again = BUF_INIT;
		FUZZ_ASSERT(wbxml_encode_wml(xml, size, &again, NULL) == 0);
		FUZZ_ASSERT(again.len == out.len - 6 && memcmp(again.data, out.data + 6, again.len) == 0);
		buf_release(&again);
	} else {
		FUZZ_ASSERT(r == -1 && sz == -1);
		FUZZ_ASSERT(out.len == 6 && memcmp(out.data, "prefix", 6) == 0);
		FUZZ_ASSERT(err && strncmp(err, "line ", 5) == 0 && !strchr(err, '\n'));
		free(err);
	}
	buf_release(&out);
	free(xml);
	return 0;
}
