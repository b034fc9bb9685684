/* messages.c - 互动交流: the public list and pages of citizens' messages,
 * the form to write one (a region, then a unit, then the text), storing a
 * posted message durably, and looking one up by its query code. */
#include "core/common.h"
#include "http/app.h"
#include "pages/pages.h"
#include "pages/section.h"
#include "pages/util.h"
#include "render/esc.h"
#include "render/pager.h"
#include "render/view.h"
#include "store/messages.h"
#include "store/services.h"

/* Limits of the form's fields, in characters. */
#define MAX_TITLE 40
#define MAX_BODY 2000
#define MAX_NAME 20

/* Messages per list page, units per WML choice deck. */
static const int list_size[] = { 20, 10, 5 };
#define WML_UNITS_PER_DECK 6

static const char *const types[] = { "咨询", "建议", "投诉" };

/* Phone-number headers that WAP gateways add, most common first. */
static const char *const msisdn_headers[] = {
	"X-Up-Calling-Line-ID", "X-MSISDN", "X-Nokia-MSISDN", "X-WAP-MSISDN", "X-Network-Info-MSISDN",
};

static const char *state_text(const struct msg_row *m)
{
	if (strcmp(m->state, "rejected") == 0)
		return "未予公开";
	if (m->replies > 0)
		return strcmp(m->state, "published") == 0 ? "已答复，已公开" : "已答复";
	return strcmp(m->state, "published") == 0 ? "已公开，办理中" : "待处理";
}

static void set_day(struct view *v, const char *key, int64_t day)
{
	char s[11];
	msgrule_day_text(day, s);
	view_set(v, key, s);
}

/* Facts every page about one message shows. */
static void set_message_head(struct req *r, const struct msg_row *m)
{
	struct view *v = r->view;
	view_set(v, "headline", m->title);
	view_set(v, "type", m->type);
	view_set(v, "unit", m->unit_name);
	req_link(r, v, "unit_url", "/messages?unit=%lld", (long long)m->unit_id);
	page_set_date(v, "accepted", m->accepted_at);
	set_day(v, "due", msg_due_day(m));
	view_set(v, "extension", *m->extension_note ? m->extension_note : NULL);
	view_set(v, "state", state_text(m));
	view_set_bool(v, "replied", m->replies > 0);
	if (m->replies > 0)
		page_set_date(v, "replied_at", m->last_reply_at);
	struct buf b = BUF_INIT;
	msgrule_public_name(&b, m->sender_name, m->anonymous);
	view_set(v, "sender", buf_cstr(&b));
	buf_release(&b);
}

/* The message and its replies as one text of paragraphs, so that phones
 * get it in decks that fit their budget. */
static char *message_text(struct store *st, const struct msg_row *m)
{
	struct buf t = BUF_INIT;
	buf_adds(&t, m->body);
	struct msg_reply *rep;
	size_t n;
	if (msg_replies(st, m->id, &rep, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char day[11];
			msgrule_day_text(msgrule_day(rep[i].created_at), day);
			buf_addf(&t, "\n答复部门：%s\n答复日期：%s\n答复内容：%s", rep[i].unit_name, day, rep[i].body);
		}
		msg_replies_free(rep, n);
	}
	buf_adds(&t, "");
	return buf_detach(&t);
}

/* --- /messages ------------------------------------------------------------ */

