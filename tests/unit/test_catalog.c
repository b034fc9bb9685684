/* test_catalog.c - the .mo reader (render/catalog.h), the template
 * engine's interface strings ({{_ }}, {{_n }}) and the embedded catalogs
 * (render/i18n.h). */
#include "core/common.h"
#include "harness.h"

#include "http/req.h"
#include "render/catalog.h"
#include "render/dialect.h"
#include "render/i18n.h"
#include "render/page.h"
#include "render/tpl.h"
#include "render/view.h"

/* --- a tiny .mo writer, so the tests state their catalogs ---------------
 * pairs: originals (sorted, "" first for a header) and translations;
 * an original or translation may hold NULs (plural forms), so each has
 * an explicit length. */
struct msg {
	const char *id;
	size_t idlen;
	const char *str;
	size_t strlen_;
};
#define M(a, b) { a, sizeof(a) - 1, b, sizeof(b) - 1 }

static void put32(struct buf *b, uint32_t v, bool be)
{
	unsigned char x[4];
	for (int i = 0; i < 4; i++)
		x[i] = (unsigned char)(be ? v >> (24 - 8 * i) : v >> (8 * i));
	buf_add(b, x, 4);
}

static struct buf make_mo(const struct msg *m, size_t n, bool be)
{
	struct buf b = BUF_INIT;
	uint32_t orig = 28, trans = 28 + 8 * (uint32_t)n, data = 28 + 16 * (uint32_t)n;
	put32(&b, 0x950412deu, be);
	put32(&b, 0, be);
	put32(&b, (uint32_t)n, be);
	put32(&b, orig, be);
	put32(&b, trans, be);
	put32(&b, 0, be);
	put32(&b, data, be);
	uint32_t off = data;
	for (size_t i = 0; i < n; i++) {
		put32(&b, (uint32_t)m[i].idlen, be);
		put32(&b, off, be);
		off += (uint32_t)m[i].idlen + 1;
	}
	for (size_t i = 0; i < n; i++) {
		put32(&b, (uint32_t)m[i].strlen_, be);
		put32(&b, off, be);
		off += (uint32_t)m[i].strlen_ + 1;
	}
	for (size_t i = 0; i < n; i++)
		buf_add(&b, m[i].id, m[i].idlen + 1);
	for (size_t i = 0; i < n; i++)
		buf_add(&b, m[i].str, m[i].strlen_ + 1);
	return b;
}

#define EN_HEADER "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"

static const struct msg en_msgs[] = {
	M("", EN_HEADER),
	M("共 {n} 条", "{n} item\0{n} items"),   /* sorted by bytes: E5, E7 A9, E7 AC, E9 */
	M("空", ""),
	M("第 {page}/{pages} 页", "page {page} of {pages}"),
	M("首页", "Home"),
};

TEST(reads_both_byte_orders)
{
	for (int be = 0; be < 2; be++) {
		struct buf mo = make_mo(en_msgs, sizeof(en_msgs) / sizeof(en_msgs[0]), be);
		char *err = NULL;
		struct catalog *c = catalog_open(mo.data, mo.len, &err);
		CHECK(c != NULL);
		if (!c) {
			fprintf(stderr, "    %s\n", err);
			free(err);
			buf_release(&mo);
			continue;
		}
		CHECK_INT(catalog_count(c), 5);
		CHECK_INT(catalog_nplurals(c), 2);
		CHECK_STR(catalog_get(c, "首页"), "Home");
		CHECK_STR(catalog_get(c, "第 {page}/{pages} 页"), "page {page} of {pages}");
		/* untranslated, empty translation, unknown: the msgid */
		const char *absent = "没有这一页。";
		CHECK(catalog_get(c, absent) == absent);
		CHECK_STR(catalog_get(c, "空"), "空");
		CHECK_STR(catalog_nget(c, "共 {n} 条", "共 {n} 条", 1), "{n} item");
		CHECK_STR(catalog_nget(c, "共 {n} 条", "共 {n} 条", 0), "{n} items");
		CHECK_STR(catalog_nget(c, "共 {n} 条", "共 {n} 条", 7), "{n} items");
		CHECK_STR(catalog_nget(c, "一", "多", 1), "一");
		CHECK_STR(catalog_nget(c, "一", "多", 2), "多");
		catalog_free(c);
		buf_release(&mo);
	}
}

