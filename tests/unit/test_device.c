#include "core/common.h"
#include "harness.h"

#include <unistd.h>

#include "device/device.h"
#include "render/dialect.h"
#include "device_cases.h"

/* The shipped rules file, loaded once: tests run from the repo top, or
 * QIAO_TOP names it. */
static struct device_rules *real_rules;

static struct device_rules *load_real_rules(void)
{
	const char *top = getenv("QIAO_TOP");
	char *path = xasprintf("%s/db/devices.rules", top && *top ? top : ".");
	char *err = NULL;
	struct device_rules *r = device_rules_load(path, &err);
	if (!r)
		fprintf(stderr, "  cannot load %s: %s\n", path, err ? err : "?");
	free(err);
	free(path);
	return r;
}

static struct device_rules *parse_ok(const char *text)
{
	char *err = NULL;
	struct device_rules *r = device_rules_parse(text, "t.rules", &err);
	if (!r) {
		fprintf(stderr, "  unexpected parse error: %s\n", err ? err : "?");
		free(err);
	}
	return r;
}

/* The error message for text, or "" when it parsed; caller frees. */
static char *parse_err(const char *text)
{
	char *err = NULL;
	struct device_rules *r = device_rules_parse(text, "t.rules", &err);
	if (r) {
		device_rules_free(r);
		return xstrdup("");
	}
	return err ? err : xstrdup("(no message)");
}

static enum device_profile detect_ua(const struct device_rules *r, const char *ua, const char *accept)
{
	struct device_headers h = { .user_agent = ua, .accept = accept };
	struct device_caps c;
	device_detect(r, &h, &c);
	return c.profile;
}

TEST(profile_names_and_parse)
{
	enum device_profile p = PROFILE_HTML;
	CHECK_STR(device_profile_name(PROFILE_HTML), "html");
	CHECK_STR(device_profile_name(PROFILE_XHTMLMP), "xhtmlmp");
	CHECK_STR(device_profile_name(PROFILE_WML), "wml");
	CHECK(device_profile_parse("wml", &p) && p == PROFILE_WML);
	CHECK(device_profile_parse("xhtml", &p) && p == PROFILE_XHTMLMP);
	CHECK(device_profile_parse("html", &p) && p == PROFILE_HTML);
	CHECK(device_profile_parse("XHTMLMP", &p) && p == PROFILE_XHTMLMP);
	p = PROFILE_WML;
	CHECK(!device_profile_parse("chtml", &p));
	CHECK(!device_profile_parse("", &p));
	CHECK(!device_profile_parse(NULL, &p));
	CHECK(!device_profile_parse("wml ", &p));
	CHECK_INT(p, PROFILE_WML);      /* untouched on failure */
}

TEST(real_devices_table)
{
	CHECK(real_rules != NULL);
	CHECK(device_rules_count(real_rules) >= 40);
	CHECK(ARRAY_LEN(device_cases) >= 40);
	for (size_t i = 0; i < ARRAY_LEN(device_cases); i++) {
		const struct device_case *dc = &device_cases[i];
		struct device_headers h = {
			.user_agent = dc->ua, .accept = dc->accept, .wap_profile = dc->wap_profile,
			.opera_phone_ua = dc->opera_phone_ua, .ucbrowser_ua = dc->ucbrowser_ua,
		};
		struct device_caps c;
		device_detect(real_rules, &h, &c);
		if (c.profile != dc->want || (dc->rule && (!c.rule || strcmp(c.rule, dc->rule) != 0))) {
			fprintf(stderr, "  case %zu: %s\n    got %s (%s), want %s (%s)\n", i,
				dc->ua ? dc->ua : "(no UA)", device_profile_name(c.profile),
				c.rule ? c.rule : "?", device_profile_name(dc->want),
				dc->rule ? dc->rule : "any");
			harness_cur_failed++;
		}
		CHECK(c.content_type != NULL);
		CHECK(c.budget == device_profile_budget(c.profile));
		CHECK(!c.overridden && !c.from_param);
	}
}

