/* home.c - the portal's home page and /healthz. */
#include "core/common.h"
#include "pages/pages.h"
#include "pages/util.h"
#include "render/dialect.h"
#include "render/view.h"
#include "store/news.h"
#include "store/store.h"

int page_home(struct req *r)
{
	struct store *st = req_store(r);
	struct place_row *cols;
	size_t ncols;
	if (news_top_columns(st, &cols, &ncols) != 0)
		return 500;
	page_add_places(r, r->view, "sections", cols, ncols, "/news/c/%lld");
	place_rows_free(cols, ncols);

	struct article_row *arts;
	size_t narts;
	if (news_latest_articles(st, dialect_of(r->caps.profile)->lists.headlines, &arts, &narts) != 0)
		return 500;
	for (size_t i = 0; i < narts; i++) {
		struct view *a = view_add(r->view, "headlines");
		view_set(a, "title", arts[i].title);
		view_set(a, "column", arts[i].column_name);
		page_set_date(a, "date", arts[i].published_at);
		req_link(r, a, "url", "/news/%lld", (long long)arts[i].id);
	}
	article_rows_free(arts, narts);
	r->title = "湖南省人民政府门户网站";
	r->tpl = "home";
	return 200;
}

int page_healthz(struct req *r)
{
	r->no_store = true;
	const char *why = store_fault(req_store(r));
	if (why) {
		log_error("healthz: %s", why);
		return req_fail(r, 503, "数据库暂时无法使用。");
	}
	r->text = "ok\n";
	return 200;
}
