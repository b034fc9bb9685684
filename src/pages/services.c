/* services.c - online service lookup (网上办事): /services, regions,
 * units, topics, the guide of one item, and search. */
#include "core/common.h"
#include "core/utf8.h"
#include "pages/pages.h"
#include "pages/region.h"
#include "pages/section.h"
#include "pages/services_int.h"
#include "pages/util.h"
#include "render/dialect.h"
#include "render/esc.h"
#include "render/pager.h"
#include "render/view.h"
#include "store/fts_zh.h"
#include "store/news.h"
#include "store/services.h"
#include "text/textnorm.h"

/* Longest item name shown in a WML list, in characters. */
#define WML_NAME_CHARS 14

void services_set_name(struct req *r, struct view *v, const char *key, const char *name)
{
	if (!dialect_of(r->caps.profile)->compact) {
		view_set(v, key, name);
		return;
	}
	page_shorten(v, key, name, WML_NAME_CHARS);
}

int services_init(struct req *r, int64_t *my)
{
	int status = 0;
	*my = page_my_region(r, &status);
	if (*my < 0)
		return status;
	req_link(r, r->view, "services_url", "/services");
	section_add(r, SECTION_SERVICES, "/services");
	return 0;
}

bool services_id_param(struct req *r, const char *name, int64_t *out)
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
	struct place_row *path;
	size_t n;
	struct view *c = view_add(r->view, "crumbs");
	view_set(c, "name", "网上办事");
	req_link(r, c, "url", "/services");
	if (region <= 0 || svc_region_path(req_store(r), region, &path, &n) != 0)
		return;
	page_add_places(r, r->view, "crumbs", path, n, "/services/region/%lld");
	place_rows_free(path, n);
}

static void add_item_rows(struct req *r, struct svc_item_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct view *it = view_add(r->view, "items");
		services_set_name(r, it, "name", rows[i].name);
		view_set(it, "unit", rows[i].unit_name);
		view_set(it, "region", rows[i].region_name);
		req_link(r, it, "url", "/services/%lld", (long long)rows[i].id);
		page_accesskey(it, i);
	}
	view_set_bool(r->view, "has_items", n > 0);
}

void services_add_topics(struct req *r, int64_t region)
{
	struct place_row *t;
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
	place_rows_free(t, n);
}

