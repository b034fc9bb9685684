/* page.c - the page around a handler's template (see page.h). */
#include "core/common.h"
#include "http/req.h"
#include "render/dialect.h"
#include "render/esc.h"
#include "render/page.h"
#include "render/tpl.h"
#include "render/view.h"

const char *page_status_title(int status)
{
	switch (status) {
	case 400: return "请求有误";
	case 403: return "禁止访问";
	case 404: return "页面不存在";
	case 405: return "不支持的请求方法";
	case 413: return "提交内容过长";
	case 414: return "网址过长";
	case 429: return "请求过于频繁";
	case 501: return "不支持的请求";
	case 503: return "服务暂不可用";
	default: return status >= 500 ? "服务器内部错误" : "出错了";
	}
}

const char *page_status_message(int status)
{
	switch (status) {
	case 400: return "网址或参数格式不正确，请检查后重试。";
	case 404: return "您访问的页面不存在或已被删除。";
	case 405: return "此页面不支持该请求方法。";
	case 413: return "提交的内容超过了允许的长度。";
	case 414: return "网址超过了允许的长度。";
	case 429: return "您的操作过于频繁，请稍后再试。";
	case 501: return "不支持分块上传等请求方式，请直接提交。";
	case 503: return "服务暂时不可用，请稍后再试。";
	default: return "服务器暂时无法处理您的请求，请稍后再试。";
	}
}

/* The region to carry in links (r=ID), when the dialect carries it and
 * the request has one that is a plain id. */
static const char *carried_region(const struct req *r)
{
	if (!dialect_of(r->caps.profile)->region_in_links)
		return NULL;
	const char *v = form_get(&r->query, REQ_REGION_PARAM); /* req_param, without linking http/ */
	size_t n = v ? strspn(v, "0123456789") : 0;
	return n > 0 && n < 10 && v[n] == '\0' && v[0] != '0' ? v : NULL;
}

void req_link(struct req *r, struct view *v, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	const char *region = carried_region(r);
	/* Only links that lead back to the services need it: the home page
	 * and /services..., /section/... (the topic guides).  A link that
	 * names its own region choice keeps it. */
	bool wants = strcmp(b.data, "/") == 0 || strncmp(b.data, "/?", 2) == 0 ||
		     strncmp(b.data, "/services", 9) == 0 || strncmp(b.data, "/section/", 9) == 0;
	if (region && wants && !strstr(b.data, "?" REQ_REGION_PARAM "=") && !strstr(b.data, "&" REQ_REGION_PARAM "="))
		buf_addf(&b, "%c" REQ_REGION_PARAM "=%s", strchr(b.data, '?') ? '&' : '?', region);
	/* A dialect whose gateways drop cookies carries the ?view= choice. */
	if (r->caps.from_param && dialect_of(r->caps.profile)->view_in_links)
		buf_adds(&b, strchr(b.data, '?') ? "&view=wml" : "?view=wml");
	view_setn(v, key, b.data, b.len);
	buf_release(&b);
}

/* The most of the request a switch link carries (bytes, encoded): every
 * page has one per other dialect, so whatever a client puts in its URL
 * must not grow them past a WML deck's budget.  A longer path switches to
 * the home page, a longer query is left off. */
#define SWITCH_MAX_PATH 96
#define SWITCH_MAX_QUERY 64

/* The current path and query (none when bare) with view=X. */
static void switch_link(struct req *r, const struct dialect *d, bool bare)
{
	struct buf b = BUF_INIT;
	esc_url_path(&b, r->path);
	if (b.len > SWITCH_MAX_PATH) {
		b.len = 0;
		buf_addc(&b, '/');
	}
	size_t start = b.len;
	char sep = '?';
	for (size_t f = 0; !bare && f < r->query.n; f++) {
		const struct form_field *fld = &r->query.fields[f];
		if (strcmp(fld->name, "view") == 0)
			continue;
		buf_addc(&b, sep);
		sep = '&';
		esc_url_component(&b, fld->name, strlen(fld->name));
		buf_addc(&b, '=');
		esc_url_component(&b, fld->value, fld->value_len);
		if (b.len - start > SWITCH_MAX_QUERY) {
			b.len = start;
			sep = '?';
			break;
		}
	}
	buf_addf(&b, "%cview=%s", sep, d->view);
	view_setn(r->view, d->switch_key, b.data, b.len);
	buf_release(&b);
}

