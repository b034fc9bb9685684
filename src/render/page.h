/* page.h - one page in the client's dialect: the handler's template (or
 * the error page for a status other than 200), the links every template
 * may use (home, the dialect switches) and the layout around it.
 *
 * Reads the request (http/req.h: path, query, view, title, error,
 * template names, device caps) but does no I/O: the template sets are
 * loaded by the caller.
 *
 *   struct buf out = BUF_INIT;
 *   if (page_render(tpl_sets[r->caps.profile], r, status, &out) != 0) ... 500 ...
 */
#ifndef QIAO_RENDER_PAGE_H
#define QIAO_RENDER_PAGE_H

#include <stddef.h>

#include "core/buf.h"
#include "render/i18n.h"

struct req;
struct tpl_set;
struct view;

/* Set view[key] to a link to the portal path (printf format), carrying
 * ?view=wml when a WML override must travel in links (WAP 1.x gateways
 * often drop cookies), and, in a dialect that carries the region in
 * links (region_in_links), on links to /, /services... and /section/...
 * the chosen region (REQ_REGION_PARAM=ID) that other phones keep in a
 * cookie.  The path must already be URL-encoded. */
void req_link(struct req *r, struct view *v, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Add to v's list key one item per language (url, name, tag, current):
 * path (URL-encoded, starting with '/') under the prefix that chooses
 * that language outright ("/zh-hans" for 简体), with ?view=wml where WML
 * carries it.  The layouts' language switch and the language deck. */
void page_lang_links(struct req *r, struct view *v, const char *key, const char *path);

/* The title and message of the error page for an HTTP status (static),
 * as msgids: T(r, page_status_title(s)) shows one in r's language. */
const char *page_status_title(int status);
const char *page_status_message(int status);

/* An interface string in r's language (render/i18n.h): the translation
 * of msgid in the catalog of r->lang, or msgid itself.  The result lives
 * as long as the process (the embedded catalog) or as msgid. */
const char *T(const struct req *r, const char *msgid);
/* Its plural forms for n (ngettext): msgid is the singular, plural the
 * plural (the same text in 简体, which has one form). */
const char *TN(const struct req *r, const char *msgid, const char *plural, unsigned long n);

/* The application's conversion of a rendered page's text for r's
 * language (the 繁體 pages, app/hant.c), done by page_render after the
 * templates and before the charset, so that the byte budget is measured
 * on, and the charset encodes, the text the phone gets.  Set once at
 * start-up; none by default. */
typedef void (*page_convert_fn)(const struct req *r, struct buf *out);
void page_set_convert(page_convert_fn fn);

/* Render r's page with set (templates of r's dialect) for status into
 * out: 0, or -1 after logging when a template failed. */
int page_render(const struct tpl_set *set, struct req *r, int status, struct buf *out);

/* The rendered page (UTF-8) converted to the charset it goes out in
 * (r->caps.charset), its XML declaration or meta charset relabelled: the
 * last step of page_render, so every byte count (the budget, the pager's
 * overhead) is of the bytes the phone receives.  Characters the charset
 * lacks become numeric character references.  0, or -1 when iconv has no
 * converter.  Nothing to do for UTF-8. */
int page_encode(struct req *r, struct buf *out);

/* Bytes of the page as it would be rendered now (0 if it fails). */
size_t page_render_size(const struct tpl_set *set, struct req *r);

#endif
