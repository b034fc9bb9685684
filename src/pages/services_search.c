/* services_search.c - the service search (/services/search): results
 * one row per service name, with the regions offering it. */
#include "core/common.h"
#include "core/utf8.h"
#include "pages/pages.h"
#include "pages/services_int.h"
#include "pages/util.h"
#include "render/dialect.h"
#include "render/esc.h"
#include "render/pager.h"
#include "render/view.h"
#include "store/fts_zh.h"
#include "store/portal.h"
#include "store/services.h"

/* Longest department name beside a WML search result, in characters. */
#define WML_UNIT_CHARS 10

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
	services_set_name(r, it, "name", row->name);
	if (dialect_of(r->caps.profile)->rich)
		svc_highlight(hit->name, strlen(hit->name), res->terms, res->nterms, add_segment, it);
	if (dialect_of(r->caps.profile)->compact)
		page_shorten(it, "unit", row->unit_name, WML_UNIT_CHARS);
	else
		view_set(it, "unit", row->unit_name);
	view_set(it, "region", row->region_name);
	req_link(r, it, "url", "/services/%lld", (long long)row->id);
	if (others > 0) {
		view_set_int(it, "others", others);
		req_link(r, it, "others_url", "%s", others_url);
	}
}

/* The search's own link: the query and its filters, without the page. */
/* What was typed, for the box and the links: only its valid UTF-8, and
 * no more of it than a query may have (a longer one is refused anyway),
 * so the echo cannot take a page over its budget.  Malloc'd. */
static char *search_echo(const char *q)
{
	size_t qlen = q ? utf8_valid_prefix(q, strlen(q)) : 0, cut = 0;
	for (int chars = 0; cut < qlen && chars < FTS_ZH_MAX_QUERY_CHARS; chars++)
		do
			cut++;
		while (cut < qlen && ((unsigned char)q[cut] & 0xC0) == 0x80);
	return q ? xstrndup(q, cut) : xstrdup("");
}

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
	int per = dialect_of(r->caps.profile)->lists.service_results;
	if (!dialect_of(r->caps.profile)->compact)
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

/* One row for the group of hit: my region's item of that name (or the
 * nearest above it) when there is one, and the regions beyond.  0 or -1. */
static int add_group(struct req *r, struct store *st, const struct svc_results *res,
		     const struct svc_item_row *hit, int64_t my)
{
	struct svc_item_row near = { 0 };
	int found = my > 0 ? svc_item_named_near(st, hit->name, my, &near) : 0;
	if (found < 0)
		return -1;
	int64_t count = svc_name_count(st, hit->name);
	char *url = services_others_link(hit->name);
	add_result(r, found ? &near : hit, hit, res, count > 1 ? count - 1 : 0, url);
	free(url);
	svc_item_row_release(&near);
	return 0;
}

/* view.total: the count, "N+" (with view.more, view.cap) past the cap. */
static void set_total(struct req *r, const struct svc_results *res)
{
	if (res->more) {
		view_setf(r->view, "total", "%lld+", (long long)res->total);
		view_set_bool(r->view, "more", true);
		view_set_int(r->view, "cap", SVC_COUNT_CAP);
	} else {
		view_set_int(r->view, "total", res->total);
	}
}

/* The groups of hits by service name, in the order of their best hit:
 * the index of each group's first hit (malloc'd), their count in *n. */
static size_t *group_hits(const struct svc_results *res, size_t *n)
{
	size_t *first = xcalloc(res->n ? res->n : 1, sizeof *first);
	*n = 0;
	for (size_t i = 0; i < res->n; i++) {
		size_t g = 0;
		while (g < *n && strcmp(res->rows[first[g]].name, res->rows[i].name) != 0)
			g++;
		if (g == *n)
			first[(*n)++] = i;
	}
	return first;
}

/* No answer, or only partial ones (nothing holds the whole query: the
 * closest services): the topics too, except in the compact dialect (no
 * room; its home link leads there). */
static void set_answer_kind(struct req *r, const struct svc_results *res, int64_t region)
{
	view_set_bool(r->view, "no_results", res->total == 0);
	view_set_bool(r->view, "partial", res->partial && res->total > 0);
	if (res->total == 0 || (res->partial && !dialect_of(r->caps.profile)->compact))
		services_add_topics(r, region);
}

