/* fuzz_form.c - libFuzzer target for form_parse() (query strings and
 * x-www-form-urlencoded bodies, src/core/form.c).  Besides the sanitizers
 * it checks the promises of form.h: at most
 * FORM_MAX_FIELDS fields, each value NUL-terminated at value_len and no
 * longer than the input, form_get() finds the first field of a name, and
 * an input without '%' fails only by having too many fields. */
#include "core/common.h"
#include "core/form.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_copy(data, size);
	struct form f = FORM_INIT;
	int r = form_parse(&f, s, size);
	FUZZ_ASSERT(r == 0 || r == -1);
	if (r < 0) {
		FUZZ_ASSERT(f.n == 0 && f.fields == NULL);
		if (!memchr(s, '%', size)) {
			/* then only the field limit can refuse it */
			size_t seps = 0;
			for (size_t i = 0; i < size; i++)
				seps += s[i] == '&' || s[i] == ';';
			FUZZ_ASSERT(seps + 1 > FORM_MAX_FIELDS);
		}
	} else {
		FUZZ_ASSERT(f.n <= FORM_MAX_FIELDS);
		for (size_t i = 0; i < f.n; i++) {
			const struct form_field *fld = &f.fields[i];
			FUZZ_ASSERT(fld->name != NULL);  /* "%00" is a name of one NUL byte */
			FUZZ_ASSERT(strlen(fld->name) <= size);
			FUZZ_ASSERT(fld->value && fld->value_len <= size);
			FUZZ_ASSERT(fld->value[fld->value_len] == '\0');
			const struct form_field *first = form_field(&f, fld->name);
			FUZZ_ASSERT(first && first <= fld && strcmp(first->name, fld->name) == 0);
			FUZZ_ASSERT(form_get(&f, fld->name) == first->value);
		}
	}
	form_release(&f);
	FUZZ_ASSERT(f.n == 0 && f.fields == NULL);
	free(s);
	return 0;
}
