/* test_lang.c - the request's language, pure parts: the URL prefix,
 * Accept-Language with q-values, the cookie word, which languages have
 * content, and the prefix every link and the language switch carry
 * (render/langpick.h, render/page.h). */
#include "core/common.h"
#include "harness.h"

#include "http/req.h"
#include "render/langpick.h"
#include "render/page.h"
#include "render/view.h"

static int accept(const char *al)
{
	enum lang_id id = (enum lang_id)99;
	return lang_from_accept(al, &id) ? (int)id : -1;
}

TEST(prefix_names_the_language)
{
	enum lang_id id = LANG_ZH_HANS;
	CHECK_INT(lang_prefix_len("/zh-hant/news/3", &id), 8);
	CHECK_INT(id, LANG_ZH_HANT);
	CHECK_INT(lang_prefix_len("/zh-hant", &id), 8);
	CHECK_INT(lang_prefix_len("/ZH-HANT/", &id), 8);
	CHECK_INT(lang_prefix_len("/en/", &id), 3);
	CHECK_INT(id, LANG_EN);
	CHECK_INT(lang_prefix_len("/fr", &id), 3);
	CHECK_INT(id, LANG_FR);
	CHECK_INT(lang_prefix_len("/ja/news", &id), 3);
	CHECK_INT(id, LANG_JA);
	CHECK_INT(lang_prefix_len("/ko/services/search", &id), 3);
	CHECK_INT(id, LANG_KO);
	/* 简体 outright, for the switch. */
	CHECK_INT(lang_prefix_len("/zh-hans/messages", &id), 8);
	CHECK_INT(id, LANG_ZH_HANS);
}

TEST(other_paths_have_no_prefix)
{
	enum lang_id id = LANG_KO;
	CHECK_INT(lang_prefix_len("/", &id), 0);
	CHECK_INT(lang_prefix_len("/news", &id), 0);
	CHECK_INT(lang_prefix_len("/english", &id), 0);
	CHECK_INT(lang_prefix_len("/zh-hantx/news", &id), 0);
	CHECK_INT(lang_prefix_len("/zh", &id), 0);
	CHECK_INT(lang_prefix_len("/zh-Hant-TW/", &id), 0);
	CHECK_INT(lang_prefix_len("//en/", &id), 0);
	CHECK_INT(lang_prefix_len("en/", &id), 0);
	CHECK_INT(lang_prefix_len("", &id), 0);
	CHECK_INT(lang_prefix_len(NULL, &id), 0);
	CHECK_INT(lang_prefix_len("/news/en", &id), 0);
	CHECK_INT(id, LANG_KO); /* untouched */
}

TEST(accept_language_chinese_ranges)
{
	CHECK_INT(accept("zh-TW"), LANG_ZH_HANT);
	CHECK_INT(accept("zh-HK"), LANG_ZH_HANT);
	CHECK_INT(accept("zh-mo"), LANG_ZH_HANT);
	CHECK_INT(accept("zh-Hant"), LANG_ZH_HANT);
	CHECK_INT(accept("zh-Hant-CN"), LANG_ZH_HANT);
	CHECK_INT(accept("zh-Hans-HK"), LANG_ZH_HANS); /* the script wins */
	CHECK_INT(accept("zh-CN"), LANG_ZH_HANS);
	CHECK_INT(accept("zh"), LANG_ZH_HANS);
	CHECK_INT(accept("zh-SG"), LANG_ZH_HANS);
}

TEST(accept_language_other_ranges)
{
	CHECK_INT(accept("en"), LANG_EN);
	CHECK_INT(accept("en-GB"), LANG_EN);
	CHECK_INT(accept("fr-CA"), LANG_FR);
	CHECK_INT(accept("ja"), LANG_JA);
	CHECK_INT(accept("ko-KR"), LANG_KO);
	CHECK_INT(accept("de-DE"), -1);
	CHECK_INT(accept("*"), -1);
	CHECK_INT(accept(""), -1);
	CHECK_INT(accept(NULL), -1);
	CHECK_INT(accept("eng"), -1);
	CHECK_INT(accept("de, it;q=0.9"), -1);
	CHECK_INT(accept("de, ko;q=0.1"), LANG_KO);
}