TEST(opera_mini_sets_proxy_phone)
{
	const char *phone = "BlackBerry8520/5.0.0.681 Profile/MIDP-2.1 Configuration/CLDC-1.1 VendorID/613";
	struct device_headers h = {
		.user_agent = "Opera/9.80 (J2ME/MIDP; Opera Mini/6.1.25378/25.692; U; en) Presto/2.5.25 Version/10.54",
		.accept = "text/html, application/vnd.wap.xhtml+xml, text/vnd.wap.wml;q=0.5",
		.opera_phone_ua = phone,
		.device_stock_ua = "ignored when the Opera Mini header is there",
	};
	struct device_caps c;
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_HTML);
	CHECK(c.proxy_phone == phone);
	CHECK_STR(c.rule, "proxy:opera-mini");
	CHECK_STR(c.content_type, "text/html; charset=utf-8");

	/* The header alone marks Opera Mini, whatever the UA says. */
	struct device_headers h2 = { .user_agent = "Nokia3330/1.0 (04.50)", .opera_phone_ua = phone };
	device_detect(real_rules, &h2, &c);
	CHECK_INT(c.profile, PROFILE_HTML);
	CHECK(c.proxy_phone == phone);

	/* Device-Stock-UA is the fallback for the phone's UA. */
	struct device_headers h3 = {
		.user_agent = "Opera/9.80 (Android; Opera Mini/8.0.1807/36.1609; U; en) Presto/2.12.423 Version/12.16",
		.device_stock_ua = "Mozilla/5.0 (Linux; U; Android 2.3.4; en-us; myTouch4G Build/GRJ22) AppleWebKit/533.1",
	};
	device_detect(real_rules, &h3, &c);
	CHECK(c.proxy_phone == h3.device_stock_ua);

	/* Not a proxy: no proxy_phone even with Device-Stock-UA. */
	struct device_headers h4 = { .user_agent = "Nokia3330/1.0 (04.50)", .device_stock_ua = "x" };
	device_detect(real_rules, &h4, &c);
	CHECK(c.proxy_phone == NULL);
	CHECK_INT(c.profile, PROFILE_WML);
}

TEST(uc_header_marks_proxy)
{
	struct device_headers h = {
		.user_agent = "Mozilla/5.0 (Linux; U; Android 4.2.2) AppleWebKit/534.31",
		.accept = "text/vnd.wap.wml",
		.ucbrowser_ua = "pf(Java);dv(Nokia200);pr(UCBrowser/9.4.1.377)",
	};
	struct device_caps c;
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_HTML);
	CHECK_STR(c.rule, "proxy:uc");
	CHECK(c.proxy_phone == h.ucbrowser_ua);
}

TEST(accept_qvalues)
{
	const struct device_rules *r = real_rules;
	const char *ua = "SomeUnknownPhone/1.0";
	/* text/html is refused (q=0), so WML is the only thing it takes. */
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml;q=0.9, text/html;q=0"), PROFILE_WML);
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml;q=0.9, text/html;q=0.000"), PROFILE_WML);
	/* q=0 on WML means it is not wanted. */
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml;q=0, text/plain"), PROFILE_HTML);
	/* WML listed and no XHTML type: wml whatever else is listed (issue
	 * #14; this used to be "not conclusive, the UA decides" -> html) ... */
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml, text/html;q=0.1"), PROFILE_WML);
	CHECK_INT(detect_ua(r, ua, "text/html, text/vnd.wap.wml"), PROFILE_WML);
	CHECK_INT(detect_ua(r, "Nokia3330/1.0", "text/vnd.wap.wml, text/html;q=0.1"), PROFILE_WML);
	/* ... unless an explicit q puts text/html above WML. */
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml;q=0.5, text/html"), PROFILE_HTML);
	CHECK_INT(detect_ua(r, "Nokia3330/1.0", "text/vnd.wap.wml;q=0.5, text/html"), PROFILE_WML); /* the UA rule */
	/* Wildcards do not count as asking for HTML. */
	CHECK_INT(detect_ua(r, ua, "*/*, text/vnd.wap.wml"), PROFILE_WML);
	CHECK_INT(detect_ua(r, ua, "text/*, text/vnd.wap.wml"), PROFILE_WML);
	/* Case, whitespace and parameters. */
	CHECK_INT(detect_ua(r, ua, "  TEXT/VND.WAP.WML ; level=1 ;Q=1 "), PROFILE_WML);
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml;charset=\"utf-8, text/html\""), PROFILE_WML);
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml;q=0.5;x=y, application/xhtml+xml;q=0"), PROFILE_WML);
	/* Not a WML type, just similar. */
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wmlscript"), PROFILE_HTML);
	/* A malformed q is ignored (the range keeps q=1): text/html is then
	 * not above WML, so WML decides. */
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml, text/html;q=abc"), PROFILE_WML);
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml, text/html;q=2"), PROFILE_WML);
	CHECK_INT(detect_ua(r, ua, "text/vnd.wap.wml;q=0.5, text/html;q=abc"), PROFILE_HTML);
	/* WMLC alone is a WAP 1.x phone too. */
	CHECK_INT(detect_ua(r, ua, "application/vnd.wap.wmlc"), PROFILE_WML);
	/* XHTML-MP. */
	CHECK_INT(detect_ua(r, ua, "application/vnd.wap.xhtml+xml, text/vnd.wap.wml"), PROFILE_XHTMLMP);
	CHECK_INT(detect_ua(r, "Nokia3330/1.0", "application/vnd.wap.xhtml+xml,text/html"), PROFILE_XHTMLMP);
	CHECK_INT(detect_ua(r, ua, "application/vnd.wap.xhtml+xml;q=0, text/vnd.wap.wml"), PROFILE_WML);
	/* ... unless the UA is a known smartphone or desktop (an html rule). */
	CHECK_INT(detect_ua(r, "Mozilla/5.0 (BlackBerry; U; BlackBerry 9900; en) AppleWebKit/534.11+",
			    "text/html,application/xhtml+xml,application/vnd.wap.xhtml+xml,text/vnd.wap.wml;q=0.6"),
		  PROFILE_HTML);
	/* Empty or missing Accept. */
	CHECK_INT(detect_ua(r, ua, ""), PROFILE_HTML);
	CHECK_INT(detect_ua(r, ua, " , ,"), PROFILE_HTML);
}

