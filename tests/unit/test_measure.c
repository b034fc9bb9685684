/* test_measure.c - the numbers `qiao check` and the preview share. */
#include "core/common.h"
#include "harness.h"

#include "check/measure.h"
#include "core/gz.h"
#include "core/xml.h"

#include <libxml/tree.h>

#define WML_DECK "<?xml version=\"1.0\"?>\n<wml><card id=\"c\" title=\"t\"><p>湖南</p></card></wml>"

TEST(gzip_is_the_servers_level)
{
	/* A page the server did not compress is measured at GZ_LEVEL, the
	 * level the server's cache uses: the same bytes as gz_compress. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 200; i++)
		buf_addf(&b, "<p>第 %d 条 新闻</p>\n", i);
	char *z;
	size_t zn;
	CHECK_INT(gz_compress(b.data, b.len, 9, &z, &zn), 0);
	CHECK_INT(GZ_LEVEL, 9);
	struct measure m;
	measure_markup(b.data, b.len, PROFILE_HTML, 14336, &m);
	CHECK_INT(m.gzip, zn);
	CHECK_INT(m.counted, zn);
	measure_release(&m);

	/* and it inflates back to the page */
	struct buf back = BUF_INIT;
	CHECK_INT(gz_inflate(z, zn, b.len, &back), 0);
	CHECK_INT(back.len, b.len);
	CHECK(back.data && memcmp(back.data, b.data, b.len) == 0);
	buf_release(&back);
	CHECK_INT(gz_inflate(z, zn, b.len - 1, &back), -1);   /* over the cap */
	buf_release(&back);
	free(z);
	buf_release(&b);
}

TEST(sent_gzip_is_reported_as_sent)
{
	/* What the server sent gzip'd is what counts, not a recompression. */
	static const char page[] = "<html><body><p>x</p></body></html>";
	struct measure m;
	measure_sent(page, strlen(page), PROFILE_HTML, 100, 101, &m);
	CHECK_INT(m.gzip, 101);
	CHECK_INT(m.counted, 101);
	CHECK(!m.within);
	CHECK_INT(m.raw, strlen(page));
	measure_release(&m);
}

TEST(wml_numbers)
{
	struct measure m;
	measure_markup(WML_DECK, strlen(WML_DECK), PROFILE_WML, 1400, &m);
	CHECK_INT(m.wellformed, 1);
	CHECK(m.xml_error == NULL);
	CHECK(m.wbxml > 0 && m.wbxml < (long)strlen(WML_DECK));
	CHECK(m.wbxml_error == NULL);
	CHECK_INT(m.counted, strlen(WML_DECK));   /* WML counts markup bytes */
	CHECK(m.within);
	measure_release(&m);
}

TEST(xml_read_reports_the_first_fatal_error)
{
	struct xml_fault f;
	xmlDoc *doc = xml_read("<a>\n<b>\n</a>", 12, &f);
	CHECK(doc == NULL);
	CHECK_INT(f.line, 3);
	CHECK_CONTAINS(f.msg, "mismatch");
	xml_fault_release(&f);
	CHECK(f.msg == NULL);

	doc = xml_read("<a>ok</a>", 9, &f);
	CHECK(doc != NULL);
	CHECK(f.msg == NULL);
	xmlFreeDoc(doc);

	doc = xml_read("", 0, &f);
	CHECK(doc == NULL);
	CHECK_INT(f.line, 1);
	CHECK(f.msg && *f.msg);
	xml_fault_release(&f);
}

int main(void)
{
	RUN(gzip_is_the_servers_level);
	RUN(sent_gzip_is_reported_as_sent);
	RUN(wml_numbers);
	RUN(xml_read_reports_the_first_fatal_error);
	return harness_done("measure");
}
