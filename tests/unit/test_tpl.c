#include "core/common.h"
#include "core/utf8.h"
#include "harness.h"

#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "render/tpl.h"
#include "render/view.h"

/* Render text as the only template "t" of a set in dialect d. */
static char *render_d(enum esc_dialect d, const char *text, const struct view *v)
{
	const char *names[] = { "t" };
	const char *texts[] = { text };
	char *err = NULL;
	struct tpl_set *s = tpl_set_from_strings(1, names, texts, d, false, &err);
	if (!s) {
		char *r = xasprintf("LOAD ERROR %s", err);
		free(err);
		return r;
	}
	struct buf out = BUF_INIT;
	if (tpl_render(s, "t", v, &out, &err) < 0) {
		buf_reset(&out);
		buf_addf(&out, "RENDER ERROR %s", err);
		free(err);
	}
	tpl_set_free(s);
	return buf_detach(&out);
}

static char *render(const char *text, const struct view *v)
{
	return render_d(ESC_XHTMLMP, text, v);
}

/* The load error for text as template "t" (NULL if it loads). */
static char *load_error(const char *text, bool check_xml)
{
	const char *names[] = { "t" };
	const char *texts[] = { text };
	char *err = NULL;
	struct tpl_set *s = tpl_set_from_strings(1, names, texts, ESC_WML, check_xml, &err);
	tpl_set_free(s);
	return s ? NULL : err;
}

#define CHECK_RENDER(text, v, want) do { \
	char *got_ = render(text, v); \
	CHECK_STR(got_, want); \
	free(got_); \
	} while (0)

#define CHECK_LOAD_ERR(text, xml, want) do { \
	char *got_ = load_error(text, xml); \
	CHECK_STR(got_, want); \
	free(got_); \
	} while (0)

TEST(variables)
{
	struct view *v = view_new();
	view_set(v, "name", "湖南");
	view_set_int(v, "n", 14);
	CHECK_RENDER("Hello {{name}}, {{n}} cities!", v, "Hello 湖南, 14 cities!");
	CHECK_RENDER("[{{missing}}]", v, "[]");
	CHECK_RENDER("{{ name }}|{{\tname\n}}", v, "湖南|湖南");
	CHECK_RENDER("no tags at all", v, "no tags at all");
	CHECK_RENDER("", v, "");
	CHECK_RENDER("{single} braces } {", v, "{single} braces } {");
	view_set_bool(v, "b", true);
	CHECK_RENDER("[{{b}}]", v, "[]");      /* non-strings print nothing */
	CHECK_RENDER("[{{name}}]", NULL, "[]");   /* no view at all */
	view_free(v);
}

TEST(escaping_per_dialect)
{
	struct view *v = view_new();
	view_set(v, "v", "<b>$x & 'q' \"r\"</b>\x01");
	char *w = render_d(ESC_WML, "{{v}}", v);
	char *x = render_d(ESC_XHTMLMP, "{{v}}", v);
	char *h = render_d(ESC_HTML, "{{v}}", v);
	CHECK_STR(w, "&lt;b&gt;$$x &amp; &#39;q&#39; &quot;r&quot;&lt;/b&gt;");
	CHECK_STR(x, "&lt;b&gt;$x &amp; &#39;q&#39; &quot;r&quot;&lt;/b&gt;");
	CHECK_STR(h, "&lt;b&gt;$x &amp; &#39;q&#39; &quot;r&quot;&lt;/b&gt;");
	free(w);
	free(x);
	free(h);
	/* raw output is untouched, in WML too */
	w = render_d(ESC_WML, "{{{v}}}|{{&v}}|{{{ v }}}", v);
	CHECK_STR(w, "<b>$x & 'q' \"r\"</b>\x01|<b>$x & 'q' \"r\"</b>\x01|<b>$x & 'q' \"r\"</b>\x01");
	free(w);
	view_free(v);
}