TEST(rule_names_reason)
{
	struct device_headers h = { .user_agent = "Nokia7110/1.0 (05.01)" };
	struct device_caps c;
	device_detect(real_rules, &h, &c);
	CHECK_STR(c.rule, "ua:^Nokia7110");
	h.accept = "text/vnd.wap.wml";
	device_detect(real_rules, &h, &c);
	CHECK_STR(c.rule, "accept:wml");
	struct device_headers h2 = { .user_agent = "Foo/1.0", .accept = "application/vnd.wap.xhtml+xml" };
	device_detect(real_rules, &h2, &c);
	CHECK_STR(c.rule, "accept:xhtmlmp");
	struct device_headers h3 = { .user_agent = "Foo/1.0" };
	device_detect(real_rules, &h3, &c);
	CHECK_STR(c.rule, "default");
	CHECK_INT(c.profile, PROFILE_HTML);
	struct device_headers h4 = { .user_agent = "   ", .wap_profile = "" };
	device_detect(real_rules, &h4, &c);
	CHECK_STR(c.rule, "no-ua");
}

TEST(wap_profile_only_when_nothing_else)
{
	struct device_caps c;
	struct device_headers h = { .user_agent = "Foo/1.0", .wap_profile = "\"http://wap.sonyericsson.com/UAprof/K750iR101.xml\"" };
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_XHTMLMP);
	CHECK_STR(c.rule, "wap-profile");
	/* A smartphone UA beats the profile header (many Android phones send one). */
	h.user_agent = "Mozilla/5.0 (Linux; Android 4.1.2; GT-I9100) AppleWebKit/535.19 Chrome/18.0 Mobile Safari/535.19";
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_HTML);
	/* So does a conclusive Accept. */
	h.user_agent = "Foo/1.0";
	h.accept = "text/vnd.wap.wml";
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_WML);
}

TEST(override_param_and_cookie)
{
	struct device_caps c;
	struct device_headers h = { .user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 10_0 like Mac OS X)",
				    .accept = ACCEPT_SAFARI, .view_param = "wml" };
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK(c.overridden && c.from_param);
	CHECK_STR(c.rule, "override:param");
	CHECK_INT(c.budget, DEVICE_BUDGET_WML);
	CHECK_STR(c.content_type, "text/vnd.wap.wml; charset=utf-8");

	/* The parameter beats the cookie. */
	h.view_param = "html";
	h.view_cookie = "xhtml";
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_HTML);
	CHECK(c.from_param);

	/* An invalid parameter falls through to the cookie. */
	h.view_param = "fancy";
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_XHTMLMP);
	CHECK(c.overridden && !c.from_param);
	CHECK_STR(c.rule, "override:cookie");

	/* The cookie beats a proxy browser and a WML Accept. */
	struct device_headers h2 = { .user_agent = "Nokia3330/1.0 (04.50)", .accept = "text/vnd.wap.wml",
				     .view_cookie = "html" };
	device_detect(real_rules, &h2, &c);
	CHECK_INT(c.profile, PROFILE_HTML);
	CHECK(c.overridden);

	/* A WML cookie is ignored: WML travels in links, gateways drop cookies. */
	struct device_headers h3 = { .user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 10_0 like Mac OS X)",
				     .view_cookie = "wml" };
	device_detect(real_rules, &h3, &c);
	CHECK_INT(c.profile, PROFILE_HTML);
	CHECK(!c.overridden);
	CHECK_STR(c.rule, "ua:iPhone");

	/* Garbage cookie ignored too. */
	h3.view_cookie = "<script>";
	device_detect(real_rules, &h3, &c);
	CHECK(!c.overridden);

	/* "xhtmlmp" is accepted as a view value. */
	struct device_headers h4 = { .user_agent = "Nokia3330/1.0", .view_param = "xhtmlmp" };
	device_detect(real_rules, &h4, &c);
	CHECK_INT(c.profile, PROFILE_XHTMLMP);
	CHECK_STR(c.content_type, "text/html; charset=utf-8");
}

