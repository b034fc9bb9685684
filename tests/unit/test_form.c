#include "core/common.h"
#include "core/form.h"
#include "harness.h"

TEST(decodes_plus_and_percent)
{
	struct form f;
	const char *q = "q=%E7%A4%BE%E4%BF%9D+%E9%95%BF%E6%B2%99&page=2&empty=&flag";
	CHECK_INT(form_parse(&f, q, strlen(q)), 0);
	CHECK_INT(f.n, 4);
	CHECK_STR(form_get(&f, "q"), "社保 长沙");
	CHECK_STR(form_get(&f, "page"), "2");
	CHECK_STR(form_get(&f, "empty"), "");
	CHECK_STR(form_get(&f, "flag"), "");
	CHECK(form_get(&f, "missing") == NULL);
	form_release(&f);
}

TEST(first_value_wins_and_semicolon_separates)
{
	struct form f;
	const char *q = "a=1;a=2&b=x%3Dy";
	CHECK_INT(form_parse(&f, q, strlen(q)), 0);
	CHECK_STR(form_get(&f, "a"), "1");
	CHECK_STR(form_get(&f, "b"), "x=y");
	form_release(&f);
}

TEST(rejects_bad_escapes)
{
	struct form f;
	const char *bad[] = { "a=%", "a=%4", "a=%zz", "%G1=1", "a=b%" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		CHECK_INT(form_parse(&f, bad[i], strlen(bad[i])), -1);
		CHECK_INT(f.n, 0);
	}
}

TEST(keeps_nul_bytes_with_length)
{
	struct form f;
	const char *q = "t=a%00b";
	CHECK_INT(form_parse(&f, q, strlen(q)), 0);
	const struct form_field *fld = form_field(&f, "t");
	CHECK(fld != NULL);
	if (fld) {
		CHECK_INT(fld->value_len, 3);
		CHECK(memcmp(fld->value, "a\0b", 3) == 0);
	}
	form_release(&f);
}

TEST(limits_field_count)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		buf_addf(&b, "f%d=1&", i);
	struct form f;
	CHECK_INT(form_parse(&f, b.data, b.len), 0);
	CHECK_INT(f.n, FORM_MAX_FIELDS);
	form_release(&f);
	buf_adds(&b, "one=more");
	CHECK_INT(form_parse(&f, b.data, b.len), -1);
	buf_release(&b);
}

TEST(empty_input_and_empty_names)
{
	struct form f;
	CHECK_INT(form_parse(&f, "", 0), 0);
	CHECK_INT(f.n, 0);
	CHECK_INT(form_parse(&f, "&&=x&", 5), 0);
	CHECK_INT(f.n, 0);
	form_release(&f);
}

int main(void)
{
	RUN(decodes_plus_and_percent);
	RUN(first_value_wins_and_semicolon_separates);
	RUN(rejects_bad_escapes);
	RUN(keeps_nul_bytes_with_length);
	RUN(limits_field_count);
	RUN(empty_input_and_empty_names);
	return harness_done("form");
}
