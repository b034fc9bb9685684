/* preview.c - the staff phone preview: GET /preview?path=URI on the staff
 * listener shows one portal page as a WAP 1.x phone, a WAP 2.0 phone and
 * a smartphone get it, with each rendering's markup and numbers. */
#include "core/common.h"
#include "core/utf8.h"
#include "check/lint.h"
#include "app/app.h"
#include "check/measure.h"
#include "pages/pages.h"
#include "pages/preview.h"
#include "render/dialect.h"
#include "render/esc.h"
#include "render/view.h"


bool preview_path_ok(const char *path)
{
	if (!path || path[0] != '/' || path[1] == '/')
		return false;
	size_t n = strlen(path);
	if (n > PREVIEW_PATH_MAX || !utf8_valid(path, n))
		return false;
	for (const unsigned char *s = (const unsigned char *)path; *s; s++)
		if (*s <= 0x20 || *s == 0x7f || *s == '\\')
			return false;
	return true;
}

/* --- the page ---------------------------------------------------------- */

/* How device detection decides for the phone the pane emulates (the
 * dialect table's pane_ua and pane_accept): the server's own decision,
 * step by step (the pane itself is rendered for its profile). */
static void add_explanation(struct req *r, struct view *v, const struct dialect *d)
{
	struct device_headers dh = { .user_agent = d->pane_ua, .accept = d->pane_accept };
	struct device_caps dc;
	struct device_trace tr;
	device_detect_explain(r->app->rules, &dh, &dc, &tr);
	view_set(v, "phone_ua", d->pane_ua);
	view_set(v, "phone_accept", d->pane_accept);
	view_set(v, "detected", device_profile_name(dc.profile));
	view_set_bool(v, "detected_same", dc.profile == d->profile);
	for (size_t i = 0; i < tr.n; i++) {
		struct view *s = view_add(v, "why");
		view_set(s, "evidence", tr.step[i].evidence);
		view_set(s, "text", tr.step[i].text);
	}
}

static void set_bytes(struct view *v, const char *key, long n)
{
	if (n < 0)
		view_set(v, key, "—");
	else
		view_setf(v, key, "%ld", n);
}

/* One pane: the page as a phone of dialect d gets it (element ids use the
 * ?view= value: wml-..., xhtml-..., html-...). */
static void add_pane(struct req *r, const struct dialect *d, const char *path)
{
	struct app_page pg;
	app_render(r->app, preview_routes, path, d->profile, &pg);
	const char *markup = pg.body.data ? pg.body.data : "";
	struct measure m;
	measure_markup(markup, pg.body.len, d->profile, pg.budget, &m);

	struct view *v = view_add(r->view, "panes");
	view_set(v, "key", d->view);
	view_set(v, "label", T(r, d->pane_label));
	view_set(v, "device", T(r, d->pane_device));
	view_set_int(v, "status", pg.status);
	view_set_bool(v, "status_ok", pg.status == 200);
	view_set(v, "content_type", pg.content_type ? pg.content_type : "");
	view_setn(v, "markup", markup, pg.body.len);
	view_set_bool(v, "wml_viewer", d->pane_width == 0);
	view_set_bool(v, "frame", d->pane_width != 0);
	view_set_int(v, "width", d->pane_width);
	view_set_int(v, "height", d->pane_height);

	add_explanation(r, v, d);
	set_bytes(v, "raw", (long)m.raw);
	set_bytes(v, "gzip", m.gzip);
	view_set_bool(v, "has_wbxml", d->wbxml);
	if (m.wbxml >= 0)
		view_setf(v, "wbxml", "%ld B", m.wbxml);
	else
		view_setf(v, "wbxml", T(r, "编译失败: %s"), m.wbxml_error ? m.wbxml_error : "?");
	view_set_bool(v, "wbxml_ok", m.wbxml >= 0);
	view_setf(v, "budget", "%zu B %s", m.budget, d->budget_gzip ? "(gzip)" : "(raw)");
	view_set_bool(v, "within", m.within);
	if (m.within)
		view_setf(v, "budget_text", T(r, "%zu / %zu B，余 %zu B"), m.counted, m.budget, m.budget - m.counted);
	else
		view_setf(v, "budget_text", T(r, "%zu / %zu B，超出 %zu B"), m.counted, m.budget, m.counted - m.budget);
	view_set_bool(v, "xml_checked", m.wellformed >= 0);
	view_set_bool(v, "wellformed", m.wellformed == 1);
	view_set(v, "xml_error", m.xml_error);
	measure_release(&m);

	/* The lint of `qiao check`.  There are no response headers here: give
	 * it the Cache-Control the server sends (CACHING is checked for real by
	 * `qiao check` against a running server). */
	struct lint_input in = {
		.profile = d->profile, .markup = markup, .len = pg.body.len,
		.content_type = pg.content_type,
		.cache_control = pg.status == 200 ? "public, max-age=60" : "no-store",
	};
	struct lint_result lr;
	lint_page(&in, &lr);
	view_set_bool(v, "lint_clean", lr.n == 0);
	view_setf(v, "lint_summary", T(r, "%zu 错误，%zu 警告"), lr.errors, lr.warnings);
	view_set_bool(v, "lint_failed", lr.errors > 0);
	for (size_t i = 0; i < lr.n; i++) {
		struct view *f = view_add(v, "lint");
		view_set_bool(f, "error", lr.items[i].severity == LINT_ERROR);
		view_set(f, "rule", lr.items[i].rule);
		view_set(f, "message", lr.items[i].message);
	}
	lint_result_free(&lr);
	buf_release(&pg.body);
}

int page_preview(struct req *r)
{
	const char *path = req_param(r, "path");
	if (!path || !*path)
		path = "/";
	if (!preview_path_ok(path))
		return req_fail(r, 400, T(r, "path 必须以 / 开头（不能以 // 开头），不超过 1024 字节，且不含空格或控制字符。"));
	view_set(r->view, "path", path);
	for (size_t i = 0; i < DIALECT_COUNT; i++)
		add_pane(r, dialect_of(dialect_order[i]), path);
	r->title = T(r, "手机预览");
	r->tpl = "preview";
	r->layout = "preview_layout";
	r->no_store = true;
	return 200;
}
