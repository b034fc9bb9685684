/* page.c - the page around a handler's template (see page.h). */
#include "core/common.h"
#include "core/utf8.h"
#include "core/charset.h"
#include "http/req.h"
#include "render/dialect.h"
#include "render/catalog.h"
#include "render/esc.h"
#include "render/langpick.h"
#include "render/i18n.h"
#include "render/page.h"
#include "render/tpl.h"
#include "render/view.h"

const char *page_status_title(int status)
{
	switch (status) {
	case 400: return N_("请求有误");
	case 403: return N_("禁止访问");
	case 404: return N_("页面不存在");
	case 405: return N_("不支持的请求方法");
	case 413: return N_("提交内容过长");
	case 414: return N_("网址过长");
	case 429: return N_("请求过于频繁");
	case 501: return N_("不支持的请求");
	case 503: return N_("服务暂不可用");
	default: return status >= 500 ? N_("服务器内部错误") : N_("出错了");
	}
}

const char *page_status_message(int status)
{
	switch (status) {
	case 400: return N_("网址或参数格式不正确，请检查后重试。");
	case 404: return N_("您访问的页面不存在或已被删除。");
	case 405: return N_("此页面不支持该请求方法。");
	case 413: return N_("提交的内容超过了允许的长度。");
	case 414: return N_("网址超过了允许的长度。");
	case 429: return N_("您的操作过于频繁，请稍后再试。");
	case 501: return N_("不支持分块上传等请求方式，请直接提交。");
	case 503: return N_("服务暂时不可用，请稍后再试。");
	default: return N_("服务器暂时无法处理您的请求，请稍后再试。");
	}
}

const char *T(const struct req *r, const char *msgid)
{
	return catalog_get(i18n_catalog(r->lang), msgid);
}

const char *TN(const struct req *r, const char *msgid, const char *plural, unsigned long n)
{
	return catalog_nget(i18n_catalog(r->lang), msgid, plural, n);
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
	/* The language the page came in by goes first: a link sent to someone
	 * else opens in the same language (render/langpick.h). */
	const char *lp = r->lang_link ? r->lang_link : "";
	if (*lp && b.data[0] == '/') {
		struct buf pre = BUF_INIT;
		buf_adds(&pre, lp);
		buf_add(&pre, b.data, b.len);
		buf_release(&b);
		b = pre;
	}
	view_setn(v, key, b.data, b.len);
	buf_release(&b);
}

/* The URL prefix that chooses language l outright (简体's own, "", would
 * leave a cookie or Accept-Language in charge). */
static const char *choosing_prefix(const struct lang *l)
{
	return l->prefix[0] ? l->prefix : LANG_HANS_PREFIX;
}

/* A language's own name as character references ("&#31616;&#20307;"):
 * ASCII, so the 繁體 conversion leaves 简体's name as it is written.  The
 * names are ours (render/lang.c), set raw ({{{name}}}). */
static void name_as_refs(struct buf *out, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_next(name + i, n - i, &cp);
		if (k == 0)
			break;
		if (cp < 0x80)
			buf_addc(out, (char)cp);
		else
			buf_addf(out, "&#%u;", (unsigned)cp);
		i += k;
	}
}

void page_lang_links(struct req *r, struct view *v, const char *key, const char *path)
{
	const struct dialect *d = dialect_of(r->caps.profile);
	enum lang_id shown = r->lang;
	/* Columns and articles belong to the Chinese tree (简体 and 繁體) or
	 * to one foreign version's (store/news.h): in another tree the same
	 * id is another page or none, so the link leads to that language's
	 * home page. */
	bool tree_page = strncmp(path, "/news/", 6) == 0 || strncmp(path, "/section/", 9) == 0;
	for (size_t i = 0; i < LANG_COUNT; i++) {
		const struct lang *l = &langs[i];
		struct view *item = view_add(v, key);
		struct buf b = BUF_INIT;
		buf_adds(&b, choosing_prefix(l));
		bool same_tree = l->id == shown || (l->chinese && lang_of(shown)->chinese);
		buf_adds(&b, tree_page && !same_tree ? "/" : path);
		if (r->caps.from_param && d->view_in_links)
			buf_adds(&b, strchr(b.data, '?') ? "&view=wml" : "?view=wml");
		view_setn(item, "url", b.data, b.len);
		buf_reset(&b);
		name_as_refs(&b, l->self_name);
		view_setn(item, "name", b.data, b.len);
		view_set(item, "tag", l->tag);
		view_set_bool(item, "current", l->id == shown);
		buf_release(&b);
	}
}