TEST(accept_language_q_values)
{
	/* The highest q wins, whatever the order. */
	CHECK_INT(accept("en;q=0.5, zh-TW;q=0.9"), LANG_ZH_HANT);
	CHECK_INT(accept("zh-TW;q=0.5,en"), LANG_EN);
	CHECK_INT(accept("ja;q=0.8, ko;q=0.85"), LANG_KO);
	CHECK_INT(accept("fr;q=1.000, en;q=0.999"), LANG_FR);
	/* A tie: the earlier. */
	CHECK_INT(accept("ja;q=0.5, ko;q=0.5"), LANG_JA);
	CHECK_INT(accept("zh-TW,zh;q=0.8,en-US;q=0.6"), LANG_ZH_HANT);
	/* q=0 refuses; a refused range is skipped. */
	CHECK_INT(accept("en;q=0"), -1);
	CHECK_INT(accept("en;q=0.000, fr;q=0.1"), LANG_FR);
	/* Whitespace and case. */
	CHECK_INT(accept("  EN-us ; Q=0.7 ,  zh-hk ; q=0.6"), LANG_EN);
	/* Malformed q-values are skipped, not trusted. */
	CHECK_INT(accept("en;q=2, fr;q=0.1"), LANG_FR);
	CHECK_INT(accept("en;q=1.5, fr;q=0.1"), LANG_FR);
	CHECK_INT(accept("en;q=abc, fr;q=0.1"), LANG_FR);
	CHECK_INT(accept("en;q=0.12345, ja"), LANG_JA);
	CHECK_INT(accept("en;q=, ja;q=0.2"), LANG_JA);
	/* Other parameters are ignored. */
	CHECK_INT(accept("ko;x=1;q=0.4, ja;q=0.3"), LANG_KO);
	/* Garbage does not crash and matches nothing. */
	CHECK_INT(accept(",,,;;;="), -1);
	CHECK_INT(accept("zh-TW\x01"), -1);
	CHECK_INT(accept("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-TW, en;q=0.1"), LANG_EN);
}

TEST(cookie_words)
{
	enum lang_id id = LANG_EN;
	CHECK(lang_from_word("zh-hant", &id) && id == LANG_ZH_HANT);
	CHECK(lang_from_word("zh-hans", &id) && id == LANG_ZH_HANS);
	CHECK(lang_from_word("ko", &id) && id == LANG_KO);
	CHECK(!lang_from_word("xx", &id));
	CHECK(!lang_from_word("", &id));
}

TEST(content_until_the_foreign_languages_land)
{
	CHECK(lang_has_content(LANG_ZH_HANS));
	CHECK(lang_has_content(LANG_ZH_HANT));
	CHECK_INT(lang_content(LANG_ZH_HANT), LANG_ZH_HANT);
	/* Each foreign language either has its content or is served as 简体. */
	for (int i = LANG_EN; i < LANG_COUNT; i++)
		CHECK_INT(lang_content((enum lang_id)i), lang_has_content((enum lang_id)i) ? i : LANG_ZH_HANS);
}

static void make_req(struct req *r, enum device_profile p, const char *lang_link)
{
	memset(r, 0, sizeof *r);
	r->caps.profile = p;
	r->lang_link = lang_link;
	r->view = view_new();
}

TEST(links_carry_the_prefix)
{
	struct req r;
	make_req(&r, PROFILE_HTML, "/zh-hant");
	req_link(&r, r.view, "a", "/news/%d", 12);
	CHECK_STR(view_get(r.view, "a"), "/zh-hant/news/12");
	req_link(&r, r.view, "b", "/");
	CHECK_STR(view_get(r.view, "b"), "/zh-hant/");
	req_link(&r, r.view, "c", "/services/search?q=%s", "%E9%A9%BE");
	CHECK_STR(view_get(r.view, "c"), "/zh-hant/services/search?q=%E9%A9%BE");
	/* Not our path: left alone. */
	req_link(&r, r.view, "d", "tel:12345");
	CHECK_STR(view_get(r.view, "d"), "tel:12345");
	view_free(r.view);

	make_req(&r, PROFILE_HTML, "");
	req_link(&r, r.view, "a", "/news/12");
	CHECK_STR(view_get(r.view, "a"), "/news/12");
	view_free(r.view);

	/* WML with ?view=wml: the prefix first, the choice after. */
	make_req(&r, PROFILE_WML, "/en");
	r.caps.from_param = true;
	req_link(&r, r.view, "a", "/news/12");
	CHECK_STR(view_get(r.view, "a"), "/en/news/12?view=wml");
	view_free(r.view);
}

