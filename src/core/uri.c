/* uri.c - request targets (see uri.h). */
#include "core/common.h"
#include "core/uri.h"

int uri_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *uri_decode(const char *s, size_t n, size_t *out_len)
{
	char *out = xmalloc(n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < n && (hi = uri_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = uri_hexval((unsigned char)s[i + 2])) >= 0) {
			out[j++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[j++] = s[i];
		}
	}
	out[j] = '\0';
	*out_len = j;
	return out;
}

static bool is_pchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c && strchr("-._~!$&'()*+,;=:@/", c) != NULL;
}

/* Index just past the run of allowed bytes from s[i]; '/' and '?' are
 * allowed when `more` (query, fragment). */
static size_t scan(const char *s, size_t i, bool more)
{
	for (;;) {
		unsigned char c = (unsigned char)s[i];
		if (is_pchar(c) || (more && c == '?'))
			i++;
		else if (c == '%' && uri_hexval((unsigned char)s[i + 1]) >= 0 && uri_hexval((unsigned char)s[i + 2]) >= 0)
			i += 3;
		else
			return i;
	}
}

int uri_split(const char *s, struct uri_ref *out)
{
	memset(out, 0, sizeof *out);
	if (s[0] == '/' && s[1] == '/')
		return -1;
	size_t i = scan(s, 0, false);
	out->path = s;
	out->path_len = i;
	/* A ':' before the first '/' would make the start a scheme. */
	const char *colon = memchr(s, ':', i), *slash = memchr(s, '/', i);
	if (colon && (!slash || colon < slash))
		return -1;
	if (s[i] == '?') {
		size_t q = ++i;
		i = scan(s, i, true);
		out->query = s + q;
		out->query_len = i - q;
	}
	if (s[i] == '#')
		i = scan(s, i + 1, true);
	return s[i] == '\0' ? 0 : -1;
}
