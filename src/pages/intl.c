/* intl.c - the foreign versions' pages (see intl.h). */
#include "core/common.h"
#include "pages/intl.h"
#include "pages/pages.h"
#include "pages/util.h"
#include "render/dialect.h"
#include "render/esc.h"
#include "render/lang.h"
#include "render/langpick.h"
#include "render/page.h"
#include "render/pager.h"
#include "render/view.h"
#include "store/fts_zh.h"
#include "store/news.h"

bool page_foreign(const struct req *r)
{
	return !lang_of(r->lang)->chinese;
}

/* A negotiated foreign language giving way to 简体. */
static bool to_chinese(struct req *r)
{
	r->lang = LANG_ZH_HANS;
	r->lang_link = "";
	return false;
}

bool page_foreign_page(struct req *r)
{
	if (!page_foreign(r))
		return false;
	return r->lang_in_url ? true : to_chinese(r);
}

/* By id: a negotiated language keeps its page unless the id is the
 * Chinese tree's (found says whether it is, 1 found). */
static bool foreign_by_id(struct req *r, int found)
{
	if (!page_foreign(r))
		return false;
	if (r->lang_in_url || found != 1)
		return true;
	return to_chinese(r);
}

bool page_foreign_column(struct req *r)
{
	int64_t id;
	struct place_row c;
	int found = page_foreign(r) && !r->lang_in_url && req_arg_id(r, 0, &id) ? news_column(req_store(r), id, &c) : 0;
	if (found == 1)
		place_row_release(&c);
	return foreign_by_id(r, found);
}

bool page_foreign_article(struct req *r)
{
	int64_t id;
	struct article_row a;
	int found = page_foreign(r) && !r->lang_in_url && req_arg_id(r, 0, &id) ? news_article(req_store(r), id, &a) : 0;
	if (found == 1)
		article_row_release(&a);
	return foreign_by_id(r, found);
}

const char *page_tree(const struct req *r)
{
	const struct lang *l = lang_of(r->lang);
	return l->chinese ? NEWS_ZH : l->tag;
}

/* The pages of the Chinese portal a foreign version links to for what it
 * does not have (the service lookup, the messages): view.zh_url, the
 * same path under the prefix that chooses 简体, and view.hotline_url,
 * a call to 12345 (WTAI in WML, tel: elsewhere). */
static void link_chinese(struct req *r, const char *path)
{
	const struct dialect *d = dialect_of(r->caps.profile);
	struct buf b = BUF_INIT;
	buf_adds(&b, LANG_HANS_PREFIX);
	esc_url_path(&b, path);
	if (r->caps.from_param && d->view_in_links)
		buf_adds(&b, "?view=wml");
	view_setn(r->view, "zh_url", b.data, b.len);
	buf_release(&b);
	view_set(r->view, "hotline_url", strcmp(d->view, "wml") == 0 ? "wtai://wp/mc;12345" : "tel:12345");
}

int page_intl_home(struct req *r)
{
	struct store *st = req_store(r);
	const struct dialect *d = dialect_of(r->caps.profile);
	struct place_row *cols;
	size_t ncols;
	if (news_top_columns_in(st, page_tree(r), &cols, &ncols) != 0)
		return 500;
	for (size_t i = 0; i < ncols; i++) {
		struct view *c = view_add(r->view, "sections");
		view_set(c, "name", cols[i].name);
		req_link(r, c, "url", "/news/c/%lld", (long long)cols[i].id);
		page_accesskey(c, i);
	}
	/* The Chinese portal's service lookup, last: what it is, in the
	 * language, and that it is Chinese (the page it leads to says how). */
	struct view *c = view_add(r->view, "sections");
	view_set(c, "name", T(r, "办事服务（中文）"));
	req_link(r, c, "url", "/services");
	page_accesskey(c, ncols);
	place_rows_free(cols, ncols);

	struct article_row *arts;
	size_t narts;
	if (news_latest_articles_in(st, page_tree(r), d->lists.headlines, &arts, &narts) != 0)
		return 500;
	page_search_form(r, "");
	req_link(r, r->view, "new_url", "/messages/new");
	req_link(r, r->view, "lookup_url", "/messages/lookup");
	req_link(r, r->view, "news_url", "/news");
	r->title = T(r, "湖南省人民政府门户网站");
	r->tpl = "home";
	page_fit_headlines(r, arts, narts);
	article_rows_free(arts, narts);
	return 200;
}

/* GET /services/search?q=: the version's articles.  The service guides
 * are Chinese: the page says so and links to the Chinese search. */
int page_intl_search(struct req *r)
{
	long page;
	if (!page_param(r, "page", &page))
		return req_fail(r, 400, T(r, "页码格式不正确。"));
	const char *q = req_param(r, "q");
	q = q ? q : "";
	page_search_form(r, q);
	r->title = T(r, "搜索");
	r->tpl = "intl_search";
	link_chinese(r, "/services");
	req_link(r, r->view, "services_url", "/services");
	bool too_long = false;
	char *match = fts_zh_match_prefix(q, &too_long);
	if (too_long) {
		view_set_bool(r->view, "too_long", true);
		return 200;
	}
	if (!match)
		return 200; /* nothing to search: the form */
	view_set_bool(r->view, "searched", true);
	int per = dialect_of(r->caps.profile)->lists.news;
	struct article_row *arts;
	size_t n;
	int64_t total = news_search_in(req_store(r), page_tree(r), match, (int64_t)(page - 1) * per, per, &arts, &n);
	free(match);
	if (total < 0)
		return 500;
	long pages = pager_page_count((long)total, per);
	if (total > 0 && page > pages) {
		article_rows_free(arts, n);
		return req_fail(r, 404, T(r, "没有这一页。"));
	}
	for (size_t i = 0; i < n; i++)
		page_accesskey(page_add_article(r, r->view, "results", &arts[i]), i);
	article_rows_free(arts, n);
	view_set_int(r->view, "total", total);
	view_set_bool(r->view, "no_results", total == 0);
	struct buf base = BUF_INIT;
	buf_adds(&base, "/services/search?q=");
	esc_url_component(&base, q, strlen(q));
	page_set_pagination(r, base.data, "page", page, pages);
	buf_release(&base);
	return 200;
}

/* A Chinese-only part of the portal asked for in a foreign version:
 * what it is, that it is in Chinese, the Chinese page and the hotline. */
static int chinese_only(struct req *r, const char *title, const char *what, const char *how)
{
	r->title = title;
	r->tpl = "intl_notice";
	view_set(r->view, "heading", title);
	view_set(r->view, "what", what);
	view_set(r->view, "how", how);
	link_chinese(r, r->path);
	return 200;
}

int page_intl_services(struct req *r)
{
	return chinese_only(r, T(r, "办事服务"), T(r, "办事指南的查询只有中文版。"),
			    T(r, "在中文页面上可以按地区、部门和主题查找办事指南，也可以拨打12345政务服务便民热线咨询。"));
}

int page_intl_messages(struct req *r)
{
	return chinese_only(r, T(r, "互动交流"), T(r, "给政府写信和查询留言只有中文版。"),
			    T(r, "请用中文写信，或请会中文的朋友帮忙；也可以拨打12345政务服务便民热线。"));
}
