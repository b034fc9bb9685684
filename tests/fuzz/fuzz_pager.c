/* fuzz_pager.c - libFuzzer target for pager_split() and the page-number
 * helpers (src/render/pager.c).  The input: two bytes of budget, one byte
 * choosing the measure (raw bytes, WML escaping, XHTML-MP escaping), then
 * the text.  Checks pager.h's promises: the pieces are consecutive,
 * cover the text exactly, are not empty (one empty piece for an empty
 * text) and each measures within the budget; with raw bytes and a budget
 * of at least 4 a split never fails; pager_parse_page() accepts only
 * 1..999999 without sign, space or leading zero. */
#include "core/common.h"
#include "render/esc.h"
#include "render/pager.h"
#include "fuzz_util.h"

static size_t measure_esc(const char *s, size_t n, void *ctx)
{
	return esc_text_len(*(const enum esc_dialect *)ctx, s, n);
}

static void check_page(const char *s)
{
	long v = -1;
	bool ok = pager_parse_page(s, &v);
	size_t n = strlen(s);
	bool want = n >= 1 && n <= 6 && s[0] >= '1' && s[0] <= '9';
	for (size_t i = 0; want && i < n; i++)
		want = s[i] >= '0' && s[i] <= '9';
	FUZZ_ASSERT(ok == want);
	if (ok)
		FUZZ_ASSERT(v == strtol(s, NULL, 10));
	else
		FUZZ_ASSERT(v == -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	size_t budget = 1 + (((size_t)data[0] << 8 | data[1]) % 3000);
	int mode = data[2] % 3;
	data += 3;
	size -= 3;
	char *text = fuzz_copy(data, size);
	enum esc_dialect d = mode == 1 ? ESC_WML : ESC_XHTMLMP;
	pager_measure_fn fn = mode == 0 ? NULL : measure_esc;
	struct pager pg;
	int r = pager_split(text, size, budget, fn, &d, &pg);
	FUZZ_ASSERT(r == 0 || r == -1);
	if (r < 0) {
		FUZZ_ASSERT(pg.n == 0 && pg.pieces == NULL);
		FUZZ_ASSERT(!(mode == 0 && budget >= 4));
	} else {
		FUZZ_ASSERT(pg.n >= 1);
		size_t at = 0;
		for (size_t i = 0; i < pg.n; i++) {
			const struct pager_piece *p = &pg.pieces[i];
			FUZZ_ASSERT(p->off == at);
			FUZZ_ASSERT(p->len > 0 || (size == 0 && pg.n == 1));
			size_t m = fn ? fn(text + p->off, p->len, &d) : p->len;
			FUZZ_ASSERT(m <= budget);
			at += p->len;
		}
		FUZZ_ASSERT(at == size);
		pager_release(&pg);
		FUZZ_ASSERT(pg.n == 0 && pg.pieces == NULL);
	}
	free(text);
	char *s = fuzz_str(data, size < 12 ? size : 12);
	check_page(s);
	free(s);
	long total = (long)(size * 37) - 100, per = (long)budget - 50;
	long pages = pager_page_count(total, per);
	FUZZ_ASSERT(pages >= 1);
	if (per > 0 && total > 0)
		FUZZ_ASSERT((pages - 1) * per < total && pages * per >= total);
	return 0;
}
