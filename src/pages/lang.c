/* lang.c - the language deck (/lang): the six languages, each a link to
 * the page the reader came from (?p=PATH) in that language.  A WML deck
 * has room only for a link here; XHTML-MP and HTML list the languages on
 * every page, the current one linking here (render/page.c:
 * set_lang_links). */
#include "core/common.h"
#include "pages/pages.h"
#include "render/esc.h"
#include "render/page.h"

/* The longest path the deck takes back (decoded bytes). */
#define LANG_BACK_MAX 96

int page_lang(struct req *r)
{
	const char *p = req_param(r, "p");
	struct buf path = BUF_INIT;
	if (p && *p) {
		/* A path of this site: "/..." but not "//host" (another site). */
		if (p[0] != '/' || p[1] == '/' || strlen(p) > LANG_BACK_MAX)
			return req_fail(r, 400, T(r, "参数 p 须为本站的路径。"));
		esc_url_path(&path, p);
	} else {
		buf_addc(&path, '/');
	}
	page_lang_links(r, r->view, "choices", path.data);
	buf_release(&path);
	r->title = T(r, "语言 · Language");
	r->tpl = "lang";
	return 200;
}
