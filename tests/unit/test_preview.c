#include "core/common.h"
#include "check/measure.h"
#include "pages/preview.h"
#include "wbxml/wbxml.h"
#include "harness.h"

#include <zlib.h>

#define WML_HEAD "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
	"<!DOCTYPE wml PUBLIC \"-//WAPFORUM//DTD WML 1.1//EN\" \"http://www.wapforum.org/DTD/wml_1.1.xml\">\n"

static const char deck[] = WML_HEAD
	"<wml><card id=\"c\" title=\"首页\"><p><a href=\"/news/1\">新闻</a><br/>价格 $$5</p></card></wml>\n";

/* Inflate a gzip stream to count what it holds (checks the size we report
 * belongs to a real, complete gzip stream of the input). */
static long gunzip_len(const unsigned char *in, size_t n)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return -1;
	unsigned char out[65536];
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = sizeof out;
	int rc = inflate(&z, Z_FINISH);
	long len = rc == Z_STREAM_END ? (long)z.total_out : -1;
	inflateEnd(&z);
	return len;
}

TEST(paths)
{
	CHECK(preview_path_ok("/"));
	CHECK(preview_path_ok("/news/12"));
	CHECK(preview_path_ok("/news/c/3?page=2&view=wml"));
	CHECK(preview_path_ok("/搜索?q=长沙"));
	CHECK(!preview_path_ok(NULL));
	CHECK(!preview_path_ok(""));
	CHECK(!preview_path_ok("news/12"));
	CHECK(!preview_path_ok("//evil.example/x"));
	CHECK(!preview_path_ok("http://evil.example/"));
	CHECK(!preview_path_ok("/a b"));
	CHECK(!preview_path_ok("/a\\b"));
	CHECK(!preview_path_ok("/a\tb"));
	CHECK(!preview_path_ok("/a\x7f"));
	CHECK(!preview_path_ok("/\xff\xfe"));       /* not UTF-8 */
	CHECK(!preview_path_ok("/\xe6\x96"));       /* truncated UTF-8 */
	char p[PREVIEW_PATH_MAX + 2];
	memset(p, 'a', sizeof p);
	p[0] = '/';
	p[PREVIEW_PATH_MAX] = '\0';                 /* exactly the maximum */
	CHECK(preview_path_ok(p));
	p[PREVIEW_PATH_MAX] = 'a';
	p[PREVIEW_PATH_MAX + 1] = '\0';             /* one byte over */
	CHECK(!preview_path_ok(p));
}

TEST(wml_deck)
{
	struct measure m;
	size_t n = strlen(deck);
	measure_markup(deck, n, PROFILE_WML, 1400, &m);
	CHECK_INT(m.raw, n);
	CHECK_INT(m.counted, n);
	CHECK_INT(m.budget, 1400);
	CHECK(m.within);
	CHECK_INT(m.wellformed, 1);
	CHECK(m.xml_error == NULL);
	CHECK(m.wbxml > 0);
	CHECK_INT(m.wbxml, wbxml_wml_size(deck, n));
	CHECK(m.wbxml_error == NULL);
	CHECK(m.gzip > 18);                          /* gzip header + trailer alone */
	measure_release(&m);

	/* One byte over the budget. */
	measure_markup(deck, n, PROFILE_WML, n - 1, &m);
	CHECK(!m.within);
	measure_markup(deck, n, PROFILE_WML, n, &m);
	CHECK(m.within);
	measure_release(&m);
}

TEST(gzip_size_is_a_real_stream)
{
	/* Repetitive text compresses far below its size; empty input is the
	 * 10-byte header, an empty final block (2 bytes) and the 8-byte trailer. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 500; i++)
		buf_adds(&b, "<p>湖南省人民政府</p>\n");
	struct measure m;
	measure_markup(b.data, b.len, PROFILE_HTML, 14336, &m);
	CHECK(m.gzip > 20 && m.gzip < 300);
	CHECK_INT(m.counted, m.gzip);              /* the HTML budget counts gzip bytes */
	CHECK(m.within);
	CHECK_INT(m.wellformed, -1);
	CHECK(m.xml_error == NULL);
	CHECK_INT(m.wbxml, -1);
	measure_release(&m);

	/* The same numbers as compressing it ourselves at the level the server
	 * sends (9) and inflating it back. */
	uLong bound = compressBound((uLong)b.len) + 32;
	unsigned char *gz = xmalloc(bound);
	z_stream z;
	memset(&z, 0, sizeof z);
	CHECK(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
	z.next_in = (Bytef *)b.data;
	z.avail_in = (uInt)b.len;
	z.next_out = gz;
	z.avail_out = (uInt)bound;
	CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
	CHECK_INT(z.total_out, m.gzip);
	CHECK_INT(gunzip_len(gz, z.total_out), b.len);
	deflateEnd(&z);
	free(gz);
	buf_release(&b);

	measure_markup("", 0, PROFILE_HTML, 100, &m);
	CHECK_INT(m.gzip, 20);
	CHECK_INT(m.raw, 0);
	measure_release(&m);
}

TEST(not_well_formed)
{
	static const char bad[] = WML_HEAD "<wml><card id=\"c\"><p>x</card></wml>";
	struct measure m;
	measure_markup(bad, strlen(bad), PROFILE_WML, 1400, &m);
	CHECK_INT(m.wellformed, 0);
	CHECK_CONTAINS(m.xml_error, "line 3: ");
	CHECK_CONTAINS(m.xml_error, "mismatch");
	CHECK_INT(m.wbxml, -1);
	CHECK(m.wbxml_error != NULL);
	measure_release(&m);
	CHECK(m.xml_error == NULL && m.wbxml_error == NULL);

	static const char amp[] = "<html><body><p>a & b</p></body></html>";
	measure_markup(amp, strlen(amp), PROFILE_XHTMLMP, 10240, &m);
	CHECK_INT(m.wellformed, 0);
	CHECK_CONTAINS(m.xml_error, "line 1: ");
	CHECK_INT(m.wbxml, -1);
	CHECK(m.wbxml_error == NULL);               /* only WML is compiled */
	measure_release(&m);
}

TEST(xhtml_with_external_dtd)
{
	/* The DOCTYPE names a DTD on the network: it is neither fetched nor
	 * needed to say the page is well-formed. */
	static const char page[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<!DOCTYPE html PUBLIC \"-//WAPFORUM//DTD XHTML Mobile 1.0//EN\" \"http://www.wapforum.org/DTD/xhtml-mobile10.dtd\">\n"
		"<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head><body><p>湖南</p></body></html>";
	struct measure m;
	measure_markup(page, strlen(page), PROFILE_XHTMLMP, 10240, &m);
	CHECK_INT(m.wellformed, 1);
	CHECK(m.xml_error == NULL);
	CHECK_INT(m.counted, strlen(page));
	measure_release(&m);
}

TEST(entities_not_expanded)
{
	/* An external entity is declared and used: it must not be read. */
	static const char xxe[] = "<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE wml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		"<wml><card><p>&x;</p></card></wml>";
	struct measure m;
	measure_markup(xxe, strlen(xxe), PROFILE_WML, 1400, &m);
	CHECK_INT(m.wellformed, 1);
	CHECK_INT(m.raw, strlen(xxe));
	measure_release(&m);
}

int main(void)
{
	RUN(paths);
	RUN(wml_deck);
	RUN(gzip_size_is_a_real_stream);
	RUN(not_well_formed);
	RUN(xhtml_with_external_dtd);
	RUN(entities_not_expanded);
	return harness_done("preview");
}