TEST(sections_over_lists)
{
	struct view *v = view_new();
	const char *names[] = { "a", "b&", "c" };
	for (int i = 0; i < 3; i++)
		view_set(view_add(v, "items"), "name", names[i]);
	CHECK_RENDER("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>", v,
	             "<ul><li>a</li><li>b&amp;</li><li>c</li></ul>");
	CHECK_RENDER("{{#none}}x{{/none}}{{^none}}empty{{/none}}", v, "empty");
	CHECK_RENDER("{{^items}}empty{{/items}}", v, "");
	/* an empty list (list key created, then nothing added) is falsy */
	struct view *e = view_new();
	view_add(e, "l");
	view_set(e, "l", NULL);
	CHECK_RENDER("{{#l}}x{{/l}}{{^l}}none{{/l}}", e, "none");
	view_free(e);
	view_free(v);
}

TEST(sections_over_objects_bools_strings)
{
	struct view *v = view_new();
	view_set(v, "title", "T");
	struct view *site = view_obj(v, "site");
	view_set(site, "name", "湖南");
	view_set_bool(v, "yes", true);
	view_set_bool(v, "no", false);
	view_set(v, "unset", NULL);
	view_set(v, "s", "x&y");
	view_set(v, "empty", "");
	CHECK_RENDER("{{#site}}{{name}}/{{title}}{{/site}}", v, "湖南/T");
	CHECK_RENDER("{{#yes}}Y{{/yes}}{{^yes}}N{{/yes}}", v, "Y");
	CHECK_RENDER("{{#no}}Y{{/no}}{{^no}}N{{/no}}", v, "N");
	CHECK_RENDER("{{#unset}}Y{{/unset}}{{^unset}}N{{/unset}}", v, "N");
	CHECK_RENDER("{{#missing}}Y{{/missing}}{{^missing}}N{{/missing}}", v, "N");
	CHECK_RENDER("{{#s}}<{{.}}>{{title}}{{/s}}", v, "<x&amp;y>T");
	CHECK_RENDER("{{#empty}}Y{{/empty}}{{^empty}}N{{/empty}}", v, "N");
	/* an empty object is still truthy */
	view_obj(v, "eo");
	CHECK_RENDER("{{#eo}}Y{{/eo}}", v, "Y");
	view_free(v);
}

TEST(context_stack_lookup)
{
	struct view *v = view_new();
	view_set(v, "title", "Root");
	view_set(v, "name", "province");
	const char *cities[] = { "长沙", "株洲" };
	for (int i = 0; i < 2; i++) {
		struct view *c = view_add(v, "cities");
		view_set(c, "name", cities[i]);
		view_setf(view_add(c, "districts"), "name", "d%d", i * 2);
		struct view *d = view_add(c, "districts");
		view_setf(d, "name", "d%d", i * 2 + 1);
		view_set(d, "title", NULL);   /* shadows Root with false */
	}
	CHECK_RENDER("{{name}}:{{#cities}}{{name}}[{{#districts}}{{name}}@{{title}},{{/districts}}]{{/cities}}{{name}}", v,
	             "province:长沙[d0@Root,d1@,]株洲[d2@Root,d3@,]province");
	view_free(v);
}

TEST(dotted_names)
{
	struct view *v = view_new();
	struct view *site = view_obj(v, "site");
	view_set(site, "name", "湖南");
	view_set(view_obj(site, "meta"), "year", "2024");
	view_set(v, "title", "T");
	struct view *a = view_obj(v, "a");
	view_set(a, "b", "root-b");
	struct view *it = view_add(v, "items");
	view_set(view_obj(it, "a"), "c", "item-c");
	CHECK_RENDER("{{site.name}} {{site.meta.year}} {{#site.meta}}{{year}}{{/site.meta}}", v,
	             "湖南 2024 2024");
	CHECK_RENDER("[{{missing.x}}][{{title.x}}][{{site.nope.x}}]", v, "[][][]");
	/* inside an item, site.* is found further out */
	CHECK_RENDER("{{#items}}{{site.name}}{{/items}}", v, "湖南");
	/* "a" is found in the item; a.b is then looked up only there */
	CHECK_RENDER("{{#items}}[{{a.b}}|{{a.c}}]{{/items}}[{{a.b}}]", v, "[|item-c][root-b]");
	view_free(v);
}

