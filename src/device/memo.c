/* memo.c - remembered device detection (see memo.h). */
#include "core/common.h"
#include "device/memo.h"

#define DETECT_MEMO 256
#define DETECT_KEY_MAX 2048

struct detect_slot {
	uint64_t hash;
	char *key;
	size_t len;
	struct device_caps caps;
};
static struct detect_slot detect_memo[DETECT_MEMO];

void device_memo_free(void)
{
	for (size_t i = 0; i < DETECT_MEMO; i++) {
		free(detect_memo[i].key);
		detect_memo[i].key = NULL;
	}
}

void device_detect_memo(const struct device_rules *rules, const struct device_headers *h, struct device_caps *caps)
{
	const char *parts[] = { h->user_agent, h->accept, h->accept_charset, h->accept_encoding, h->wap_profile,
				h->sdu_size, h->opera_phone_ua, h->device_stock_ua, h->ucbrowser_ua, h->view_param,
				h->view_cookie };
	char key[DETECT_KEY_MAX];
	size_t len = 0;
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		size_t n = parts[i] ? strlen(parts[i]) : 0;
		if (len + n + 2 > sizeof key) {
			device_detect(rules, h, caps);
			return;
		}
		key[len++] = parts[i] ? '\1' : '\2'; /* absent differs from empty */
		memcpy(key + len, parts[i] ? parts[i] : "", n);
		len += n;
	}
	uint64_t hash = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		hash ^= (unsigned char)key[i];
		hash *= 1099511628211ull;
	}
	struct detect_slot *slot = &detect_memo[hash & (DETECT_MEMO - 1)];
	if (slot->key && slot->hash == hash && slot->len == len && memcmp(slot->key, key, len) == 0) {
		*caps = slot->caps;
		return;
	}
	device_detect(rules, h, caps);
	if (caps->proxy_phone)
		return;
	free(slot->key);
	slot->key = xmalloc(len);
	memcpy(slot->key, key, len);
	slot->len = len;
	slot->hash = hash;
	slot->caps = *caps;
}