static int list(struct req *r)
{
	long page;
	if (!page_param(r, "page", &page))
		return req_fail(r, 400, "页码格式不正确。");
	struct store *st = req_store(r);
	struct msg_filter f = { .state = "published" };
	const char *type = req_param(r, "type");
	if (type && *type) {
		if (!msgrule_type_valid(type))
			return req_fail(r, 400, "留言类型只能是咨询、建议或投诉。");
		f.type = type;
	}
	const char *unit = req_param(r, "unit");
	struct msg_place u = { 0 };
	if (unit && *unit) {
		char *end;
		errno = 0;
		long long id = strtoll(unit, &end, 10);
		if (errno || *end || id <= 0)
			return req_fail(r, 400, "单位编号格式不正确。");
		int found = msg_unit(st, id, &u);
		if (found < 0)
			return 500;
		if (found == 0)
			return req_fail(r, 404, "该单位不存在。");
		f.unit_id = id;
		view_set(r->view, "unit_name", u.name);
		msg_place_release(&u);
	}
	/* Filter links keep the unit; the list's own links keep both. */
	struct buf base = BUF_INIT;
	buf_adds(&base, "/messages");
	if (f.unit_id)
		buf_addf(&base, "?unit=%lld", (long long)f.unit_id);
	size_t unit_len = base.len;
	struct view *all = view_add(r->view, "filters");
	view_set(all, "name", "全部");
	view_set_bool(all, "current", !f.type);
	req_link(r, all, "url", "%s", base.data);
	for (size_t i = 0; i < ARRAY_LEN(types); i++) {
		struct view *fv = view_add(r->view, "filters");
		view_set(fv, "name", types[i]);
		view_set_bool(fv, "current", f.type && strcmp(f.type, types[i]) == 0);
		struct buf e = BUF_INIT;
		esc_url_component(&e, types[i], strlen(types[i]));
		/* From the unit-only base: a filter replaces the current type. */
		req_link(r, fv, "url", "%.*s%ctype=%s", (int)unit_len, base.data, f.unit_id ? '&' : '?', e.data);
		if (f.type && strcmp(f.type, types[i]) == 0)
			buf_addf(&base, "%ctype=%s", f.unit_id ? '&' : '?', e.data);
		buf_release(&e);
	}

	int per = list_size[r->caps.profile];
	int64_t total = msg_count(st, &f);
	if (total < 0) {
		buf_release(&base);
		return 500;
	}
	long pages = pager_page_count((long)total, per);
	if (page > pages) {
		buf_release(&base);
		return req_fail(r, 404, "没有这一页。");
	}
	struct msg_row *rows;
	size_t n;
	if (msg_list(st, &f, (int64_t)(page - 1) * per, per, &rows, &n) != 0) {
		buf_release(&base);
		return 500;
	}
	for (size_t i = 0; i < n; i++) {
		struct view *it = view_add(r->view, "messages");
		view_set(it, "title", rows[i].title);
		view_set(it, "type", rows[i].type);
		view_set(it, "unit", rows[i].unit_name);
		page_set_date(it, "date", rows[i].accepted_at);
		view_set_bool(it, "replied", rows[i].replies > 0);
		req_link(r, it, "url", "/messages/%lld", (long long)rows[i].id);
		page_accesskey(it, i);
	}
	msg_rows_free(rows, n);
	view_set_bool(r->view, "empty", total == 0);
	page_set_pagination(r, base.data, "page", page, pages);
	buf_release(&base);
	req_link(r, r->view, "new_url", "/messages/new");
	req_link(r, r->view, "lookup_url", "/messages/lookup");
	/* Staff changes must show at once. */
	r->no_store = true;
	view_set_bool(r->view, "on_section_page", true);
	r->title = "互动交流";
	r->tpl = "messages";
	return 200;
}

/* --- /messages/ID --------------------------------------------------------- */

int page_message(struct req *r)
{
	section_add(r, SECTION_MESSAGES, "/messages");
	int64_t id;
	long p;
	if (!req_arg_id(r, 0, &id))
		return req_fail(r, 400, "留言编号格式不正确。");
	if (!page_param(r, "p", &p))
		return req_fail(r, 400, "页码格式不正确。");
	struct store *st = req_store(r);
	struct msg_row m;
	int found = msg_get(st, id, &m);
	if (found < 0)
		return 500;
	if (found == 0 || strcmp(m.state, "published") != 0) {
		if (found)
			msg_row_release(&m);
		return req_fail(r, 404, "该留言不存在或尚未公开。");
	}
	set_message_head(r, &m);
	req_link(r, r->view, "list_url", "/messages");
	r->no_store = true;
	r->title = view_get(r->view, "headline");
	r->tpl = "message";
	char *text = message_text(st, &m);
	char base[64];
	snprintf(base, sizeof base, "/messages/%lld", (long long)id);
	int rc = page_split_body(r, text, strlen(text), "paras", base, p);
	free(text);
	msg_row_release(&m);
	return rc;
}

