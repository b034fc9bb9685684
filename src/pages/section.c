/* section.c - the top sections: links to them, their landing page
 * (/section/ID) and the columns every page of a section shows. */
#include "core/common.h"
#include "pages/intl.h"
#include "pages/pages.h"
#include "pages/section.h"
#include "pages/util.h"
#include "render/dialect.h"
#include "render/view.h"
#include "store/news.h"
#include "store/services.h"

void section_link(struct req *r, struct view *v, const char *key, int64_t id, const char *name)
{
	if (strcmp(name, SECTION_SERVICES) == 0)
		req_link(r, v, key, "/services");
	else if (strcmp(name, SECTION_MESSAGES) == 0)
		req_link(r, v, key, "/messages");
	else if (strcmp(name, SECTION_PUBLIC) == 0)
		req_link(r, v, key, "/section/%lld", (long long)id);
	else
		req_link(r, v, key, "/news/c/%lld", (long long)id);
}

/* The top column named name, or 0. */
static int64_t section_id(struct req *r, const char *name)
{
	struct place_row *cols;
	size_t n;
	int64_t id = 0;
	if (news_top_columns(req_store(r), &cols, &n) != 0)
		return 0;
	for (size_t i = 0; i < n && !id; i++)
		if (strcmp(cols[i].name, name) == 0)
			id = cols[i].id;
	place_rows_free(cols, n);
	return id;
}

static void add_columns(struct req *r, int64_t id)
{
	struct place_row *kids;
	size_t n;
	if (news_column_children(req_store(r), id, &kids, &n) != 0)
		return;
	page_add_places(r, r->view, "section_columns", kids, n, "/news/c/%lld");
	view_set_bool(r->view, "has_section_columns", n > 0);
	place_rows_free(kids, n);
}

void section_add(struct req *r, const char *name, const char *url)
{
	view_set(r->view, "section_name", name);
	req_link(r, r->view, "section_url", "%s", url);
	int64_t id = section_id(r, name);
	if (!id)
		return;
	req_link(r, r->view, "section_page_url", "/section/%lld", (long long)id);
	/* The compact dialect has no room for the columns on every deck: it
	 * links to the section's page (section_page_url) instead. */
	if (!dialect_of(r->caps.profile)->compact)
		add_columns(r, id);
}

/* GET /section/ID: a section's landing page.  公共服务 shows the topic
 * guides of the service lookup, then the section's columns. */
int page_section(struct req *r)
{
	if (page_foreign_column(r)) /* the English, French, Japanese, Korean versions */
		return page_intl_column(r);
	int64_t id;
	if (!req_arg_id(r, 0, &id))
		return req_fail(r, 400, T(r, "栏目编号格式不正确。"));
	struct store *st = req_store(r);
	struct place_row col;
	int found = news_column(st, id, &col);
	if (found < 0)
		return 500;
	if (found == 0 || col.parent_id != 0) {
		place_row_release(&col);
		return req_fail(r, 404, T(r, "没有这个栏目。"));
	}
	view_set(r->view, "section", col.name);
	if (strcmp(col.name, SECTION_PUBLIC) == 0) {
		struct place_row *t;
		size_t n;
		if (svc_topics(st, &t, &n) != 0) {
			place_row_release(&col);
			return 500;
		}
		page_add_menu(r, r->view, "topics", t, n, "/services/topic/%lld");
		view_set_bool(r->view, "has_topics", n > 0);
		place_rows_free(t, n);
	}
	struct place_row *kids;
	size_t nk;
	if (news_column_children(st, id, &kids, &nk) != 0) {
		place_row_release(&col);
		return 500;
	}
	page_add_places(r, r->view, "columns", kids, nk, "/news/c/%lld");
	place_rows_free(kids, nk);
	req_link(r, r->view, "news_url", "/news/c/%lld", (long long)id);
	req_link(r, r->view, "services_url", "/services");
	r->title = view_get(r->view, "section");
	r->tpl = "section";
	place_row_release(&col);
	return 200;
}