TEST(null_catalog_is_the_source_language)
{
	const char *s = "首页";
	CHECK(catalog_get(NULL, s) == s);
	CHECK_STR(catalog_nget(NULL, "一", "多", 1), "一");
	CHECK_STR(catalog_nget(NULL, "一", "多", 5), "多");
	CHECK_INT(catalog_count(NULL), 0);
	CHECK_INT(catalog_nplurals(NULL), 1);
}

TEST(plural_forms_of_many_languages)
{
	const char *en = "nplurals=2; plural=(n != 1);";
	const char *fr = "nplurals=2; plural=(n > 1);";
	const char *ja = "nplurals=1; plural=0;";
	/* Russian and Polish: nested conditionals, %, &&, || */
	const char *ru = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);";
	const char *ar = "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;";
	CHECK_INT(catalog_plural_index(en, 1), 0);
	CHECK_INT(catalog_plural_index(en, 0), 1);
	CHECK_INT(catalog_plural_index(en, 2), 1);
	CHECK_INT(catalog_plural_index(fr, 0), 0);
	CHECK_INT(catalog_plural_index(fr, 1), 0);
	CHECK_INT(catalog_plural_index(fr, 2), 1);
	CHECK_INT(catalog_plural_index(ja, 0), 0);
	CHECK_INT(catalog_plural_index(ja, 99), 0);
	CHECK_INT(catalog_plural_index(ru, 1), 0);
	CHECK_INT(catalog_plural_index(ru, 21), 0);
	CHECK_INT(catalog_plural_index(ru, 11), 2);
	CHECK_INT(catalog_plural_index(ru, 3), 1);
	CHECK_INT(catalog_plural_index(ru, 14), 2);
	CHECK_INT(catalog_plural_index(ru, 105), 2);
	CHECK_INT(catalog_plural_index(ar, 0), 0);
	CHECK_INT(catalog_plural_index(ar, 2), 2);
	CHECK_INT(catalog_plural_index(ar, 105), 3);
	CHECK_INT(catalog_plural_index(ar, 111), 4);
	CHECK_INT(catalog_plural_index(ar, 100), 5);
	/* arithmetic, !, division by zero gives 0 rather than a crash */
	CHECK_INT(catalog_plural_index("nplurals=3; plural=(n+1)*2-4/2;", 3), 6);
	CHECK_INT(catalog_plural_index("nplurals=2; plural=!(n==1);", 1), 0);
	CHECK_INT(catalog_plural_index("nplurals=2; plural=n/0 + n%0;", 5), 0);
	/* unsigned arithmetic wraps: never a negative index (found by fuzz_mo) */
	CHECK_INT(catalog_plural_index("nplurals=3; plural=(n%10 -6 );", 1), LONG_MAX);
	/* unreadable */
	CHECK_INT(catalog_plural_index("nplurals=2; plural=(n != 1;", 1), -1);
	CHECK_INT(catalog_plural_index("nplurals=0; plural=0;", 1), -1);
	CHECK_INT(catalog_plural_index("plural=0;", 1), -1);
	CHECK_INT(catalog_plural_index("nplurals=2; plural=x;", 1), -1);
	CHECK_INT(catalog_plural_index("nplurals=2; plural=n ? 1;", 1), -1);
	CHECK_INT(catalog_plural_index("nplurals=2; plural=n; junk", 1), -1);
	CHECK_INT(catalog_plural_index(NULL, 1), -1);
	/* nesting past the limit is refused, not a stack overflow */
	struct buf deep = BUF_INIT;
	buf_adds(&deep, "nplurals=2; plural=");
	for (int i = 0; i < 200; i++)
		buf_addc(&deep, '(');
	buf_addc(&deep, 'n');
	for (int i = 0; i < 200; i++)
		buf_addc(&deep, ')');
	buf_addc(&deep, ';');
	CHECK_INT(catalog_plural_index(deep.data, 1), -1);
	buf_release(&deep);
}

static char *open_err(const void *data, size_t len)
{
	char *err = NULL;
	struct catalog *c = catalog_open(data, len, &err);
	if (c) {
		catalog_free(c);
		return xstrdup("OPENED");
	}
	return err;
}