/* --- the form -------------------------------------------------------------- */

/* What the form shows: the user's input (kept across errors) and a
 * message per field. */
struct form_state {
	const char *type, *title, *body, *name, *phone;
	size_t title_len, body_len, name_len, phone_len;
	bool anonymous;
	int64_t unit, region;
	const char *token;
	const char *err_type, *err_unit, *err_title, *err_body, *err_name, *err_phone, *err_form;
};

static void set_regions(struct req *r, int64_t parent)
{
	struct msg_place *regs;
	size_t n;
	if (msg_regions(req_store(r), parent, &regs, &n) != 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct view *rv = view_add(r->view, "regions");
		view_set(rv, "name", regs[i].name);
		view_set_int(rv, "id", regs[i].id);
		req_link(r, rv, "url", "/messages/new?region=%lld", (long long)regs[i].id);
	}
	view_set_bool(r->view, "has_regions", n > 0);
	msg_places_free(regs, n);
}

/* The start: the province and its cities. */
static int pick_region(struct req *r, int64_t parent)
{
	struct store *st = req_store(r);
	if (parent == 0) {
		struct msg_place *top;
		size_t n;
		if (msg_regions(st, 0, &top, &n) != 0)
			return 500;
		for (size_t i = 0; i < n; i++) {
			struct view *rv = view_add(r->view, "regions");
			view_set(rv, "name", top[i].name);
			view_set_int(rv, "id", top[i].id);
			req_link(r, rv, "url", "/messages/new?region=%lld", (long long)top[i].id);
		}
		int64_t province = n ? top[0].id : 0;
		msg_places_free(top, n);
		if (province)
			set_regions(r, province);
	} else {
		set_regions(r, parent);
	}
	view_set_bool(r->view, "pick_region", true);
	req_link(r, r->view, "choose_url", "/messages/new");
	r->title = "我要写信";
	r->tpl = "message_new";
	return 200;
}

/* WML: a region with regions below it first offers them (a <select>),
 * with a link to its own departments; then the units of one region, a
 * few per deck, in a <select>. */
static int pick_unit(struct req *r, const struct msg_place *region)
{
	long page;
	if (!page_param(r, "page", &page))
		return req_fail(r, 400, "页码格式不正确。");
	struct store *st = req_store(r);
	const char *own_s = req_param(r, "own");
	bool own = own_s && strcmp(own_s, "1") == 0;
	view_set(r->view, "region_name", region->name);
	req_link(r, r->view, "choose_url", "/messages/new");
	if (!own) {
		struct msg_place *kids;
		size_t nk;
		if (msg_regions(st, region->id, &kids, &nk) != 0)
			return 500;
		for (size_t i = 0; i < nk; i++) {
			struct view *kv = view_add(r->view, "counties");
			view_set_int(kv, "id", kids[i].id);
			view_set(kv, "name", kids[i].name);
		}
		msg_places_free(kids, nk);
		if (nk > 0) {
			req_link(r, r->view, "own_url", "/messages/new?region=%lld&own=1", (long long)region->id);
			view_set_bool(r->view, "pick_sub", true);
			r->title = "选择地区";
			r->tpl = "message_new";
			return 200;
		}
	}
	int64_t total = svc_region_unit_count(st, region->id);
	long pages = pager_page_count((long)total, WML_UNITS_PER_DECK);
	if (total > 0 && page > pages)
		return req_fail(r, 404, "没有这一页。");
	struct msg_place *units;
	size_t n;
	if (msg_region_units(st, region->id, (int64_t)(page - 1) * WML_UNITS_PER_DECK, WML_UNITS_PER_DECK, &units, &n) != 0)
		return 500;
	for (size_t i = 0; i < n; i++) {
		struct view *uv = view_add(r->view, "units");
		view_set_int(uv, "id", units[i].id);
		view_set(uv, "name", units[i].name);
	}
	msg_places_free(units, n);
	view_set_bool(r->view, "has_units", n > 0);
	char base[80];
	snprintf(base, sizeof base, "/messages/new?region=%lld%s", (long long)region->id, own ? "&own=1" : "");
	page_set_pagination(r, base, "page", page, pages);
	view_set_bool(r->view, "pick_unit", true);
	r->title = "选择受理单位";
	r->tpl = "message_new";
	return 200;
}