TEST(sdu_size_caps_budget)
{
	struct device_caps c;
	struct device_headers h = { .user_agent = "Nokia3330/1.0 (04.50)", .sdu_size = "1200" };
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.budget, 1200);
	/* Never raised above the profile's budget. */
	h.sdu_size = "65000";
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.budget, DEVICE_BUDGET_WML);
	h.sdu_size = " 900 ";
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.budget, 900);
	/* Garbage is ignored. */
	const char *bad[] = { "", "abc", "-5", "0", "12k", "1 2", "99999999999999999999999999", "0x10" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		h.sdu_size = bad[i];
		device_detect(real_rules, &h, &c);
		if (c.budget != DEVICE_BUDGET_WML) {
			fprintf(stderr, "  sdu \"%s\" gave budget %zu\n", bad[i], c.budget);
			harness_cur_failed++;
		}
	}
	/* Applies to every profile, overrides included. */
	struct device_headers h2 = { .user_agent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_4)",
				     .sdu_size = "3000" };
	device_detect(real_rules, &h2, &c);
	CHECK_INT(c.budget, 3000);
	h2.view_param = "wml";
	device_detect(real_rules, &h2, &c);
	CHECK_INT(c.budget, DEVICE_BUDGET_WML);
	h2.view_param = "xhtml";
	device_detect(real_rules, &h2, &c);
	CHECK_INT(c.budget, 3000);
}

TEST(default_budgets)
{
	CHECK_INT(device_profile_budget(PROFILE_WML), 1400);
	CHECK_INT(device_profile_budget(PROFILE_XHTMLMP), 10240);
	CHECK_INT(device_profile_budget(PROFILE_HTML), 14336);
}

static bool gzip_of(const char *ae)
{
	struct device_headers h = { .user_agent = "Foo/1.0", .accept_encoding = ae };
	struct device_caps c;
	device_detect(real_rules, &h, &c);
	return c.gzip;
}

TEST(gzip_parsing)
{
	CHECK(!gzip_of(NULL));
	CHECK(!gzip_of(""));
	CHECK(gzip_of("gzip"));
	CHECK(gzip_of("GZip"));
	CHECK(gzip_of("gzip, deflate, br"));
	CHECK(gzip_of("deflate, gzip;q=0.5"));
	CHECK(!gzip_of("gzip;q=0"));
	CHECK(!gzip_of("gzip;q=0.0, deflate"));
	CHECK(!gzip_of("gzip;q=0, *"));          /* explicit refusal beats the wildcard */
	CHECK(gzip_of("*"));
	CHECK(gzip_of("deflate, *;q=0.1"));
	CHECK(!gzip_of("*;q=0"));
	CHECK(gzip_of("x-gzip"));
	CHECK(!gzip_of("identity"));
	CHECK(!gzip_of("identity, deflate"));
	CHECK(!gzip_of("gzipped"));
	CHECK(gzip_of(" gzip ; q=1.000 "));
	CHECK(!gzip_of("compress, gzip;q=0, identity;q=0.5"));
}

static const char *ctype(const char *accept)
{
	/* A phone the rules give xhtmlmp (the 3510i of this test before issue
	 * #14 is a WML phone). */
	struct device_headers h = { .user_agent = "Nokia6230/2.0 (04.44) Profile/MIDP-2.0 Configuration/CLDC-1.1",
				    .accept = accept };
	struct device_caps c;
	device_detect(real_rules, &h, &c);
	return c.profile == PROFILE_XHTMLMP ? c.content_type : "not xhtmlmp";
}

TEST(xhtml_content_type)
{
	CHECK_STR(ctype("application/vnd.wap.xhtml+xml, application/xhtml+xml, text/html"),
		  "application/vnd.wap.xhtml+xml; charset=utf-8");
	CHECK_STR(ctype("application/xhtml+xml, text/html, text/vnd.wap.wml"),
		  "application/xhtml+xml; charset=utf-8");
	/* (Without WML in it: WML with no XHTML type accepted now means wml.) */
	CHECK_STR(ctype("application/xhtml+xml;q=0, text/html"), "text/html; charset=utf-8");
	CHECK_STR(ctype("application/xhtml+xml;q=0, text/html, text/vnd.wap.wml"), "not xhtmlmp");
	CHECK_STR(ctype(NULL), "text/html; charset=utf-8");
	CHECK_STR(ctype("*/*"), "text/html; charset=utf-8");

	struct device_caps c;
	struct device_headers h = { .user_agent = "Nokia3330/1.0" };
	device_detect(real_rules, &h, &c);
	CHECK_STR(c.content_type, "text/vnd.wap.wml; charset=utf-8");
	h.user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
	h.accept = "application/xhtml+xml";
	device_detect(real_rules, &h, &c);
	CHECK_STR(c.content_type, "text/html; charset=utf-8");
}

