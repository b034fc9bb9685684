/* test_device_wap.c - issue #14: Accept as first evidence, phone-like
 * User-Agents never get html, full phone browsers do, token and version
 * markers in the rules, UAProf facts, the explanation, Vary. */
#include "core/common.h"
#include "harness.h"

#include "device/device.h"

static struct device_rules *rules;

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

static enum device_profile detect(const struct device_rules *r, const char *ua, const char *accept)
{
	struct device_headers h = { .user_agent = ua, .accept = accept };
	struct device_caps c;
	device_detect(r, &h, &c);
	return c.profile;
}

/* Every User-Agent quoted in issue #14 (and the same makers' phones of the
 * CPAN Mobile::UserAgent list) gets a dialect it can render, with and
 * without the Accept header their gateways sent. */
TEST(issue_examples_wap_1x_phones_get_wml)
{
	static const char *const wml_only[] = {
		"Nokia6310i/1.0 (04.10) Profile/MIDP-1.0 Configuration/CLDC-1.0",
		"Nokia3510i/1.0 (04.01) Profile/MIDP-1.0 Configuration/CLDC-1.0",
		"SEC-SGHC130/1.0",
		"Mitsu/1.3.A (M350)",
		"PHILIPS-FISIO 330",
		"Alcatel-BE3/1.0 UP/4.1.8d",
		"SendoM550/226-E-09",
		"Panasonic-GAD87/A19",
		"SAGEM myX-5m",
		"SAGEM-myX-5/2.0 UP.Browser/5.0.3 (GUI)",
		"6310i/1.0 (3.05) Profile/MIDP-1.0 Configuration/CLDC-1.0",
		"EricssonT68/R101",
		"MOT-T280M/02.12.00I MIB/1.2",
		"R380 2.0 WAP1.1",
	};
	static const char *const accepts[] = {
		NULL,
		"text/vnd.wap.wml, text/html",                       /* Nokia and operator gateways */
		"application/vnd.wap.wmlc, text/vnd.wap.wml, image/vnd.wap.wbmp, text/html, */*",
	};
	for (size_t i = 0; i < ARRAY_LEN(wml_only); i++)
		for (size_t j = 0; j < ARRAY_LEN(accepts); j++) {
			enum device_profile p = detect(rules, wml_only[i], accepts[j]);
			if (p != PROFILE_WML) {
				fprintf(stderr, "  %s with Accept %s: got %s\n", wml_only[i],
					accepts[j] ? accepts[j] : "(none)", device_profile_name(p));
				harness_cur_failed++;
			}
		}
}