/* The form itself, with the input and errors of fs. */
static int show_form(struct req *r, struct form_state *fs)
{
	struct store *st = req_store(r);
	struct view *v = r->view;
	r->no_store = true;
	char token[MSGRULE_TOKEN_LEN + 1];
	if (!fs->token) {
		if (msg_token_issue(st, (int64_t)time(NULL), token) != 0)
			return req_fail(r, 503, "系统繁忙，请稍后再试。");
		fs->token = token;
	}
	view_set(v, "token", fs->token);
	view_set_bool(v, "form", true);

	struct msg_place unit = { 0 }, region = { 0 };
	if (fs->unit && msg_unit(st, fs->unit, &unit) == 1) {
		view_set_int(v, "unit_id", unit.id);
		view_set(v, "unit_name", unit.name);
		fs->region = unit.parent_id;
	} else {
		fs->unit = 0;
	}
	if (!fs->region || msg_region(st, fs->region, &region) != 1) {
		msg_place_release(&region);
		if (msg_region(st, 1, &region) != 1) {
			msg_place_release(&unit);
			return 500;
		}
	}
	view_set_int(v, "region_id", region.id);
	view_set(v, "region_name", region.name);
	/* Phones with room choose the unit here; WML chose it before. */
	if (r->caps.profile != PROFILE_WML) {
		struct msg_place *units;
		size_t n;
		int64_t count = svc_region_unit_count(st, region.id);
		if (count > 0 && msg_region_units(st, region.id, 0, (int)count, &units, &n) == 0) {
			for (size_t i = 0; i < n; i++) {
				struct view *uv = view_add(v, "units");
				view_set_int(uv, "id", units[i].id);
				view_set(uv, "name", units[i].name);
				view_set_bool(uv, "selected", units[i].id == fs->unit);
			}
			msg_places_free(units, n);
		}
		set_regions(r, region.id);
		if (region.parent_id)
			req_link(r, v, "up_url", "/messages/new?region=%lld", (long long)region.parent_id);
	}
	req_link(r, v, "choose_url", "/messages/new");
	msg_place_release(&unit);
	msg_place_release(&region);

	for (size_t i = 0; i < ARRAY_LEN(types); i++) {
		struct view *tv = view_add(v, "types");
		view_set(tv, "name", types[i]);
		view_set_bool(tv, "selected", fs->type && strcmp(fs->type, types[i]) == 0);
	}
	view_set(v, "type", fs->type && msgrule_type_valid(fs->type) ? fs->type : types[0]);
	view_setn(v, "in_title", fs->title ? fs->title : "", fs->title_len);
	view_setn(v, "in_body", fs->body ? fs->body : "", fs->body_len);
	view_setn(v, "in_name", fs->name ? fs->name : "", fs->name_len);
	view_setn(v, "in_phone", fs->phone ? fs->phone : "", fs->phone_len);
	view_set(v, "anon", fs->anonymous ? "1" : "0");
	view_set_bool(v, "anonymous", fs->anonymous);
	view_set(v, "err_type", fs->err_type);
	view_set(v, "err_unit", fs->err_unit);
	view_set(v, "err_title", fs->err_title);
	view_set(v, "err_body", fs->err_body);
	view_set(v, "err_name", fs->err_name);
	view_set(v, "err_phone", fs->err_phone);
	view_set(v, "err_form", fs->err_form);
	view_set_bool(v, "has_errors", fs->err_type || fs->err_unit || fs->err_title || fs->err_body ||
		      fs->err_name || fs->err_phone || fs->err_form);
	view_set_int(v, "max_title", MAX_TITLE);
	view_set_int(v, "max_body", MAX_BODY);
	req_link(r, v, "action", "/messages");
	r->title = "我要写信";
	r->tpl = "message_new";
	/* A WML deck cannot echo a long text within its budget.  The phone
	 * keeps what was typed in its WML variables, which an input prefers
	 * to its value attribute, so drop the longest echoes first. */
	if (r->caps.profile == PROFILE_WML) {
		static const char *const echoed[] = { "in_body", "in_title", "in_name", "in_phone" };
		for (size_t i = 0; i < ARRAY_LEN(echoed) && req_render_size(r) > r->caps.budget; i++)
			view_set(v, echoed[i], "");
	}
	return 200;
}