static bool wmlc_pref(const char *accept)
{
	struct device_headers h = { .user_agent = "Foo/1.0", .accept = accept };
	struct device_caps c;
	device_detect(real_rules, &h, &c);
	return c.wmlc_preferred;
}

TEST(wmlc_preference)
{
	CHECK(wmlc_pref("application/vnd.wap.wmlc, text/vnd.wap.wml"));
	CHECK(!wmlc_pref("text/vnd.wap.wml, application/vnd.wap.wmlc"));
	CHECK(wmlc_pref("text/vnd.wap.wml;q=0.5, application/vnd.wap.wmlc"));
	CHECK(!wmlc_pref("application/vnd.wap.wmlc;q=0.5, text/vnd.wap.wml"));
	CHECK(wmlc_pref("application/vnd.wap.wmlc"));
	CHECK(!wmlc_pref("application/vnd.wap.wmlc;q=0, text/vnd.wap.wml"));
	CHECK(!wmlc_pref("text/vnd.wap.wml"));
	CHECK(!wmlc_pref(NULL));
	/* The Nokia 6210 header of the table lists wmlc well before wml. */
	const char *nokia6210 = NULL;
	for (size_t i = 0; i < ARRAY_LEN(device_cases); i++)
		if (device_cases[i].ua && strncmp(device_cases[i].ua, "Nokia6210/", 10) == 0)
			nokia6210 = device_cases[i].accept;
	CHECK(nokia6210 != NULL);
	CHECK(wmlc_pref(nokia6210));
}

TEST(rules_parse_errors)
{
	struct { const char *text, *want; } cases[] = {
		{ "Nokia wml\nFoo\n", "t.rules:2: missing profile" },
		{ "# c\n\nFoo chtml\n", "t.rules:3: unknown profile \"chtml\" (want wml, wml1.2, wml1.3, xhtmlmp or html)" },
		{ "Foo WML\n", "t.rules:1: unknown profile \"WML\" (want wml, wml1.2, wml1.3, xhtmlmp or html)" },
		{ "Foo wml1.4\n", "t.rules:1: unknown profile \"wml1.4\" (want wml, wml1.2, wml1.3, xhtmlmp or html)" },
		{ "Foo wml1.1\n", "t.rules:1: unknown profile \"wml1.1\" (want wml, wml1.2, wml1.3, xhtmlmp or html)" },
		{ "Foo wml 12k\n", "t.rules:1: bad budget \"12k\" (want bytes, 1 to 16777216)" },
		{ "Foo wml 0\n", "t.rules:1: bad budget \"0\" (want bytes, 1 to 16777216)" },
		{ "Foo wml -3\n", "t.rules:1: bad budget \"-3\" (want bytes, 1 to 16777216)" },
		{ "Foo wml 16777217\n", "t.rules:1: bad budget \"16777217\" (want bytes, 1 to 16777216)" },
		{ "Foo wml 1400 extra\n", "t.rules:1: too many columns" },
		{ "a b c d e\n", "t.rules:1: too many columns" },
		{ "ok html\n\"Opera Mini html\n", "t.rules:2: unterminated quote" },
		{ "\"Opera\"Mini html\n", "t.rules:1: text after closing quote" },
		{ "\"\" html\n", "t.rules:1: empty pattern" },
		{ "^ html\n", "t.rules:1: empty pattern" },
		{ "** wml\n", "t.rules:1: empty pattern" },
		{ "a html\r\nb html\r\nc\r\n", "t.rules:3: missing profile" },
		{ "x html\ny", "t.rules:2: missing profile" },        /* last line without '\n' */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *e = parse_err(cases[i].text);
		CHECK_STR(e, cases[i].want);
		free(e);
	}
	/* err may be NULL. */
	CHECK(device_rules_parse("bad\n", "x", NULL) == NULL);
}

