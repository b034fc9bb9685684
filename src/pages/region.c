/* region.c - my region (我的地区), see region.h. */
#include "core/common.h"
#include "pages/pages.h"
#include "pages/region.h"
#include "render/dialect.h"
#include "render/esc.h"
#include "render/view.h"
#include "store/services.h"

/* A region id from text: 1..999999999, digits only; -1 when malformed. */
static int64_t parse_id(const char *s)
{
	size_t n = strspn(s, "0123456789");
	if (n == 0 || n > 9 || s[n] != '\0' || (s[0] == '0' && n > 1))
		return -1;
	return strtoll(s, NULL, 10);
}

int64_t page_my_region(struct req *r, int *status)
{
	const char *param = req_param(r, REQ_REGION_PARAM);
	int64_t id = 0;
	bool chosen_now = false;
	bool in_links = dialect_of(r->caps.profile)->region_in_links;
	if (param) {
		id = parse_id(param);
		if (id < 0) {
			*status = req_fail(r, 400, T(r, "地区编号格式不正确。"));
			return -1;
		}
		chosen_now = true;
	} else if (!in_links) {
		char c[24];
		if (req_cookie(r, REQ_REGION_COOKIE, c, sizeof c))
			id = parse_id(c);
		if (id < 0)
			id = 0; /* a stale or mangled cookie is no choice */
	}
	req_link(r, r->view, "region_change_url", "/services");
	struct place_row reg = { 0 };
	if (id > 0) {
		int found = svc_region(req_store(r), id, &reg);
		if (found < 0) {
			*status = 500;
			return -1;
		}
		if (found == 0) {
			if (chosen_now) {
				*status = req_fail(r, 404, T(r, "没有这个地区。"));
				return -1;
			}
			id = 0;
		}
	}
	if (chosen_now && !in_links) {
		/* The request's arena keeps the value until the answer is sent. */
		if (id > 0)
			r->set_cookie = arena_printf(&r->arena, REQ_REGION_COOKIE "=%lld; Path=/; Max-Age=31536000; SameSite=Lax",
						     (long long)id);
		else
			r->set_cookie = REQ_REGION_COOKIE "=; Path=/; Max-Age=0";
	}
	if (id > 0) {
		view_set(r->view, "my_region", reg.name);
		view_set_int(r->view, "my_region_id", id);
		req_link(r, r->view, "my_region_url", "/services/region/%lld", (long long)id);
		place_row_release(&reg);
	}
	return id;
}

void page_choose_region_link(struct req *r, const char *key, int64_t id)
{
	/* req_link keeps an r= already in the link, so this replaces the
	 * carried choice in WML. */
	struct buf b = BUF_INIT;
	esc_url_path(&b, r->path);
	req_link(r, r->view, key, "%s?" REQ_REGION_PARAM "=%lld", buf_cstr(&b), (long long)id);
	buf_release(&b);
}