static bool id_param(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 15)
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

int page_message_new(struct req *r)
{
	section_add(r, SECTION_MESSAGES, "/messages");
	struct store *st = req_store(r);
	const char *unit_s = req_param(r, "unit");
	const char *region_s = req_param(r, "region");
	int64_t unit = 0, region = 0;
	if (unit_s && *unit_s && !id_param(unit_s, &unit))
		return req_fail(r, 400, "单位编号格式不正确。");
	if (region_s && *region_s && !id_param(region_s, &region))
		return req_fail(r, 400, "地区编号格式不正确。");
	if (unit) {
		struct msg_place u;
		int found = msg_unit(st, unit, &u);
		if (found < 0)
			return 500;
		if (found == 0)
			return req_fail(r, 404, "该单位不存在。");
		msg_place_release(&u);
		struct form_state fs = { .unit = unit };
		return show_form(r, &fs);
	}
	if (!region)
		return pick_region(r, 0);
	struct msg_place reg;
	int found = msg_region(st, region, &reg);
	if (found < 0)
		return 500;
	if (found == 0)
		return req_fail(r, 404, "该地区不存在。");
	int rc;
	const char *sub = req_param(r, "sub");
	if (sub && strcmp(sub, "1") == 0)
		rc = pick_region(r, region);
	else if (r->caps.profile == PROFILE_WML)
		rc = pick_unit(r, &reg);
	else {
		struct form_state fs = { .region = region };
		rc = show_form(r, &fs);
	}
	msg_place_release(&reg);
	return rc;
}

/* --- POST /messages ---------------------------------------------------------- */

static void set_code(struct req *r, const char *code)
{
	view_set(r->view, "code", code);
	req_link(r, r->view, "lookup_url", "/messages/lookup?code=%s", code);
}

static int done(struct req *r, const char *code, bool duplicate)
{
	struct msg_row m;
	set_code(r, code);
	if (msg_get_by_code(req_store(r), code, &m) == 1) {
		view_set(r->view, "headline", m.title);
		set_day(r->view, "due", msg_due_day(&m));
		msg_row_release(&m);
	}
	view_set_bool(r->view, "duplicate", duplicate);
	req_link(r, r->view, "list_url", "/messages");
	r->no_store = true;
	r->title = "留言已提交";
	r->tpl = "message_done";
	return 200;
}

static const char *field_error(struct req *r, enum msgrule_err e, const char *label, size_t max)
{
	if (e == MSGRULE_OK)
		return NULL;
	struct buf b = BUF_INIT;
	if (r->caps.profile == PROFILE_WML)
		msgrule_err_short(&b, e, max);
	else
		msgrule_err_text(&b, e, label, max);
	/* The view copies it; keep it alive in the view itself. */
	struct view *keep = view_add(r->view, "_errs");
	view_set(keep, "t", buf_cstr(&b));
	buf_release(&b);
	return view_get(keep, "t");
}

