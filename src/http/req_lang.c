/* req_lang.c - the request's language: the URL's prefix, the cookie,
 * Accept-Language (see req.h; the rules are render/langpick.h). */
#include "core/common.h"
#include "http/req.h"
#include "render/dialect.h"
#include "render/langpick.h"

void req_lang_route(struct req *r)
{
	enum lang_id id;
	size_t n = lang_prefix_len(r->path, &id);
	r->lang = LANG_ZH_HANS;
	r->lang_link = "";
	r->lang_in_url = false;
	if (n == 0)
		return;
	if (r->path[n] == '\0')
		r->path[1] = '\0';
	else
		memmove(r->path, r->path + n, strlen(r->path + n) + 1);
	r->lang = id;
	r->lang_link = id == LANG_ZH_HANS ? LANG_HANS_PREFIX : lang_of(id)->prefix;
	r->lang_in_url = true;
}

/* The cookie's language, when the request has a valid one. */
static bool cookie_lang(const struct req *r, enum lang_id *out)
{
	char v[16];
	return req_cookie(r, LANG_COOKIE, v, sizeof v) && lang_from_word(v, out);
}

void req_lang_negotiate(struct req *r)
{
	/* WAP 1.x gateways drop cookies: WML's memory is the prefix in links. */
	bool cookies = dialect_of(r->caps.profile)->cookie != NULL;
	enum lang_id id;
	if (r->lang_in_url) {
		r->lang_remember = cookies && !(cookie_lang(r, &id) && id == r->lang);
	} else {
		r->lang_negotiated = true;
		if ((cookies && cookie_lang(r, &id)) || lang_from_accept(req_header(r, "Accept-Language"), &id)) {
			r->lang = id;
			r->lang_link = lang_of(id)->prefix;
		}
	}
	req_lang_budget(r);
}

void req_lang_budget(struct req *r)
{
	if (lang_content(r->lang) == LANG_ZH_HANT && !dialect_of(r->caps.profile)->budget_gzip &&
	    r->caps.budget != SIZE_MAX && r->caps.budget > LANG_HANT_GROWTH)
		r->caps.budget -= LANG_HANT_GROWTH;
}

const char *req_lang_cookie(const struct req *r)
{
	static const char *const values[LANG_COUNT] = {
		[LANG_ZH_HANS] = LANG_COOKIE "=zh-hans; Path=/; Max-Age=31536000; SameSite=Lax",
		[LANG_ZH_HANT] = LANG_COOKIE "=zh-hant; Path=/; Max-Age=31536000; SameSite=Lax",
		[LANG_EN] = LANG_COOKIE "=en; Path=/; Max-Age=31536000; SameSite=Lax",
		[LANG_FR] = LANG_COOKIE "=fr; Path=/; Max-Age=31536000; SameSite=Lax",
		[LANG_JA] = LANG_COOKIE "=ja; Path=/; Max-Age=31536000; SameSite=Lax",
		[LANG_KO] = LANG_COOKIE "=ko; Path=/; Max-Age=31536000; SameSite=Lax",
	};
	return values[lang_of(r->lang)->id];
}