static void add_docs(struct req *r, const char *list, const char *fmt, const struct portal_section *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct view *it = view_add(r->view, list);
		services_set_name(r, it, "title", s->hits[i].title);
		req_link(r, it, "url", fmt, (long long)s->hits[i].id);
	}
}

/* One search box for the portal (issue 13): services, then the news and
 * government information and the published messages, each a section.
 * The best section leads: services when a name holds the whole query,
 * else a section with title matches (news before messages); the compact
 * dialect shows only the best.  Rows: lists.search_section. */
static int add_portal_sections(struct req *r, struct store *st, const char *q, const struct svc_results *res)
{
	struct portal_section news, msgs;
	int rows = dialect_of(r->caps.profile)->lists.search_section;
	if (portal_search(st, q, rows, &news, &msgs) != 0)
		return -1;
	bool services_best = !res->partial && res->name_hits > 0;
	const char *best = services_best ? "services"
		: news.title_hits > 0 ? "news" : msgs.title_hits > 0 ? "msgs"
		: res->n > 0 ? "services" : news.n > 0 ? "news" : msgs.n > 0 ? "msgs" : "services";
	bool compact = dialect_of(r->caps.profile)->compact;
	bool show_news = news.n > 0 && (!compact || strcmp(best, "news") == 0);
	bool show_msgs = msgs.n > 0 && (!compact || strcmp(best, "msgs") == 0);
	if (show_news)
		add_docs(r, "news_hits", "/news/%lld", &news);
	if (show_msgs)
		add_docs(r, "msg_hits", "/messages/%lld", &msgs);
	view_set_bool(r->view, "has_news", show_news);
	view_set_bool(r->view, "has_msgs", show_msgs);
	view_set_bool(r->view, "portal_first", strcmp(best, "services") != 0);
	/* Something found elsewhere is an answer too. */
	if (show_news || show_msgs)
		view_set_bool(r->view, "no_results", false);
	portal_section_release(&news);
	portal_section_release(&msgs);
	return 0;
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
	if (!services_id_param(r, "region", &region) || !services_id_param(r, "topic", &topic))
		return req_fail(r, 400, "筛选条件格式不正确。");
	const char *all_s = req_param(r, "all");
	bool grouped = !(all_s && strcmp(all_s, "1") == 0);
	/* My region narrows the search unless the link names a region. */
	bool mine = !req_param(r, "region") && my > 0 && my != 1;
	if (mine)
		region = my;
	const char *q = req_param(r, "q");
	struct store *st = req_store(r);
	char *qv = search_echo(q);
	page_search_form(r, qv);
	r->title = "事项搜索";
	r->tpl = "services_search";
	if (mine)
		set_all_url(r, qv, topic);
	int per = result_rows(r, qv, grouped, region, topic);
	struct svc_search s = {
		.query = q, .region = region, .near = my, .topic = topic, .all_items = !grouped,
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
		services_add_topics(r, region);
		goto out;
	}
	if (grouped)
		group_first = group_hits(&res, &ngroups);
	long pages = pager_page_count(grouped ? (long)ngroups : (long)res.total, per);
	if (page > pages) {
		rc = req_fail(r, 404, "没有这一页。");
		goto out;
	}
	set_total(r, &res);
	if (grouped && ngroups)
		view_setf(r->view, "services", "%zu%s", ngroups, res.total > (int64_t)res.n ? "+" : "");
	set_answer_kind(r, &res, region);
	if (!grouped) {
		for (size_t i = 0; i < res.n; i++)
			add_result(r, &res.rows[i], &res.rows[i], &res, 0, NULL);
	} else {
		for (size_t g = (size_t)(page - 1) * per; g < ngroups && g < (size_t)page * per; g++)
			if (add_group(r, st, &res, &res.rows[group_first[g]], my) != 0) {
				rc = 500;
				goto out;
			}
	}
	view_set_bool(r->view, "has_items", view_list_len(r->view, "items") > 0);
	if (page == 1 && add_portal_sections(r, st, q, &res) != 0) {
		rc = 500;
		goto out;
	}

	char *base = search_base(qv, grouped, region, topic);
	page_set_pagination(r, base, "page", page, pages);
	free(base);
out:
	free(group_first);
	svc_results_release(&res);
	free(qv);
	return rc;
}
