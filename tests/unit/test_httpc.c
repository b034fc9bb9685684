/* test_httpc.c - the HTTP client's parsers, the crawler's link rules and
 * JSON escaping (no network). */
#include "core/common.h"
#include "check/check.h"
#include "check/httpc.h"
#include "harness.h"

TEST(url_parse)
{
	struct httpc_url u;
	char *err = NULL;
	CHECK_INT(httpc_url_parse("http://127.0.0.1:8080", &u, &err), 0);
	CHECK_STR(u.host, "127.0.0.1");
	CHECK_INT(u.port, 8080);
	CHECK_STR(u.target, "/");
	httpc_url_free(&u);
	CHECK_INT(httpc_url_parse("http://Example.org/a/b?x=1#frag", &u, &err), 0);
	CHECK_STR(u.host, "Example.org");
	CHECK_INT(u.port, 80);
	CHECK_STR(u.target, "/a/b?x=1");
	httpc_url_free(&u);
	CHECK_INT(httpc_url_parse("http://[::1]:81?q", &u, &err), 0);
	CHECK_STR(u.host, "::1");
	CHECK_INT(u.port, 81);
	CHECK_STR(u.target, "/?q");
	httpc_url_free(&u);
	const char *bad[] = { "https://x/", "ftp://x", "http://:80/", "http://x:0/", "http://x:99999/",
			      "http://x:8a/", "http://u@x/", "x" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		err = NULL;
		CHECK_INT(httpc_url_parse(bad[i], &u, &err), -1);
		CHECK(err != NULL);
		free(err);
	}
}

TEST(head_parse)
{
	struct httpc_response r = { 0 };
	char *err = NULL;
	const char *h = "HTTP/1.1 404 Not Found\r\nContent-Type:  text/html; charset=utf-8 \r\n"
			"X-A: 1\r\ncontent-length: 5\r\n\r\nhello";
	CHECK_INT(httpc_parse_head(h, strlen(h), &r, &err), (long)(strlen(h) - 5));
	CHECK_INT(r.status, 404);
	CHECK_INT(r.headers.n, 3);
	CHECK_STR(httpc_header(&r, "content-type"), "text/html; charset=utf-8");
	CHECK_STR(httpc_header(&r, "Content-Length"), "5");
	CHECK(httpc_header(&r, "Location") == NULL);
	httpc_response_free(&r);
	/* incomplete: needs more */
	CHECK_INT(httpc_parse_head(h, 30, &r, &err), 0);
	httpc_response_free(&r);
	/* no reason phrase is allowed */
	CHECK_INT(httpc_parse_head("HTTP/1.0 200\r\n\r\n", 16, &r, &err), 16);
	CHECK_INT(r.status, 200);
	httpc_response_free(&r);
	const char *bad[] = { "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
			      "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n", "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		err = NULL;
		CHECK_INT(httpc_parse_head(bad[i], strlen(bad[i]), &r, &err), -1);
		CHECK(err != NULL);
		free(err);
		httpc_response_free(&r);
	}
}

TEST(dechunk)
{
	struct buf out = BUF_INIT;
	size_t used = 0;
	char *err = NULL;
	const char *c = "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\nNEXT";
	CHECK_INT(httpc_dechunk(c, strlen(c), &out, &used, &err), 1);
	CHECK_STR(buf_cstr(&out), "hello, world");
	CHECK_INT(used, strlen(c) - 4);
	/* every proper prefix needs more */
	for (size_t n = 0; n < strlen(c) - 4; n++) {
		buf_reset(&out);
		CHECK_INT(httpc_dechunk(c, n, &out, &used, &err), 0);
	}
	buf_reset(&out);
	CHECK_INT(httpc_dechunk("A\r\n0123456789\r\n0\r\n\r\n", 20, &out, &used, &err), 1);
	CHECK_INT(out.len, 10);
	const char *bad[] = { "zz\r\n", "5\r\nhelloXX0\r\n\r\n", "5x\r\nhello\r\n0\r\n\r\n",
			      "ffffffffffffffffff\r\n" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		buf_reset(&out);
		err = NULL;
		CHECK_INT(httpc_dechunk(bad[i], strlen(bad[i]), &out, &used, &err), -1);
		CHECK(err != NULL);
		free(err);
	}
	buf_release(&out);
}

TEST(link_targets)
{
	struct httpc_url o;
	char *err = NULL;
	CHECK_INT(httpc_url_parse("http://127.0.0.1:8080", &o, &err), 0);
	struct { const char *page, *href; enum device_profile p; const char *want; } cases[] = {
		{ "/", "/news", PROFILE_HTML, "/news" },
		{ "/news/c/1", "2", PROFILE_HTML, "/news/c/2" },
		{ "/news/c/1", "../7?p=2", PROFILE_HTML, "/news/7?p=2" },
		{ "/news/c/1", "?p=3#top", PROFILE_HTML, "/news/c/1?p=3" },
		{ "/", "http://127.0.0.1:8080/a", PROFILE_HTML, "/a" },
		{ "/", "  /spaced  ", PROFILE_HTML, "/spaced" },
		{ "/", "http://127.0.0.1:8081/a", PROFILE_HTML, NULL },      /* other port */
		{ "/", "http://example.org/", PROFILE_HTML, NULL },          /* other host */
		{ "/", "//example.org/x", PROFILE_HTML, NULL },
		{ "/", "https://127.0.0.1:8080/", PROFILE_HTML, NULL },
		{ "/", "tel:12345", PROFILE_HTML, NULL },
		{ "/", "wtai://wp/mc;12345", PROFILE_WML, NULL },
		{ "/", "mailto:a@b.c", PROFILE_HTML, NULL },
		{ "/", "#top", PROFILE_HTML, NULL },
		{ "/", "", PROFILE_HTML, NULL },
		{ "/", "/?view=xhtml", PROFILE_WML, NULL },                  /* switches dialect */
		{ "/", "/news?view=wml", PROFILE_WML, "/news?view=wml" },    /* stays */
		{ "/", "/news?a=1&view=html", PROFILE_XHTMLMP, NULL },
		{ "/", "/news?view=bogus", PROFILE_HTML, "/news?view=bogus" },
		{ "/", "/s?q=$(q)", PROFILE_WML, NULL },                     /* WML variable */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *t = check_link_target(&o, cases[i].page, cases[i].href, cases[i].p);
		if (cases[i].want)
			CHECK_STR(t, cases[i].want);
		else if (t) {
			fprintf(stderr, "    case %zu (%s) gave %s\n", i, cases[i].href, t);
			CHECK(t == NULL);
		}
		free(t);
	}
	httpc_url_free(&o);
}

TEST(json_strings)
{
	struct buf b = BUF_INIT;
	check_json_string(&b, "a\"b\\c\n\t\x01 湖南");
	CHECK_STR(buf_cstr(&b), "\"a\\\"b\\\\c\\n\\t\\u0001 湖南\"");
	buf_reset(&b);
	check_json_string(&b, "x\xff\xc3(\xed\xa0\x80y");   /* bad byte, bad continuation, surrogate */
	CHECK_STR(buf_cstr(&b), "\"x\\ufffd\\ufffd(\\ufffd\\ufffd\\ufffdy\"");
	buf_reset(&b);
	check_json_string(&b, NULL);
	CHECK_STR(buf_cstr(&b), "\"\"");
	buf_release(&b);
}

int main(void)
{
	RUN(url_parse);
	RUN(head_parse);
	RUN(dechunk);
	RUN(link_targets);
	RUN(json_strings);
	return harness_done("httpc");
}