static bool truthy(const char *s)
{
	return s && (strcmp(s, "1") == 0 || strcmp(s, "on") == 0 || strcmp(s, "yes") == 0 ||
		     strcmp(s, "true") == 0 || strcmp(s, "是") == 0);
}

static int submit(struct req *r)
{
	r->no_store = true;
	const struct form *f = req_form(r);
	if (!f)
		return req_fail(r, 400, "提交的内容格式不正确，请返回重新提交。");
	struct store *st = req_store(r);
	int64_t now = (int64_t)time(NULL);

	struct form_state fs = { 0 };
	const struct form_field *fld;
#define FIELD(name, ptr, len) \
	if ((fld = form_field(f, name))) { fs.ptr = fld->value; fs.len = fld->value_len; }
	FIELD("title", title, title_len)
	FIELD("body", body, body_len)
	FIELD("name", name, name_len)
	FIELD("phone", phone, phone_len)
#undef FIELD
	fs.type = form_get(f, "type");
	fs.anonymous = truthy(form_get(f, "anonymous"));

	/* A token already used: the same submission again.  Answer its code. */
	char token[MSGRULE_TOKEN_LEN + 1];
	fld = form_field(f, "token");
	bool token_ok = fld && msgrule_token_normalise(fld->value, fld->value_len, token);
	if (token_ok) {
		char code[MSGRULE_CODE_LEN + 8];
		int found = msg_code_by_token(st, token, code);
		if (found == 1)
			return done(r, code, true);
	}

	const char *unit_s = form_get(f, "unit");
	const char *region_s = form_get(f, "region");
	if (region_s)
		id_param(region_s, &fs.region);
	bool wml = r->caps.profile == PROFILE_WML;
	const char *bad_unit = wml ? "单位无效" : "受理单位不存在，请重新选择。";
	if (!unit_s || !*unit_s)
		fs.err_unit = wml ? "请选单位" : "请选择受理单位。";
	else if (!id_param(unit_s, &fs.unit))
		fs.err_unit = bad_unit;
	else {
		struct msg_place u;
		int found = msg_unit(st, fs.unit, &u);
		if (found == 1)
			msg_place_release(&u);
		else
			fs.err_unit = bad_unit;
	}
	if (!msgrule_type_valid(fs.type))
		fs.err_type = field_error(r, MSGRULE_BAD_CHOICE, "留言类型（咨询、建议或投诉）", 0);
	fs.err_title = field_error(r, msgrule_check_text(fs.title, fs.title_len, MAX_TITLE, true, false), "标题", MAX_TITLE);
	fs.err_body = field_error(r, msgrule_check_text(fs.body, fs.body_len, MAX_BODY, true, true), "内容", MAX_BODY);
	fs.err_name = field_error(r, msgrule_check_text(fs.name, fs.name_len, MAX_NAME, false, false), "姓名", MAX_NAME);
	char *phone = NULL;
	enum msgrule_err pe = msgrule_check_text(fs.phone, fs.phone_len, 40, false, false);
	if (pe == MSGRULE_OK)
		pe = msgrule_check_phone(fs.phone, fs.phone_len, &phone);
	fs.err_phone = field_error(r, pe, "电话", 0);

	if (!token_ok || msg_token_known(st, token) != 1)
		fs.err_form = wml ? "页面已过期,请再提交" : "页面已过期或重复打开，请核对内容后再次提交。";
	else
		fs.token = token;
	if (fs.err_type || fs.err_unit || fs.err_title || fs.err_body || fs.err_name || fs.err_phone || fs.err_form) {
		free(phone);
		return show_form(r, &fs);
	}

	/* The hourly limit per client, by phone number only from trusted
	 * gateways. */
	const char *hv[ARRAY_LEN(msisdn_headers)];
	for (size_t i = 0; i < ARRAY_LEN(msisdn_headers); i++)
		hv[i] = req_header(r, msisdn_headers[i]);
	char *client = msgrule_client_key(req_peer(r), r->app->trusted_gateways, r->app->n_trusted_gateways,
					  hv, ARRAY_LEN(hv));
	int limit = msg_setting(st, "posts_per_hour", 5);
	if (limit > 0 && msg_posts_since(st, client, now - 3600) >= limit) {
		free(client);
		free(phone);
		char *why = xasprintf("每小时最多提交%d条留言，您已达到上限，请稍后再试。", limit);
		view_set(r->view, "_why", why);
		free(why);
		return req_fail(r, 429, view_get(r->view, "_why"));
	}

	char *title = msgrule_clean(fs.title, fs.title_len, false);
	char *body = msgrule_clean(fs.body, fs.body_len, true);
	char *name = msgrule_clean(fs.name ? fs.name : "", fs.name_len, false);
	struct msg_new m = {
		.type = fs.type, .title = title, .body = body, .name = name, .phone = phone,
		.unit_id = fs.unit, .anonymous = fs.anonymous, .token = token, .client = client,
	};
	char code[MSGRULE_CODE_LEN + 8];
	bool duplicate = false;
	int rc = msg_submit(st, &m, now, code, &duplicate);
	free(title);
	free(body);
	free(name);
	free(phone);
	free(client);
	if (rc != 0) {
		/* Not stored: give the form back with everything typed. */
		fs.err_form = wml ? "系统繁忙,未保存,请再提交" : "系统繁忙，留言未能保存，请稍后再次提交。";
		return show_form(r, &fs);
	}
	log_info("message %s stored%s", code, duplicate ? " (resubmission)" : "");
	return done(r, code, duplicate);
}

