/* fuzz_uri.c - libFuzzer target for uri_decode() and uri_split().  Build
 * and run with FUZZ=uri tests/fuzz/run.sh.  Besides the sanitizers it
 * checks their promises: the decoded length and its NUL, that only valid
 * %XX escapes shrink the text, and that a split target's parts lie inside
 * the input, hold only allowed bytes and split again the same way. */
#include "core/common.h"
#include "core/uri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t valid_escapes(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i + 2 < n; i++)
		if (s[i] == '%' && uri_hexval((unsigned char)s[i + 1]) >= 0 && uri_hexval((unsigned char)s[i + 2]) >= 0) {
			k++;
			i += 2;
		}
	return k;
}

static void check_decode(const char *s, size_t n)
{
	size_t len = 0;
	char *out = uri_decode(s, n, &len);
	if (len > n || out[len] != '\0' || n - len != 2 * valid_escapes(s, n))
		abort();
	if (!memchr(s, '%', n) && memcmp(out, s, n) != 0)
		abort();
	free(out);
}

static void check_split(const char *s)
{
	struct uri_ref u;
	if (uri_split(s, &u) != 0)
		return;
	size_t n = strlen(s);
	if (u.path != s || u.path_len > n)
		abort();
	for (size_t i = 0; i < u.path_len; i++)
		if (s[i] == '?' || s[i] == '#' || (unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			abort();
	if (u.query) {
		if (u.query != s + u.path_len + 1 || u.query + u.query_len > s + n || memchr(u.query, '#', u.query_len))
			abort();
	}
	/* The path alone is a target of its own. */
	char *p = xstrndup(s, u.path_len);
	struct uri_ref again;
	if (uri_split(p, &again) != 0 || again.path_len != u.path_len || again.query)
		abort();
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);  /* exact size: ASan sees overreads */
	memcpy(p, data, size);
	check_decode(p, size);
	free(p);
	char *z = xstrndup((const char *)data, size);   /* stops at a NUL */
	check_split(z);
	free(z);
	return 0;
}