TEST(rejects_malformed_images)
{
	struct buf mo = make_mo(en_msgs, sizeof(en_msgs) / sizeof(en_msgs[0]), false);
	char *e;
	e = open_err(mo.data, 10);
	CHECK_CONTAINS(e, "shorter than");
	free(e);
	/* cut anywhere: never read past the end */
	for (size_t n = 28; n < mo.len; n++) {
		e = open_err(mo.data, n);
		CHECK(strcmp(e, "OPENED") != 0);
		free(e);
	}
	char *bad = xmalloc(mo.len);
	memcpy(bad, mo.data, mo.len);
	bad[0] ^= 1;
	e = open_err(bad, mo.len);
	CHECK_CONTAINS(e, "bad magic");
	free(e);
	/* a string whose NUL was overwritten */
	memcpy(bad, mo.data, mo.len);
	bad[mo.len - 1] = 'x';
	e = open_err(bad, mo.len);
	CHECK_CONTAINS(e, "NUL-terminated");
	free(e);
	/* revision 2.x is not ours */
	memcpy(bad, mo.data, mo.len);
	bad[6] = 2;
	e = open_err(bad, mo.len);
	CHECK_CONTAINS(e, "revision");
	free(e);
	/* a huge count */
	memcpy(bad, mo.data, mo.len);
	bad[11] = 0x7f;
	e = open_err(bad, mo.len);
	CHECK_CONTAINS(e, "past the end");
	free(e);
	free(bad);
	buf_release(&mo);

	static const struct msg unsorted[] = { M("", "x"), M("b", "B"), M("a", "A") };
	mo = make_mo(unsorted, 3, false);
	e = open_err(mo.data, mo.len);
	CHECK_CONTAINS(e, "not sorted");
	free(e);
	buf_release(&mo);

	static const struct msg badpf[] = { M("", "Plural-Forms: nplurals=2; plural=(n;\n") };
	mo = make_mo(badpf, 1, false);
	e = open_err(mo.data, mo.len);
	CHECK_CONTAINS(e, "Plural-Forms");
	free(e);
	buf_release(&mo);

	/* no header at all: one form, lookups still work */
	static const struct msg nohd[] = { M("a", "A") };
	mo = make_mo(nohd, 1, false);
	struct catalog *c = catalog_open(mo.data, mo.len, NULL);
	CHECK(c != NULL);
	CHECK_STR(catalog_get(c, "a"), "A");
	CHECK_INT(catalog_nplurals(c), 1);
	catalog_free(c);
	buf_release(&mo);
}

TEST(plural_form_out_of_range_falls_back)
{
	/* a formula giving 5 with nplurals=2 takes form 0; a missing form
	 * (only one given) falls back to the msgid/plural */
	static const struct msg m[] = {
		M("", "Plural-Forms: nplurals=2; plural=n==3 ? 5 : n != 1;\n"),
		M("x", "X1"),
	};
	struct buf mo = make_mo(m, 2, false);
	struct catalog *c = catalog_open(mo.data, mo.len, NULL);
	CHECK(c != NULL);
	CHECK_STR(catalog_nget(c, "x", "xs", 3), "X1");
	CHECK_STR(catalog_nget(c, "x", "xs", 1), "X1");
	CHECK_STR(catalog_nget(c, "x", "xs", 2), "xs");
	catalog_free(c);
	buf_release(&mo);
}

/* --- templates ------------------------------------------------------------ */

static char *render_cat(enum esc_dialect d, const char *text, const struct view *v, const struct catalog *c)
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
	if (tpl_render_in(s, "t", v, c, &out, &err) < 0) {
		buf_reset(&out);
		buf_addf(&out, "RENDER ERROR %s", err);
		free(err);
	}
	tpl_set_free(s);
	buf_addc(&out, '\0');
	out.len--;
	return buf_detach(&out);
}

#define CHECK_RENDER(d, text, v, c, want) do { \
		char *got_ = render_cat((d), (text), (v), (c)); \
		CHECK_STR(got_, (want)); \
		free(got_); \
	} while (0)

