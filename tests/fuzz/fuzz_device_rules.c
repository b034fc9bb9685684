/* fuzz_device_rules.c - libFuzzer target for device_rules_parse(), the
 * reader of db/devices.rules.  A failure must come with one line
 * "NAME:LINE: reason" naming a line of the input; a success gives rules
 * that detection can use on User-Agents taken from the input itself (each
 * rule's pattern should then match somewhere) and that free cleanly. */
#include "core/common.h"
#include "device/device.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	char *err = NULL;
	struct device_rules *r = device_rules_parse(text, "fuzz.rules", &err);
	if (!r) {
		FUZZ_ASSERT(err && strncmp(err, "fuzz.rules:", 11) == 0);
		FUZZ_ASSERT(!strchr(err, '\n'));
		char *end = NULL;
		long line = strtol(err + 11, &end, 10);
		size_t lines = 1;
		for (const char *p = text; *p; p++)
			lines += *p == '\n';
		FUZZ_ASSERT(end != err + 11 && *end == ':' && line >= 1 && (size_t)line <= lines);
		free(err);
		free(text);
		return 0;
	}
	FUZZ_ASSERT(err == NULL);
	/* Every line of the input (and the whole text) as a User-Agent. */
	struct device_caps caps;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct device_headers h = { .user_agent = line };
		device_detect(r, &h, &caps);
		FUZZ_ASSERT(caps.rule && caps.content_type && caps.budget > 0 && caps.budget <= 16777216);
	}
	device_rules_free(r);
	free(text);
	return 0;
}
