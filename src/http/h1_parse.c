/* h1_parse.c - the HTTP/1.1 request parser (h1_parse) and reason phrases.
 * Pure: no I/O, no allocation.  See h1.h for the contract. */
#include "core/common.h"
#include "http/h1.h"

#include <strings.h>

/* ======================================================================
 * Parser
 * ====================================================================== */

#define MAX_METHOD_LEN 20

static const struct h1_limits default_limits = { 8192, 65536, 4096 };

/* RFC 9110 tchar: the bytes allowed in tokens (header names). */
static bool is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Bytes allowed in a field value (besides the CR of a CRLF). */
static bool is_value_char(unsigned char c)
{
	return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* Index just past the blank line ending a head that starts at buf[0],
 * searching '\n' from `from`; 0 if there is none yet. */
size_t h1_find_head_end(const char *buf, size_t from, size_t len)
{
	const char *p = buf + from, *end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return 0;
		if (nl + 1 < end && nl[1] == '\n')
			return (size_t)(nl + 2 - buf);
		if (nl + 2 < end && nl[1] == '\r' && nl[2] == '\n')
			return (size_t)(nl + 3 - buf);
		p = nl + 1;
	}
	return 0;
}

/* Leading empty lines (RFC 9112 2.2).  Returns the bytes to skip, or -1
 * for a bare CR; a trailing lone CR is left for later. */
long h1_skip_empty_lines(const char *buf, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (buf[i] == '\n')
			i++;
		else if (buf[i] == '\r') {
			if (i + 1 == len)
				break;
			if (buf[i + 1] != '\n')
				return -1;
			i += 2;
		} else
			break;
	}
	return (long)i;
}

/* Cheap check of an incomplete head: the method must be A-Z then SP. */
bool h1_method_prefix_ok(const char *buf, size_t len)
{
	if (len == 1 && buf[0] == '\r')
		return true;  /* the start of an empty line */
	for (size_t i = 0; i < len && i <= MAX_METHOD_LEN; i++) {
		if (buf[i] == ' ')
			return i > 0;
		if (buf[i] < 'A' || buf[i] > 'Z')
			return false;
	}
	return len <= MAX_METHOD_LEN;
}

static bool token_eq(const char *a, size_t alen, const char *lit)
{
	size_t n = strlen(lit);
	return alen == n && strncasecmp(a, lit, n) == 0;
}

/* Connection: a comma-separated token list. */
static void parse_connection(const char *v, size_t len, bool *close, bool *ka)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		size_t s = i;
		while (i < len && v[i] != ',' && v[i] != ' ' && v[i] != '\t')
			i++;
		if (token_eq(v + s, i - s, "close"))
			*close = true;
		else if (token_eq(v + s, i - s, "keep-alive"))
			*ka = true;
	}
}

/* A line ends at LF or CRLF; returns the index of the LF, or -1 if a CR
 * appears without a following LF.  `i` is where the scan starts. */
static long line_end_at(const char *buf, size_t i, size_t end)
{
	if (i < end && buf[i] == '\n')
		return (long)i;
	if (i + 1 < end && buf[i] == '\r' && buf[i + 1] == '\n')
		return (long)i + 1;
	return -1;
}

static int parse_request_line(char *b, size_t end, size_t *pos, const struct h1_limits *lim,
                              struct h1_req *out)
{
	size_t i = *pos, m0 = i;
	while (i < end && b[i] >= 'A' && b[i] <= 'Z')
		i++;
	size_t mlen = i - m0;
	if (mlen == 0 || mlen > MAX_METHOD_LEN || i >= end || b[i] != ' ')
		return -400;
	size_t method_end = i++;

	size_t t0 = i;
	while (i < end && (unsigned char)b[i] > 0x20 && b[i] != 0x7f)
		i++;
	size_t tlen = i - t0;
	if (tlen == 0 || i >= end || b[i] != ' ')
		return -400;  /* empty target, space run, control byte, no version */
	if (tlen > lim->max_target_bytes)
		return -414;
	size_t target_end = i++;

	/* Version: exactly "HTTP/" DIGIT "." DIGIT, then the line end. */
	size_t v0 = i;
	while (i < end && b[i] != '\r' && b[i] != '\n')
		i++;
	if (i - v0 != 8 || memcmp(b + v0, "HTTP/", 5) != 0 || !isdigit((unsigned char)b[v0 + 5])
	    || b[v0 + 6] != '.' || !isdigit((unsigned char)b[v0 + 7]))
		return -400;
	long le = line_end_at(b, i, end);
	if (le < 0)
		return -400;
	if (b[v0 + 5] != '1' || (b[v0 + 7] != '0' && b[v0 + 7] != '1'))
		return -505;
	out->minor = b[v0 + 7] - '0';

	/* Target forms. */
	char *t = b + t0;
	if (t[0] == '/') {
		out->target = t;
	} else if (tlen == 1 && t[0] == '*') {
		if (mlen != 7 || memcmp(b + m0, "OPTIONS", 7) != 0)
			return -400;
		out->target = t;
	} else {
		size_t skip;
		if (tlen > 7 && strncasecmp(t, "http://", 7) == 0)
			skip = 7;
		else if (tlen > 8 && strncasecmp(t, "https://", 8) == 0)
			skip = 8;
		else
			return -400;
		size_t a = skip;
		while (a < tlen && t[a] != '/' && t[a] != '?')
			a++;
		if (a == skip)
			return -400;  /* no host */
		if (a == tlen) {
			out->target = "/";
			tlen = 1;
			goto target_done;
		}
		if (t[a] == '?')
			t[--a] = '/';  /* the host is dropped anyway */
		out->target = t + a;
		tlen -= a;
	}
target_done:
	out->target_len = tlen;
	out->method = b + m0;
	out->method_len = mlen;
	b[method_end] = '\0';
	b[target_end] = '\0';
	*pos = (size_t)le + 1;
	return 0;
}