TEST(switch_lists_six_languages)
{
	struct req r;
	make_req(&r, PROFILE_XHTMLMP, "/zh-hant");
	r.lang = LANG_ZH_HANT;
	page_lang_links(&r, r.view, "langs", "/news/c/3");
	CHECK_INT(view_list_len(r.view, "langs"), LANG_COUNT);
	const struct view_value *vv = view_lookup(r.view, "langs");
	CHECK(vv != NULL);
	/* A column of the Chinese tree: the same column in 简体, the
	 * foreign versions' home pages (their trees have other ids). */
	const char *want[LANG_COUNT] = { "/zh-hans/news/c/3", "/zh-hant/news/c/3", "/en/",
					 "/fr/", "/ja/", "/ko/" };
	size_t i = 0;
	for (const struct view *it = vv && vv->kind == VIEW_LIST ? vv->u.list.head : NULL; it && i < LANG_COUNT; it = view_next(it), i++) {
		CHECK_STR(view_get(it, "url"), want[i]);
		CHECK_STR(view_get(it, "tag"), langs[i].tag);
		/* Names as character references: ASCII, so 繁體 conversion
		 * leaves 简体 written as it is. */
		const char *name = view_get(it, "name");
		for (const char *p = name; p && *p; p++)
			CHECK((unsigned char)*p < 0x80);
		const struct view_value *cur = view_lookup(it, "current");
		CHECK_INT(cur && cur->kind == VIEW_BOOL && cur->u.b, i == LANG_ZH_HANT);
	}
	CHECK_INT(i, LANG_COUNT);
	view_free(r.view);

	/* Outside the column trees the path is kept in every language; from
	 * an English article, the other foreign versions' home pages too. */
	static const struct { enum lang_id from; const char *path; const char *want[LANG_COUNT]; } cases[] = {
		{ LANG_ZH_HANT, "/services", { "/zh-hans/services", "/zh-hant/services", "/en/services",
					      "/fr/services", "/ja/services", "/ko/services" } },
		{ LANG_EN, "/news/3001", { "/zh-hans/", "/zh-hant/", "/en/news/3001", "/fr/", "/ja/", "/ko/" } },
		{ LANG_KO, "/section/4001", { "/zh-hans/", "/zh-hant/", "/en/", "/fr/", "/ja/", "/ko/section/4001" } },
		{ LANG_FR, "/news", { "/zh-hans/news", "/zh-hant/news", "/en/news", "/fr/news", "/ja/news", "/ko/news" } },
	};
	for (size_t c = 0; c < ARRAY_LEN(cases); c++) {
		make_req(&r, PROFILE_HTML, langs[cases[c].from].prefix);
		r.lang = cases[c].from;
		page_lang_links(&r, r.view, "langs", cases[c].path);
		vv = view_lookup(r.view, "langs");
		i = 0;
		for (const struct view *it = vv && vv->kind == VIEW_LIST ? vv->u.list.head : NULL; it && i < LANG_COUNT; it = view_next(it), i++)
			CHECK_STR(view_get(it, "url"), cases[c].want[i]);
		CHECK_INT(i, LANG_COUNT);
		view_free(r.view);
	}
}

int main(void)
{
	RUN(prefix_names_the_language);
	RUN(other_paths_have_no_prefix);
	RUN(accept_language_chinese_ranges);
	RUN(accept_language_other_ranges);
	RUN(accept_language_q_values);
	RUN(cookie_words);
	RUN(content_until_the_foreign_languages_land);
	RUN(links_carry_the_prefix);
	RUN(switch_lists_six_languages);
	return harness_done("lang");
}