TEST(partials)
{
	const char *names[] = { "page", "head", "item", "node", "loop", "broken" };
	const char *texts[] = {
		"<div>{{>head}}{{#items}}{{> item }}{{/items}}</div>",
		"<h1>{{title}}</h1>",
		"<i>{{name}}/{{title}}</i>",
		"{{name}}({{#kids}}{{>node}}{{/kids}})",
		"x{{>loop}}",
		"a\n{{>nope}}",
	};
	char *err = NULL;
	struct tpl_set *s = tpl_set_from_strings(6, names, texts, ESC_WML, false, &err);
	CHECK(s != NULL);
	if (!s) {
		free(err);
		return;
	}
	CHECK(tpl_exists(s, "page") && tpl_exists(s, "node"));
	CHECK(!tpl_exists(s, "nope") && !tpl_exists(s, ""));
	CHECK(tpl_set_dialect(s) == ESC_WML);

	struct view *v = view_new();
	view_set(v, "title", "$T");
	view_set(view_add(v, "items"), "name", "a");
	view_set(view_add(v, "items"), "name", "b");
	struct buf out = BUF_INIT;
	CHECK_INT(tpl_render(s, "page", v, &out, &err), 0);
	CHECK_STR(out.data, "<div><h1>$$T</h1><i>a/$$T</i><i>b/$$T</i></div>");

	/* recursion bounded by the data is fine; leaves must say kids=false,
	 * or (Mustache lookup) {{#kids}} finds their parent's kids again */
	struct view *tree = view_new();
	view_set(tree, "name", "r");
	struct view *k1 = view_add(tree, "kids");
	view_set(k1, "name", "k1");
	struct view *k11 = view_add(k1, "kids");
	view_set(k11, "name", "k11");
	struct view *k2 = view_add(tree, "kids");
	view_set(k2, "name", "k2");
	buf_reset(&out);
	CHECK_INT(tpl_render(s, "node", tree, &out, &err), -1);
	CHECK_STR(err, "node:1: partials nested deeper than 8 at 'node'");
	free(err);
	err = NULL;
	view_set(k11, "kids", NULL);
	view_set(k2, "kids", NULL);
	buf_reset(&out);
	CHECK_INT(tpl_render(s, "node", tree, &out, &err), 0);
	CHECK_STR(out.data, "r(k1(k11())k2())");

	/* endless recursion and missing partials are render errors */
	buf_reset(&out);
	CHECK_INT(tpl_render(s, "loop", v, &out, &err), -1);
	CHECK_STR(err, "loop:1: partials nested deeper than 8 at 'loop'");
	free(err);
	err = NULL;
	buf_reset(&out);
	CHECK_INT(tpl_render(s, "broken", v, &out, &err), -1);
	CHECK_STR(err, "broken:2: missing partial 'nope'");
	free(err);
	err = NULL;
	CHECK_INT(tpl_render(s, "nope", v, &out, &err), -1);
	CHECK_STR(err, "unknown template 'nope'");
	free(err);

	buf_release(&out);
	view_free(tree);
	view_free(v);
	tpl_set_free(s);
}

TEST(standalone_lines_removed)
{
	struct view *v = view_new();
	view_set(view_add(v, "items"), "name", "a");
	view_set(view_add(v, "items"), "name", "b");
	view_set_bool(v, "on", true);
	view_set(v, "empty", "");
	CHECK_RENDER("<p>\n  {{#items}}\n  <i>{{name}}</i>\n  {{/items}}\n</p>\n", v,
	             "<p>\n  <i>a</i>\n  <i>b</i>\n</p>\n");
	CHECK_RENDER("a\n  {{! note }}  \nb", v, "a\nb");
	CHECK_RENDER("a\n{{! one\ntwo }}\nb", v, "a\nb");
	CHECK_RENDER("a\n\t{{^on}}\nhidden\n{{/on}}\t\nb\n", v, "a\nb\n");
	/* tags sharing a line with text or other tags are not standalone */
	CHECK_RENDER("a {{#on}}y{{/on}} b\n", v, "a y b\n");
	CHECK_RENDER("{{#on}}{{#on}}\nx\n{{/on}}{{/on}}\n", v, "\nx\n\n");
	/* variables never are */
	CHECK_RENDER("a\n  {{empty}}\nb", v, "a\n  \nb");
	/* CRLF lines, a first line and a last line without newline */
	CHECK_RENDER("a\r\n{{#on}}\r\nb\r\n{{/on}}\r\nc", v, "a\r\nb\r\nc");
	CHECK_RENDER("{{#on}}\nfirst\n{{/on}}", v, "first\n");
	view_free(v);

	const char *names[] = { "t", "p" };
	const char *texts[] = { "x\n  {{>p}}\ny\n", "P\n" };
	char *err = NULL;
	struct tpl_set *s = tpl_set_from_strings(2, names, texts, ESC_HTML, false, &err);
	CHECK(s != NULL);
	struct buf out = BUF_INIT;
	CHECK_INT(tpl_render(s, "t", NULL, &out, &err), 0);
	CHECK_STR(out.data, "x\nP\ny\n");
	buf_release(&out);
	tpl_set_free(s);
}

