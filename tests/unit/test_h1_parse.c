/* test_h1_parse.c - the pure HTTP/1.1 request-head parser, plus a replay
 * of the fuzz corpus (tests/fuzz/corpus_h1_parse) under the sanitizers. */
#include "core/common.h"
#include "http/h1.h"
#include "harness.h"

#include <dirent.h>

static char pbuf[70000];
static struct h1_req req;

/* Parse a copy of s (the parser writes NULs into its buffer). */
static int parse_lim(const char *s, size_t n, const struct h1_limits *lim)
{
	memcpy(pbuf, s, n);
	return h1_parse(pbuf, n, lim, &req);
}

static int parse(const char *s)
{
	return parse_lim(s, strlen(s), NULL);
}

#define GET11(extra) "GET / HTTP/1.1\r\nHost: a\r\n" extra "\r\n"

TEST(simple_get)
{
	const char *s = "GET /news/1?p=2 HTTP/1.1\r\nHost: example.org\r\nUser-Agent: Nokia6300/2.0\r\n\r\n";
	CHECK_INT(parse(s), strlen(s));
	CHECK_STR(req.method, "GET");
	CHECK_INT(req.method_len, 3);
	CHECK_STR(req.target, "/news/1?p=2");
	CHECK_INT(req.target_len, 11);
	CHECK_INT(req.minor, 1);
	CHECK_INT(req.n_headers, 2);
	CHECK_STR(req.headers[0].name, "Host");
	CHECK_STR(req.headers[0].value, "example.org");
	CHECK_INT(req.headers[1].value_len, 13);
	CHECK(req.keep_alive);
	CHECK_INT(req.body_len, 0);
	CHECK(req.body == NULL);
}

TEST(head_and_trailing_bytes)
{
	/* The returned length stops at the blank line; what follows is not ours. */
	const char *s = "HEAD /x HTTP/1.1\r\nHost: a\r\n\r\nGET /y HTTP/1.1\r\n";
	CHECK_INT(parse(s), 29);
	CHECK_STR(req.method, "HEAD");
	CHECK_STR(req.target, "/x");
}

TEST(post_with_body_length)
{
	const char *s = "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n"
	                "Content-Type: application/x-www-form-urlencoded\r\n\r\nq=1&r=hello";
	int r = parse(s);
	CHECK_INT(r, strlen(s) - 11);
	CHECK_INT(req.body_len, 11);
	CHECK_STR(h1_req_header(&req, "content-type"), "application/x-www-form-urlencoded");
	/* Content-Length 0 and leading zeros are digits-only, so fine. */
	CHECK(parse(GET11("Content-Length: 0\r\n")) > 0);
	CHECK_INT(req.body_len, 0);
	CHECK(parse(GET11("Content-Length: 007\r\n")) > 0);
	CHECK_INT(req.body_len, 7);
}

TEST(bare_lf_lines)
{
	const char *s = "GET /a HTTP/1.1\nHost: h\n\n";
	CHECK_INT(parse(s), strlen(s));
	CHECK_STR(h1_req_header(&req, "Host"), "h");
}

TEST(leading_empty_lines_skipped)
{
	const char *s = "\r\n\r\nGET /a HTTP/1.1\r\nHost: h\r\n\r\n";
	CHECK_INT(parse(s), strlen(s));
	CHECK_STR(req.target, "/a");
	CHECK_INT(parse("\r\n"), 0);
	CHECK_INT(parse("\r"), 0);
	CHECK_INT(parse("\rX"), -400);
}

TEST(absolute_form)
{
	CHECK(parse("GET http://example.org/news?id=3 HTTP/1.1\r\nHost: example.org\r\n\r\n") > 0);
	CHECK_STR(req.target, "/news?id=3");
	CHECK_INT(req.target_len, 10);
	CHECK(parse("GET HTTP://Example.org:8080 HTTP/1.1\r\nHost: x\r\n\r\n") > 0);
	CHECK_STR(req.target, "/");
	CHECK_INT(req.target_len, 1);
	CHECK(parse("GET http://h?x=1 HTTP/1.1\r\nHost: x\r\n\r\n") > 0);
	CHECK_STR(req.target, "/?x=1");
	CHECK_INT(req.target_len, 5);
	CHECK(parse("GET https://h/s HTTP/1.1\r\nHost: x\r\n\r\n") > 0);
	CHECK_STR(req.target, "/s");
	CHECK_INT(parse("GET http:///x HTTP/1.1\r\nHost: x\r\n\r\n"), -400);
	CHECK_INT(parse("GET ftp://h/x HTTP/1.1\r\nHost: x\r\n\r\n"), -400);
	CHECK_INT(parse("CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n"), -400);
}