TEST(rules_comments_blank_lines_quotes)
{
	struct device_rules *r = parse_ok(
		"# a comment\n"
		"\n"
		"   \t\n"
		"  # indented comment\n"
		"\"Opera Mini\"   html   # trailing comment\n"
		"Foo#Bar wml\n"
		"Tiny\twml\t777\r\n"
		"\"UC Browser\" html");
	CHECK(r != NULL);
	CHECK_INT(device_rules_count(r), 4);
	struct device_caps c;
	struct device_headers h = { .user_agent = "XX foo#bar YY" };
	device_detect(r, &h, &c);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK_STR(c.rule, "ua:Foo#Bar");
	h.user_agent = "TINY phone";
	device_detect(r, &h, &c);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK_INT(c.budget, 777);
	CHECK_STR(c.rule, "ua:Tiny");
	/* A rule budget gives way to an override's profile default. */
	h.view_param = "wml";
	device_detect(r, &h, &c);
	CHECK_INT(c.budget, DEVICE_BUDGET_WML);
	device_rules_free(r);

	/* Empty text: no rules, everything defaults. */
	r = parse_ok("");
	CHECK(r != NULL);
	CHECK_INT(device_rules_count(r), 0);
	CHECK_INT(detect_ua(r, "Nokia7110/1.0", NULL), PROFILE_HTML);
	device_rules_free(r);
	device_rules_free(NULL);
	/* NULL rules work too. */
	CHECK_INT(detect_ua(NULL, "Nokia7110/1.0", "text/vnd.wap.wml"), PROFILE_WML);
}

TEST(rules_first_match_wins)
{
	struct device_rules *r = parse_ok("Nokia wml\nNokia7110 html\n");
	CHECK_INT(detect_ua(r, "Nokia7110/1.0", NULL), PROFILE_WML);
	device_rules_free(r);
	r = parse_ok("Nokia7110 html\nNokia wml\n");
	CHECK_INT(detect_ua(r, "Nokia7110/1.0", NULL), PROFILE_HTML);
	CHECK_INT(detect_ua(r, "Nokia3330/1.0", NULL), PROFILE_WML);
	device_rules_free(r);
	/* The shipped file: Windows Phone before Android and iPhone (a Lumia
	 * UA names all three), Opera Mini before the phone it runs on
	 * (which alone would be xhtmlmp). */
	struct device_headers h = { .user_agent = "Mozilla/5.0 (Mobile; Windows Phone 8.1; Android 4.0; ARM; Trident/7.0; "
				    "Touch; rv:11.0; IEMobile/11.0; NOKIA; Lumia 630) like iPhone OS 7_0_3 Mac OS X" };
	struct device_caps c;
	device_detect(real_rules, &h, &c);
	CHECK_STR(c.rule, "ua:Windows Phone");
	h.user_agent = "Nokia2700c-2/2.0 (07.15) Profile/MIDP-2.1 Configuration/CLDC-1.1 Opera/9.60 (J2ME/MIDP;Opera Mini/4.2)";
	device_detect(real_rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_HTML);
	CHECK_STR(c.rule, "proxy:opera-mini");
	CHECK(c.proxy_phone == NULL);   /* no phone header was sent */
}

