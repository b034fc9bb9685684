/* news.c - the column tree and articles: /news, /news/c/ID, /news/ID. */
#include "core/common.h"
#include "pages/intl.h"
#include "pages/pages.h"
#include "render/dialect.h"
#include "pages/util.h"
#include "render/pager.h"
#include "render/view.h"
#include "store/news.h"
#include "store/news_edit.h"

/* Articles per list page: a WML deck has ~1,400 bytes for everything. */

int page_news_index(struct req *r)
{
	struct store *st = req_store(r);
	struct place_row *cols;
	size_t n;
	/* Each language version has its own tree (page_tree). */
	if (news_top_columns_in(st, page_tree(r), &cols, &n) != 0)
		return 500;
	for (size_t i = 0; i < n; i++) {
		struct view *c = page_add_places(r, r->view, "sections", cols + i, 1, "/news/c/%lld");
		/* Smartphones see the second level too; phones go one step at a time. */
		if (dialect_of(r->caps.profile)->rich) {
			struct place_row *kids;
			size_t nk;
			if (news_column_children(st, cols[i].id, &kids, &nk) == 0) {
				page_add_places(r, c, "children", kids, nk, "/news/c/%lld");
				place_rows_free(kids, nk);
			}
		}
	}
	place_rows_free(cols, n);
	r->title = T(r, "政务公开与资讯");
	r->tpl = "news_index";
	return 200;
}

/* A column page's article rows.  Where the budget counts markup, long
 * titles are shortened step by step until the page fits: the rows stay
 * the same, so page N lists the same articles on every phone. */
static void add_column_articles(struct req *r, const struct article_row *arts, size_t na, size_t nk)
{
	const struct dialect *d = dialect_of(r->caps.profile);
	/* Whole titles, then at most 26, 21, 16, 11 characters. */
	for (int max = 0; max == 0 || max > 10; max = max ? max - 5 : 26) {
		view_set(r->view, "articles", NULL);
		for (size_t i = 0; i < na; i++) {
			struct view *a = view_add(r->view, "articles");
			if (max)
				page_shorten(a, "title", arts[i].title, max);
			else
				view_set(a, "title", arts[i].title);
			page_set_date(a, "date", arts[i].published_at);
			req_link(r, a, "url", "/news/%lld", (long long)arts[i].id);
			page_accesskey(a, nk + i);
		}
		if (d->budget_gzip || req_render_size(r) <= r->caps.budget)
			return;
	}
}

/* A column of the Chinese tree, or of a foreign version's (foreign: no
 * feed, and its top columns lead back to its home page). */
static int column_page(struct req *r, bool foreign)
{
	int64_t id;
	long page;
	int rc = page_id_and_number(r, &id, T(r, "栏目编号格式不正确。"), "page", &page);
	if (rc)
		return rc;
	struct store *st = req_store(r);
	struct place_row col;
	/* Another version's column is not found here (no mixing). */
	rc = page_found(r, news_column_in(st, page_tree(r), id, &col), T(r, "该栏目不存在或已撤销。"));
	if (rc)
		return rc;

	view_set(r->view, "column", col.name);
	if (!foreign) {
		req_link(r, r->view, "feed_url", "/news/c/%lld/feed.atom", (long long)id);
		view_set(r->view, "feed_title", col.name);
	}
	page_add_breadcrumb(r, id);
	if (col.parent_id)
		req_link(r, r->view, "parent_url", "/news/c/%lld", (long long)col.parent_id);
	else
		req_link(r, r->view, "parent_url", foreign ? "/" : "/news");

	struct place_row *kids;
	size_t nk;
	if (news_column_children(st, id, &kids, &nk) != 0) {
		place_row_release(&col);
		return 500;
	}
	page_add_menu(r, r->view, "children", kids, nk, "/news/c/%lld");
	place_rows_free(kids, nk);
	view_set_bool(r->view, "has_children", nk > 0);

	int per = dialect_of(r->caps.profile)->lists.news;
	int64_t total = news_column_article_count(st, id);
	long pages = pager_page_count((long)total, per);
	if (page > pages) {
		place_row_release(&col);
		return req_fail(r, 404, T(r, "没有这一页。"));
	}
	struct article_row *arts;
	size_t na;
	if (news_column_articles(st, id, (int64_t)(page - 1) * per, per, &arts, &na) != 0) {
		place_row_release(&col);
		return 500;
	}
	view_set_bool(r->view, "has_articles", na > 0);
	view_set_bool(r->view, "empty", total == 0 && nk == 0);
	char base[64];
	snprintf(base, sizeof base, "/news/c/%lld", (long long)id);
	page_set_pagination(r, base, "page", page, pages);
	r->title = view_get(r->view, "column");
	r->tpl = "news_column";
	add_column_articles(r, arts, na, nk);
	article_rows_free(arts, na);
	place_row_release(&col);
	return 200;
}

int page_news_column(struct req *r)
{
	/* First: a negotiated foreign language may give way to 简体 here. */
	return column_page(r, page_foreign_column(r));
}

int page_intl_column(struct req *r)
{
	return column_page(r, true);
}

/* An article's page; with any, also an unpublished or scheduled one (the
 * staff preview of a draft). */
static int article_page(struct req *r, bool any)
{
	int64_t id;
	long p;
	int rc = page_id_and_number(r, &id, T(r, "文章编号格式不正确。"), "p", &p);
	if (rc)
		return rc;
	struct store *st = req_store(r);
	struct article_row a;
	/* Drafts are the Chinese tree's; otherwise the request's version's. */
	rc = page_found(r, any ? news_article_any(st, id, &a) : news_article_in(st, page_tree(r), id, &a),
			T(r, "该文章不存在或已删除。"));
	if (rc)
		return rc;

	view_set(r->view, "headline", a.title);
	view_set(r->view, "source", a.source);
	page_set_date(r->view, "date", a.published_at);
	view_set(r->view, "column", a.column_name);
	req_link(r, r->view, "column_url", "/news/c/%lld", (long long)a.column_id);
	if (!dialect_of(r->caps.profile)->compact)
		page_add_breadcrumb(r, a.column_id);
	int64_t newer, older;
	if (news_article_neighbours(st, &a, &newer, &older) == 0) {
		if (newer)
			req_link(r, r->view, "newer_url", "/news/%lld", (long long)newer);
		if (older)
			req_link(r, r->view, "older_url", "/news/%lld", (long long)older);
	}
	r->title = view_get(r->view, "headline");
	r->tpl = "article";

	char base[64];
	snprintf(base, sizeof base, "/news/%lld", (long long)id);
	rc = page_split_body(r, a.body, strlen(a.body), "paras", base, p);
	article_row_release(&a);
	return rc;
}

int page_article(struct req *r)
{
	(void)page_foreign_article(r); /* a negotiated foreign language may give way to 简体 */
	return article_page(r, false);
}

int page_article_draft(struct req *r)
{
	return article_page(r, true);
}