TEST(options_star)
{
	CHECK(parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n") > 0);
	CHECK_STR(req.target, "*");
	CHECK_INT(parse("GET * HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
}

TEST(http10)
{
	CHECK(parse("GET / HTTP/1.0\r\n\r\n") > 0);  /* no Host needed */
	CHECK_INT(req.minor, 0);
	CHECK(!req.keep_alive);
	CHECK(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") > 0);
	CHECK(req.keep_alive);
	CHECK(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n") > 0);
	CHECK(!req.keep_alive);
}

TEST(connection_header)
{
	CHECK(parse(GET11("Connection: close\r\n")) > 0);
	CHECK(!req.keep_alive);
	CHECK(parse(GET11("Connection: TE, Close\r\n")) > 0);
	CHECK(!req.keep_alive);
	CHECK(parse(GET11("Connection: keep-alive\r\n")) > 0);
	CHECK(req.keep_alive);
	CHECK(parse(GET11("Connection: closed\r\n")) > 0);
	CHECK(req.keep_alive);
	CHECK(parse(GET11("Connection: upgrade\r\nConnection: close\r\n")) > 0);
	CHECK(!req.keep_alive);
}

TEST(value_trimming_and_empty_values)
{
	CHECK(parse(GET11("X-A:   padded value \t \r\nX-B:\r\nX-C: \t\r\nX-D:x\r\n")) > 0);
	CHECK_STR(h1_req_header(&req, "x-a"), "padded value");
	CHECK_INT(req.headers[1].value_len, 12);
	CHECK_STR(h1_req_header(&req, "X-B"), "");
	CHECK_STR(h1_req_header(&req, "X-C"), "");
	CHECK_STR(h1_req_header(&req, "x-d"), "x");
	/* Inner whitespace and obs-text are kept. */
	CHECK(parse(GET11("X-U: a \t b\xe4\xb8\xad\r\n")) > 0);
	CHECK_STR(h1_req_header(&req, "X-U"), "a \t b\xe4\xb8\xad");
}

TEST(lookup_case_and_repeats)
{
	CHECK(parse(GET11("Cookie: a=1\r\nCOOKIE: b=2\r\nAccept: text/vnd.wap.wml\r\n")) > 0);
	CHECK_STR(h1_req_header(&req, "cookie"), "a=1");  /* first one */
	CHECK_STR(h1_req_header(&req, "ACCEPT"), "text/vnd.wap.wml");
	CHECK(h1_req_header(&req, "Accept-Language") == NULL);
	CHECK(h1_req_header(&req, "Accep") == NULL);
	CHECK(h1_req_header(&req, "Accepts") == NULL);
	CHECK_INT(req.n_headers, 4);
}

TEST(expect_continue)
{
	CHECK(parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n") > 0);
	CHECK(req.expect_continue);
	CHECK(parse(GET11("")) > 0);
	CHECK(!req.expect_continue);
}

TEST(every_prefix_needs_more)
{
	const char *s = "POST /a/b?c=d HTTP/1.1\r\nHost: example.org\r\nContent-Length: 5\r\n"
	                "X-Long: 1234567890\r\n\r\n";
	size_t n = strlen(s);
	int bad = 0;
	for (size_t i = 0; i < n; i++)
		if (parse_lim(s, i, NULL) != 0)
			bad++;
	CHECK_INT(bad, 0);
	CHECK_INT(parse_lim(s, n, NULL), n);
	/* The same with bare LFs. */
	const char *t = "GET / HTTP/1.1\nHost: a\nX: y\n\n";
	bad = 0;
	for (size_t i = 0; i < strlen(t); i++)
		if (parse_lim(t, i, NULL) != 0)
			bad++;
	CHECK_INT(bad, 0);
}

TEST(bad_request_lines)
{
	CHECK_INT(parse("GET /\r\nHost: a\r\n\r\n"), -400);                 /* no version */
	CHECK_INT(parse("GET / \r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("get / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);        /* lowercase */
	CHECK_INT(parse("G@T / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse(" GET / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("GET  / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);       /* space run */
	CHECK_INT(parse("GET /  HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("GET / HTTP/1.1 \r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n"), -400);    /* control in target */
	CHECK_INT(parse("GET /a\x7f HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("GET /a\x01 HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("GET a HTTP/1.1\r\nHost: a\r\n\r\n"), -400);        /* not origin-form */
	CHECK_INT(parse("GET / HTTP/1.10\r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("GET / HTTP/1\r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("GET / http/1.1\r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("GET / HTTP/1.1\rHost: a\r\n\r\n"), -400);          /* bare CR */
	CHECK_INT(parse("GETTINGREALLYLONGMETHOD / HTTP/1.1\r\nHost: a\r\n\r\n"), -400);
	CHECK_INT(parse("\x16\x03\x01\x02"), -400);  /* TLS hello: rejected before the head ends */
	CHECK_INT(parse("GET"), 0);
}

TEST(versions)
{
	CHECK_INT(parse("GET / HTTP/2.0\r\nHost: a\r\n\r\n"), -505);
	CHECK_INT(parse("GET / HTTP/1.2\r\nHost: a\r\n\r\n"), -505);
	CHECK_INT(parse("GET / HTTP/0.9\r\n\r\n"), -505);
	CHECK_INT(parse("GET / HTTP/1.x\r\nHost: a\r\n\r\n"), -400);
}

TEST(bad_headers)
{
	CHECK_INT(parse(GET11("NoColon\r\n")), -400);
	CHECK_INT(parse(GET11("Name : v\r\n")), -400);        /* space before colon */
	CHECK_INT(parse(GET11(": v\r\n")), -400);              /* empty name */
	CHECK_INT(parse(GET11("X(y): v\r\n")), -400);          /* separator in name */
	CHECK_INT(parse(GET11("X-A: v\r\n folded\r\n")), -400);  /* obs-fold */
	CHECK_INT(parse(GET11("X-A: v\r\n\tfolded\r\n")), -400);
	CHECK_INT(parse(GET11("X-A: a\rb\r\n")), -400);        /* bare CR in value */
	CHECK_INT(parse(GET11("X-A: a\x01\r\n")), -400);
	CHECK_INT(parse(GET11("X-A: a\x7f\r\n")), -400);
	CHECK_INT(parse(GET11("X-\xc3\xa4: v\r\n")), -400);    /* non-token name */
}

TEST(nul_bytes)
{
	static const char a[] = "GET /a\0b HTTP/1.1\r\nHost: a\r\n\r\n";
	CHECK_INT(parse_lim(a, sizeof a - 1, NULL), -400);
	static const char b[] = "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n";
	CHECK_INT(parse_lim(b, sizeof b - 1, NULL), -400);
	static const char c[] = "GET / HTTP/1.1\r\nHo\0st: a\r\n\r\n";
	CHECK_INT(parse_lim(c, sizeof c - 1, NULL), -400);
	static const char d[] = "\0GET / HTTP/1.1\r\nHost: a\r\n\r\n";
	CHECK_INT(parse_lim(d, sizeof d - 1, NULL), -400);
}

TEST(oversized_heads)
{
	struct h1_limits lim = { 256, 1000, 64 };
	struct buf b = BUF_INIT;
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: ");
	for (int i = 0; i < 300; i++)
		buf_addc(&b, 'x');
	/* Incomplete but already over the limit: 431 without waiting. */
	CHECK_INT(parse_lim(b.data, b.len, &lim), -431);
	buf_adds(&b, "\r\n\r\n");
	CHECK_INT(parse_lim(b.data, b.len, &lim), -431);
	/* Exactly at the limit is fine, one byte over is not. */
	buf_release(&b);
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: a\r\nX: ");
	while (b.len < 256 - 4)
		buf_addc(&b, 'y');
	buf_adds(&b, "\r\n\r\n");
	CHECK_INT(b.len, 256);
	CHECK_INT(parse_lim(b.data, b.len, &lim), 256);
	buf_release(&b);
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: a\r\nX: ");
	while (b.len < 257 - 4)
		buf_addc(&b, 'y');
	buf_adds(&b, "\r\n\r\n");
	CHECK_INT(parse_lim(b.data, b.len, &lim), -431);
	/* A request line that never ends: 414. */
	buf_release(&b);
	buf_adds(&b, "GET /");
	for (int i = 0; i < 300; i++)
		buf_addc(&b, 'a');
	CHECK_INT(parse_lim(b.data, b.len, &lim), -414);
	/* A long target in a complete head: 414 against max_target_bytes. */
	buf_release(&b);
	buf_adds(&b, "GET /");
	for (int i = 0; i < 64; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, " HTTP/1.1\r\nHost: a\r\n\r\n");
	CHECK_INT(parse_lim(b.data, b.len, &lim), -414);
	buf_release(&b);
}

TEST(too_many_headers)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: a\r\n");
	for (int i = 1; i < H1_MAX_HEADERS; i++)
		buf_addf(&b, "X-%d: v\r\n", i);
	buf_adds(&b, "\r\n");
	CHECK_INT(parse_lim(b.data, b.len, NULL), b.len);
	CHECK_INT(req.n_headers, H1_MAX_HEADERS);
	b.len -= 2;
	buf_adds(&b, "X-Last: v\r\n\r\n");
	CHECK_INT(parse_lim(b.data, b.len, NULL), -431);
	buf_release(&b);
}

TEST(content_length_rules)
{
	CHECK_INT(parse(GET11("Content-Length: 1x\r\n")), -400);
	CHECK_INT(parse(GET11("Content-Length: -1\r\n")), -400);
	CHECK_INT(parse(GET11("Content-Length: +1\r\n")), -400);
	CHECK_INT(parse(GET11("Content-Length:\r\n")), -400);
	CHECK_INT(parse(GET11("Content-Length: 1 2\r\n")), -400);
	CHECK_INT(parse(GET11("Content-Length: 5, 5\r\n")), -400);
	CHECK_INT(parse(GET11("Content-Length: 5\r\nContent-Length: 5\r\n")), -400);
	CHECK_INT(parse(GET11("Content-Length: 5\r\ncontent-length: 6\r\n")), -400);
	CHECK_INT(parse(GET11("Content-Length: 65537\r\n")), -413);
	CHECK_INT(parse(GET11("Content-Length: 99999999999999999999999999999\r\n")), -413);
	CHECK(parse(GET11("Content-Length: 65536\r\n")) > 0);
	CHECK_INT(req.body_len, 65536);
}

TEST(transfer_encoding_refused)
{
	CHECK_INT(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"), -501);
	CHECK_INT(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"), -501);
	CHECK_INT(parse("POST / HTTP/1.0\r\nTRANSFER-ENCODING: gzip\r\n\r\n"), -501);
}

TEST(host_rules)
{
	CHECK_INT(parse("GET / HTTP/1.1\r\n\r\n"), -400);
	CHECK_INT(parse("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), -400);
	CHECK(parse("GET / HTTP/1.1\r\nhOsT: a\r\n\r\n") > 0);
	CHECK(parse("GET / HTTP/1.1\r\nHost:\r\n\r\n") > 0);  /* empty Host is allowed */
}

TEST(no_write_before_complete)
{
	/* A 0 result leaves the buffer as it was, so parsing can resume. */
	const char *s = "GET /x HTTP/1.1\r\nHost: a\r\nX: y\r\n";
	memcpy(pbuf, s, strlen(s));
	CHECK_INT(h1_parse(pbuf, strlen(s), NULL, &req), 0);
	CHECK(memcmp(pbuf, s, strlen(s)) == 0);
	memcpy(pbuf + strlen(s), "\r\n", 2);
	CHECK_INT(h1_parse(pbuf, strlen(s) + 2, NULL, &req), strlen(s) + 2);
	CHECK_STR(h1_req_header(&req, "X"), "y");
}

TEST(reasons)
{
	CHECK_STR(h1_reason(200), "OK");
	CHECK_STR(h1_reason(431), "Request Header Fields Too Large");
	CHECK_STR(h1_reason(299), "Unknown");
}

/* Every seed of the fuzz corpus, under ASan/UBSan: each result must be in
 * the documented set, and a complete parse must lie within the input. */
TEST(fuzz_corpus_replay)
{
	const char *top = getenv("QIAO_TOP");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus_h1_parse", top ? top : ".");
	DIR *d = opendir(dir);
	CHECK(d != NULL);
	if (!d)
		return;
	int files = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		size_t n = fread(pbuf, 1, sizeof pbuf, f);
		fclose(f);
		/* An exact-size heap copy, so ASan sees any overread. */
		char *p = xmalloc(n ? n : 1);
		memcpy(p, pbuf, n);
		int r = h1_parse(p, n, NULL, &req);
		bool ok = r >= 0 ? (size_t)r <= n
		                 : (r == -400 || r == -413 || r == -414 || r == -431 || r == -501 || r == -505);
		if (!ok)
			fprintf(stderr, "  corpus %s: result %d\n", e->d_name, r);
		CHECK(ok);
		if (r > 0) {
			CHECK(req.method && req.target && req.target[0]);
			CHECK_INT(strlen(req.target), req.target_len);
		}
		free(p);
		files++;
	}
	closedir(d);
	CHECK(files >= 24);
}

int main(void)
{
	RUN(simple_get);
	RUN(head_and_trailing_bytes);
	RUN(post_with_body_length);
	RUN(bare_lf_lines);
	RUN(leading_empty_lines_skipped);
	RUN(absolute_form);
	RUN(options_star);
	RUN(http10);
	RUN(connection_header);
	RUN(value_trimming_and_empty_values);
	RUN(lookup_case_and_repeats);
	RUN(expect_continue);
	RUN(every_prefix_needs_more);
	RUN(bad_request_lines);
	RUN(versions);
	RUN(bad_headers);
	RUN(nul_bytes);
	RUN(oversized_heads);
	RUN(too_many_headers);
	RUN(content_length_rules);
	RUN(transfer_encoding_refused);
	RUN(host_rules);
	RUN(no_write_before_complete);
	RUN(reasons);
	RUN(fuzz_corpus_replay);
	return harness_done("h1_parse");
}
