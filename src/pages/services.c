/* services.c - online service lookup (网上办事): /services, regions,
 * units, topics, the guide of one item, and search. */
#include "core/common.h"
#include "pages/pages.h"
#include "pages/region.h"
#include "pages/section.h"
#include "pages/util.h"
#include "render/esc.h"
#include "render/pager.h"
#include "render/view.h"
#include "store/fts_zh.h"
#include "store/news.h"
#include "store/services.h"
#include "store/textnorm.h"

/* List sizes per profile (HTML, XHTML-MP, WML): a WML deck holds about
 * 1,400 bytes with the layout, so 5-6 short lines. */
static const int entry_size[] = { 40, 20, 8 };
static const int item_size[] = { 30, 20, 9 };
/* Search results show the department too (WML: "name unit" per line). */
static const int result_size[] = { 30, 20, 5 };
/* Longest item name shown in a WML list, in characters. */
#define WML_NAME_CHARS 14

/* Longest department name beside a WML search result, in characters. */
#define WML_UNIT_CHARS 10

/* view[key] = name, cut to max characters with "…" when longer. */
static void shorten(struct view *v, const char *key, const char *name, int max)
{
	size_t len = strlen(name), i = 0;
	int chars = 0;
	while (i < len && chars < max) {
		uint32_t cp;
		i += textnorm_utf8_next(name + i, len - i, &cp);
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
		k += textnorm_utf8_next(name + k, len - k, &cp);
		cut = k;
	}
	char *s = xasprintf("%.*s…", (int)cut, name);
	view_set(v, key, s);
	free(s);
}

/* view[key] = name, shortened to WML_NAME_CHARS characters with "…" in WML. */
static void set_name(struct req *r, struct view *v, const char *key, const char *name)
{
	if (r->caps.profile != PROFILE_WML) {
		view_set(v, key, name);
		return;
	}
	shorten(v, key, name, WML_NAME_CHARS);
}


/* Every services page links back to the entry page and shows my region;
 * 0, or the status of an answer to a bad region choice. */
static int services_init(struct req *r, int64_t *my)
{
	int status = 0;
	*my = page_my_region(r, &status);
	if (*my < 0)
		return status;
	req_link(r, r->view, "services_url", "/services");
	section_add(r, SECTION_SERVICES, "/services");
	return 0;
}

/* A positive id from the query, 0 when absent; false when malformed. */
static bool id_param(struct req *r, const char *name, int64_t *out)
{
	const char *s = req_param(r, name);
	*out = 0;
	if (!s || !*s)
		return true;
	long v;
	if (!pager_parse_page(s, &v))
		return false;
	*out = v;
	return true;
}

static void add_region_crumbs(struct req *r, int64_t region)
{
	struct svc_entry *path;
	size_t n;
	struct view *c = view_add(r->view, "crumbs");
	view_set(c, "name", "网上办事");
	req_link(r, c, "url", "/services");
	if (region <= 0 || svc_region_path(req_store(r), region, &path, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		c = view_add(r->view, "crumbs");
		view_set(c, "name", path[i].name);
		req_link(r, c, "url", "/services/region/%lld", (long long)path[i].id);
	}
	svc_entries_free(path, n);
}

static void add_item_rows(struct req *r, struct svc_item_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct view *it = view_add(r->view, "items");
		set_name(r, it, "name", rows[i].name);
		view_set(it, "unit", rows[i].unit_name);
		view_set(it, "region", rows[i].region_name);
		req_link(r, it, "url", "/services/%lld", (long long)rows[i].id);
		page_accesskey(it, i);
	}
	view_set_bool(r->view, "has_items", n > 0);
}

