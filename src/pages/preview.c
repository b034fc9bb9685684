/* preview.c - the staff phone preview: GET /preview?path=URI on the staff
 * listener shows one portal page as a WAP 1.x phone, a WAP 2.0 phone and
 * a smartphone get it, with each rendering's markup and numbers. */
#include "core/common.h"
#include "check/lint.h"
#include "http/app.h"
#include "pages/pages.h"
#include "pages/preview.h"
#include "render/esc.h"
#include "render/view.h"
#include "wbxml/wbxml.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <zlib.h>

/* --- measuring --------------------------------------------------------- */

static long gzip_size(const char *in, size_t len)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	unsigned char chunk[16384];
	long total = 0;
	int rc;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		rc = deflate(&z, Z_FINISH);
		total += (long)(sizeof chunk - z.avail_out);
	} while (rc == Z_OK);
	deflateEnd(&z);
	return rc == Z_STREAM_END ? total : -1;
}

/* The parser's first fatal error, kept by on_xml_error. */
struct xml_first {
	int line;
	char *msg;
};

static void on_xml_error(void *data, xmlErrorPtr xe)
{
	xmlParserCtxtPtr ctxt = data;
	struct xml_first *f = ctxt ? ctxt->_private : NULL;
	if (!f || f->msg || !xe || xe->level != XML_ERR_FATAL)
		return;
	const char *m = xe->message ? xe->message : "syntax error";
	size_t l = strlen(m);
	while (l && (m[l - 1] == '\n' || m[l - 1] == ' '))
		l--;
	f->line = xe->line;
	f->msg = xstrndup(m, l);
}

/* NULL when well-formed, else "line N: message" (malloc'd). */
static char *xml_check(const char *markup, size_t n)
{
	if (n > INT_MAX)
		return xstrdup("too large to parse");
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return xstrdup("cannot create an XML parser");
	struct xml_first first = { 0, NULL };
	ctxt->_private = &first;
	ctxt->sax->serror = on_xml_error;
	/* No NOENT (entities stay unexpanded), no DTD loading, no network. */
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, markup, (int)n, NULL, NULL,
					  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					  XML_PARSE_BIG_LINES);
	char *err = NULL;
	if (!doc || !ctxt->wellFormed)
		err = first.msg ? xasprintf("line %d: %s", first.line > 0 ? first.line : 1, first.msg)
				: xstrdup("not well-formed");
	free(first.msg);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return err;
}

void preview_measure(const char *markup, size_t n, enum device_profile p, size_t budget,
		     struct preview_measure *out)
{
	memset(out, 0, sizeof *out);
	if (!markup)
		markup = "";
	out->raw = n;
	out->gzip = gzip_size(markup, n);
	out->wbxml = -1;
	out->budget = budget;
	if (p == PROFILE_WML) {
		struct buf bin = BUF_INIT;
		char *err = NULL;
		if (wbxml_encode_wml(markup, n, &bin, &err) == 0)
			out->wbxml = (long)bin.len;
		else
			out->wbxml_error = err ? err : xstrdup("does not compile");
		buf_release(&bin);
	}
	if (p == PROFILE_HTML) {
		/* The HTML budget stands for the compressed transfer. */
		out->counted = out->gzip >= 0 ? (size_t)out->gzip : n;
		out->wellformed = -1;
	} else {
		out->counted = n;
		out->xml_error = xml_check(markup, n);
		out->wellformed = out->xml_error ? 0 : 1;
	}
	out->within = out->counted <= budget;
}

void preview_measure_release(struct preview_measure *m)
{
	free(m->xml_error);
	free(m->wbxml_error);
	m->xml_error = m->wbxml_error = NULL;
}

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

struct pane_info {
	enum device_profile profile;
	const char *key;      /* element ids: wml-..., xhtml-..., html-... */
	const char *label;
	const char *device;
	int width, height;    /* the frame, for XHTML-MP and HTML */
	const char *ua, *accept;  /* the phone emulated, for the detection explanation */
};

static const struct pane_info panes[] = {
	{ PROFILE_WML, "wml", "WAP 1.x 手机", "WML 1.1 · 176×208 屏", 0, 0,
	  "Nokia6310i/1.0 (04.10) Profile/MIDP-1.0 Configuration/CLDC-1.0", "text/vnd.wap.wml, text/html" },
	{ PROFILE_XHTMLMP, "xhtml", "WAP 2.0 手机", "XHTML-MP 1.0 · 240 px 宽", 240, 320,
	  "SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1",
	  "application/vnd.wap.xhtml+xml,application/xhtml+xml;q=0.9,text/vnd.wap.wml;q=0.8,*/*;q=0.5" },
	{ PROFILE_HTML, "html", "智能手机", "HTML5 · 360 px 宽", 360, 640,
	  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
	  "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" },
};

