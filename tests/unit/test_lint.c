/* test_lint.c - each mobileOK-style rule fires on a crafted bad page and
 * stays quiet on a good one. */
#include "core/common.h"
#include "check/lint.h"
#include "harness.h"

#define CT_XHTML "application/vnd.wap.xhtml+xml; charset=utf-8"
#define CT_WML "text/vnd.wap.wml; charset=utf-8"
#define CT_HTML "text/html; charset=utf-8"

#define XHTML_HEAD \
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
	"<!DOCTYPE html PUBLIC \"-//WAPFORUM//DTD XHTML Mobile 1.0//EN\" " \
	"\"http://www.wapforum.org/DTD/xhtml-mobile10.dtd\">\n" \
	"<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>标题</title></head><body>\n"
#define XHTML_TAIL "</body></html>\n"

#define WML_HEAD \
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
	"<!DOCTYPE wml PUBLIC \"-//WAPFORUM//DTD WML 1.1//EN\" \"http://www.wapforum.org/DTD/wml_1.1.xml\">\n" \
	"<wml><card id=\"c\" title=\"首页\">\n"
#define WML_TAIL "</card></wml>\n"

#define HTML_HEAD \
	"<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>首页</title></head><body>\n"
#define HTML_TAIL "</body></html>\n"

static struct lint_result res;

/* Lint markup as profile p with the usual good headers. */
static size_t run(enum device_profile p, const char *markup)
{
	lint_result_free(&res);
	struct lint_input in = {
		.profile = p, .markup = markup, .len = strlen(markup),
		.content_type = p == PROFILE_WML ? CT_WML : p == PROFILE_XHTMLMP ? CT_XHTML : CT_HTML,
		.cache_control = "public, max-age=60",
	};
	return lint_page(&in, &res);
}

static const char *severity_of(const char *rule)
{
	for (size_t i = 0; i < res.n; i++)
		if (strcmp(res.items[i].rule, rule) == 0)
			return res.items[i].severity == LINT_ERROR ? "error" : "warning";
	return "absent";
}

TEST(good_pages_are_clean)
{
	CHECK_INT(run(PROFILE_XHTMLMP, XHTML_HEAD
		      "<p><a href=\"/news\">新闻</a> <img src=\"/l.png\" alt=\"徽标\" width=\"10\" height=\"10\"/></p>\n"
		      "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>\n"
		      "<form action=\"/s\"><p><select name=\"s\"><option selected=\"selected\">x</option></select>"
		      "<input type=\"radio\" name=\"r\" value=\"1\" checked=\"checked\"/>"
		      "<input type=\"radio\" name=\"r\" value=\"2\"/></p></form>\n" XHTML_TAIL), 0);
	CHECK_INT(res.n, 0);
	CHECK_INT(run(PROFILE_WML, WML_HEAD "<p><a href=\"/news\">新闻</a><select name=\"s\" ivalue=\"1\">"
		      "<option value=\"a\">a</option></select></p>\n" WML_TAIL), 0);
	CHECK_INT(res.n, 0);
	CHECK_INT(run(PROFILE_HTML, HTML_HEAD "<nav><a href=\"/\">首页</a></nav><main><p>x</p></main>" HTML_TAIL), 0);
	CHECK_INT(res.n, 0);
}