TEST(comments)
{
	CHECK_RENDER("a{{! hidden {{ stuff }}b", NULL, "ab");
	CHECK_RENDER("a{{!}}b", NULL, "ab");
	CHECK_RENDER("a{{! multi\nline }}b", NULL, "ab");
}

TEST(syntax_errors)
{
	CHECK_LOAD_ERR("a\n{{#x}}\nb", false, "t:2: unclosed section 'x'");
	CHECK_LOAD_ERR("{{#a}}{{#b}}\n{{/b}}", false, "t:1: unclosed section 'a'");
	CHECK_LOAD_ERR("{{#a}}\n{{/b}}", false, "t:2: close tag 'b' does not match open section 'a' (line 1)");
	CHECK_LOAD_ERR("x\n\nx{{/a}}", false, "t:3: close tag 'a' without an open section");
	CHECK_LOAD_ERR("a\nb {{name\n", false, "t:2: unterminated tag");
	CHECK_LOAD_ERR("a {{{raw}}", false, "t:1: unterminated tag");
	CHECK_LOAD_ERR("{{}}", false, "t:1: empty tag name");
	CHECK_LOAD_ERR("\n{{ }}", false, "t:2: empty tag name");
	CHECK_LOAD_ERR("{{#}}{{/}}", false, "t:1: empty tag name");
	CHECK_LOAD_ERR("{{>}}", false, "t:1: empty tag name");
	CHECK_LOAD_ERR("{{a b}}", false, "t:1: bad tag name 'a b'");
	CHECK_LOAD_ERR("{{a..b}}", false, "t:1: bad tag name 'a..b'");
	CHECK_LOAD_ERR("{{.a}}", false, "t:1: bad tag name '.a'");
	CHECK_LOAD_ERR("{{<x>}}", false, "t:1: bad tag name '<x>'");
	CHECK_LOAD_ERR("{{=<% %>=}}", false, "t:1: set-delimiter tags are not supported");
	/* line numbers count newlines inside multi-line tags */
	CHECK_LOAD_ERR("{{! a\nb\n}}\n{{/x}}", false, "t:4: close tag 'x' without an open section");
	CHECK_LOAD_ERR("ok\n\xff", false, "t:2: invalid UTF-8");
	/* valid templates load */
	char *e = load_error("{{#a.b}}{{.}}{{/a.b}}{{> p-1.x }}", false);
	CHECK(e == NULL);
	free(e);

	const char *names[] = { "t", "t" };
	const char *texts[] = { "a", "b" };
	char *err = NULL;
	CHECK(tpl_set_from_strings(2, names, texts, ESC_WML, false, &err) == NULL);
	CHECK_STR(err, "t: duplicate template 't'");
	free(err);
}

