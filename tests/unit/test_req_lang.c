/* test_req_lang.c - the URL's language segment is stripped before routing
 * (http/req_lang.c through req_set_uri): one route table for every
 * language, and the prefix kept for the links. */
#include "core/common.h"
#include "harness.h"

#include "http/req.h"
#include "render/langpick.h"

struct want { const char *uri, *path, *link; enum lang_id lang; bool in_url; const char *q; };

TEST(strips_the_prefix)
{
	static const struct want cases[] = {
		{ "/zh-hant/news/3", "/news/3", "/zh-hant", LANG_ZH_HANT, true, NULL },
		{ "/zh-hant", "/", "/zh-hant", LANG_ZH_HANT, true, NULL },
		{ "/zh-hant/", "/", "/zh-hant", LANG_ZH_HANT, true, NULL },
		{ "/zh-hant?x=1", "/", "/zh-hant", LANG_ZH_HANT, true, "1" },
		{ "/en/services/search?q=%E9%A9%BE%E7%85%A7", "/services/search", "/en", LANG_EN, true, "驾照" },
		{ "/zh-hans/messages", "/messages", "/zh-hans", LANG_ZH_HANS, true, NULL },
		{ "/ko/api/v1/news", "/api/v1/news", "/ko", LANG_KO, true, NULL },
		{ "/news/3", "/news/3", "", LANG_ZH_HANS, false, NULL },
		{ "/", "/", "", LANG_ZH_HANS, false, NULL },
		{ "/english", "/english", "", LANG_ZH_HANS, false, NULL },
		/* Only the first segment: a second prefix is a path like any. */
		{ "/en/fr/news", "/fr/news", "/en", LANG_EN, true, NULL },
		/* Percent-encoded: decoded first, then recognised. */
		{ "/%7A%68-hant/news", "/news", "/zh-hant", LANG_ZH_HANT, true, NULL },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct req r;
		int st = req_local(&r, NULL, cases[i].uri);
		CHECK_INT(st, 200);
		CHECK_STR(r.path, cases[i].path);
		CHECK_STR(r.lang_link, cases[i].link);
		CHECK_INT(r.lang, cases[i].lang);
		CHECK_INT(r.lang_in_url, cases[i].in_url);
		if (cases[i].q) {
			const char *v = req_param(&r, cases[i].uri[1] == 'z' ? "x" : "q");
			CHECK_STR(v, cases[i].q);
		}
		req_release(&r);
	}
}

TEST(api_under_a_language)
{
	struct req r;
	CHECK_INT(req_local(&r, NULL, "/zh-hant/api/v1/news/c/3"), 200);
	CHECK(req_api_route(&r));
	CHECK_STR(r.path, "/news/c/3");
	CHECK_INT(r.lang, LANG_ZH_HANT);
	CHECK_INT(r.format, REQ_FMT_JSON);
	req_release(&r);
	/* The other order is not the API: /api/v1/zh-hant is a page path. */
	CHECK_INT(req_local(&r, NULL, "/api/v1/zh-hant/news"), 200);
	CHECK_INT(r.lang, LANG_ZH_HANS);
	req_release(&r);
}

TEST(cookie_values)
{
	struct req r;
	memset(&r, 0, sizeof r);
	r.lang = LANG_ZH_HANT;
	CHECK(strncmp(req_lang_cookie(&r), "lang=zh-hant;", 13) == 0);
	r.lang = LANG_ZH_HANS;
	CHECK(strncmp(req_lang_cookie(&r), "lang=zh-hans;", 13) == 0);
	r.lang = LANG_JA;
	CHECK(strncmp(req_lang_cookie(&r), "lang=ja;", 8) == 0);
	CHECK(strstr(req_lang_cookie(&r), "Path=/") != NULL);
}

TEST(hant_budget_keeps_room)
{
	struct req r;
	memset(&r, 0, sizeof r);
	r.caps.profile = PROFILE_WML;
	r.caps.budget = 1400;
	r.lang = LANG_ZH_HANT;
	req_lang_budget(&r);
	CHECK_INT(r.caps.budget, 1400 - LANG_HANT_GROWTH);
	r.caps.budget = 1400;
	r.lang = LANG_ZH_HANS;
	req_lang_budget(&r);
	CHECK_INT(r.caps.budget, 1400);
	/* A budget of gzip bytes and no budget are left alone. */
	r.lang = LANG_ZH_HANT;
	r.caps.profile = PROFILE_HTML;
	r.caps.budget = 14336;
	req_lang_budget(&r);
	CHECK_INT(r.caps.budget, 14336);
	r.caps.profile = PROFILE_XHTMLMP;
	r.caps.budget = SIZE_MAX;
	req_lang_budget(&r);
	CHECK(r.caps.budget == SIZE_MAX);
}

int main(void)
{
	RUN(strips_the_prefix);
	RUN(api_under_a_language);
	RUN(cookie_values);
	RUN(hant_budget_keeps_room);
	return harness_done("req_lang");
}
