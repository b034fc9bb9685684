/* dialect.c - the dialect table (see dialect.h). */
#include "core/common.h"
#include "render/dialect.h"

#include <strings.h>

const struct dialect dialects[DIALECT_COUNT] = {
	[PROFILE_HTML] = {
		.profile = PROFILE_HTML, .name = "html", .view = "html",
		.tpl_dir = "html", .tpl_ext = ".html", .esc = ESC_HTML, .xml = false,
		.content_type = "text/html; charset=utf-8", .media_type = "text/html",
		/* "The home page stays under 14 KB compressed." */
		.budget = DEVICE_BUDGET_HTML, .budget_gzip = true, .wbxml = false,
		.cookie = "html", .view_in_links = false, .region_in_links = false, .whole_text = true,
		.compact = false, .rich = true, .input_vars = false, .accesskeys = false, .wml_versions = false,
		.switch_key = "switch_html", .is_key = "is_html", .tel_scheme = "tel:",
		.lists = { .headlines = 10, .news = 20, .messages = 20, .service_entries = 40, .service_items = 30, .service_results = 30, .search_section = 5 },
		.pane_label = "智能手机", .pane_device = "HTML5 · 360 px 宽", .pane_width = 360, .pane_height = 640,
		.pane_ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
			   "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
		.pane_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
	},
	[PROFILE_XHTMLMP] = {
		.profile = PROFILE_XHTMLMP, .name = "xhtmlmp", .view = "xhtml",
		.tpl_dir = "xhtml-mp", .tpl_ext = ".xhtml", .esc = ESC_XHTMLMP, .xml = true,
		.content_type = "application/vnd.wap.xhtml+xml; charset=utf-8",
		.media_type = "application/vnd.wap.xhtml+xml",
		.alt_content_type = "application/xhtml+xml; charset=utf-8", .alt_media_type = "application/xhtml+xml",
		.budget = DEVICE_BUDGET_XHTMLMP, .budget_gzip = false, .wbxml = false,
		.cookie = "xhtml", .view_in_links = false, .region_in_links = false, .whole_text = false,
		.compact = false, .rich = false, .input_vars = false, .accesskeys = true, .wml_versions = false,
		.switch_key = "switch_xhtml", .is_key = "is_xhtml", .tel_scheme = "tel:",
		.lists = { .headlines = 6, .news = 12, .messages = 10, .service_entries = 20, .service_items = 20, .service_results = 20, .search_section = 3 },
		.pane_label = "WAP 2.0 手机", .pane_device = "XHTML-MP 1.0 · 240 px 宽", .pane_width = 240, .pane_height = 320,
		.pane_ua = "SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1",
		.pane_accept = "application/vnd.wap.xhtml+xml,application/xhtml+xml;q=0.9,text/vnd.wap.wml;q=0.8,*/*;q=0.5",
	},
	[PROFILE_WML] = {
		.profile = PROFILE_WML, .name = "wml", .view = "wml",
		.tpl_dir = "wml", .tpl_ext = ".wml", .esc = ESC_WML, .xml = true,
		.content_type = "text/vnd.wap.wml; charset=utf-8", .media_type = "text/vnd.wap.wml",
		.budget = DEVICE_BUDGET_WML, .budget_gzip = false, .wbxml = true,
		.cookie = NULL, .view_in_links = true, .region_in_links = true, .whole_text = false,
		.compact = true, .rich = false, .input_vars = true, .accesskeys = false, .wml_versions = true,
		.switch_key = "switch_wml", .is_key = "is_wml", .tel_scheme = "wtai://wp/mc;",
		.lists = { .headlines = 3, .news = 5, .messages = 4, .service_entries = 8, .service_items = 9, .service_results = 5, .search_section = 1 },
		.pane_label = "WAP 1.x 手机", .pane_device = "WML 1.1 · 176×208 屏", .pane_width = 0, .pane_height = 0,
		.pane_ua = "Nokia6310i/1.0 (04.10) Profile/MIDP-1.0 Configuration/CLDC-1.0",
		.pane_accept = "text/vnd.wap.wml, text/html",
	},
};

const struct dialect_wml dialect_wml_versions[DIALECT_WML_COUNT] = {
	{ .version = 11, .public_id = "-//WAPFORUM//DTD WML 1.1//EN",
	  .system_id = "http://www.wapforum.org/DTD/wml_1.1.xml", .accesskeys = false },
	{ .version = 12, .public_id = "-//WAPFORUM//DTD WML 1.2//EN",
	  .system_id = "http://www.wapforum.org/DTD/wml12.dtd", .accesskeys = true },
	{ .version = 13, .public_id = "-//WAPFORUM//DTD WML 1.3//EN",
	  .system_id = "http://www.wapforum.org/DTD/wml13.dtd", .accesskeys = true },
};

const struct dialect_wml *dialect_wml_of(unsigned v)
{
	for (size_t i = 0; i < DIALECT_WML_COUNT; i++)
		if (dialect_wml_versions[i].version == v)
			return &dialect_wml_versions[i];
	return &dialect_wml_versions[0];
}

const struct dialect_wml *dialect_wml_for(enum device_profile p, unsigned v)
{
	return dialect_of(p)->wml_versions ? dialect_wml_of(v) : NULL;
}

bool dialect_accesskeys(enum device_profile p, unsigned wml_version)
{
	const struct dialect_wml *w = dialect_wml_for(p, wml_version);
	return w ? w->accesskeys : dialect_of(p)->accesskeys;
}

const enum device_profile dialect_order[DIALECT_COUNT] = { PROFILE_WML, PROFILE_XHTMLMP, PROFILE_HTML };

const struct dialect *dialect_of(enum device_profile p)
{
	return (unsigned)p < DIALECT_COUNT ? &dialects[p] : &dialects[PROFILE_HTML];
}

const struct dialect *dialect_for_data(void)
{
	for (size_t i = 0; i < DIALECT_COUNT; i++)
		if (dialects[i].rich && dialects[i].whole_text)
			return &dialects[i];
	return &dialects[0];
}

const struct dialect *dialect_find(const char *s)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < DIALECT_COUNT; i++)
		if (strcasecmp(s, dialects[i].name) == 0 || strcasecmp(s, dialects[i].view) == 0)
			return &dialects[i];
	return NULL;
}
