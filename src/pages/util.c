#include "core/common.h"
#include "app/app.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "http/req.h"
#include "pages/util.h"
#include "store/messages.h"
#include "store/news.h"
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
	/* The API's and the feeds' form of the same time (ISO 8601). */
	char iso[40], name[64];
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
	snprintf(name, sizeof name, "%s_iso", key);
	view_set(v, name, iso);
}

struct view *page_add_article(struct req *r, struct view *v, const char *key, const struct article_row *a)
{
	struct view *row = view_add(v, key);
	view_set(row, "title", a->title);
	view_set(row, "column", a->column_name);
	page_set_date(row, "date", a->published_at);
	req_link(r, row, "url", "/news/%lld", (long long)a->id);
	return row;
}

void page_fit_headlines(struct req *r, const struct article_row *arts, size_t narts)
{
	const struct dialect *d = dialect_of(r->caps.profile);
	for (size_t n = narts;; n--) {
		view_set(r->view, "headlines", NULL);
		for (size_t i = 0; i < n; i++)
			page_add_article(r, r->view, "headlines", &arts[i]);
		if (n == 0 || d->budget_gzip || req_render_size(r) <= r->caps.budget)
			break;
	}
}

void page_add_breadcrumb(struct req *r, int64_t column)
{
	struct place_row *path;
	size_t n;
	if (news_column_path(req_store(r), column, &path, &n) != 0)
		return;
	page_add_places(r, r->view, "crumbs", path, n, "/news/c/%lld");
	place_rows_free(path, n);
}