TEST(page_title)
{
	run(PROFILE_XHTMLMP, "<?xml version=\"1.0\" encoding=\"utf-8\"?><html><head><title>  </title></head>"
			     "<body><p>x</p></body></html>");
	CHECK_STR(severity_of("PAGE_TITLE"), "error");
	run(PROFILE_HTML, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>x</body></html>");
	CHECK_STR(severity_of("PAGE_TITLE"), "error");
	run(PROFILE_WML, "<?xml version=\"1.0\" encoding=\"utf-8\"?><wml><card id=\"a\"><p>x</p></card></wml>");
	CHECK_STR(severity_of("PAGE_TITLE"), "error");
	CHECK_CONTAINS(res.items[0].message, "card \"a\"");
}

TEST(frames)
{
	run(PROFILE_HTML, HTML_HEAD "<iframe src=\"/x\"></iframe>" HTML_TAIL);
	CHECK_STR(severity_of("NO_FRAMES"), "error");
	run(PROFILE_XHTMLMP, XHTML_HEAD "<frameset><frame src=\"/a\"/></frameset>" XHTML_TAIL);
	CHECK_STR(severity_of("NO_FRAMES"), "error");
}

TEST(pop_ups)
{
	run(PROFILE_HTML, HTML_HEAD "<a href=\"/x\" target=\"_blank\">x</a>" HTML_TAIL);
	CHECK_STR(severity_of("POP_UPS"), "error");
	run(PROFILE_HTML, HTML_HEAD "<a href=\"/x\" target=\"_self\">x</a>" HTML_TAIL);
	CHECK_STR(severity_of("POP_UPS"), "absent");
}

TEST(tables)
{
	run(PROFILE_XHTMLMP, XHTML_HEAD "<table><tr><td>a</td><td><table><tr><td>1</td><td>2</td></tr>"
					"<tr><td>3</td><td>4</td></tr></table></td></tr><tr><td>c</td><td>d</td></tr>"
					"</table>" XHTML_TAIL);
	CHECK_STR(severity_of("TABLES_NESTED"), "error");
	CHECK_STR(severity_of("TABLES_LAYOUT"), "absent");
	/* one row: a layout table */
	run(PROFILE_HTML, HTML_HEAD "<table><tr><td>menu</td><td>body</td></tr></table>" HTML_TAIL);
	CHECK_STR(severity_of("TABLES_LAYOUT"), "warning");
	CHECK_STR(severity_of("TABLES_NESTED"), "absent");
	CHECK_INT(res.errors, 0);
}

TEST(image_maps_and_images)
{
	run(PROFILE_HTML, HTML_HEAD "<map name=\"m\"><area href=\"/a\" alt=\"a\"></map>" HTML_TAIL);
	CHECK_STR(severity_of("IMAGE_MAPS"), "error");
	run(PROFILE_XHTMLMP, XHTML_HEAD "<p><img src=\"/m.png\" alt=\"m\" width=\"1\" height=\"1\" usemap=\"#m\"/></p>"
					XHTML_TAIL);
	CHECK_STR(severity_of("IMAGE_MAPS"), "error");
	run(PROFILE_HTML, HTML_HEAD "<img src=\"/logo.png\" width=\"1\" height=\"1\">" HTML_TAIL);
	CHECK_STR(severity_of("NON_TEXT_ALTERNATIVES"), "error");
	CHECK_STR(severity_of("IMAGES_SPECIFY_SIZE"), "absent");
	CHECK_CONTAINS(res.items[0].message, "/logo.png");
	run(PROFILE_WML, WML_HEAD "<p><img src=\"/l.wbmp\" alt=\"l\"/></p>" WML_TAIL);
	CHECK_STR(severity_of("IMAGES_SPECIFY_SIZE"), "error");
	CHECK_STR(severity_of("NON_TEXT_ALTERNATIVES"), "absent");
	CHECK_CONTAINS(res.items[0].message, "line 4:");
}

TEST(charset)
{
	struct lint_input in = { .profile = PROFILE_XHTMLMP, .content_type = "application/vnd.wap.xhtml+xml",
				 .cache_control = "max-age=1" };
	const char *nodecl = "<html><head><title>t</title></head><body/></html>";
	in.markup = nodecl;
	in.len = strlen(nodecl);
	lint_result_free(&res);
	lint_page(&in, &res);
	CHECK_STR(severity_of("CHARACTER_ENCODING_SUPPORT"), "error");
	/* declared in the document only: fine */
	const char *decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html><head><title>t</title></head><body/></html>";
	in.markup = decl;
	in.len = strlen(decl);
	lint_result_free(&res);
	lint_page(&in, &res);
	CHECK_STR(severity_of("CHARACTER_ENCODING_SUPPORT"), "absent");
	/* not UTF-8 */
	in.content_type = "application/vnd.wap.xhtml+xml; charset=\"GB2312\"";
	lint_result_free(&res);
	lint_page(&in, &res);
	CHECK_STR(severity_of("CHARACTER_ENCODING_SUPPORT"), "error");
	CHECK_CONTAINS(res.items[0].message, "gb2312");
	/* HTML meta http-equiv counts as a declaration */
	in.profile = PROFILE_HTML;
	in.content_type = "text/html";
	const char *meta = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
			   "<title>t</title></head><body></body></html>";
	in.markup = meta;
	in.len = strlen(meta);
	lint_result_free(&res);
	lint_page(&in, &res);
	CHECK_INT(res.n, 0);
}

TEST(charset_parameter)
{
	char cs[16];
	CHECK_STR(lint_charset_of("text/html; charset=UTF-8", cs, sizeof(cs)), "utf-8");
	CHECK_STR(lint_charset_of("text/html;charset=\"utf-8\"", cs, sizeof(cs)), "utf-8");
	CHECK_STR(lint_charset_of("text/html; q=1; charset = big5 ", cs, sizeof(cs)), "big5");
	CHECK_STR(lint_charset_of("text/html", cs, sizeof(cs)), "");
	CHECK_STR(lint_charset_of(NULL, cs, sizeof(cs)), "");
	CHECK_STR(lint_charset_of("text/html; charsetx=utf-8", cs, sizeof(cs)), "");
}

TEST(caching)
{
	struct lint_input in = { .profile = PROFILE_HTML, .content_type = CT_HTML };
	const char *page = HTML_HEAD "<p>x</p>" HTML_TAIL;
	in.markup = page;
	in.len = strlen(page);
	lint_result_free(&res);
	lint_page(&in, &res);
	CHECK_STR(severity_of("CACHING"), "error");
	in.expires = "Thu, 01 Jan 2037 00:00:00 GMT";
	lint_result_free(&res);
	lint_page(&in, &res);
	CHECK_STR(severity_of("CACHING"), "absent");
}

TEST(auto_refresh)
{
	run(PROFILE_HTML, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title>"
			  "<meta http-equiv=\"refresh\" content=\"30\"></head><body></body></html>");
	CHECK_STR(severity_of("AUTO_REFRESH"), "error");
	run(PROFILE_WML, "<?xml version=\"1.0\" encoding=\"utf-8\"?><wml><card id=\"c\" title=\"t\" ontimer=\"/\">"
			 "<timer value=\"50\"/><p>x</p></card></wml>");
	CHECK_STR(severity_of("AUTO_REFRESH"), "error");
	CHECK_INT(res.errors, 2);
}

TEST(provide_defaults)
{
	run(PROFILE_XHTMLMP, XHTML_HEAD "<form action=\"/s\"><p><select name=\"area\"><option>a</option>"
					"<option>b</option></select></p></form>" XHTML_TAIL);
	CHECK_STR(severity_of("PROVIDE_DEFAULTS"), "warning");
	CHECK_CONTAINS(res.items[0].message, "area");
	run(PROFILE_HTML, HTML_HEAD "<form><input type=\"radio\" name=\"g\" value=\"1\">"
				    "<input type=\"radio\" name=\"g\" value=\"2\"></form>" HTML_TAIL);
	CHECK_STR(severity_of("PROVIDE_DEFAULTS"), "warning");
	CHECK_CONTAINS(res.items[0].message, "radio group \"g\"");
	run(PROFILE_WML, WML_HEAD "<p><select name=\"s\"><option value=\"a\">a</option></select></p>" WML_TAIL);
	CHECK_STR(severity_of("PROVIDE_DEFAULTS"), "warning");
	CHECK_INT(res.errors, 0);
}

TEST(empty_link)
{
	run(PROFILE_HTML, HTML_HEAD "<a href=\"\">首页</a>" HTML_TAIL);
	CHECK_STR(severity_of("EMPTY_LINK"), "warning");
	CHECK_INT(res.errors, 0);
}

TEST(not_well_formed)
{
	CHECK(run(PROFILE_WML, WML_HEAD "<p><b>x</p>" WML_TAIL) > 0);
	CHECK_STR(severity_of("WELL_FORMED"), "error");
	CHECK_INT(res.n, 1);
	/* HTML is not held to XML rules */
	run(PROFILE_HTML, HTML_HEAD "<p><b>x</p>" HTML_TAIL);
	CHECK_STR(severity_of("WELL_FORMED"), "absent");
}

TEST(dtd_is_not_loaded)
{
	/* An external DTD is never fetched and entities never expanded: the
	 * page lints without network access and an undeclared &nbsp; is not
	 * fatal when an external subset exists. */
	CHECK_INT(run(PROFILE_XHTMLMP, XHTML_HEAD "<p>a&nbsp;b</p>" XHTML_TAIL), 0);
}

int main(void)
{
	RUN(good_pages_are_clean);
	RUN(page_title);
	RUN(frames);
	RUN(pop_ups);
	RUN(tables);
	RUN(image_maps_and_images);
	RUN(charset);
	RUN(charset_parameter);
	RUN(caching);
	RUN(auto_refresh);
	RUN(provide_defaults);
	RUN(empty_link);
	RUN(not_well_formed);
	RUN(dtd_is_not_loaded);
	lint_result_free(&res);
	return harness_done("lint");
}
