#include "core/common.h"
#include "app/app.h"
#include "core/tz.h"
#include "http/req.h"
#include "pages/util.h"
#include "store/store.h"
#include "render/dialect.h"
#include "render/esc.h"
#include "render/page.h"
#include "render/pager.h"
#include "render/view.h"

void page_set_date(struct view *v, const char *key, int64_t unix_time)
{
	struct tm tm;
	char s[16];
	tz_china_tm(unix_time, &tm);
	strftime(s, sizeof s, "%Y-%m-%d", &tm);
	view_set(v, key, s);
}

bool page_param(struct req *r, const char *name, long *out)
{
	const char *s = req_param(r, name);
	*out = 1;
	if (!s)
		return true;
	return pager_parse_page(s, out);
}

void page_set_pagination(struct req *r, const char *base, const char *name, long page, long pages)
{
	if (pages <= 1)
		return;
	struct view *pg = view_obj(r->view, "pager");
	view_set_int(pg, "page", page);
	view_set_int(pg, "pages", pages);
	char sep = strchr(base, '?') ? '&' : '?';
	if (page > 1) {
		if (page == 2)
			req_link(r, pg, "prev_url", "%s", base);
		else
			req_link(r, pg, "prev_url", "%s%c%s=%ld", base, sep, name, page - 1);
	}
	if (page < pages)
		req_link(r, pg, "next_url", "%s%c%s=%ld", base, sep, name, page + 1);
}

/* The markup a paragraph break costs in the templates: "</p>\n<p>". */
#define PARA_COST 8

static size_t measure_text(const char *s, size_t n, void *ctx)
{
	enum esc_dialect d = *(enum esc_dialect *)ctx;
	size_t len = esc_text_len(d, s, n);
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			len += PARA_COST;
	return len;
}

static void add_paragraphs(struct view *v, const char *key, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n;
		if (end > i) {
			struct view *pv = view_add(v, key);
			view_setn(pv, "text", s + i, end - i);
		}
		i = end + 1;
	}
}

int page_split_body(struct req *r, const char *text, size_t len, const char *list_key,
		    const char *base, long p)
{
	if (dialect_of(r->caps.profile)->whole_text) {
		if (p != 1)
			return req_fail(r, 404, "没有这一页。");
		add_paragraphs(r->view, list_key, text, len);
		return 200;
	}
	enum esc_dialect d = dialect_of(r->caps.profile)->compact ? ESC_WML : ESC_XHTMLMP;

	/* Measure the page without its text, with the widest pagination it
	 * can have, to learn what is left for the text. */
	struct view *probe = view_add(r->view, list_key);
	view_set(probe, "text", "");
	page_set_pagination(r, base, "p", 500, 999);
	size_t overhead = req_render_size(r);
	view_set(r->view, list_key, NULL);
	view_set(r->view, "pager", NULL);

	size_t budget = r->caps.budget;
	size_t room = budget > overhead + 16 ? budget - overhead - 16 : 0;
	if (room < 120) {
		log_warn("%s: only %zu bytes left for text in a %zu-byte budget", r->path, room, budget);
		room = 120;
	}
	struct pager pg;
	if (pager_split(text, len, room, measure_text, &d, &pg) != 0)
		return 500;
	long pages = pg.n ? (long)pg.n : 1;
	if (p > pages) {
		pager_release(&pg);
		return req_fail(r, 404, "没有这一页。");
	}
	if (pg.n)
		add_paragraphs(r->view, list_key, text + pg.pieces[p - 1].off, pg.pieces[p - 1].len);
	pager_release(&pg);
	page_set_pagination(r, base, "p", p, pages);
	return 200;
}

struct view *page_add_places(struct req *r, struct view *v, const char *key,
			     const struct place_row *rows, size_t n, const char *url_fmt)
{
	struct view *e = NULL;
	for (size_t i = 0; i < n; i++) {
		e = view_add(v, key);
		view_set(e, "name", rows[i].name);
		req_link(r, e, "url", url_fmt, (long long)rows[i].id);
	}
	return e;
}

int page_found(struct req *r, int found, const char *missing)
{
	if (found < 0)
		return 500;
	return found == 0 ? req_fail(r, 404, missing) : 0;
}

int page_id_and_number(struct req *r, int64_t *id, const char *bad_id, const char *name, long *number)
{
	if (!req_arg_id(r, 0, id))
		return req_fail(r, 400, bad_id);
	if (!page_param(r, name, number))
		return req_fail(r, 400, "页码格式不正确。");
	return 0;
}