TEST(phone_like_never_html)
{
	/* WAP 2.0 phones named by their User-Agent get xhtmlmp, the rest of
	 * the phone-like ones wml: never html. */
	CHECK_INT(detect(rules, "SIE-S55/05 UP.Browser/6.1.0.5.121 (GUI) MMP/1.0", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(rules, "SAGEM-myX-6/1.0 UP.Browser/6.2.2.1 (GUI) MMP/1.0", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(rules, "NEC-525/1.0 up.Browser/6.1.0.6.1 (GUI) MMP/1.0", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(rules, "MOT-V3/0E.40.3ER MIB/2.2.1 Profile/MIDP-2.0 Configuration/CLDC-1.0", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(rules, "portalmmm/2.0 N400i(c20;TB)", NULL), PROFILE_WML);
	CHECK_INT(detect(rules, "SHARP-TQ-GX30", NULL), PROFILE_WML);
	CHECK_INT(detect(rules, "NEC-DB7000/1.0 UP.Browser/4.1.23c", NULL), PROFILE_WML);
	CHECK_INT(detect(rules, "Mitsu/1.2.B (Eclipse) MMP/1.1", NULL), PROFILE_WML);
	CHECK_INT(detect(rules, "SomePhone/1.0 Profile/MIDP-1.0 Configuration/CLDC-1.0", NULL), PROFILE_WML);
	CHECK_INT(detect(rules, "SomePhone/1.0 MMP/2.0", NULL), PROFILE_WML);
	/* The Accept header of a WAP 2.0 phone lifts its wml to xhtmlmp. */
	CHECK_INT(detect(rules, "Nokia6100/1.0 (04.01) Profile/MIDP-1.0 Configuration/CLDC-1.0",
			 "application/vnd.wap.xhtml+xml, application/xhtml+xml, text/html, text/vnd.wap.wml"),
		  PROFILE_XHTMLMP);
	/* A non-phone without Mozilla still gets html. */
	/* (Constructed in the shape of MediaTek feature phones' User-Agents.) */
	CHECK_INT(detect(rules, "Lenovo-i365/MTK6225 Release/01.01.2009", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(rules, "Hisense;SmartTV;MTK9602/V0000", NULL), PROFILE_HTML);
	CHECK_INT(detect(rules, "Links (0.96; Linux 2.4.20 i686)", NULL), PROFILE_HTML);
	CHECK_INT(detect(rules, "curl/8.5.0", NULL), PROFILE_HTML);
}

TEST(full_phone_browsers_get_html)
{
	static const char *const full[] = {
		"Mozilla/5.0 (SymbianOS/9.2; U; Series60/3.1 NokiaN95/21.0.016; Profile/MIDP-2.0 Configuration/CLDC-1.1 ) AppleWebKit/413 (KHTML, like Gecko) Safari/413",
		"Mozilla/5.0 (SymbianOS/9.2; U; Series60/3.1 NOKIA6120c/07.20; Profile/MIDP-2.0 Configuration/CLDC-1.1) AppleWebKit/413 (KHTML, like Gecko) Safari/413",
		"Mozilla/5.0 (SymbianOS/9.4; Series60/5.0 NokiaN97-1/21.0.045; Profile/MIDP-2.1 Configuration/CLDC-1.1) AppleWebKit/525 (KHTML, like Gecko) BrowserNG/7.1.4",
		"SAMSUNG-GT-M8800/M8800ADHK2 SHP/VPP/R5 NetFront/3.5 Qtv5.3 SMM-MMS/1.2.0 profile/MIDP-2.0 configuration/CLDC-1.1",
		"INQ/B1-200H/1.0.38 Browser/NetFront/3.5 Profile/MIDP-2.0 Configuration/CLDC-1.1",
		"BlackBerry9700/5.0.0.351 Profile/MIDP-2.1 Configuration/CLDC-1.1 VendorID/123",
		"SAMSUNG-GT-S8500/S8500XXJD2 SHP/VPP/R5 Dolfin/2.0 Nextreaming SMM-MMS/1.2.0 profile/MIDP-2.1 configuration/CLDC-1.1",
		"Mozilla/5.0 (SAMSUNG; SAMSUNG-GT-S8500/S8500XXJHA; U; Bada/1.0; en-us) AppleWebKit/533.1 (KHTML, like Gecko) Dolfin/2.0 Mobile WVGA SMM-MMS/1.2.0 OPN-B",
		"HTC_Touch_3G Mozilla/4.0 (compatible; MSIE 6.0; Windows CE; IEMobile 7.11)",
		"Mozilla/4.0 (compatible; MSIE 7.0; Windows Phone OS 7.0; Trident/3.1; IEMobile/7.0; LG; GW910)",
		"Opera/9.80 (S60; SymbOS; Opera Mobi/499; U; en-GB) Presto/2.4.18 Version/10.00",
		"Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.182 Odin/88.4324.2.10 Safari/537.36 Model/Hisense-MT9602 VIDAA/6.0(Hisense;SmartTV;43A53FUV;MTK9602/V0000.06.12A.N0406;UHD;HU43A6100F;)",
	};
	for (size_t i = 0; i < ARRAY_LEN(full); i++) {
		enum device_profile p = detect(rules, full[i], NULL);
		enum device_profile q = detect(rules, full[i], "application/vnd.wap.xhtml+xml, text/html, text/vnd.wap.wml;q=0.7");
		if (p != PROFILE_HTML || q != PROFILE_HTML) {
			fprintf(stderr, "  %s: got %s / %s\n", full[i], device_profile_name(p), device_profile_name(q));
			harness_cur_failed++;
		}
	}
	/* Below the thresholds they stay small. */
	CHECK_INT(detect(rules, "Mozilla/4.0 (MobilePhone SCP-5300/1.0) NetFront/3.0 MMP/2.0", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(rules, "BlackBerry8100/4.2.0 Profile/MIDP-2.0 Configuration/CLDC-1.1 VendorID/125", NULL), PROFILE_XHTMLMP);
	/* The version right after the model counts, not one further on. */
	CHECK_INT(detect(rules, "BlackBerry7730/3.7.1 UP.Link/5.1.2.5", NULL), PROFILE_WML);
	CHECK_INT(detect(rules, "Mozilla/4.0 (compatible; MSIE 4.01; Windows CE; SmartPhone; 176x220)", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(rules, "SonyEricssonP910i/R3A SEMC-Browser/Symbian/3.0 Profile/MIDP-2.0 Configuration/CLDC-1.0", NULL),
		  PROFILE_XHTMLMP);
}

TEST(rule_markers)
{
	struct device_rules *r = parse_ok(
		"<MTK> xhtmlmp\n"
		"NetFront/>=3.4 html\n"
		"\"IEMobile >=7\" html\n"
		"<UP/>=6 xhtmlmp\n"
		"<UP/ wml\n"
		"^BB*/>=5 html\n");
	CHECK(r != NULL);
	if (!r)
		return;
	/* Token markers. */
	CHECK_INT(detect(r, "Gionee MTK/1.0", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(r, "MTK", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(r, "x (MTK) y", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(r, "Hisense;SmartTV;MTK9602/V0000", NULL), PROFILE_HTML);     /* no rule: default */
	CHECK_INT(detect(r, "XMTK/1.0", NULL), PROFILE_HTML);
	/* The first place fails the marker, a later one passes. */
	CHECK_INT(detect(r, "MTK9602 then MTK/2", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(r, "SETUP/4.1 UP/4.1.19k", NULL), PROFILE_WML);
	CHECK_INT(detect(r, "MOT-CB/4.1.6+UP/4.1.16g", NULL), PROFILE_WML);
	/* Versions. */
	CHECK_INT(detect(r, "NetFront/3.4", NULL), PROFILE_HTML);
	CHECK_INT(detect(r, "NetFront/3.5.1/AMB", NULL), PROFILE_HTML);
	CHECK_INT(detect(r, "NetFront/4.0", NULL), PROFILE_HTML);
	CHECK_INT(detect(r, "NetFront/3.10", NULL), PROFILE_HTML);                     /* 3.10 > 3.4 */
	CHECK_INT(detect(r, "NetFront/3.3 x", NULL), PROFILE_HTML);                    /* no rule: default */
	CHECK_INT(detect(r, "NetFront/", NULL), PROFILE_HTML);
	CHECK_INT(detect(r, "IEMobile 7.11", NULL), PROFILE_HTML);
	CHECK_INT(detect(r, "x UP/5.0.1.2", NULL), PROFILE_WML);
	CHECK_INT(detect(r, "x UP/6.2.1", NULL), PROFILE_XHTMLMP);
	CHECK_INT(detect(r, "BB9700/5.0.0", NULL), PROFILE_HTML);
	CHECK_INT(detect(r, "BB7730/3.7.1 UP.Link/5.1.2.5", NULL), PROFILE_HTML);      /* no rule: default */
	struct device_headers h = { .user_agent = "BB7730/3.7.1 UP.Link/5.1.2.5" };
	struct device_caps c;
	device_detect(r, &h, &c);
	CHECK_STR(c.rule, "default");
	device_rules_free(r);

	/* ">=" without a version, or '>' alone, are ordinary text or the end
	 * marker; a pattern of markers only is empty. */
	r = parse_ok("a>= wml\nb> xhtmlmp\n");
	CHECK(r != NULL);
	if (r) {
		CHECK_INT(detect(r, "xa>=", NULL), PROFILE_WML);
		CHECK_INT(detect(r, "b/1", NULL), PROFILE_XHTMLMP);
		CHECK_INT(detect(r, "bc", NULL), PROFILE_HTML);
		device_rules_free(r);
	}
	char *err = NULL;
	CHECK(device_rules_parse("<> wml\n", "t.rules", &err) == NULL);
	CHECK(err && strstr(err, "t.rules:1: empty pattern"));
	free(err);
}

TEST(accept_first_evidence)
{
	/* WML with no XHTML type decides, before any User-Agent rule ... */
	CHECK_INT(detect(rules, "Mozilla/5.0 (X11; Linux x86_64)", "text/vnd.wap.wml, text/html"), PROFILE_WML);
	/* ... an XHTML type beside it makes it not conclusive ... */
	CHECK_INT(detect(rules, "Mozilla/5.0 (X11; Linux x86_64)", "text/vnd.wap.wml, application/xhtml+xml"), PROFILE_HTML);
	/* ... unless WML has the higher explicit q. */
	CHECK_INT(detect(rules, "Mozilla/5.0 (X11; Linux x86_64)", "text/vnd.wap.wml, application/xhtml+xml;q=0.5"), PROFILE_WML);
	CHECK_INT(detect(rules, "UnknownPhone", "application/vnd.wap.xhtml+xml;q=0.5, text/vnd.wap.wml"), PROFILE_WML);
	CHECK_INT(detect(rules, "UnknownPhone", "application/vnd.wap.xhtml+xml, text/vnd.wap.wml;q=0.5"), PROFILE_XHTMLMP);
	/* XHTML-MP listed: at least xhtmlmp, even for a maker the rules give wml. */
	CHECK_INT(detect(rules, "SEC-SGHE600", "application/vnd.wap.xhtml+xml, text/vnd.wap.wml"), PROFILE_XHTMLMP);
	CHECK_INT(detect(rules, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)",
			 "application/vnd.wap.xhtml+xml, text/html"), PROFILE_HTML);
}

TEST(uaprof_facts)
{
	struct device_uaprof up = { .url = "http://example.test/p.rdf", .wml = true, .xhtml = true,
				    .wml_deck_size = 3000, .max_sdu_size = 9000 };
	struct device_headers h = { .user_agent = "Nokia6100/1.0 (04.01) Profile/MIDP-1.0 Configuration/CLDC-1.0",
				    .wap_profile = "\"http://example.test/p.rdf\"", .uaprof = &up };
	struct device_caps c;
	device_detect(rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_XHTMLMP);
	CHECK_STR(c.rule, "uaprof:xhtmlmp");
	CHECK_INT(c.budget, 9000);                    /* MaxSduSize caps the 10240 default */
	CHECK(c.used & DEVICE_DEP_PROFILE);
	/* its profile names XHTML: the WAP type, even when Accept is a bare wildcard */
	CHECK_STR(c.content_type, "application/vnd.wap.xhtml+xml; charset=utf-8");
	h.accept = "*/*";
	device_detect(rules, &h, &c);
	CHECK_STR(c.content_type, "application/vnd.wap.xhtml+xml; charset=utf-8");
	h.accept = NULL;

	up.xhtml = false;
	device_detect(rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK_STR(c.rule, "uaprof:wml");
	CHECK_INT(c.budget, 1400);                    /* WmlDeckSize 3000 is above the default */
	up.wml_deck_size = 1100;
	device_detect(rules, &h, &c);
	CHECK_INT(c.budget, 1100);
	h.sdu_size = "900";
	device_detect(rules, &h, &c);
	CHECK_INT(c.budget, 900);
	h.sdu_size = NULL;

	/* Accept still comes first. */
	h.accept = "application/vnd.wap.xhtml+xml";
	device_detect(rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_XHTMLMP);
	CHECK_STR(c.rule, "accept:xhtmlmp");
	h.accept = NULL;

	/* A full browser with an XHTML profile gets html. */
	up.xhtml = true;
	h.user_agent = "BlackBerry9700/5.0.0.351 Profile/MIDP-2.1 Configuration/CLDC-1.1 VendorID/123";
	device_detect(rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_HTML);

	/* A profile that names no markup is not used. */
	up.xhtml = up.wml = false;
	h.user_agent = "SIE-S55/05 UP.Browser/6.1.0.5.121 (GUI) MMP/1.0";
	device_detect(rules, &h, &c);
	CHECK_INT(c.profile, PROFILE_XHTMLMP);
	CHECK_STR(c.rule, "ua:UP.Browser/>=6");
}

TEST(profile_header_urls)
{
	const char *u[4];
	size_t l[4];
	size_t n = device_profile_urls("\"http://a.test/x.xml\", \"1-AbCdEf==\", http://b.test/y.rdf ,junk", u, l, 4);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK(l[0] == strlen("http://a.test/x.xml") && memcmp(u[0], "http://a.test/x.xml", l[0]) == 0);
		CHECK(l[1] == strlen("http://b.test/y.rdf") && memcmp(u[1], "http://b.test/y.rdf", l[1]) == 0);
	}
	CHECK_INT(device_profile_urls("http://nds1.nds.nokia.com/uaprof/N6230r200.xml", u, l, 4), 1);
	CHECK_INT(device_profile_urls("", u, l, 4), 0);
	CHECK_INT(device_profile_urls(NULL, u, l, 4), 0);
	CHECK_INT(device_profile_urls("\"http://unterminated", u, l, 4), 1);
	CHECK_INT(device_profile_urls("\"ftp://x\", \"http://\"", u, l, 4), 0);
	CHECK_INT(device_profile_urls("http://a, http://b.c, http://d.e, http://f.g, http://h.i", u, l, 2), 2);
}

/* The explanation is written by the same code that decides: its result
 * step agrees with the caps, and it names the evidence used. */
static bool trace_has(const struct device_trace *t, const char *evidence, const char *needle)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->step[i].evidence, evidence) == 0 && strstr(t->step[i].text, needle))
			return true;
	return false;
}

TEST(explanation)
{
	struct device_trace t;
	struct device_caps c, c2;
	struct device_headers h = { .user_agent = "Nokia6310i/1.0 (04.10) Profile/MIDP-1.0 Configuration/CLDC-1.0",
				    .accept = "text/vnd.wap.wml, text/html", .sdu_size = "1200" };
	device_detect_explain(rules, &h, &c, &t);
	device_detect(rules, &h, &c2);
	CHECK(memcmp(&c, &c2, sizeof c) == 0);
	CHECK_INT(c.profile, PROFILE_WML);
	CHECK(trace_has(&t, "user-agent", "Nokia6310i"));
	CHECK(trace_has(&t, "accept", "no XHTML type"));
	CHECK(trace_has(&t, "budget", "X-WAP-Client-SDU-Size 1200"));
	CHECK(trace_has(&t, "result", "wml, 1200 bytes"));

	h.accept = NULL;
	device_detect_explain(rules, &h, &c, &t);
	CHECK(trace_has(&t, "rule", "devices.rules line "));
	CHECK(trace_has(&t, "rule", "^Nokia -> wml"));

	struct device_headers h2 = { .user_agent = "x", .view_param = "xhtml" };
	device_detect_explain(rules, &h2, &c, &t);
	CHECK(trace_has(&t, "override", "?view=xhtml"));
	CHECK(t.n <= DEVICE_TRACE_STEPS);
}

TEST(vary_and_depends)
{
	const char *v = device_vary();
	static const char *const must[] = { "User-Agent", "Accept", "Accept-Encoding", "X-Wap-Profile", "Profile",
					    "Wap-Profile", "X-WAP-Client-SDU-Size", "Cookie" };
	for (size_t i = 0; i < ARRAY_LEN(must); i++)
		CHECK_CONTAINS(v, must[i]);

	struct device_headers h = { .user_agent = "Nokia3330/1.0", .accept = "text/vnd.wap.wml",
				    .accept_encoding = "gzip" };
	struct device_caps c;
	device_detect(rules, &h, &c);
	char buf[256];
	device_depends(c.used, buf, sizeof buf);
	CHECK_STR(buf, "User-Agent, Accept, Accept-Encoding");
	h.wap_profile = "http://x.test/p.xml";
	h.view_cookie = "html";
	device_detect(rules, &h, &c);
	device_depends(c.used, buf, sizeof buf);
	CHECK_STR(buf, "User-Agent, Accept, Accept-Encoding, X-Wap-Profile, Profile, Wap-Profile, Cookie");
	char small[8];
	size_t n = device_depends(c.used, small, sizeof small);
	CHECK(n > sizeof small);
	CHECK_INT(strlen(small), sizeof small - 1);
}

int main(void)
{
	const char *top = getenv("QIAO_TOP");
	char *path = xasprintf("%s/db/devices.rules", top && *top ? top : ".");
	char *err = NULL;
	rules = device_rules_load(path, &err);
	if (!rules)
		fprintf(stderr, "cannot load %s: %s\n", path, err ? err : "?");
	free(err);
	free(path);
	if (!rules) {
		printf("device_wap: 0 passed, 1 failed\n");
		return 1;
	}
	RUN(issue_examples_wap_1x_phones_get_wml);
	RUN(phone_like_never_html);
	RUN(full_phone_browsers_get_html);
	RUN(rule_markers);
	RUN(accept_first_evidence);
	RUN(uaprof_facts);
	RUN(profile_header_urls);
	RUN(explanation);
	RUN(vary_and_depends);
	device_rules_free(rules);
	return harness_done("device_wap");
}