/* view.topics_url: the 公共服务 section's page, which lists the topics. */
static void topics_link(struct req *r)
{
	struct place_row *cols;
	size_t n;
	if (news_top_columns(req_store(r), &cols, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++)
		if (strcmp(cols[i].name, SECTION_PUBLIC) == 0)
			section_link(r, r->view, "topics_url", cols[i].id, cols[i].name);
	place_rows_free(cols, n);
}

int page_services(struct req *r)
{
	int64_t my;
	int init = services_init(r, &my);
	if (init)
		return init;
	struct store *st = req_store(r);
	struct place_row *kids;
	size_t n;
	if (svc_region_children(st, 1, &kids, &n) != 0)
		return 500;
	struct view *p = view_add(r->view, "regions");
	view_set(p, "name", "省直");
	req_link(r, p, "url", "/services/region/1");
	req_link(r, r->view, "province_url", "/services/region/1");
	page_add_places(r, r->view, "regions", kids, n, "/services/region/%lld");
	place_rows_free(kids, n);
	/* The compact dialect has no room for the topics beside the cities:
	 * they are on the 公共服务 page. */
	if (dialect_of(r->caps.profile)->compact)
		topics_link(r);
	else
		services_add_topics(r, 0);
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
	int rc = page_id_and_number(r, &id, "地区编号格式不正确。", "page", &page);
	if (rc)
		return rc;
	struct store *st = req_store(r);
	struct place_row reg;
	rc = page_found(r, svc_region(st, id, &reg), "没有这个地区。");
	if (rc)
		return rc;
	view_set(r->view, "region", reg.name);
	if (id != my)
		page_choose_region_link(r, "choose_url", id);
	add_region_crumbs(r, reg.parent_id);
	if (reg.parent_id)
		req_link(r, r->view, "parent_url", "/services/region/%lld", (long long)reg.parent_id);
	else
		req_link(r, r->view, "parent_url", "/services");

	/* One list, paginated: the regions below, then this region's units. */
	struct place_row *kids = NULL, *units = NULL;
	size_t nk = 0, nu = 0;
	int64_t nunits = svc_region_unit_count(st, id);
	if (nunits < 0 || svc_region_children(st, id, &kids, &nk) != 0) {
		place_row_release(&reg);
		return 500;
	}
	int per = page_list_size(r, dialect_of(r->caps.profile)->lists.service_entries);
	int64_t total = (int64_t)nk + nunits;
	long pages = pager_page_count((long)total, per);
	if (page > pages) {
		place_rows_free(kids, nk);
		place_row_release(&reg);
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
		place_rows_free(kids, nk);
		place_row_release(&reg);
		return 500;
	}
	for (size_t i = 0; i < nu; i++) {
		struct view *u = view_add(r->view, "units");
		page_accesskey(u, view_list_len(r->view, "regions") + i);
		services_set_name(r, u, "name", units[i].name);
		view_set_int(u, "count", units[i].count);
		req_link(r, u, "url", "/services/unit/%lld", (long long)units[i].id);
	}
	view_set_bool(r->view, "has_units", nu > 0);
	view_set_bool(r->view, "empty", total == 0);
	view_set_int(r->view, "unit_count", nunits);
	if (!dialect_of(r->caps.profile)->compact)
		services_add_topics(r, id);
	char base[64];
	snprintf(base, sizeof base, "/services/region/%lld", (long long)id);
	page_set_pagination(r, base, "page", page, pages);
	place_rows_free(kids, nk);
	place_rows_free(units, nu);
	place_row_release(&reg);
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
	int rc = page_id_and_number(r, &id, "部门编号格式不正确。", "page", &page);
	if (rc)
		return rc;
	struct store *st = req_store(r);
	struct svc_unit u;
	rc = page_found(r, svc_unit(st, id, &u), "没有这个部门。");
	if (rc)
		return rc;
	view_set(r->view, "unit", u.name);
	view_set(r->view, "region", u.region_name);
	view_set(r->view, "address", u.address);
	view_set(r->view, "phone", u.phone);
	req_link(r, r->view, "region_url", "/services/region/%lld", (long long)u.region_id);
	if (!dialect_of(r->caps.profile)->compact)
		add_region_crumbs(r, u.region_id);
	int per = page_list_size(r, dialect_of(r->caps.profile)->lists.service_items);
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
	int rc = page_id_and_number(r, &id, "主题编号格式不正确。", "page", &page);
	if (rc)
		return rc;
	if (!services_id_param(r, "region", &region))
		return req_fail(r, 400, "地区编号格式不正确。");
	/* My region narrows the list unless the link names a region. */
	bool mine = !req_param(r, "region") && my > 0;
	if (mine)
		region = my;
	struct store *st = req_store(r);
	struct place_row t, reg = { 0 };
	rc = page_found(r, svc_topic(st, id, &t), "没有这个主题。");
	if (rc)
		return rc;
	if (region > 0) {
		rc = page_found(r, svc_region(st, region, &reg), "没有这个地区。");
		if (rc) {
			place_row_release(&t);
			return rc;
		}
		view_set(r->view, "region", reg.name);
		if (mine || my > 0)
			req_link(r, r->view, "all_regions_url", "/services/topic/%lld?region=1", (long long)id);
		else
			req_link(r, r->view, "all_regions_url", "/services/topic/%lld", (long long)id);
	}
	view_set(r->view, "topic", t.name);
	place_row_release(&t);

	/* Narrowing: the regions below the current one (the cities when none). */
	if (!dialect_of(r->caps.profile)->compact) {
		struct place_row *kids;
		size_t nk;
		if (svc_region_children(st, region > 0 ? region : 1, &kids, &nk) == 0) {
			for (size_t i = 0; i < nk; i++) {
				struct view *c = view_add(r->view, "narrow");
				view_set(c, "name", kids[i].name);
				req_link(r, c, "url", "/services/topic/%lld?region=%lld", (long long)id, (long long)kids[i].id);
			}
			view_set_bool(r->view, "has_narrow", nk > 0);
			place_rows_free(kids, nk);
		}
	}
	place_row_release(&reg);

	int per = page_list_size(r, dialect_of(r->caps.profile)->lists.service_items);
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

char *services_others_link(const char *name)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "/services/search?q=");
	esc_url_component(&b, name, strlen(name));
	buf_adds(&b, "&all=1&region=1");
	return buf_detach(&b);
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

/* Smartphones: every field of the guide, its lines as they are. */
static void add_fields(struct req *r, const struct field *fields, size_t nf)
{
	for (size_t k = 0; k < nf; k++) {
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
}

int page_service(struct req *r)
{
	int64_t my;
	int init = services_init(r, &my);
	if (init)
		return init;
	int64_t id;
	long p;
	int rc = page_id_and_number(r, &id, "事项编号格式不正确。", "p", &p);
	if (rc)
		return rc;
	struct store *st = req_store(r);
	struct svc_item it;
	rc = page_found(r, svc_item(st, id, &it), "该事项不存在或已取消。");
	if (rc)
		return rc;

	view_set(r->view, "name", it.name);
	view_set(r->view, "kind", it.kind);
	view_set(r->view, "code", it.code);
	view_set(r->view, "unit", it.unit_name);
	view_set(r->view, "region", it.region_name);
	req_link(r, r->view, "unit_url", "/services/unit/%lld", (long long)it.unit_id);
	req_link(r, r->view, "region_url", "/services/region/%lld", (long long)it.region_id);
	if (!dialect_of(r->caps.profile)->compact)
		add_region_crumbs(r, it.region_id);
	/* The same service elsewhere. */
	int64_t count = svc_name_count(st, it.name);
	if (count > 1) {
		char *url = services_others_link(it.name);
		view_set_int(r->view, "others", count - 1);
		req_link(r, r->view, "others_url", "%s", url);
		free(url);
	}
	char num[32];
	dial_number(it.phone, num, sizeof num);
	if (*it.phone) {
		view_set(r->view, "phone", it.phone);
		if (*num)
			view_setf(r->view, "phone_url", "%s%s", dialect_of(r->caps.profile)->tel_scheme, num);
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
	rc = 200;
	if (dialect_of(r->caps.profile)->whole_text) {
		if (p != 1) {
			rc = req_fail(r, 404, "没有这一页。");
			goto out;
		}
		add_fields(r, fields, ARRAY_LEN(fields));
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
