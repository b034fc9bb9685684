/* fuzz_h1_parse.c - libFuzzer target for h1_parse().  Build and run with
 * tests/fuzz/run.sh.  Besides the sanitizers it checks the parser's
 * promises: results in the documented set, a complete head within the
 * input, NUL-terminated strings of the stated lengths, and that one byte
 * less than a complete head is "need more". */
#include "core/common.h"
#include "http/h1.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int r, size_t size, const struct h1_req *q)
{
	if (r < 0) {
		if (r != -400 && r != -413 && r != -414 && r != -431 && r != -501 && r != -505)
			abort();
		return;
	}
	if ((size_t)r > size)
		abort();
	if (r == 0)
		return;
	if (!q->method || strlen(q->method) != q->method_len || !q->method_len)
		abort();
	if (!q->target || strlen(q->target) != q->target_len || !q->target_len)
		abort();
	if (q->target[0] != '/' && strcmp(q->target, "*") != 0)
		abort();
	if (q->minor != 0 && q->minor != 1)
		abort();
	for (int i = 0; i < q->n_headers; i++) {
		if (strlen(q->headers[i].name) != q->headers[i].name_len)
			abort();
		if (strlen(q->headers[i].value) != q->headers[i].value_len)
			abort();
		if (h1_req_header(q, q->headers[i].name) == NULL)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct h1_req q;
	static const struct h1_limits small = { 128, 100, 40 };
	const struct h1_limits *lims[2] = { NULL, &small };
	for (int k = 0; k < 2; k++) {
		char *p = malloc(size ? size : 1);  /* exact size: ASan sees overreads */
		memcpy(p, data, size);
		int r = h1_parse(p, size, lims[k], &q);
		check(r, size, &q);
		free(p);
		if (r > 0) {  /* one byte less must ask for more */
			size_t n = (size_t)r - 1;
			p = malloc(n ? n : 1);
			memcpy(p, data, n);
			if (h1_parse(p, n, lims[k], &q) != 0)
				abort();
			free(p);
		}
	}
	return 0;
}