const char *page_header(const void *r, const char *name)
{
	return req_header(r, name);
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

/* How text is sent: escaped for the dialect, in the page's charset. */
struct text_out {
	enum esc_dialect esc;
	enum charset cs;
};

static size_t measure_text(const char *s, size_t n, void *ctx)
{
	const struct text_out *to = ctx;
	size_t len = esc_text_len(to->esc, s, n);
	/* Escapes are ASCII, one byte in every charset: only the other
	 * characters change size (2 bytes for a Chinese one in GBK or Big5,
	 * 3 in UTF-8, a reference for one the charset lacks). */
	if (to->cs != CHARSET_UTF8)
		len = len - n + charset_len(to->cs, s, n);
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

/* Bytes a page takes without its text, with the widest pagination it can
 * have, as it would be on the entry URL (no query: the dialect switches
 * in the layout repeat the query, so measuring with it would make the
 * pieces depend on how the page was reached), and with the ?view= choice
 * carried in every link where the dialect carries it (the wider of the
 * two ways in, so that the pieces are the same either way). */
static size_t measure_overhead(struct req *r, const char *list_key, const char *base, bool first)
{
	struct form saved = r->query;
	bool from_param = r->caps.from_param;
	memset(&r->query, 0, sizeof r->query);
	r->caps.from_param = dialect_of(r->caps.profile)->view_in_links;
	view_set_bool(r->view, "first_piece", first);
	view_set_bool(r->view, "later_piece", !first);
	struct view *probe = view_add(r->view, list_key);
	view_set(probe, "text", "");
	page_set_pagination(r, base, "p", 500, 999);
	size_t overhead = req_render_size(r);
	view_set(r->view, list_key, NULL);
	view_set(r->view, "pager", NULL);
	r->query = saved;
	r->caps.from_param = from_param;
	return overhead;
}

/* How full a piece must be before a paragraph (else sentence, clause...)
 * end may close it: decks are for text. */
#define PIECE_FILL 80

/* What the switch links can add on a later piece: "p=NNN&amp;" in each. */
#define QUERY_SLACK 40

static size_t text_room(struct req *r, size_t overhead)
{
	size_t budget = r->caps.budget;
	size_t room = budget > overhead + QUERY_SLACK ? budget - overhead - QUERY_SLACK : 0;
	if (room < 120) {
		log_warn("%s: only %zu bytes left for text in a %zu-byte budget", r->path, room, budget);
		room = 120;
	}
	return room;
}

int page_split_body(struct req *r, const char *text, size_t len, const char *list_key,
		    const char *base, long p)
{
	if (dialect_of(r->caps.profile)->whole_text) {
		if (p != 1)
			return req_fail(r, 404, T(r, "没有这一页。"));
		view_set_bool(r->view, "first_piece", true);
		add_paragraphs(r->view, list_key, text, len);
		return 200;
	}
	struct text_out d = { dialect_of(r->caps.profile)->esc, r->caps.charset };

	/* The first piece carries the headline, the others only text: cut the
	 * first piece to its room, then the rest to theirs.  The cuts depend
	 * only on the text, the profile and the charset (bytes are counted as
	 * sent), never on the piece asked for. */
	size_t room_first = text_room(r, measure_overhead(r, list_key, base, true));
	size_t room_rest = text_room(r, measure_overhead(r, list_key, base, false));
	struct pager first, rest = { 0 };
	if (pager_split_fill(text, len, room_first, PIECE_FILL, measure_text, &d, &first) != 0)
		return 500;
	size_t first_len = first.pieces[0].len;
	if (first.n > 1 && pager_split_fill(text + first_len, len - first_len, room_rest, PIECE_FILL, measure_text, &d, &rest) != 0) {
		pager_release(&first);
		return 500;
	}
	pager_release(&first);
	long pages = 1 + (long)rest.n;
	if (p > pages) {
		pager_release(&rest);
		return req_fail(r, 404, T(r, "没有这一页。"));
	}
	/* Later pieces carry neither the headline nor (in the compact
	 * dialect) the dialect switches: the deck is for the text. */
	view_set_bool(r->view, "first_piece", p == 1);
	view_set_bool(r->view, "later_piece", p > 1);
	if (p == 1)
		add_paragraphs(r->view, list_key, text, first_len);
	else
		add_paragraphs(r->view, list_key, text + first_len + rest.pieces[p - 2].off, rest.pieces[p - 2].len);
	pager_release(&rest);
	page_set_pagination(r, base, "p", p, pages);
	return 200;
}

void page_search_form(struct req *r, const char *q)
{
	req_link(r, r->view, "search_action", "/services/search");
	req_link(r, r->view, "probe_link", "/");
	const char *probe = view_get(r->view, "probe_link");
	view_set_bool(r->view, "carry_wml", probe && strstr(probe, "view=wml") != NULL);
	view_set(r->view, "probe_link", NULL);
	/* A region carried in links travels as a field too. */
	const char *region = dialect_of(r->caps.profile)->region_in_links ? req_param(r, REQ_REGION_PARAM) : NULL;
	if (region && strspn(region, "0123456789") == strlen(region) && *region && strlen(region) < 10)
		view_set(r->view, "carry_r", region);
	view_set(r->view, "q", q ? q : "");
}

void page_accesskey(struct view *item, size_t i)
{
	if (i < 9)
		view_set_int(item, "key", (long long)i + 1);
}

int page_list_size(struct req *r, int n)
{
	const struct dialect *d = dialect_of(r->caps.profile);
	if (!d->view_in_links && !d->region_in_links)
		return n;
	struct view *probe = view_new();
	req_link(r, probe, "u", "/services");
	const char *u = view_get(probe, "u");
	int carried = (strstr(u, "view=") != NULL) + (strstr(u, REQ_REGION_PARAM "=") != NULL);
	view_free(probe);
	return n - carried > 1 ? n - carried : 1;
}

static struct view *add_places(struct req *r, struct view *v, const char *key, const struct place_row *rows,
			       size_t n, const char *url_fmt, bool keys)
{
	struct view *e = NULL;
	for (size_t i = 0; i < n; i++) {
		e = view_add(v, key);
		view_set(e, "name", rows[i].name);
		req_link(r, e, "url", url_fmt, (long long)rows[i].id);
		if (keys)
			page_accesskey(e, i);
	}
	return e;
}

struct view *page_add_places(struct req *r, struct view *v, const char *key,
			     const struct place_row *rows, size_t n, const char *url_fmt)
{
	return add_places(r, v, key, rows, n, url_fmt, false);
}

void page_add_menu(struct req *r, struct view *v, const char *key,
		   const struct place_row *rows, size_t n, const char *url_fmt)
{
	add_places(r, v, key, rows, n, url_fmt, true);
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
		return req_fail(r, 400, T(r, "页码格式不正确。"));
	return 0;
}

const char *page_message_state(const struct req *r, const struct msg_row *m)
{
	if (strcmp(m->state, "rejected") == 0)
		return T(r, "未予公开");
	if (m->replies > 0)
		return strcmp(m->state, "published") == 0 ? T(r, "已答复，已公开") : T(r, "已答复");
	return strcmp(m->state, "published") == 0 ? T(r, "已公开，办理中") : T(r, "待处理");
}

void page_shorten(struct view *v, const char *key, const char *name, int max)
{
	size_t len = strlen(name), i = 0;
	int chars = 0;
	while (i < len && chars < max) {
		uint32_t cp;
		i += utf8_next(name + i, len - i, &cp);
		chars++;
	}
	if (i >= len) {
		view_set(v, key, name);
		return;
	}
	/* Cut one character earlier to make room for the ellipsis. */
	size_t cut = 0, k = 0;
	for (int c = 0; c < max - 1; c++) {
		uint32_t cp;
		k += utf8_next(name + k, len - k, &cp);
		cut = k;
	}
	char *s = xasprintf("%.*s…", (int)cut, name);
	view_set(v, key, s);
	free(s);
}
