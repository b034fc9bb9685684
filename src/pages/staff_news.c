/* staff_news.c - editors' news in the console: the article list, a new
 * article (a hidden draft), editing, the preview in three dialects (the
 * staff preview renders drafts), publishing now or at a set time, and
 * unpublishing.  Editors and administrators only. */
#include "core/common.h"
#include "app/app.h"
#include "pages/staff.h"
#include "render/view.h"
#include "store/news_edit.h"
#include "text/msgrule.h"

static int begin_editor(struct req *r, struct staff_ctx *c)
{
	return staff_begin_role(r, c, STAFF_ROLES(ROLE_EDITOR) | STAFF_ROLES(ROLE_ADMIN), T(r, "只有编辑和管理员可以管理新闻。"));
}

static const char *state_text(const struct req *r, const struct news_item *a, int64_t now)
{
	if (a->hidden)
		return T(r, "未发布");
	return a->published_at > now ? T(r, "定时发布") : T(r, "已发布");
}

/* "YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM" in China Standard Time. */
static bool parse_when(const char *s, int64_t *out)
{
	char date[11];
	int h, m;
	char sep, tail;
	if (strlen(s) < 16 || sscanf(s + 10, "%c%2d:%2d%c", &sep, &h, &m, &tail) != 3 || (sep != ' ' && sep != 'T') ||
	    h < 0 || h > 23 || m < 0 || m > 59)
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	int64_t day;
	if (!msgrule_day_parse(date, &day))
		return false;
	*out = day * 86400 - 8 * 3600 + h * 3600 + m * 60;
	return true;
}

/* The article form's fields: 0, or 400 with the reason set. */
static int read_form(struct req *r, int64_t *column, char **title, char **source, char **body)
{
	const char *why = NULL;
	const struct form *f = req_form(r);
	const char *cs = f ? form_get(f, "column") : NULL;
	char *end = NULL;
	long long c = cs ? strtoll(cs, &end, 10) : 0;
	*title = *source = *body = NULL;
	if (!cs || !*cs || *end || c <= 0)
		return staff_fail(r, 400, T(r, "请填写栏目编号。"));
	*column = c;
	*title = staff_field(r, "title", NEWS_TITLE_MAX, false, &why);
	if (*title)
		*body = staff_field(r, "body", NEWS_BODY_MAX, true, &why);
	if (*body) {
		const struct form_field *sf = form_field(f, "source");
		if (sf && sf->value_len > 0) {
			*source = staff_field(r, "source", NEWS_SOURCE_MAX, false, &why);
			if (!*source) {
				free(*body);
				*body = NULL;
			}
		} else
			*source = xstrdup("");
	}
	if (!*body) {
		free(*title);
		*title = NULL;
		return staff_fail(r, 400, why ? why : T(r, "请填写标题和正文。"));
	}
	return 0;
}

/* POST of the article form: create (id 0) or change the article, then
 * 303 to it; 400 with the reason otherwise. */
static int save_article(struct req *r, struct staff_ctx *c, int64_t id)
{
	int64_t column = 0;
	char *title, *source, *body, *err = NULL;
	int rc = read_form(r, &column, &title, &source, &body);
	if (rc == 0) {
		if (news_save(req_store(r), &c->actor, id, column, title, source, body, c->now, id ? NULL : &id, &err) != 0)
			rc = staff_fail(r, 400, arena_strdup(&r->arena, err));
		else
			rc = staff_redirect(r, arena_printf(&r->arena, "/articles/%lld", (long long)id));
		free(err);
	}
	free(title);
	free(source);
	free(body);
	return rc;
}

int page_staff_articles(struct req *r)
{
	struct staff_ctx c;
	int rc = begin_editor(r, &c);
	if (rc != 0)
		return rc;
	if (r->method == REQ_POST)
		return staff_done(&c, save_article(r, &c, 0));
	struct news_item *a;
	size_t n;
	if (news_items(req_store(r), 100, &a, &n) != 0)
		return staff_done(&c, staff_fail(r, 503, T(r, "无法读取文章。")));
	for (size_t i = 0; i < n; i++) {
		struct view *v = view_add(r->view, "articles");
		view_set_int(v, "aid", a[i].id);
		view_set(v, "atitle", a[i].title);
		view_set(v, "acolumn", a[i].column_name);
		view_set(v, "astate", state_text(r, &a[i], c.now));
		staff_set_time(v, "awhen", a[i].published_at, false);
	}
	news_items_free(a, n);
	return staff_done(&c, staff_page(r, &c, "staff_articles", T(r, "新闻发布")));
}

int page_staff_article(struct req *r)
{
	struct staff_ctx c;
	int rc = begin_editor(r, &c);
	if (rc != 0)
		return rc;
	struct store *st = req_store(r);
	int64_t id;
	struct news_item a;
	if (!req_arg_id(r, 0, &id) || news_item(st, id, &a) != 1)
		return staff_done(&c, staff_fail(r, 404, T(r, "没有这篇文章。")));
	if (r->method == REQ_POST) {
		news_item_release(&a);
		return staff_done(&c, save_article(r, &c, id));
	}
	struct view *v = r->view;
	view_set_int(v, "aid", a.id);
	view_set_int(v, "column_id", a.column_id);
	view_set(v, "column", a.column_name);
	view_set(v, "atitle", a.title);
	view_set(v, "asource", a.source);
	view_set(v, "abody", a.body);
	view_set(v, "astate", state_text(r, &a, c.now));
	view_set_bool(v, "visible", !a.hidden);
	staff_set_time(v, "awhen", a.published_at, false);
	rc = staff_page(r, &c, "staff_article", a.title);
	news_item_release(&a);
	return staff_done(&c, rc);
}

int page_staff_article_visibility(struct req *r)
{
	struct staff_ctx c;
	int rc = begin_editor(r, &c);
	if (rc != 0)
		return rc;
	int64_t id;
	if (!req_arg_id(r, 0, &id))
		return staff_done(&c, staff_fail(r, 404, T(r, "没有这篇文章。")));
	bool publish = strcmp(strrchr(r->path, '/') + 1, "publish") == 0;
	int64_t at = c.now;
	const struct form *f = req_form(r);
	const char *when = f ? form_get(f, "at") : NULL;
	if (publish && when && *when && !parse_when(when, &at))
		return staff_done(&c, staff_fail(r, 400, T(r, "发布时间格式应为 YYYY-MM-DD HH:MM（北京时间）。")));
	char *err = NULL;
	if (news_set_visible(req_store(r), &c.actor, id, publish, at, c.now, &err) != 0)
		rc = staff_fail(r, 404, arena_strdup(&r->arena, err));
	else
		rc = staff_redirect(r, arena_printf(&r->arena, "/articles/%lld", (long long)id));
	free(err);
	return staff_done(&c, rc);
}