TEST(xml_check_fragments)
{
	CHECK_LOAD_ERR("<p>\n{{title}}\n<p>unclosed\n", true, "t:3: element <p> is never closed");
	CHECK_LOAD_ERR("<card>\n<p>text</b>\n</card>", true, "t:2: Opening and ending tag mismatch: p line 2 and b");
	CHECK_LOAD_ERR("<p>x</p>\n</p>", true, "t:2: close tag </p> without an open element");
	CHECK_LOAD_ERR("<p>\na&nbsp;b</p>", true, "t:2: Entity 'nbsp' not defined");
	CHECK_LOAD_ERR("{{!\n\n}}<p>\n</b>", true, "t:4: Opening and ending tag mismatch: p line 3 and b");
	CHECK_LOAD_ERR("a < b", true, "t:1: StartTag: invalid element name");
	/* fine: tags in attributes, sections around attributes, char refs */
	char *e = load_error("<a href=\"{{url}}\"{{#sel}} class=\"on\"{{/sel}}>{{label}}</a>&#160;&amp;\n"
	                     "{{#items}}\n<p>{{name}}</p>\n{{/items}}\n{{>foot}}", true);
	CHECK(e == NULL);
	free(e);
	e = load_error("", true);
	CHECK(e == NULL);
	free(e);
}

TEST(xml_check_documents)
{
	const char *wml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		"<!DOCTYPE wml PUBLIC \"-//WAPFORUM//DTD WML 1.1//EN\" \"http://www.wapforum.org/DTD/wml_1.1.xml\">\n"
		"<wml><card id=\"c\" title=\"{{title}}\">\n{{{body}}}\n</card></wml>\n";
	char *e = load_error(wml, true);
	CHECK(e == NULL);
	free(e);
	e = load_error("<!DOCTYPE html PUBLIC \"-//WAPFORUM//DTD XHTML Mobile 1.0//EN\" "
	               "\"http://www.wapforum.org/DTD/xhtml-mobile10.dtd\">\n"
	               "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>{{{body}}}</body></html>", true);
	CHECK(e == NULL);
	free(e);
	CHECK_LOAD_ERR("<?xml version=\"1.0\"?>\n<wml>\n&nbsp;</wml>\n", true, "t:3: Entity 'nbsp' not defined");
	CHECK_LOAD_ERR("<?xml version=\"1.0\"?>\n<wml></wml>\n<wml/>", true, "t:3: Extra content at the end of the document");
	/* a document must start with its declaration, even before comments */
	CHECK_LOAD_ERR("{{! layout }}\n<?xml version=\"1.0\"?><wml/>", true,
	               "t:2: XML declaration allowed only at the start of the document");
}

/* --- loading from a directory ------------------------------------------ */

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

static void remove_tree(const char *dir, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		if (remove(path) != 0)
			fprintf(stderr, "  could not remove %s\n", path);
		free(path);
	}
	rmdir(dir);
}

