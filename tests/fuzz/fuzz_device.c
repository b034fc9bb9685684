/* fuzz_device.c - libFuzzer target for device_detect() (Accept,
 * User-Agent and the other request headers that choose a dialect) with
 * the rules of db/devices.rules.  The input is the header values, one per
 * line: User-Agent, Accept, Accept-Charset, Accept-Encoding, x-wap-profile,
 * X-WAP-Client-SDU-Size, X-OperaMini-Phone-UA, Device-Stock-UA,
 * X-UCBrowser-UA, ?view= and the view cookie.  Checks device.h's promises:
 * a known profile with its content type, a budget within the profile's
 * range (an SDU size only lowers it), the override order, a reason. */
#include "core/common.h"
#include "device/device.h"
#include "fuzz_util.h"

#define NFIELDS 11

static struct device_rules *rules(void)
{
	static struct device_rules *r;
	if (!r) {
		char path[4096], *err = NULL;
		snprintf(path, sizeof path, "%s/db/devices.rules", fuzz_top());
		r = device_rules_load(path, &err);
		if (!r) {
			fprintf(stderr, "fuzz_device: %s (set QIAO_TOP)\n", err);
			abort();
		}
	}
	return r;
}

static void check(const struct device_rules *r, const struct device_headers *h)
{
	struct device_caps caps;
	device_detect(r, h, &caps);
	FUZZ_ASSERT(caps.profile == PROFILE_HTML || caps.profile == PROFILE_XHTMLMP || caps.profile == PROFILE_WML);
	FUZZ_ASSERT(caps.content_type && strstr(caps.content_type, "charset=utf-8"));
	FUZZ_ASSERT(caps.rule && caps.rule[0]);
	FUZZ_ASSERT(caps.budget > 0 && caps.budget <= 16777216);
	FUZZ_ASSERT(device_profile_name(caps.profile) != NULL);
	enum device_profile want;
	if (h->view_param && device_profile_parse(h->view_param, &want)) {
		FUZZ_ASSERT(caps.profile == want && caps.overridden && caps.from_param);
	}
	if (caps.from_param)
		FUZZ_ASSERT(caps.overridden);
	if (!r && !caps.overridden)  /* without rules no UA rule can lift the budget */
		FUZZ_ASSERT(caps.budget <= device_profile_budget(caps.profile));
	if (caps.proxy_phone)
		FUZZ_ASSERT(caps.profile == PROFILE_HTML || caps.overridden);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[NFIELDS];
	for (int i = 0; i < NFIELDS; i++)
		f[i] = fuzz_take(&data, &size, '\n', NULL);
	struct device_headers h = {
		.user_agent = f[0], .accept = f[1], .accept_charset = f[2], .accept_encoding = f[3],
		.wap_profile = f[4], .sdu_size = f[5], .opera_phone_ua = f[6], .device_stock_ua = f[7],
		.ucbrowser_ua = f[8], .view_param = f[9], .view_cookie = f[10],
	};
	check(rules(), &h);
	check(NULL, &h);
	/* The same with absent (NULL) headers where a field is empty. */
	const char **fields[NFIELDS] = { &h.user_agent, &h.accept, &h.accept_charset, &h.accept_encoding,
		&h.wap_profile, &h.sdu_size, &h.opera_phone_ua, &h.device_stock_ua, &h.ucbrowser_ua,
		&h.view_param, &h.view_cookie };
	for (int i = 0; i < NFIELDS; i++)
		if (!f[i][0])
			*fields[i] = NULL;
	check(rules(), &h);
	for (int i = 0; i < NFIELDS; i++)
		free(f[i]);
	return 0;
}