static void add_topics(struct req *r, int64_t region)
{
	struct svc_entry *t;
	size_t n;
	if (svc_topics(req_store(r), &t, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct view *tv = view_add(r->view, "topics");
		view_set(tv, "name", t[i].name);
		if (region > 0)
			req_link(r, tv, "url", "/services/topic/%lld?region=%lld", (long long)t[i].id, (long long)region);
		else
			req_link(r, tv, "url", "/services/topic/%lld", (long long)t[i].id);
	}
	svc_entries_free(t, n);
}

/* view.topics_url: the 公共服务 section's page, which lists the topics. */
static void topics_link(struct req *r)
{
	struct column_row *cols;
	size_t n;
	if (news_top_columns(req_store(r), &cols, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (strcmp(cols[i].name, SECTION_PUBLIC) == 0)
			section_link(r, r->view, "topics_url", cols[i].id, cols[i].name);
	column_rows_free(cols, n);
}

int page_services(struct req *r)
{
	int64_t my;
	int init = services_init(r, &my);
	if (init)
		return init;
	struct store *st = req_store(r);
	struct svc_entry *kids;
	size_t n;
	if (svc_region_children(st, 1, &kids, &n) != 0)
		return 500;
	struct view *p = view_add(r->view, "regions");
	view_set(p, "name", "省直");
	req_link(r, p, "url", "/services/region/1");
	req_link(r, r->view, "province_url", "/services/region/1");
	for (size_t i = 0; i < n; i++) {
		struct view *c = view_add(r->view, "regions");
		view_set(c, "name", kids[i].name);
		req_link(r, c, "url", "/services/region/%lld", (long long)kids[i].id);
	}
	svc_entries_free(kids, n);
	/* WML has no room for the topics beside the cities: they are on the
	 * 公共服务 page. */
	if (r->caps.profile == PROFILE_WML)
		topics_link(r);
	else
		add_topics(r, 0);
	page_search_form(r, NULL);
	view_set_bool(r->view, "on_section_page", true);
	r->title = "网上办事";
	r->tpl = "services";
	return 200;
}

int page_services_region(struct req *r)
{
	int64_t my;
	int init = services_init(r, &my);
	if (init)
		return init;
	int64_t id;
	long page;
	if (!req_arg_id(r, 0, &id))
		return req_fail(r, 400, "地区编号格式不正确。");
	if (!page_param(r, "page", &page))
		return req_fail(r, 400, "页码格式不正确。");
	struct store *st = req_store(r);
	struct svc_entry reg;
	int found = svc_region(st, id, &reg);
	if (found < 0)
		return 500;
	if (found == 0)
		return req_fail(r, 404, "没有这个地区。");
	view_set(r->view, "region", reg.name);
	if (id != my)
		page_choose_region_link(r, "choose_url", id);
	add_region_crumbs(r, reg.parent_id);
	if (reg.parent_id)
		req_link(r, r->view, "parent_url", "/services/region/%lld", (long long)reg.parent_id);
	else
		req_link(r, r->view, "parent_url", "/services");

	/* One list, paginated: the regions below, then this region's units. */
	struct svc_entry *kids = NULL, *units = NULL;
	size_t nk = 0, nu = 0;
	int64_t nunits = svc_region_unit_count(st, id);
	if (nunits < 0 || svc_region_children(st, id, &kids, &nk) != 0) {
		svc_entry_release(&reg);
		return 500;
	}
	int per = page_list_size(r, entry_size[r->caps.profile]);
	int64_t total = (int64_t)nk + nunits;
	long pages = pager_page_count((long)total, per);
	if (page > pages) {
		svc_entries_free(kids, nk);
		svc_entry_release(&reg);
		return req_fail(r, 404, "没有这一页。");
	}
	int64_t first = (int64_t)(page - 1) * per, last = first + per; /* [first, last) */
	for (int64_t i = first; i < last && i < (int64_t)nk; i++) {
		struct view *c = view_add(r->view, "regions");
		page_accesskey(c, (size_t)(i - first));
		view_set(c, "name", kids[i].name);
		req_link(r, c, "url", "/services/region/%lld", (long long)kids[i].id);
	}
	view_set_bool(r->view, "has_regions", first < (int64_t)nk);
	int64_t uoff = first > (int64_t)nk ? first - (int64_t)nk : 0;
	int ulimit = (int)(last - ((int64_t)nk > first ? (int64_t)nk : first));
	if (ulimit > 0 && svc_region_units(st, id, uoff, ulimit, &units, &nu) != 0) {
		svc_entries_free(kids, nk);
		svc_entry_release(&reg);
		return 500;
	}
	for (size_t i = 0; i < nu; i++) {
		struct view *u = view_add(r->view, "units");
		page_accesskey(u, view_list_len(r->view, "regions") + i);
		set_name(r, u, "name", units[i].name);
		view_set_int(u, "count", units[i].count);
		req_link(r, u, "url", "/services/unit/%lld", (long long)units[i].id);
	}
	view_set_bool(r->view, "has_units", nu > 0);
	view_set_bool(r->view, "empty", total == 0);
	view_set_int(r->view, "unit_count", nunits);
	if (r->caps.profile != PROFILE_WML)
		add_topics(r, id);
	char base[64];
	snprintf(base, sizeof base, "/services/region/%lld", (long long)id);
	page_set_pagination(r, base, "page", page, pages);
	svc_entries_free(kids, nk);
	svc_entries_free(units, nu);
	svc_entry_release(&reg);
	r->title = view_get(r->view, "region");
	r->tpl = "services_region";
	return 200;
}

int page_services_unit(struct req *r)
{
	int64_t my;
	int init = services_init(r, &my);
	if (init)
		return init;
	int64_t id;
	long page;
	if (!req_arg_id(r, 0, &id))
		return req_fail(r, 400, "部门编号格式不正确。");
	if (!page_param(r, "page", &page))
		return req_fail(r, 400, "页码格式不正确。");
	struct store *st = req_store(r);
	struct svc_unit u;
	int found = svc_unit(st, id, &u);
	if (found < 0)
		return 500;
	if (found == 0)
		return req_fail(r, 404, "没有这个部门。");
	view_set(r->view, "unit", u.name);
	view_set(r->view, "region", u.region_name);
	view_set(r->view, "address", u.address);
	view_set(r->view, "phone", u.phone);
	req_link(r, r->view, "region_url", "/services/region/%lld", (long long)u.region_id);
	if (r->caps.profile != PROFILE_WML)
		add_region_crumbs(r, u.region_id);
	int per = page_list_size(r, item_size[r->caps.profile]);
	int64_t total = svc_unit_item_count(st, id);
	long pages = pager_page_count((long)total, per);
	struct svc_item_row *rows;
	size_t n;
	if (total < 0) {
		svc_unit_release(&u);
		return 500;
	}
	if (page > pages) {
		svc_unit_release(&u);
		return req_fail(r, 404, "没有这一页。");
	}
	if (svc_unit_items(st, id, (int64_t)(page - 1) * per, per, &rows, &n) != 0) {
		svc_unit_release(&u);
		return 500;
	}
	add_item_rows(r, rows, n);
	svc_item_rows_free(rows, n);
	view_set_int(r->view, "count", total);
	char base[64];
	snprintf(base, sizeof base, "/services/unit/%lld", (long long)id);
	page_set_pagination(r, base, "page", page, pages);
	svc_unit_release(&u);
	r->title = view_get(r->view, "unit");
	r->tpl = "services_unit";
	return 200;
}

int page_services_topic(struct req *r)
{
	int64_t my;
	int init = services_init(r, &my);
	if (init)
		return init;
	int64_t id, region;
	long page;
	if (!req_arg_id(r, 0, &id))
		return req_fail(r, 400, "主题编号格式不正确。");
	if (!page_param(r, "page", &page))
		return req_fail(r, 400, "页码格式不正确。");
	if (!id_param(r, "region", &region))
		return req_fail(r, 400, "地区编号格式不正确。");
	/* My region narrows the list unless the link names a region. */
	bool mine = !req_param(r, "region") && my > 0;
	if (mine)
		region = my;
	struct store *st = req_store(r);
	struct svc_entry t, reg = { 0 };
	int found = svc_topic(st, id, &t);
	if (found < 0)
		return 500;
	if (found == 0)
		return req_fail(r, 404, "没有这个主题。");
	if (region > 0) {
		found = svc_region(st, region, &reg);
		if (found <= 0) {
			svc_entry_release(&t);
			return found < 0 ? 500 : req_fail(r, 404, "没有这个地区。");
		}
		view_set(r->view, "region", reg.name);
		if (mine || my > 0)
			req_link(r, r->view, "all_regions_url", "/services/topic/%lld?region=1", (long long)id);
		else
			req_link(r, r->view, "all_regions_url", "/services/topic/%lld", (long long)id);
	}
	view_set(r->view, "topic", t.name);
	svc_entry_release(&t);

	/* Narrowing: the regions below the current one (the cities when none). */
	if (r->caps.profile != PROFILE_WML) {
		struct svc_entry *kids;
		size_t nk;
		if (svc_region_children(st, region > 0 ? region : 1, &kids, &nk) == 0) {
			for (size_t i = 0; i < nk; i++) {
				struct view *c = view_add(r->view, "narrow");
				view_set(c, "name", kids[i].name);
				req_link(r, c, "url", "/services/topic/%lld?region=%lld", (long long)id, (long long)kids[i].id);
			}
			view_set_bool(r->view, "has_narrow", nk > 0);
			svc_entries_free(kids, nk);
		}
	}
	svc_entry_release(&reg);

	int per = page_list_size(r, item_size[r->caps.profile]);
	int64_t total = svc_topic_item_count(st, id, region);
	if (total < 0)
		return 500;
	long pages = pager_page_count((long)total, per);
	if (page > pages)
		return req_fail(r, 404, "没有这一页。");
	struct svc_item_row *rows;
	size_t n;
	if (svc_topic_items(st, id, region, (int64_t)(page - 1) * per, per, &rows, &n) != 0)
		return 500;
	add_item_rows(r, rows, n);
	svc_item_rows_free(rows, n);
	view_set_int(r->view, "count", total);
	char base[96];
	if (region > 0)
		snprintf(base, sizeof base, "/services/topic/%lld?region=%lld", (long long)id, (long long)region);
	else
		snprintf(base, sizeof base, "/services/topic/%lld", (long long)id);
	page_set_pagination(r, base, "page", page, pages);
	r->title = view_get(r->view, "topic");
	r->tpl = "services_topic";
	return 200;
}

/* --- search ---------------------------------------------------------------- */

static void add_segment(const char *s, size_t n, bool hit, void *ctx)
{
	struct view *seg = view_add(ctx, "name_parts");
	view_setn(seg, "text", s, n);
	view_set_bool(seg, "hit", hit);
}

/* Grouped results look at this many best hits (svc_search's limit). */
#define GROUP_WINDOW 200

/* One result row: row is the item shown, hit the search hit it stands for
 * (the same, or the hit of its group); others the regions beyond it. */
static void add_result(struct req *r, const struct svc_item_row *row, const struct svc_item_row *hit,
		       const struct svc_results *res, int64_t others, const char *others_url)
{
	struct view *it = view_add(r->view, "items");
	page_accesskey(it, view_list_len(r->view, "items") - 1);
	set_name(r, it, "name", row->name);
	if (r->caps.profile == PROFILE_HTML)
		svc_highlight(hit->name, strlen(hit->name), res->terms, res->nterms, add_segment, it);
	if (r->caps.profile == PROFILE_WML)
		shorten(it, "unit", row->unit_name, WML_UNIT_CHARS);
	else
		view_set(it, "unit", row->unit_name);
	view_set(it, "region", row->region_name);
	req_link(r, it, "url", "/services/%lld", (long long)row->id);
	if (others > 0) {
		view_set_int(it, "others", others);
		req_link(r, it, "others_url", "%s", others_url);
	}
}

/* The link listing every region's item of this name. */
static char *others_link(const char *name)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "/services/search?q=");
	esc_url_component(&b, name, strlen(name));
	buf_adds(&b, "&all=1&region=1");
	return buf_detach(&b);
}

/* The search's own link: the query and its filters, without the page. */
static char *search_base(const char *qv, bool grouped, int64_t region, int64_t topic)
{
	struct buf base = BUF_INIT;
	buf_adds(&base, "/services/search?q=");
	esc_url_component(&base, qv, strlen(qv));
	if (!grouped)
		buf_adds(&base, "&all=1");
	if (region > 0)
		buf_addf(&base, "&region=%lld", (long long)region);
	if (topic > 0)
		buf_addf(&base, "&topic=%lld", (long long)topic);
	return buf_detach(&base);
}

/* view.all_url: the same search over the whole province. */
static void set_all_url(struct req *r, const char *qv, int64_t topic)
{
	struct buf all = BUF_INIT;
	buf_adds(&all, "/services/search?q=");
	esc_url_component(&all, qv, strlen(qv));
	buf_adds(&all, "&region=1");
	if (topic > 0)
		buf_addf(&all, "&topic=%lld", (long long)topic);
	req_link(r, r->view, "all_url", "%s", buf_cstr(&all));
	buf_release(&all);
}

/* The most bytes one WML result row can take: a 14-character name, a
 * 10-character department, the link with the carried view and region,
 * "(另NNN地)" and the markup. */
#define WML_ROW_MAX 160

/* Rows per page.  A WML deck repeats the query in every link (the pager,
 * the dialect switches), so a long query leaves room for fewer rows; the
 * count depends only on the query and filters, never on the page, so the
 * pages stay consistent. */
static int result_rows(struct req *r, const char *qv, bool grouped, int64_t region, int64_t topic)
{
	int per = result_size[r->caps.profile];
	if (r->caps.profile != PROFILE_WML)
		return per;
	view_set(r->view, "total", "500+");
	view_set_bool(r->view, "has_items", true);
	view_set_bool(r->view, "more", true);
	view_set_int(r->view, "cap", SVC_COUNT_CAP);
	char *base = search_base(qv, grouped, region, topic);
	page_set_pagination(r, base, "page", 500, 999);
	free(base);
	size_t overhead = req_render_size(r);
	view_set(r->view, "pager", NULL);
	view_set(r->view, "has_items", NULL);
	view_set(r->view, "more", NULL);
	size_t room = r->caps.budget > overhead ? r->caps.budget - overhead : 0;
	int fit = (int)(room / WML_ROW_MAX);
	return fit < 1 ? 1 : fit < per ? fit : per;
}

/* The search, one row per service name: the item of my region (or the
 * nearest above it) when there is one, else the best hit, and how many
 * other regions offer it.  ?all=1 lists every hit instead. */
int page_services_search(struct req *r)
{
	int64_t my;
	int init = services_init(r, &my);
	if (init)
		return init;
	long page;
	int64_t region, topic;
	if (!page_param(r, "page", &page))
		return req_fail(r, 400, "页码格式不正确。");
	if (!id_param(r, "region", &region) || !id_param(r, "topic", &topic))
		return req_fail(r, 400, "筛选条件格式不正确。");
	const char *all_s = req_param(r, "all");
	bool grouped = !(all_s && strcmp(all_s, "1") == 0);
	/* My region narrows the search unless the link names a region. */
	bool mine = !req_param(r, "region") && my > 0 && my != 1;
	if (mine)
		region = my;
	const char *q = req_param(r, "q");
	struct store *st = req_store(r);
	/* Keep only valid UTF-8 of what was typed for the box and the links. */
	size_t qlen = q ? strlen(q) : 0;
	char *qv = q ? xstrndup(q, utf8_valid_prefix(q, qlen)) : xstrdup("");
	page_search_form(r, qv);
	r->title = "事项搜索";
	r->tpl = "services_search";
	if (mine)
		set_all_url(r, qv, topic);
	int per = result_rows(r, qv, grouped, region, topic);
	struct svc_search s = {
		.query = q, .region = region, .topic = topic,
		.offset = grouped ? 0 : (int64_t)(page - 1) * per, .limit = grouped ? GROUP_WINDOW : per,
	};
	struct svc_results res;
	if (svc_search(st, &s, &res) != 0) {
		free(qv);
		return 500;
	}
	int rc = 200;
	size_t *group_first = NULL, ngroups = 0;

	if (res.state != SVC_QUERY_OK) {
		view_set_bool(r->view, res.state == SVC_QUERY_EMPTY ? "q_empty" : "q_too_long", true);
		view_set_int(r->view, "max_chars", FTS_ZH_MAX_QUERY_CHARS);
		add_topics(r, region);
		goto out;
	}
	if (grouped) {
		/* Groups in the order of their best hit. */
		group_first = xcalloc(res.n ? res.n : 1, sizeof *group_first);
		for (size_t i = 0; i < res.n; i++) {
			size_t g = 0;
			while (g < ngroups && strcmp(res.rows[group_first[g]].name, res.rows[i].name) != 0)
				g++;
			if (g == ngroups)
				group_first[ngroups++] = i;
		}
	}
	long pages = pager_page_count(grouped ? (long)ngroups : (long)res.total, per);
	if (page > pages) {
		rc = req_fail(r, 404, "没有这一页。");
		goto out;
	}
	if (res.more) {
		view_setf(r->view, "total", "%lld+", (long long)res.total);
		view_set_bool(r->view, "more", true);
		view_set_int(r->view, "cap", SVC_COUNT_CAP);
	} else {
		view_set_int(r->view, "total", res.total);
	}
	if (grouped && ngroups)
		view_setf(r->view, "services", "%zu%s", ngroups, res.total > (int64_t)res.n ? "+" : "");
	view_set_bool(r->view, "no_results", res.total == 0);
	if (res.total == 0)
		add_topics(r, region);
	if (!grouped) {
		for (size_t i = 0; i < res.n; i++)
			add_result(r, &res.rows[i], &res.rows[i], &res, 0, NULL);
	} else {
		for (size_t g = (size_t)(page - 1) * per; g < ngroups && g < (size_t)page * per; g++) {
			const struct svc_item_row *hit = &res.rows[group_first[g]];
			struct svc_item_row near = { 0 };
			int found = my > 0 ? svc_item_named_near(st, hit->name, my, &near) : 0;
			if (found < 0) {
				rc = 500;
				goto out;
			}
			int64_t count = svc_name_count(st, hit->name);
			char *url = others_link(hit->name);
			add_result(r, found ? &near : hit, hit, &res, count > 1 ? count - 1 : 0, url);
			free(url);
			svc_item_row_release(&near);
		}
	}
	view_set_bool(r->view, "has_items", view_list_len(r->view, "items") > 0);

	char *base = search_base(qv, grouped, region, topic);
	page_set_pagination(r, base, "page", page, pages);
	free(base);
out:
	free(group_first);
	svc_results_release(&res);
	free(qv);
	return rc;
}

/* --- the guide --------------------------------------------------------------- */

/* The dialable part of a phone field: the first run of digits, '-' and
 * '+' (dashes dropped), or "" when it has fewer than 5 digits. */
static void dial_number(const char *phone, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = phone;
	while (*p && !(*p >= '0' && *p <= '9') && *p != '+')
		p++;
	for (; *p && n + 1 < cap; p++) {
		if ((*p >= '0' && *p <= '9') || (*p == '+' && n == 0))
			out[n++] = *p;
		else if (*p != '-' && *p != ' ')
			break;
	}
	out[n] = '\0';
	if (n < 5)
		out[0] = '\0';
}

struct field {
	const char *label;
	const char *text;
};

int page_service(struct req *r)
{
	int64_t my;
	int init = services_init(r, &my);
	if (init)
		return init;
	int64_t id;
	long p;
	if (!req_arg_id(r, 0, &id))
		return req_fail(r, 400, "事项编号格式不正确。");
	if (!page_param(r, "p", &p))
		return req_fail(r, 400, "页码格式不正确。");
	struct store *st = req_store(r);
	struct svc_item it;
	int found = svc_item(st, id, &it);
	if (found < 0)
		return 500;
	if (found == 0)
		return req_fail(r, 404, "该事项不存在或已取消。");

	view_set(r->view, "name", it.name);
	view_set(r->view, "kind", it.kind);
	view_set(r->view, "code", it.code);
	view_set(r->view, "unit", it.unit_name);
	view_set(r->view, "region", it.region_name);
	req_link(r, r->view, "unit_url", "/services/unit/%lld", (long long)it.unit_id);
	req_link(r, r->view, "region_url", "/services/region/%lld", (long long)it.region_id);
	if (r->caps.profile != PROFILE_WML)
		add_region_crumbs(r, it.region_id);
	/* The same service elsewhere. */
	int64_t count = svc_name_count(st, it.name);
	if (count > 1) {
		char *url = others_link(it.name);
		view_set_int(r->view, "others", count - 1);
		req_link(r, r->view, "others_url", "%s", url);
		free(url);
	}
	char num[32];
	dial_number(it.phone, num, sizeof num);
	if (*it.phone) {
		view_set(r->view, "phone", it.phone);
		if (*num)
			view_setf(r->view, "phone_url", "%s%s", r->caps.profile == PROFILE_WML ? "wtai://wp/mc;" : "tel:", num);
	}
	if (strncmp(it.online_url, "http://", 7) == 0 || strncmp(it.online_url, "https://", 8) == 0)
		view_set(r->view, "online_url", it.online_url);

	const struct field fields[] = {
		{ "办理依据", it.legal_basis }, { "申请条件", it.conditions }, { "申请材料", it.materials },
		{ "办理流程", it.procedure }, { "办理时限", it.time_limit }, { "收费标准", it.fees },
		{ "办理地点", it.place },
	};
	r->title = view_get(r->view, "name");
	r->tpl = "service";
	int rc = 200;
	if (r->caps.profile == PROFILE_HTML) {
		if (p != 1) {
			rc = req_fail(r, 404, "没有这一页。");
			goto out;
		}
		for (size_t k = 0; k < ARRAY_LEN(fields); k++) {
			if (!*fields[k].text)
				continue;
			struct view *f = view_add(r->view, "fields");
			view_set(f, "label", fields[k].label);
			const char *s = fields[k].text;
			while (*s) {
				size_t n = strcspn(s, "\n");
				if (n) {
					struct view *l = view_add(f, "lines");
					view_setn(l, "text", s, n);
				}
				s += n + (s[n] == '\n');
			}
		}
		goto out;
	}
	/* Phones: the whole guide as labelled paragraphs, split by the pager. */
	struct buf text = BUF_INIT;
	buf_addf(&text, "实施主体：%s（%s）\n事项类型：%s", it.unit_name, it.region_name, it.kind);
	for (size_t k = 0; k < ARRAY_LEN(fields); k++) {
		if (!*fields[k].text)
			continue;
		bool list = strchr(fields[k].text, '\n') != NULL;
		buf_addf(&text, "\n%s：%s%s", fields[k].label, list ? "\n" : "", fields[k].text);
	}
	char base[64];
	snprintf(base, sizeof base, "/services/%lld", (long long)id);
	rc = page_split_body(r, text.data, text.len, "paras", base, p);
	buf_release(&text);
out:
	svc_item_release(&it);
	return rc;
}
