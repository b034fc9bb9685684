/* fuzz_lint.c - libFuzzer target for the mobileOK-style lint of `qiao
 * check` (src/check/lint.c).  The input: a flag byte (bits 0-1 the
 * profile, bits 2-4 which headers are present), then the markup.  Checks
 * lint.h's promises: the counts add up and the return value is the error
 * count; each finding has a rule and a one-line message; a WELL_FORMED
 * error comes alone; lint_charset_of() stays within its buffer and lower
 * cases. */
#include "core/common.h"
#include "check/lint.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t flags = data[0];
	data++;
	size--;
	char *markup = fuzz_copy(data, size);
	char *line = fuzz_str(data, size < 200 ? size : 200);
	struct lint_input in = {
		.profile = (enum device_profile)((flags & 3) % 3),
		.markup = markup,
		.len = size,
		.content_type = (flags & 4) ? "text/vnd.wap.wml; charset=UTF-8" : (flags & 32) ? line : NULL,
		.cache_control = (flags & 8) ? "max-age=60" : NULL,
		.expires = (flags & 16) ? "Thu, 01 Jan 2037 00:00:00 GMT" : NULL,
	};
	struct lint_result res;
	size_t errs = lint_page(&in, &res);
	FUZZ_ASSERT(errs == res.errors && res.errors + res.warnings == res.n);
	size_t e = 0, w = 0;
	for (size_t i = 0; i < res.n; i++) {
		const struct lint_finding *f = &res.items[i];
		FUZZ_ASSERT(f->rule && f->rule[0] && f->message && !strchr(f->message, '\n'));
		FUZZ_ASSERT(lint_has(&res, f->rule));
		if (f->severity == LINT_ERROR)
			e++;
		else
			w++;
	}
	FUZZ_ASSERT(e == res.errors && w == res.warnings);
	FUZZ_ASSERT(!lint_has(&res, "NO_SUCH_RULE"));
	lint_result_free(&res);

	char cs[8];
	memset(cs, 'x', sizeof cs);
	char *got = lint_charset_of(line, cs, sizeof cs);
	FUZZ_ASSERT(got == cs && memchr(cs, 0, sizeof cs));
	for (const char *p = cs; *p; p++)
		FUZZ_ASSERT(!(*p >= 'A' && *p <= 'Z') && *p != '"');
	free(line);
	free(markup);
	return 0;
}