static const char LAYOUT_WML[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<!DOCTYPE wml PUBLIC \"-//WAPFORUM//DTD WML 1.1//EN\" \"http://www.wapforum.org/DTD/wml_1.1.xml\">\n"
	"<wml>\n"
	"{{! the page body is rendered markup, passed raw }}\n"
	"<card id=\"main\" title=\"{{title}}\">\n"
	"{{{body}}}\n"
	"</card>\n"
	"</wml>\n";

static const char HOME_WML[] =
	"<p>{{title}}</p>\n"
	"{{#items}}\n"
	"{{>item}}\n"
	"{{/items}}\n"
	"{{^items}}\n"
	"<p>暂无</p>\n"
	"{{/items}}\n"
	"<p><a href=\"/s?q={{query}}\" title=\"{{title}}\">{{query}}</a></p>\n";

static const char ITEM_WML[] = "<p><a href=\"{{url}}\">{{name}}</a><br/></p>\n";

TEST(load_directory)
{
	char tmpl[] = "/tmp/qiao-tpl-XXXXXX";
	char *dir = mkdtemp(tmpl);
	CHECK(dir != NULL);
	if (!dir)
		return;
	write_file(dir, "layout.wml", LAYOUT_WML);
	write_file(dir, "home.wml", HOME_WML);
	write_file(dir, "item.wml", ITEM_WML);
	write_file(dir, "readme.txt", "not a <template");
	write_file(dir, "home.wml~", "{{#broken");
	char *sub = xasprintf("%s/sub.wml", dir);
	mkdir(sub, 0700);

	char *err = NULL;
	struct tpl_set *s = tpl_set_load(dir, ".wml", ESC_WML, true, &err);
	CHECK(s != NULL);
	if (!s) {
		fprintf(stderr, "  load: %s\n", err);
		free(err);
	} else {
		CHECK(tpl_exists(s, "home") && tpl_exists(s, "item") && tpl_exists(s, "layout"));
		CHECK(!tpl_exists(s, "readme") && !tpl_exists(s, "sub") && !tpl_exists(s, "home.wml"));
		struct view *v = view_new();
		view_set(v, "title", "湖南");
		view_set(v, "query", "a&b");
		struct view *it = view_add(v, "items");
		view_set(it, "name", "长沙");
		view_set(it, "url", "/c/1?a=1&b=2");
		struct buf body = BUF_INIT, page = BUF_INIT;
		CHECK_INT(tpl_render(s, "home", v, &body, &err), 0);
		CHECK_STR(body.data,
		          "<p>湖南</p>\n"
		          "<p><a href=\"/c/1?a=1&amp;b=2\">长沙</a><br/></p>\n"
		          "<p><a href=\"/s?q=a&amp;b\" title=\"湖南\">a&amp;b</a></p>\n");
		view_setn(v, "body", body.data, body.len);
		CHECK_INT(tpl_render(s, "layout", v, &page, &err), 0);
		CHECK_CONTAINS(page.data, "<wml>\n<card id=\"main\" title=\"湖南\">\n<p>湖南</p>\n");
		CHECK_NOT_CONTAINS(page.data, "raw }}");
		CHECK(strncmp(page.data, "<?xml", 5) == 0);
		buf_release(&body);
		buf_release(&page);
		view_free(v);
		tpl_set_free(s);
	}

	/* a broken template anywhere fails the whole load, with its path */
	write_file(dir, "bad.wml", "<p>ok</p>\n<p>\n{{#x}}{{/x}}\n<b>oops</p>\n");
	s = tpl_set_load(dir, ".wml", ESC_WML, true, &err);
	CHECK(s == NULL);
	char *want = xasprintf("%s/bad.wml:4: Opening and ending tag mismatch: b line 4 and p", dir);
	CHECK_STR(s ? "" : err, want);
	free(want);
	if (!s)
		free(err);
	tpl_set_free(s);
	/* ...but not when the XML check is off; syntax errors still count */
	s = tpl_set_load(dir, ".wml", ESC_WML, false, &err);
	CHECK(s != NULL);
	tpl_set_free(s);
	write_file(dir, "bad.wml", "<p>\n{{#x}}\n</p>\n");
	s = tpl_set_load(dir, ".wml", ESC_WML, false, &err);
	CHECK(s == NULL);
	want = xasprintf("%s/bad.wml:2: unclosed section 'x'", dir);
	CHECK_STR(s ? "" : err, want);
	free(want);
	if (!s)
		free(err);
	tpl_set_free(s);

	/* no templates of that extension; a missing directory */
	s = tpl_set_load(dir, ".xhtml", ESC_XHTMLMP, true, &err);
	CHECK(s == NULL);
	want = xasprintf("%s: no templates ending in .xhtml", dir);
	CHECK_STR(s ? "" : err, want);
	free(want);
	if (!s)
		free(err);
	s = tpl_set_load("/nonexistent/qiao", ".wml", ESC_WML, true, &err);
	CHECK(s == NULL);
	CHECK_STR(s ? "" : err, "/nonexistent/qiao: No such file or directory");
	if (!s)
		free(err);

	rmdir(sub);
	free(sub);
	const char *files[] = { "layout.wml", "home.wml", "item.wml", "readme.txt", "home.wml~", "bad.wml" };
	remove_tree(dir, files, ARRAY_LEN(files));
}

/* --- hostile values never break a WML deck ----------------------------- */

TEST(hostile_values_keep_wml_well_formed)
{
	static const char *const hostile[] = {
		"<script>alert(1)</script>", "\"><p onclick='x'>", "]]>", "<![CDATA[", "&#0;", "&nbsp;",
		"$(x) $x $$", "</card></wml>", "<?xml version=\"1.0\"?>", "<!DOCTYPE x>",
		"\x80\xC0\xAF\xE4\xB8\xED\xA0\x80\xF5", "\x01\x1b\x7f\xEF\xBF\xBE\xC2\x85", "{{title}}", "普通文字",
	};
	const char *names[] = { "layout", "page" };
	const char *texts[] = { LAYOUT_WML,
		"<p align=\"center\">{{title}}</p>\n{{#items}}\n<p><a href=\"{{url}}\" title=\"{{name}}\">{{name}}</a></p>\n{{/items}}\n" };
	char *err = NULL;
	struct tpl_set *s = tpl_set_from_strings(2, names, texts, ESC_WML, true, &err);
	CHECK(s != NULL);
	if (!s) {
		free(err);
		return;
	}
	size_t broken = 0, wrong = 0;
	for (size_t i = 0; i < ARRAY_LEN(hostile); i++) {
		struct view *v = view_new();
		view_set(v, "title", hostile[i]);
		struct view *it = view_add(v, "items");
		view_set(it, "name", hostile[i]);
		view_set(it, "url", hostile[i]);
		struct buf body = BUF_INIT, page = BUF_INIT;
		int rc = tpl_render(s, "page", v, &body, &err);
		view_setn(v, "body", body.data, body.len);
		rc |= tpl_render(s, "layout", v, &page, &err);
		CHECK_INT(rc, 0);
		xmlDocPtr doc = xmlReadMemory(page.data, (int)page.len, "deck.wml", NULL,
		                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc) {
			broken++;
			fprintf(stderr, "  broken deck for value %zu:\n%s\n", i, page.data);
		} else {
			/* the card title reads back as the escaped value, minus nothing
			 * but what esc_text drops, with WML dollars doubled */
			xmlNodePtr card = xmlDocGetRootElement(doc)->children;
			while (card && card->type != XML_ELEMENT_NODE)
				card = card->next;
			xmlChar *t = card ? xmlGetProp(card, (const xmlChar *)"title") : NULL;
			struct buf plain = BUF_INIT;
			for (const char *p = hostile[i]; *p; p++)
				if (*p == '$')
					buf_adds(&plain, "$$");
				else
					buf_addc(&plain, *p);
			bool clean = utf8_valid(hostile[i], strlen(hostile[i])) && !strpbrk(hostile[i], "<>&\"'\x01\x1b\x7f");
			if (!t || (clean && strcmp((const char *)t, plain.data) != 0))
				wrong++;
			xmlFree(t);
			buf_release(&plain);
			xmlFreeDoc(doc);
		}
		buf_release(&body);
		buf_release(&page);
		view_free(v);
	}
	CHECK_INT(broken, 0);
	CHECK_INT(wrong, 0);
	tpl_set_free(s);
}

TEST(render_appends)
{
	struct view *v = view_new();
	view_set(v, "x", "1");
	const char *names[] = { "t" };
	const char *texts[] = { "[{{x}}]" };
	char *err = NULL;
	struct tpl_set *s = tpl_set_from_strings(1, names, texts, ESC_HTML, false, &err);
	struct buf out = BUF_INIT;
	buf_adds(&out, "head");
	CHECK_INT(tpl_render(s, "t", v, &out, &err), 0);
	CHECK_INT(tpl_render(s, "t", v, &out, &err), 0);
	CHECK_STR(out.data, "head[1][1]");
	buf_release(&out);
	tpl_set_free(s);
	view_free(v);
}

int main(void)
{
	xmlInitParser();
	RUN(variables);
	RUN(escaping_per_dialect);
	RUN(sections_over_lists);
	RUN(sections_over_objects_bools_strings);
	RUN(context_stack_lookup);
	RUN(dotted_names);
	RUN(partials);
	RUN(standalone_lines_removed);
	RUN(comments);
	RUN(syntax_errors);
	RUN(xml_check_fragments);
	RUN(xml_check_documents);
	RUN(load_directory);
	RUN(hostile_values_keep_wml_well_formed);
	RUN(render_appends);
	xmlCleanupParser();
	return harness_done("tpl");
}
