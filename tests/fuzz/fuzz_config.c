/* fuzz_config.c - libFuzzer target for config_parse().  Besides the
 * sanitizers it checks its promises: an error always names the file and
 * a line within the input, and accepted settings, printed, parse again
 * to the same printed text. */
#include "core/common.h"
#include "core/buf.h"
#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);  /* exact size: ASan sees overreads */
	memcpy(p, data, size);
	struct config c;
	char *err = NULL;
	config_init(&c);
	if (config_parse(&c, p, size, "f", &err) != 0) {
		size_t lines = 1;
		for (size_t i = 0; i < size; i++)
			lines += p[i] == '\n';
		char *end;
		if (!err || strncmp(err, "f:", 2) != 0)
			abort();
		unsigned long line = strtoul(err + 2, &end, 10);
		if (size <= CONFIG_MAX_BYTES && (line < 1 || line > lines || *end != ':'))
			abort();
		free(err);
	} else {
		struct buf a = BUF_INIT, b = BUF_INIT;
		config_print(&c, &a);
		struct config d;
		config_init(&d);
		if (config_parse(&d, a.data, a.len, "printed", &err) != 0)
			abort();
		config_print(&d, &b);
		if (a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
			abort();
		buf_release(&a);
		buf_release(&b);
		config_free(&d);
	}
	config_free(&c);
	free(p);
	return 0;
}