/* Links every template may use: home_url (crumbs) and the switches;
 * keys: whether links carry their number keys (when the dialect has them). */
static void set_common_links(struct req *r, bool bare, bool keys)
{
	for (size_t i = 0; i < DIALECT_COUNT; i++) {
		switch_link(r, &dialects[i], bare);
		view_set_bool(r->view, dialects[i].is_key, r->caps.profile == dialects[i].profile);
	}
	req_link(r, r->view, "home_url", "/");
	/* Number keys on links, and the WML version the deck says it is. */
	view_set_bool(r->view, "accesskeys", keys && dialect_accesskeys(r->caps.profile, r->caps.wml_version));
	const struct dialect_wml *w = dialect_wml_for(r->caps.profile, r->caps.wml_version);
	if (w) {
		view_set(r->view, "doctype_public", w->public_id);
		view_set(r->view, "doctype_system", w->system_id);
	}
}

static int render_once(const struct tpl_set *set, struct req *r, int status, struct buf *out, bool bare,
		       bool keys);

/* A page cut to fill its deck (an article piece, a guide) leaves room for
 * the switch links to carry the query it was reached by; a query padded
 * with parameters the page does not use could still take it over budget,
 * so then the switch links go without the query.  A deck whose number
 * keys (accesskey="N", 14 bytes a link) would take it over budget goes
 * without them: the keys are a convenience, the budget is not.  Handlers
 * measure with page_render_size(), which is this, so a deck holds what it
 * would hold without keys, and gets them where they fit. */
int page_render(const struct tpl_set *set, struct req *r, int status, struct buf *out)
{
	const struct dialect *d = dialect_of(r->caps.profile);
	bool bare = false, keys = dialect_accesskeys(r->caps.profile, r->caps.wml_version);
	if (render_once(set, r, status, out, bare, keys) != 0)
		return -1;
	if (d->budget_gzip)
		return 0;
	if (out->len > r->caps.budget && r->query.n > 0) {
		bare = true;
		buf_reset(out);
		if (render_once(set, r, status, out, bare, keys) != 0)
			return -1;
	}
	/* (Only where the view's accesskeys flag decides: the WML rows.) */
	if (out->len > r->caps.budget && keys && dialect_wml_for(r->caps.profile, r->caps.wml_version)) {
		buf_reset(out);
		if (render_once(set, r, status, out, bare, false) != 0)
			return -1;
	}
	return 0;
}

static int render_once(const struct tpl_set *set, struct req *r, int status, struct buf *out, bool bare,
		       bool keys)
{
	const char *name = dialect_of(r->caps.profile)->name;
	struct buf content = BUF_INIT;
	char *err = NULL;
	const char *tpl = r->tpl;

	if (status != 200) {
		tpl = "error";
		view_set_int(r->view, "status", status);
		view_set(r->view, "error_title", page_status_title(status));
		view_set(r->view, "error", r->error ? r->error : page_status_message(status));
		if (!r->title)
			r->title = page_status_title(status);
	}
	set_common_links(r, bare, keys);
	if (!tpl || tpl_render(set, tpl, r->view, &content, &err) != 0) {
		log_error("render %s (%s): %s", tpl ? tpl : "(none)", name, err ? err : "no template named");
		free(err);
		buf_release(&content);
		return -1;
	}
	view_set(r->view, "title", r->title ? r->title : "湖南省人民政府门户网站");
	/* Raw on purpose: content is our own template output, escaped there. */
	view_setn(r->view, "body", content.data ? content.data : "", content.len);
	buf_release(&content);
	if (tpl_render(set, r->layout ? r->layout : "layout", r->view, out, &err) != 0) {
		log_error("render layout (%s): %s", name, err);
		free(err);
		return -1;
	}
	return 0;
}

size_t page_render_size(const struct tpl_set *set, struct req *r)
{
	struct buf b = BUF_INIT;
	size_t n = page_render(set, r, 200, &b) == 0 ? b.len : 0;
	buf_release(&b);
	return n;
}