TEST(template_strings)
{
	struct buf mo = make_mo(en_msgs, sizeof(en_msgs) / sizeof(en_msgs[0]), false);
	struct catalog *en = catalog_open(mo.data, mo.len, NULL);
	CHECK(en != NULL);
	struct view *v = view_new();
	view_set(v, "page", "2");
	view_set(v, "pages", "9");
	view_set(v, "n", "1");
	view_set(v, "m", "3");
	view_set(v, "amp", "a&b");
	struct view *o = view_obj(v, "o");
	view_set(o, "page", "<5>");

	/* without a catalog: the text as written, byte for byte */
	CHECK_RENDER(ESC_HTML, "<a>{{_ 首页}}</a>", v, NULL, "<a>首页</a>");
	CHECK_RENDER(ESC_HTML, "<a>{{  _   首页  }}</a>", v, NULL, "<a>首页</a>");
	CHECK_RENDER(ESC_HTML, "{{_ 第 {page}/{pages} 页}}", v, NULL, "第 2/9 页");
	/* with one: translated, placeholders kept, unknown msgids as written */
	CHECK_RENDER(ESC_HTML, "<a>{{_ 首页}}</a>", v, en, "<a>Home</a>");
	CHECK_RENDER(ESC_HTML, "{{_ 第 {page}/{pages} 页}}", v, en, "page 2 of 9");
	CHECK_RENDER(ESC_HTML, "{{_ 没有}}", v, en, "没有");
	/* plural by the count's value; the close right after a placeholder */
	CHECK_RENDER(ESC_HTML, "{{_n n 共 {n} 条}}", v, en, "1 item");
	CHECK_RENDER(ESC_HTML, "{{_n m 共 {m} 条}}", v, en, "共 3 条");
	view_set(v, "n", "4");
	CHECK_RENDER(ESC_HTML, "{{_n n 共 {n} 条}}", v, en, "4 items");
	CHECK_RENDER(ESC_HTML, "{{_n n 共 {n} 条}}", v, NULL, "共 4 条");
	CHECK_RENDER(ESC_HTML, "{{_n missing 共 {n} 条}}", v, en, "4 items");
	/* escaping: the text for the dialect, the values too; dotted names;
	 * a section's context is seen */
	CHECK_RENDER(ESC_WML, "{{_ 费用 $5 & {amp}}}", v, NULL, "费用 $$5 &amp; a&amp;b");
	CHECK_RENDER(ESC_HTML, "{{_ 第 {o.page}/{pages} 页}}", v, NULL, "第 &lt;5&gt;/9 页");
	CHECK_RENDER(ESC_HTML, "{{#o}}{{_ 第 {page}/{pages} 页}}{{/o}}", v, NULL, "第 &lt;5&gt;/9 页");
	CHECK_RENDER(ESC_HTML, "{{_ 无 {nothing} 值}}", v, NULL, "无  值");
	/* newlines in the text are kept */
	CHECK_RENDER(ESC_HTML, "{{_ 一\n二}}", v, NULL, "一\n二");
	/* {{_x}} is still a variable named _x */
	view_set(v, "_x", "var");
	CHECK_RENDER(ESC_HTML, "{{_x}}", v, NULL, "var");

	/* mistakes are load errors with a line */
	char *e = render_cat(ESC_HTML, "\n{{_ a } b}}", v, NULL);
	CHECK_CONTAINS(e, "t:2: stray '}'");
	free(e);
	e = render_cat(ESC_HTML, "{{_ a {b c} d}}", v, NULL);
	CHECK_CONTAINS(e, "bad placeholder");
	free(e);
	e = render_cat(ESC_HTML, "{{_ a {b d}}", v, NULL);
	CHECK_CONTAINS(e, "LOAD ERROR");
	free(e);
	e = render_cat(ESC_HTML, "{{_n  }}", v, NULL);
	CHECK_CONTAINS(e, "LOAD ERROR");
	free(e);
	e = render_cat(ESC_HTML, "{{_n n }}", v, NULL);
	CHECK_CONTAINS(e, "LOAD ERROR");
	free(e);
	e = render_cat(ESC_HTML, "{{_n n! 共}}", v, NULL);
	CHECK_CONTAINS(e, "bad count name");
	free(e);
	e = render_cat(ESC_HTML, "{{_ {.}}}", v, NULL);
	CHECK_CONTAINS(e, "bad placeholder");
	free(e);

	view_free(v);
	catalog_free(en);
	buf_release(&mo);
}

TEST(xml_check_sees_through_strings)
{
	char *err = NULL;
	const char *ok = "<p title=\"{{_ 搜索}}\">{{_ 共 {n}}}</p>";
	CHECK_INT(tpl_check_xml("t", ok, strlen(ok), &err), 0);
	free(err);
}

/* --- the embedded catalogs ------------------------------------------------ */