TEST(rules_glob_and_anchor)
{
	struct device_rules *r = parse_ok(
		"^Nokia*MIDP-2 xhtmlmp\n"
		"^Nokia wml\n"
		"UP.Browser/4 wml\n"
		"UP.Browser/6 xhtmlmp\n"
		"a*b*c wml\n");
	CHECK_INT(detect_ua(r, "Nokia6230/2.0 (04.44) Profile/MIDP-2.0 Configuration/CLDC-1.1", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect_ua(r, "Nokia3330/1.0 Profile/MIDP-1.0", NULL), PROFILE_WML);
	CHECK_INT(detect_ua(r, "NOKIA3330/1.0", NULL), PROFILE_WML);          /* case-insensitive */
	/* Anchored: "Nokia" later in the UA does not count. */
	CHECK_INT(detect_ua(r, "Mozilla/5.0 (Series40; Nokia501/11.1.1)", NULL), PROFILE_HTML);
	/* The star must find MIDP-2 after Nokia. */
	CHECK_INT(detect_ua(r, "MIDP-2 Nokia", NULL), PROFILE_HTML);
	CHECK_INT(detect_ua(r, "LGE-DM310/1.0 UP.Browser/4.1.26l UP.Link/4.3.2.4", NULL), PROFILE_WML);
	CHECK_INT(detect_ua(r, "SIE-S55/05 UP.Browser/6.1.0.5.121 (GUI) MMP/1.0", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect_ua(r, "xxAyyByyC", NULL), PROFILE_WML);
	CHECK_INT(detect_ua(r, "c b a", NULL), PROFILE_HTML);
	/* (Accept with text/html above WML says nothing, so the rules run.) */
	struct device_headers h = { .user_agent = "cba", .accept = "text/vnd.wap.wml;q=0.4, text/html" };
	struct device_caps c;
	device_detect(r, &h, &c);
	CHECK_STR(c.rule, "default");
	device_rules_free(r);
}

TEST(rules_load_errors)
{
	char *err = NULL;
	CHECK(device_rules_load("/nonexistent/devices.rules", &err) == NULL);
	CHECK_CONTAINS(err, "/nonexistent/devices.rules: ");
	free(err);

	char path[] = "/tmp/qiao-test-rules-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fputs("# ok\nGood html\nBad bogus 1\n", f);
	fclose(f);
	err = NULL;
	CHECK(device_rules_load(path, &err) == NULL);
	char *want = xasprintf("%s:3: unknown profile \"bogus\" (want wml, wml1.2, wml1.3, xhtmlmp or html)", path);
	CHECK_STR(err, want);
	free(want);
	free(err);
	unlink(path);
}

/* The WmlVersion list of a UAProf profile, read as the highest WML 1.x. */
TEST(wml_version_of_uaprof_list)
{
	CHECK_INT(device_wml_version("1.1"), 11);
	CHECK_INT(device_wml_version("1.1, 1.2"), 12);
	CHECK_INT(device_wml_version("1.2.1/June 2000, 1.3"), 13);
	CHECK_INT(device_wml_version("1.3,1.1"), 13);            /* any order */
	CHECK_INT(device_wml_version("1.2.1"), 12);
	CHECK_INT(device_wml_version("1.0"), 10);
	CHECK_INT(device_wml_version("2.0"), 0);                 /* the XHTML browser, not WML 1.x */
	CHECK_INT(device_wml_version("2.0, 1.3"), 13);
	CHECK_INT(device_wml_version("1.4"), 13);                /* no WML 1.4: read as the last one */
	CHECK_INT(device_wml_version("1.10"), 0);                /* not a version we know */
	CHECK_INT(device_wml_version("WML1.3"), 0);
	CHECK_INT(device_wml_version(""), 0);
	CHECK_INT(device_wml_version(NULL), 0);
}

/* Who gets WML 1.2/1.3 decks: only a wml answer with positive evidence,
 * the profile's WmlVersion first, then the User-Agent rule. */
TEST(wml_version_decision)
{
	struct device_rules *r = parse_ok("OldPhone wml\nNewPhone wml1.3\nMidPhone wml1.2 1200\nBigPhone xhtmlmp\n");
	CHECK(r != NULL);
	if (!r)
		return;
	struct device_caps c;
	struct device_trace t;
	struct device_headers h = { .user_agent = "OldPhone/1.0" };
	device_detect(r, &h, &c);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK_INT(c.wml_version, 11);
	h.user_agent = "NewPhone/2.0";
	device_detect_explain(r, &h, &c, &t);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK_INT(c.wml_version, 13);
	bool said = false;
	for (size_t i = 0; i < t.n; i++)
		if (strcmp(t.step[i].evidence, "wml") == 0 && strstr(t.step[i].text, "devices.rules line 2") &&
		    strstr(t.step[i].text, "WML 1.3"))
			said = true;
	CHECK(said);
	CHECK(strstr(t.step[t.n - 1].text, "wml 1.3, 1400 bytes") != NULL);
	h.user_agent = "MidPhone";
	device_detect(r, &h, &c);
	CHECK_INT(c.wml_version, 12);
	CHECK_INT(c.budget, 1200);
	/* the rule names the browser even when Accept chose the profile */
	h.user_agent = "NewPhone/2.0";
	h.accept = "text/vnd.wap.wml";
	device_detect(r, &h, &c);
	CHECK_INT(c.wml_version, 13);
	/* not a wml answer: no WML version */
	h.accept = "application/vnd.wap.xhtml+xml";
	device_detect(r, &h, &c);
	CHECK_INT(c.profile, PROFILE_XHTMLMP);
	CHECK_INT(c.wml_version, 0);
	h.accept = NULL;
	/* ?view=wml says nothing about the browser: 1.1 */
	h.view_param = "wml";
	device_detect(r, &h, &c);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK_INT(c.wml_version, 11);
	h.view_param = NULL;

	/* The UAProf profile: its WmlVersion decides, also against the rule. */
	struct device_uaprof up = { .url = "http://example.test/p.rdf", .wml = true, .wml_version = 13 };
	struct device_headers hp = { .user_agent = "Unknown/1.0", .wap_profile = "http://example.test/p.rdf",
				     .uaprof = &up };
	device_detect_explain(r, &hp, &c, &t);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK_INT(c.wml_version, 13);
	said = false;
	for (size_t i = 0; i < t.n; i++)
		if (strcmp(t.step[i].evidence, "wml") == 0 && strstr(t.step[i].text, "UAProf WmlVersion lists WML 1.3"))
			said = true;
	CHECK(said);
	up.wml_version = 12;
	device_detect(r, &hp, &c);
	CHECK_INT(c.wml_version, 12);
	up.wml_version = 11;
	hp.user_agent = "NewPhone/2.0";                /* the rule says 1.3, the profile only 1.1 */
	device_detect(r, &hp, &c);
	CHECK_INT(c.wml_version, 11);
	up.wml_version = 0;                            /* a profile without WmlVersion: the rule */
	device_detect(r, &hp, &c);
	CHECK_INT(c.wml_version, 13);
	up.wml_version = 10;
	hp.user_agent = "Unknown/1.0";
	device_detect(r, &hp, &c);
	CHECK_INT(c.wml_version, 11);                  /* WML 1.0 only: still 1.1 decks */
	/* an XHTML browser's profile listing WML 1.3 still gets XHTML-MP */
	up.xhtml = true;
	up.wml_version = 13;
	device_detect(r, &hp, &c);
	CHECK_INT(c.profile, PROFILE_XHTMLMP);
	CHECK_INT(c.wml_version, 0);
	device_rules_free(r);

	/* The dialect table's WML rows: what each version's decks say and use. */
	CHECK_STR(dialect_wml_of(13)->public_id, "-//WAPFORUM//DTD WML 1.3//EN");
	CHECK_STR(dialect_wml_of(13)->system_id, "http://www.wapforum.org/DTD/wml13.dtd");
	CHECK_STR(dialect_wml_of(12)->public_id, "-//WAPFORUM//DTD WML 1.2//EN");
	CHECK_STR(dialect_wml_of(11)->system_id, "http://www.wapforum.org/DTD/wml_1.1.xml");
	CHECK_STR(dialect_wml_of(0)->public_id, "-//WAPFORUM//DTD WML 1.1//EN");   /* unset: 1.1 */
	CHECK_STR(dialect_wml_of(14)->public_id, "-//WAPFORUM//DTD WML 1.1//EN");
	CHECK(!dialect_accesskeys(PROFILE_WML, 11));
	CHECK(!dialect_accesskeys(PROFILE_WML, 0));
	CHECK(dialect_accesskeys(PROFILE_WML, 12));
	CHECK(dialect_accesskeys(PROFILE_WML, 13));
	CHECK(dialect_accesskeys(PROFILE_XHTMLMP, 0));
	CHECK(!dialect_accesskeys(PROFILE_HTML, 0));   /* the HTML templates have no number keys */
	CHECK(dialect_wml_for(PROFILE_XHTMLMP, 13) == NULL);
	CHECK(dialect_wml_for(PROFILE_HTML, 13) == NULL);
	CHECK(dialect_wml_for(PROFILE_WML, 13) == dialect_wml_of(13));
	CHECK(dialect_wml_for(PROFILE_WML, 0) == dialect_wml_of(11));
}

TEST(long_user_agent_is_safe)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 500; i++)
		buf_adds(&b, "Nokia2700c-2/2.0 (07.15) Profile/MIDP-2.1, ");
	CHECK_INT(detect_ua(real_rules, b.data, NULL), PROFILE_XHTMLMP);
	/* The token past the first 1024 bytes is not seen. */
	buf_reset(&b);
	for (int i = 0; i < 1100; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, " Googlebot");
	struct device_headers h = { .user_agent = b.data };
	struct device_caps c;
	device_detect(real_rules, &h, &c);
	CHECK_STR(c.rule, "default");
	buf_release(&b);
	/* NULL headers. */
	device_detect(real_rules, NULL, &c);
	CHECK_INT(c.profile, PROFILE_HTML);
	CHECK_STR(c.rule, "no-ua");
}

int main(void)
{
	real_rules = load_real_rules();
	RUN(profile_names_and_parse);
	RUN(real_devices_table);
	RUN(opera_mini_sets_proxy_phone);
	RUN(uc_header_marks_proxy);
	RUN(accept_qvalues);
	RUN(rule_names_reason);
	RUN(wap_profile_only_when_nothing_else);
	RUN(override_param_and_cookie);
	RUN(sdu_size_caps_budget);
	RUN(default_budgets);
	RUN(gzip_parsing);
	RUN(xhtml_content_type);
	RUN(wmlc_preference);
	RUN(rules_parse_errors);
	RUN(rules_comments_blank_lines_quotes);
	RUN(rules_first_match_wins);
	RUN(rules_glob_and_anchor);
	RUN(rules_load_errors);
	RUN(long_user_agent_is_safe);
	RUN(wml_version_of_uaprof_list);
	RUN(wml_version_decision);
	device_rules_free(real_rules);
	return harness_done("device");
}