/* The most of the request a switch link carries (bytes, encoded): every
 * page has one per other dialect, so whatever a client puts in its URL
 * must not grow them past a WML deck's budget.  A longer path switches to
 * the home page, a longer query is left off. */
#define SWITCH_MAX_PATH 96
#define SWITCH_MAX_QUERY 64

/* The current path and query (none when bare) with view=X, in the
 * page's language. */
static void switch_link(struct req *r, const struct dialect *d, bool bare)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, r->lang_link ? r->lang_link : "");
	size_t lp = b.len;
	esc_url_path(&b, r->path);
	if (b.len - lp > SWITCH_MAX_PATH) {
		b.len = lp;
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

/* The most of the current path the language links carry (bytes,
 * encoded); a longer one leads to the language's home page.  WML keeps
 * only a link to the language deck (/lang), with the path when it is
 * short enough for the deck's budget. */
#define LANG_MAX_PATH 96
#define LANG_WML_MAX_PATH 40

/* The language of the page (lang / xml:lang, from render/langpick.h) and
 * the language switch: "langs" (html, xhtml-mp: the six names),
 * "lang_url" (the language deck: WML's one link, the current language's
 * name elsewhere) and "lang_name" (the current language's own name). */
static void set_lang_links(struct req *r, bool bare)
{
	view_set(r->view, "lang_tag", lang_of(lang_content(r->lang))->tag);
	view_set(r->view, "lang_name", lang_of(r->lang)->self_name);
	if (view_list_len(r->view, "langs") > 0)
		return; /* the second, bare rendering */
	struct buf path = BUF_INIT;
	esc_url_path(&path, r->path);
	if (path.len > LANG_MAX_PATH) {
		buf_reset(&path);
		buf_addc(&path, '/');
	}
	const struct dialect *d = dialect_of(r->caps.profile);
	struct buf q = BUF_INIT;
	size_t max = d->compact ? LANG_WML_MAX_PATH : LANG_MAX_PATH;
	if (!bare && path.len > 1 && path.len <= max && strcmp(r->path, "/lang") != 0)
		esc_url_component(&q, r->path, strlen(r->path));
	if (q.len)
		req_link(r, r->view, "lang_url", "/lang?p=%s", q.data);
	else
		req_link(r, r->view, "lang_url", "/lang");
	buf_release(&q);
	if (!d->compact)
		page_lang_links(r, r->view, "langs", path.data);
	buf_release(&path);
}

/* Links every template may use: home_url (crumbs), the switches and the
 * language; keys: whether links carry their number keys (when the dialect
 * has them). */
static void set_common_links(struct req *r, bool bare, bool keys)
{
	for (size_t i = 0; i < DIALECT_COUNT; i++) {
		switch_link(r, &dialects[i], bare);
		view_set_bool(r->view, dialects[i].is_key, r->caps.profile == dialects[i].profile);
	}
	req_link(r, r->view, "home_url", "/");
	set_lang_links(r, bare);
	/* Forms on a page in another charset say so (accept-charset, and the
	 * REQ_CHARSET_PARAM field the HTTP layer decodes by). */
	view_set(r->view, "form_charset", r->caps.charset != CHARSET_UTF8 ? charset_name(r->caps.charset) : NULL);
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
 * so then the switch links go without the query, and a WML deck's link
 * to the language deck without the page's path.  A deck whose number
 * keys (accesskey="N", 14 bytes a link) would take it over budget goes
 * without them: the keys are a convenience, the budget is not.  Handlers
 * measure with page_render_size(), which is this, so a deck holds what it
 * would hold without keys, and gets them where they fit. */
static page_convert_fn page_convert;

void page_set_convert(page_convert_fn fn)
{
	page_convert = fn;
}

/* The rendered page in its language's script, then in its charset. */
static int finish(struct req *r, struct buf *out)
{
	if (page_convert)
		page_convert(r, out);
	return page_encode(r, out);
}

int page_render(const struct tpl_set *set, struct req *r, int status, struct buf *out)
{
	const struct dialect *d = dialect_of(r->caps.profile);
	bool bare = false, keys = dialect_accesskeys(r->caps.profile, r->caps.wml_version);
	if (render_once(set, r, status, out, bare, keys) != 0 || finish(r, out) != 0)
		return -1;
	if (d->budget_gzip)
		return 0;
	bool lang_path = d->compact && strcmp(r->path, "/") != 0;
	if (out->len > r->caps.budget && (r->query.n > 0 || lang_path)) {
		bare = true;
		buf_reset(out);
		if (render_once(set, r, status, out, bare, keys) != 0 || finish(r, out) != 0)
			return -1;
	}
	/* (Only where the view's accesskeys flag decides: the WML rows.) */
	if (out->len > r->caps.budget && keys && dialect_wml_for(r->caps.profile, r->caps.wml_version)) {
		keys = false;
		buf_reset(out);
		if (render_once(set, r, status, out, bare, keys) != 0 || finish(r, out) != 0)
			return -1;
	}
	/* Still over (a page in a charset that lacks many of its characters:
	 * simplified text in Big5 is references, 8 bytes a character; or a
	 * deck that carries the region and the language link besides): it goes
	 * without the dialect switches, as an article's later pieces do. */
	if (out->len <= r->caps.budget)
		return 0;
	view_set_bool(r->view, "later_piece", true);
	buf_reset(out);
	if (render_once(set, r, status, out, true, keys) != 0)
		return -1;
	return finish(r, out);
}

/* Relabel the first `<?xml ... encoding="utf-8"?>` or `<meta
 * charset="utf-8">` within the first bytes of the page (the layouts write
 * UTF-8, the one charset a template is written in). */
static void relabel(struct buf *b, const char *name)
{
	static const char *const marks[] = { "encoding=\"utf-8\"", "<meta charset=\"utf-8\">" };
	size_t head = b->len < 512 ? b->len : 512;
	for (size_t i = 0; i < ARRAY_LEN(marks); i++) {
		const char *m = memmem(b->data, head, marks[i], strlen(marks[i]));
		if (!m)
			continue;
		const char *u = strstr(m, "utf-8");
		size_t at = (size_t)(u - b->data);
		struct buf o = BUF_INIT;
		buf_add(&o, b->data, at);
		buf_adds(&o, name);
		buf_add(&o, b->data + at + 5, b->len - at - 5);
		buf_release(b);
		*b = o;
		return;
	}
}

int page_encode(struct req *r, struct buf *out)
{
	enum charset cs = r->caps.charset;
	if (cs == CHARSET_UTF8 || !out->data)
		return 0;
	struct buf enc = BUF_INIT;
	if (charset_encode(cs, out->data, out->len, &enc) != 0) {
		log_error("%s: no converter to %s", r->path, charset_name(cs));
		buf_release(&enc);
		return -1;
	}
	relabel(&enc, charset_name(cs));
	buf_release(out);
	*out = enc;
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
		view_set(r->view, "error_title", T(r, page_status_title(status)));
		/* r->error is a msgid when a layer without the request's language
		 * set it (http/route.c); a handler's own T() text passes unchanged */
		view_set(r->view, "error", r->error ? T(r, r->error) : T(r, page_status_message(status)));
		if (!r->title)
			r->title = T(r, page_status_title(status));
	}
	set_common_links(r, bare, keys);
	const struct catalog *cat = i18n_catalog(r->lang);
	if (!tpl || tpl_render_in(set, tpl, r->view, cat, &content, &err) != 0) {
		log_error("render %s (%s): %s", tpl ? tpl : "(none)", name, err ? err : "no template named");
		free(err);
		buf_release(&content);
		return -1;
	}
	view_set(r->view, "title", r->title ? r->title : T(r, "湖南省人民政府门户网站"));
	/* Raw on purpose: content is our own template output, escaped there. */
	view_setn(r->view, "body", content.data ? content.data : "", content.len);
	buf_release(&content);
	if (tpl_render_in(set, r->layout ? r->layout : "layout", r->view, cat, out, &err) != 0) {
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