TEST(embedded_catalogs)
{
	CHECK(i18n_catalog(LANG_ZH_HANS) == NULL);
	CHECK(i18n_catalog(LANG_ZH_HANT) == NULL);
	CHECK(i18n_catalog((enum lang_id)99) == NULL);
	const struct catalog *en = i18n_catalog(LANG_EN);
	const struct catalog *fr = i18n_catalog(LANG_FR);
	const struct catalog *ja = i18n_catalog(LANG_JA);
	const struct catalog *ko = i18n_catalog(LANG_KO);
	CHECK(en && fr && ja && ko);
	CHECK_INT(catalog_nplurals(en), 2);
	CHECK_INT(catalog_nplurals(fr), 2);
	CHECK_INT(catalog_nplurals(ja), 1);
	CHECK_INT(catalog_nplurals(ko), 1);
	CHECK_STR(catalog_get(en, "首页"), "Home");
	CHECK_STR(catalog_get(fr, "首页"), "Accueil");
	CHECK_STR(catalog_get(ja, "首页"), "ホーム");
	CHECK_STR(catalog_get(ko, "首页"), "홈");
	/* French: 0 and 1 take the singular, English only 1 */
	CHECK(strcmp(catalog_nget(en, "其他 {others} 个地区可办", "其他 {others} 个地区可办", 0),
		     catalog_nget(en, "其他 {others} 个地区可办", "其他 {others} 个地区可办", 1)) != 0);
	CHECK_STR(catalog_nget(fr, "其他 {others} 个地区可办", "其他 {others} 个地区可办", 0),
		  catalog_nget(fr, "其他 {others} 个地区可办", "其他 {others} 个地区可办", 1));
}

/* The error page through page_render, in 简体 and in English, in each
 * dialect with the checkout's own templates: the layout's strings, the
 * status title and message (render/page.c) and T() follow r->lang. */
TEST(pages_follow_the_request_language)
{
	const char *top = getenv("QIAO_TOP");
	for (size_t i = 0; i < DIALECT_COUNT; i++) {
		const struct dialect *d = &dialects[i];
		char *dir = xasprintf("%s/%s", top ? top : ".", d->tpl_dir);
		char *err = NULL;
		struct tpl_set *set = tpl_set_load(dir, d->tpl_ext, d->esc, d->xml, &err);
		free(dir);
		CHECK(set != NULL);
		if (!set) {
			fprintf(stderr, "    %s\n", err);
			free(err);
			continue;
		}
		for (int en = 0; en < 2; en++) {
			struct req r;
			memset(&r, 0, sizeof r);
			r.path = xstrdup("/nope");
			r.caps.profile = d->profile;
			r.caps.budget = 100000;
			r.view = view_new();
			r.lang = en ? LANG_EN : LANG_ZH_HANS;
			CHECK_STR(T(&r, "没有这一页。"), en ? "There is no such page." : "没有这一页。");
			struct buf out = BUF_INIT;
			CHECK_INT(page_render(set, &r, 404, &out), 0);
			buf_addc(&out, '\0');
			if (en) {
				CHECK_CONTAINS(out.data, "Page not found");
				CHECK_CONTAINS(out.data, "does not exist or has been removed");
				/* every string of the error page is translated: not one
				 * CJK ideograph (UTF-8 lead bytes E4..E9: U+4E00..U+9FFF) */
				bool han = false;
				for (size_t k = 0; k < out.len; k++)
					han |= (unsigned char)out.data[k] >= 0xe4 && (unsigned char)out.data[k] <= 0xe9;
				CHECK(!han);
				CHECK_NOT_CONTAINS(out.data, "页面不存在");
				CHECK_NOT_CONTAINS(out.data, "首页");
			} else {
				CHECK_CONTAINS(out.data, "页面不存在");
				CHECK_CONTAINS(out.data, "首页");
				CHECK_NOT_CONTAINS(out.data, "Page not found");
			}
			buf_release(&out);
			view_free(r.view);
			free(r.path);
		}
		tpl_set_free(set);
	}
}

int main(void)
{
	RUN(reads_both_byte_orders);
	RUN(null_catalog_is_the_source_language);
	RUN(plural_forms_of_many_languages);
	RUN(rejects_malformed_images);
	RUN(plural_form_out_of_range_falls_back);
	RUN(template_strings);
	RUN(xml_check_sees_through_strings);
	RUN(embedded_catalogs);
	RUN(pages_follow_the_request_language);
	return harness_done("catalog");
}
