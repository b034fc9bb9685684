#include "core/common.h"
#include "core/uri.h"
#include "harness.h"

static void check_decode(const char *in, const char *want, size_t want_len)
{
	size_t n = 99;
	char *out = uri_decode(in, strlen(in), &n);
	CHECK_INT(n, want_len);
	CHECK(memcmp(out, want, want_len) == 0);
	CHECK_INT(out[n], 0);
	free(out);
}

TEST(decodes_escapes_and_keeps_plus)
{
	check_decode("/services/search", "/services/search", 16);
	check_decode("/%E7%A4%BE%e4%bf%9d", "/社保", 7);
	check_decode("/a+b", "/a+b", 4);     /* '+' is a space only in queries */
	check_decode("/a%2Fb", "/a/b", 4);
	check_decode("", "", 0);
}

TEST(keeps_malformed_escapes_as_they_are)
{
	check_decode("/%", "/%", 2);
	check_decode("/%4", "/%4", 3);
	check_decode("/%zz", "/%zz", 4);
	check_decode("/%4g%41", "/%4gA", 5);
	check_decode("/x%", "/x%", 3);
}

TEST(nul_bytes_show_in_the_length)
{
	size_t n;
	char *out = uri_decode("/a%00b", 6, &n);
	CHECK_INT(n, 4);
	CHECK_INT(strlen(out), 2);          /* the caller compares and answers 400 */
	free(out);
}

TEST(decodes_only_the_given_length)
{
	size_t n;
	char *out = uri_decode("/news?p=%41", 5, &n);
	CHECK_STR(out, "/news");
	free(out);
}

TEST(splits_path_query_fragment)
{
	struct uri_ref u;
	CHECK_INT(uri_split("/news/12?p=2", &u), 0);
	CHECK_INT(u.path_len, 8);
	CHECK(strncmp(u.path, "/news/12", 8) == 0);
	CHECK(u.query != NULL);
	CHECK_INT(u.query_len, 3);
	CHECK(u.query && strncmp(u.query, "p=2", 3) == 0);

	CHECK_INT(uri_split("/", &u), 0);
	CHECK(u.query == NULL);
	CHECK_INT(u.path_len, 1);

	CHECK_INT(uri_split("/a?", &u), 0);
	CHECK(u.query != NULL);
	CHECK_INT(u.query_len, 0);

	CHECK_INT(uri_split("/a?x=/y?z#frag?/", &u), 0);
	CHECK_INT(u.path_len, 2);
	CHECK_INT(u.query_len, 6);           /* "x=/y?z" */

	CHECK_INT(uri_split("/services/search?q=%E7%A4%BE", &u), 0);
	CHECK_INT(uri_split("/a:b/@!$&'()*+,;=-._~", &u), 0);
}

TEST(rejects_what_is_not_a_strict_relative_reference)
{
	struct uri_ref u;
	const char *bad[] = {
		"/a b", "/a\tb", "/社保", "/a?q=社保", "/%", "/%4", "/%zz", "/a?%", "/a#%g0",
		"/a\\b", "/a\"b", "/a<b>", "/a?x#y#z", "//host/p", "http://h/p", "mailto:x",
		"/a\x7f", "/a[1]", "/a{b}", "/a|b", "/a^b", "/a`b",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (uri_split(bad[i], &u) != -1)
			fprintf(stderr, "  accepted: %s\n", bad[i]);
		CHECK_INT(uri_split(bad[i], &u), -1);
	}
	/* A colon after the first slash is not a scheme. */
	CHECK_INT(uri_split("/x:y", &u), 0);
	CHECK_INT(uri_split("a/b", &u), 0);
}

TEST(hex_digits)
{
	CHECK_INT(uri_hexval('0'), 0);
	CHECK_INT(uri_hexval('9'), 9);
	CHECK_INT(uri_hexval('a'), 10);
	CHECK_INT(uri_hexval('F'), 15);
	CHECK_INT(uri_hexval('g'), -1);
	CHECK_INT(uri_hexval('\0'), -1);
}

int main(void)
{
	RUN(decodes_escapes_and_keeps_plus);
	RUN(keeps_malformed_escapes_as_they_are);
	RUN(nul_bytes_show_in_the_length);
	RUN(decodes_only_the_given_length);
	RUN(splits_path_query_fragment);
	RUN(rejects_what_is_not_a_strict_relative_reference);
	RUN(hex_digits);
	return harness_done("uri");
}
