/* home.c - the portal's front door and /healthz. */
#include "core/common.h"
#include "pages/intl.h"
#include "pages/pages.h"
#include "pages/section.h"
#include "pages/util.h"
#include "render/dialect.h"
#include "render/view.h"
#include "store/news.h"
#include "store/store.h"

int page_home(struct req *r)
{
	if (page_foreign(r)) /* the English, French, Japanese, Korean versions */
		return page_intl_home(r);
	struct store *st = req_store(r);
	const struct dialect *d = dialect_of(r->caps.profile);
	struct place_row *cols;
	size_t ncols;
	if (news_top_columns(st, &cols, &ncols) != 0)
		return 500;
	for (size_t i = 0; i < ncols; i++) {
		struct view *c = view_add(r->view, "sections");
		view_set(c, "name", cols[i].name);
		section_link(r, c, "url", cols[i].id, cols[i].name);
		page_accesskey(c, i);
	}
	place_rows_free(cols, ncols);

	struct article_row *arts;
	size_t narts;
	if (news_latest_articles(st, d->lists.headlines, &arts, &narts) != 0)
		return 500;
	page_search_form(r, "");
	req_link(r, r->view, "new_url", "/messages/new");
	req_link(r, r->view, "lookup_url", "/messages/lookup");
	req_link(r, r->view, "news_url", "/news");
	r->title = T(r, "湖南省人民政府门户网站");
	r->tpl = "home";
	req_link(r, r->view, "feed_url", "/news/feed.atom");
	view_set(r->view, "feed_title", T(r, "最新要闻"));
	page_fit_headlines(r, arts, narts);
	article_rows_free(arts, narts);
	return 200;
}

int page_healthz(struct req *r)
{
	r->no_store = true;
	const char *why = store_fault(req_store(r));
	if (why) {
		log_error("healthz: %s", why);
		return req_fail(r, 503, T(r, "数据库暂时无法使用。"));
	}
	r->text = "ok\n";
	return 200;
}