int page_messages(struct req *r)
{
	section_add(r, SECTION_MESSAGES, "/messages");
	return r->method == REQ_POST ? submit(r) : list(r);
}

/* --- /messages/lookup ---------------------------------------------------------- */

int page_message_lookup(struct req *r)
{
	section_add(r, SECTION_MESSAGES, "/messages");
	r->no_store = true;
	r->title = "留言查询";
	r->tpl = "message_lookup";
	req_link(r, r->view, "action", "/messages/lookup");
	const char *in = req_param(r, "code");
	if (!in || !*in)
		return 200;
	view_set(r->view, "code_in", in);
	char code[MSGRULE_CODE_LEN + 1];
	if (!msgrule_code_normalise(in, code)) {
		view_set(r->view, "not_found", "查询码应为8位字母或数字，请核对后重新输入。");
		return 200;
	}
	long p;
	if (!page_param(r, "p", &p))
		return req_fail(r, 400, "页码格式不正确。");
	struct store *st = req_store(r);
	struct msg_row m;
	int found = msg_get_by_code(st, code, &m);
	if (found < 0)
		return 500;
	if (found == 0) {
		view_set(r->view, "not_found", "没有找到这个查询码对应的留言，请核对后重新输入。");
		return 200;
	}
	view_set_bool(r->view, "found", true);
	view_set(r->view, "code", code);
	set_message_head(r, &m);
	if (strcmp(m.state, "rejected") == 0)
		view_set(r->view, "reject_reason", m.reject_reason);
	if (strcmp(m.state, "published") == 0)
		req_link(r, r->view, "public_url", "/messages/%lld", (long long)m.id);
	if (*m.sender_phone) {
		struct buf b = BUF_INIT;
		msgrule_mask_phone(&b, m.sender_phone);
		view_set(r->view, "phone", buf_cstr(&b));
		buf_release(&b);
	}
	char *text = message_text(st, &m);
	char base[64];
	snprintf(base, sizeof base, "/messages/lookup?code=%s", code);
	int rc = page_split_body(r, text, strlen(text), "paras", base, p);
	free(text);
	msg_row_release(&m);
	return rc;
}