/* How device detection decides for the emulated phone: the server's own
 * decision, step by step (the pane itself is rendered for its profile). */
static void add_explanation(struct req *r, struct view *v, const struct pane_info *pi)
{
	struct device_headers dh = { .user_agent = pi->ua, .accept = pi->accept };
	struct device_caps dc;
	struct device_trace tr;
	device_detect_explain(r->app->rules, &dh, &dc, &tr);
	view_set(v, "phone_ua", pi->ua);
	view_set(v, "phone_accept", pi->accept);
	view_set(v, "detected", device_profile_name(dc.profile));
	view_set_bool(v, "detected_same", dc.profile == pi->profile);
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

static void add_pane(struct req *r, const struct pane_info *pi, const char *path)
{
	struct app_page pg;
	app_render(r->app, path, pi->profile, &pg);
	const char *markup = pg.body.data ? pg.body.data : "";
	struct preview_measure m;
	preview_measure(markup, pg.body.len, pi->profile, pg.budget, &m);

	struct view *v = view_add(r->view, "panes");
	view_set(v, "key", pi->key);
	view_set(v, "label", pi->label);
	view_set(v, "device", pi->device);
	view_set_int(v, "status", pg.status);
	view_set_bool(v, "status_ok", pg.status == 200);
	view_set(v, "content_type", pg.content_type ? pg.content_type : "");
	view_setn(v, "markup", markup, pg.body.len);
	view_set_bool(v, "wml_viewer", pi->profile == PROFILE_WML);
	view_set_bool(v, "frame", pi->profile != PROFILE_WML);
	view_set_int(v, "width", pi->width);
	view_set_int(v, "height", pi->height);

	add_explanation(r, v, pi);
	set_bytes(v, "raw", (long)m.raw);
	set_bytes(v, "gzip", m.gzip);
	view_set_bool(v, "has_wbxml", pi->profile == PROFILE_WML);
	if (m.wbxml >= 0)
		view_setf(v, "wbxml", "%ld B", m.wbxml);
	else
		view_setf(v, "wbxml", "编译失败: %s", m.wbxml_error ? m.wbxml_error : "?");
	view_set_bool(v, "wbxml_ok", m.wbxml >= 0);
	view_setf(v, "budget", "%zu B %s", m.budget, pi->profile == PROFILE_HTML ? "(gzip)" : "(raw)");
	view_set_bool(v, "within", m.within);
	if (m.within)
		view_setf(v, "budget_text", "%zu / %zu B，余 %zu B", m.counted, m.budget, m.budget - m.counted);
	else
		view_setf(v, "budget_text", "%zu / %zu B，超出 %zu B", m.counted, m.budget, m.counted - m.budget);
	view_set_bool(v, "xml_checked", m.wellformed >= 0);
	view_set_bool(v, "wellformed", m.wellformed == 1);
	view_set(v, "xml_error", m.xml_error);
	preview_measure_release(&m);

	/* The lint of `qiao check`.  There are no response headers here: give
	 * it the Cache-Control the server sends (CACHING is checked for real by
	 * `qiao check` against a running server). */
	struct lint_input in = {
		.profile = pi->profile, .markup = markup, .len = pg.body.len,
		.content_type = pg.content_type,
		.cache_control = pg.status == 200 ? "public, max-age=60" : "no-store",
	};
	struct lint_result lr;
	lint_page(&in, &lr);
	view_set_bool(v, "lint_clean", lr.n == 0);
	view_setf(v, "lint_summary", "%zu 错误，%zu 警告", lr.errors, lr.warnings);
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
		return req_fail(r, 400, "path 必须以 / 开头（不能以 // 开头），不超过 1024 字节，且不含空格或控制字符。");
	view_set(r->view, "path", path);
	for (size_t i = 0; i < ARRAY_LEN(panes); i++)
		add_pane(r, &panes[i], path);
	r->title = "手机预览";
	r->tpl = "preview";
	r->layout = "preview_layout";
	r->no_store = true;
	return 200;
}