int h1_parse(char *buf, size_t len, const struct h1_limits *lim, struct h1_req *out)
{
	if (!lim)
		lim = &default_limits;
	out->n_headers = 0;
	out->body = NULL;
	out->body_len = 0;
	out->keep_alive = false;
	out->expect_continue = false;
	out->peer = NULL;
	out->head_ok = false;

	long sk = h1_skip_empty_lines(buf, len);
	if (sk < 0)
		return -400;
	size_t start = (size_t)sk;
	if (start > lim->max_head_bytes)
		return -431;  /* a flood of empty lines */
	if (start >= len)
		return 0;
	size_t avail = len - start;
	size_t scan = avail < lim->max_head_bytes ? avail : lim->max_head_bytes;
	size_t e = h1_find_head_end(buf + start, 0, scan);
	if (!e) {
		if (!h1_method_prefix_ok(buf + start, avail))
			return -400;
		if (avail >= lim->max_head_bytes)
			return memchr(buf + start, '\n', scan) ? -431 : -414;
		return 0;
	}
	size_t end = start + e;  /* one past the blank line's LF */
	size_t pos = start;
	int rc = parse_request_line(buf, end, &pos, lim, out);
	if (rc)
		return rc;

	bool have_cl = false, te = false, conn_close = false, conn_ka = false;
	int hosts = 0;
	unsigned long long cl = 0;
	bool cl_too_big = false;
	for (;;) {
		if (buf[pos] == '\n' || (buf[pos] == '\r' && buf[pos + 1] == '\n'))
			break;  /* the blank line: find_head_end guarantees it is here */
		if (buf[pos] == ' ' || buf[pos] == '\t')
			return -400;  /* obs-fold */
		size_t n0 = pos;
		while (pos < end && is_tchar((unsigned char)buf[pos]))
			pos++;
		size_t nlen = pos - n0;
		if (nlen == 0 || buf[pos] != ':')
			return -400;  /* no name, space before colon, bad byte */
		size_t colon = pos++;
		while (buf[pos] == ' ' || buf[pos] == '\t')
			pos++;
		size_t v0 = pos;
		while (pos < end && is_value_char((unsigned char)buf[pos]))
			pos++;
		long le = line_end_at(buf, pos, end);
		if (le < 0)
			return -400;  /* bare CR, NUL or another control byte */
		size_t v1 = pos;
		while (v1 > v0 && (buf[v1 - 1] == ' ' || buf[v1 - 1] == '\t'))
			v1--;
		if (out->n_headers >= H1_MAX_HEADERS)
			return -431;
		struct h1_header *h = &out->headers[out->n_headers++];
		h->name = buf + n0;
		h->name_len = nlen;
		h->value = buf + v0;
		h->value_len = v1 - v0;
		const char *v = buf + v0;
		size_t vlen = v1 - v0;

		switch (nlen) {
		case 4:
			if (strncasecmp(h->name, "host", 4) == 0)
				hosts++;
			break;
		case 6:
			if (strncasecmp(h->name, "expect", 6) == 0 && token_eq(v, vlen, "100-continue"))
				out->expect_continue = true;
			break;
		case 10:
			if (strncasecmp(h->name, "connection", 10) == 0)
				parse_connection(v, vlen, &conn_close, &conn_ka);
			break;
		case 14:
			if (strncasecmp(h->name, "content-length", 14) == 0) {
				if (have_cl || vlen == 0)
					return -400;
				have_cl = true;
				for (size_t k = 0; k < vlen; k++) {
					if (v[k] < '0' || v[k] > '9')
						return -400;
					if (cl > 1000000000000ULL)
						cl_too_big = true;
					else
						cl = cl * 10 + (unsigned)(v[k] - '0');
				}
			}
			break;
		case 17:
			if (strncasecmp(h->name, "transfer-encoding", 17) == 0)
				te = true;
			break;
		default:
			break;
		}
		buf[colon] = '\0';
		buf[v1] = '\0';
		pos = (size_t)le + 1;
	}
	out->head_ok = true;
	if (hosts > 1 || (hosts == 0 && out->minor == 1))
		return -400;
	if (te)
		return -501;
	if (cl_too_big || cl > lim->max_body_bytes)
		return -413;
	out->body_len = (size_t)cl;
	out->keep_alive = out->minor == 1 ? !conn_close : (conn_ka && !conn_close);
	return (int)end;
}

const char *h1_req_header(const struct h1_req *r, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < r->n_headers; i++)
		if (r->headers[i].name_len == n && strncasecmp(r->headers[i].name, name, n) == 0)
			return r->headers[i].value;
	return NULL;
}

const char *h1_reason(int status)
{
	switch (status) {
	case 100: return "Continue";
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 206: return "Partial Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 408: return "Request Timeout";
	case 410: return "Gone";
	case 411: return "Length Required";
	case 412: return "Precondition Failed";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 416: return "Range Not Satisfiable";
	case 417: return "Expectation Failed";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
	case 505: return "HTTP Version Not Supported";
	default: return "Unknown";
	}
}
