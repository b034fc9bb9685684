/* messages.c - 互动交流: the public list and pages of citizens' messages,
 * the form to write one (a region, then a unit, then the text), storing a
 * posted message durably, and looking one up by its query code. */
#include "core/common.h"
#include "app/app.h"
#include "letters/letters.h"
#include "pages/intl.h"
#include "pages/pages.h"
#include "render/dialect.h"
#include "pages/section.h"
#include "pages/util.h"
#include "render/esc.h"
#include "pages/api.h"
#include "render/pager.h"
#include "render/view.h"
#include "store/messages.h"
#include "store/services.h"

/* Messages per list page, units per WML choice deck. */
#define WML_UNITS_PER_DECK 6

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
	view_set(v, "state", page_message_state(r, m));
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
static char *message_text(struct req *r, struct store *st, const struct msg_row *m)
{
	struct buf t = BUF_INIT;
	buf_adds(&t, m->body);
	struct msg_reply *rep;
	size_t n;
	if (msg_replies(st, m->id, &rep, &n) == 0) {
		for (size_t i = 0; i < n; i++) {
			char day[11];
			msgrule_day_text(msgrule_day(rep[i].created_at), day);
			buf_addf(&t, T(r, "\n答复部门：%s\n答复日期：%s\n答复内容：%s"), rep[i].unit_name, day, rep[i].body);
		}
		msg_replies_free(rep, n);
	}
	buf_adds(&t, "");
	return buf_detach(&t);
}

/* A sentence naming the kinds of message ("…咨询、建议或投诉…"), kept in
 * the request's arena until the reply is sent. */
static const char *types_sentence(struct req *r, const char *before, const char *after)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, before);
	msgrule_types_text(&b);
	buf_adds(&b, after);
	const char *out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_release(&b);
	return out;
}

/* --- /messages ------------------------------------------------------------ */

/* The links that filter the list by type, into the view; base (the
 * list's own address) gains the type chosen. */
static void set_filters(struct req *r, const struct msg_filter *f, struct buf *base)
{
	buf_adds(base, "/messages");
	if (f->unit_id)
		buf_addf(base, "?unit=%lld", (long long)f->unit_id);
	size_t unit_len = base->len;
	struct view *all = view_add(r->view, "filters");
	view_set(all, "name", T(r, "全部"));
	view_set_bool(all, "current", !f->type);
	req_link(r, all, "url", "%s", base->data);
	for (size_t i = 0; i < MSGRULE_NTYPES; i++) {
		const char *t = msgrule_types[i];
		struct view *fv = view_add(r->view, "filters");
		view_set(fv, "name", t);
		view_set_bool(fv, "current", f->type && strcmp(f->type, t) == 0);
		struct buf e = BUF_INIT;
		esc_url_component(&e, t, strlen(t));
		/* From the unit-only base: a filter replaces the current type. */
		req_link(r, fv, "url", "%.*s%ctype=%s", (int)unit_len, base->data, f->unit_id ? '&' : '?', e.data);
		if (f->type && strcmp(f->type, t) == 0)
			buf_addf(base, "%ctype=%s", f->unit_id ? '&' : '?', e.data);
		buf_release(&e);
	}
}

static int list(struct req *r)
{
	long page;
	if (!page_param(r, "page", &page))
		return req_fail(r, 400, T(r, "页码格式不正确。"));
	struct store *st = req_store(r);
	struct msg_filter f = { .state = "published" };
	const char *type = req_param(r, "type");
	if (type && *type) {
		if (!msgrule_type_valid(type))
			return req_fail(r, 400, types_sentence(r, T(r, "留言类型只能是"), "。"));
		f.type = type;
	}
	const char *unit = req_param(r, "unit");
	if (unit && *unit) {
		char *end;
		errno = 0;
		long long id = strtoll(unit, &end, 10);
		if (errno || *end || id <= 0)
			return req_fail(r, 400, T(r, "单位编号格式不正确。"));
		struct svc_unit u;
		int rc = page_found(r, svc_unit(st, id, &u), T(r, "该单位不存在。"));
		if (rc)
			return rc;
		f.unit_id = id;
		view_set(r->view, "unit_name", u.name);
		svc_unit_release(&u);
	}
	/* Filter links keep the unit; the list's own links keep both. */
	struct buf base = BUF_INIT;
	set_filters(r, &f, &base);

	int per = dialect_of(r->caps.profile)->lists.messages;
	int64_t total = msg_count(st, &f);
	if (total < 0) {
		buf_release(&base);
		return 500;
	}
	long pages = pager_page_count((long)total, per);
	if (page > pages) {
		buf_release(&base);
		return req_fail(r, 404, T(r, "没有这一页。"));
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
	r->title = T(r, "互动交流");
	r->tpl = "messages";
	req_link(r, r->view, "feed_url", "/messages/feed.atom");
	view_set(r->view, "feed_title", T(r, "已答复的留言"));
	return 200;
}

/* --- /messages/ID --------------------------------------------------------- */

int page_message(struct req *r)
{
	if (page_foreign_page(r)) /* the English, French, Japanese, Korean versions */
		return page_intl_messages(r);
	section_add(r, SECTION_MESSAGES, "/messages");
	int64_t id;
	long p;
	int rc = page_id_and_number(r, &id, T(r, "留言编号格式不正确。"), "p", &p);
	if (rc)
		return rc;
	struct store *st = req_store(r);
	struct msg_row m;
	int found = msg_get(st, id, &m);
	if (found < 0)
		return 500;
	if (found == 0 || strcmp(m.state, "published") != 0) {
		if (found)
			msg_row_release(&m);
		return req_fail(r, 404, T(r, "该留言不存在或尚未公开。"));
	}
	set_message_head(r, &m);
	req_link(r, r->view, "list_url", "/messages");
	r->no_store = true;
	r->title = view_get(r->view, "headline");
	r->tpl = "message";
	char *text = message_text(r, st, &m);
	char base[64];
	snprintf(base, sizeof base, "/messages/%lld", (long long)id);
	rc = page_split_body(r, text, strlen(text), "paras", base, p);
	free(text);
	msg_row_release(&m);
	return rc;
}

/* --- the form -------------------------------------------------------------- */

/* What the form shows: the input posted (NULL for a new form) and a
 * message per field. */
struct form_state {
	const struct letter_form *in;
	int64_t unit, region;
	const char *token;   /* NULL: issue a new one */
	const char *err[LETTER_NFIELDS];
	const char *err_form;
};

/* The bytes of the first max characters of s[0..n) (a character: a byte
 * that does not continue a UTF-8 sequence, so any bytes are cut safely). */
static size_t echo_len(const char *s, size_t n, size_t max)
{
	if (!s)
		return 0;
	size_t i = 0;
	for (size_t chars = 0; i < n && chars < max; chars++)
		do
			i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

/* View keys per field: its error, and the echo of what was typed. */
static const char *const err_keys[LETTER_NFIELDS] = {
	[LETTER_TYPE] = "err_type", [LETTER_UNIT] = "err_unit", [LETTER_TITLE] = "err_title",
	[LETTER_BODY] = "err_body", [LETTER_NAME] = "err_name", [LETTER_PHONE] = "err_phone",
};

/* One entry under view.regions per row: { name, id, url to pick it }. */
static void add_regions(struct req *r, const struct place_row *regs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct view *rv = view_add(r->view, "regions");
		view_set(rv, "name", regs[i].name);
		view_set_int(rv, "id", regs[i].id);
		req_link(r, rv, "url", "/messages/new?region=%lld", (long long)regs[i].id);
	}
}

/* One entry under view[key] per row: { id, name } (a <select>'s options). */
static void add_options(struct req *r, const char *key, const struct place_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct view *o = view_add(r->view, key);
		view_set_int(o, "id", rows[i].id);
		view_set(o, "name", rows[i].name);
	}
}

static void set_regions(struct req *r, int64_t parent)
{
	struct place_row *regs;
	size_t n;
	if (svc_region_children(req_store(r), parent, &regs, &n) != 0)
		return;
	add_regions(r, regs, n);
	view_set_bool(r->view, "has_regions", n > 0);
	place_rows_free(regs, n);
}

/* The start: the province and its cities. */
static int pick_region(struct req *r, int64_t parent)
{
	struct store *st = req_store(r);
	if (parent == 0) {
		struct place_row *top;
		size_t n;
		if (svc_region_children(st, 0, &top, &n) != 0)
			return 500;
		add_regions(r, top, n);
		int64_t province = n ? top[0].id : 0;
		place_rows_free(top, n);
		if (province)
			set_regions(r, province);
	} else {
		set_regions(r, parent);
	}
	view_set_bool(r->view, "pick_region", true);
	req_link(r, r->view, "choose_url", "/messages/new");
	r->title = T(r, "我要写信");
	r->tpl = "message_new";
	return 200;
}

/* WML: a region with regions below it first offers them (a <select>),
 * with a link to its own departments; then the units of one region, a
 * few per deck, in a <select>. */
static int pick_unit(struct req *r, const struct place_row *region)
{
	long page;
	if (!page_param(r, "page", &page))
		return req_fail(r, 400, T(r, "页码格式不正确。"));
	struct store *st = req_store(r);
	const char *own_s = req_param(r, "own");
	bool own = own_s && strcmp(own_s, "1") == 0;
	view_set(r->view, "region_name", region->name);
	req_link(r, r->view, "choose_url", "/messages/new");
	if (!own) {
		struct place_row *kids;
		size_t nk;
		if (svc_region_children(st, region->id, &kids, &nk) != 0)
			return 500;
		add_options(r, "counties", kids, nk);
		place_rows_free(kids, nk);
		if (nk > 0) {
			req_link(r, r->view, "own_url", "/messages/new?region=%lld&own=1", (long long)region->id);
			view_set_bool(r->view, "pick_sub", true);
			r->title = T(r, "选择地区");
			r->tpl = "message_new";
			return 200;
		}
	}
	int64_t total = svc_region_unit_count(st, region->id);
	long pages = pager_page_count((long)total, WML_UNITS_PER_DECK);
	if (total > 0 && page > pages)
		return req_fail(r, 404, T(r, "没有这一页。"));
	struct place_row *units;
	size_t n;
	if (svc_region_units(st, region->id, (int64_t)(page - 1) * WML_UNITS_PER_DECK, WML_UNITS_PER_DECK, &units, &n) != 0)
		return 500;
	add_options(r, "units", units, n);
	place_rows_free(units, n);
	view_set_bool(r->view, "has_units", n > 0);
	char base[80];
	snprintf(base, sizeof base, "/messages/new?region=%lld%s", (long long)region->id, own ? "&own=1" : "");
	page_set_pagination(r, base, "page", page, pages);
	view_set_bool(r->view, "pick_unit", true);
	r->title = T(r, "选择受理单位");
	r->tpl = "message_new";
	return 200;
}

/* The unit and region of the form; phones with room choose the unit
 * here (WML chose it before). */
static void set_form_place(struct req *r, const struct letter_place *p)
{
	struct view *v = r->view;
	if (p->unit_id) {
		view_set_int(v, "unit_id", p->unit_id);
		view_set(v, "unit_name", p->unit_name);
	}
	view_set_int(v, "region_id", p->region.id);
	view_set(v, "region_name", p->region.name);
	if (!dialect_of(r->caps.profile)->compact) {
		struct store *st = req_store(r);
		struct place_row *units;
		size_t n;
		int64_t count = svc_region_unit_count(st, p->region.id);
		if (count > 0 && svc_region_units(st, p->region.id, 0, (int)count, &units, &n) == 0) {
			for (size_t i = 0; i < n; i++) {
				struct view *uv = view_add(v, "units");
				view_set_int(uv, "id", units[i].id);
				view_set(uv, "name", units[i].name);
				view_set_bool(uv, "selected", units[i].id == p->unit_id);
			}
			place_rows_free(units, n);
		}
		set_regions(r, p->region.id);
		if (p->region.parent_id)
			req_link(r, v, "up_url", "/messages/new?region=%lld", (long long)p->region.parent_id);
	}
	req_link(r, v, "choose_url", "/messages/new");
}

/* What was typed, and the errors. */
static void set_form_input(struct req *r, const struct form_state *fs)
{
	static const struct letter_form none;
	const struct letter_form *in = fs->in ? fs->in : &none;
	struct view *v = r->view;
	for (size_t i = 0; i < MSGRULE_NTYPES; i++) {
		struct view *tv = view_add(v, "types");
		view_set(tv, "name", msgrule_types[i]);
		view_set_bool(tv, "selected", in->type && strcmp(in->type, msgrule_types[i]) == 0);
	}
	view_set(v, "type", msgrule_type_valid(in->type) ? in->type : msgrule_types[0]);
	/* What was typed goes back, but not without end: a text longer than
	 * its field allows is refused anyway, and its echo must not take the
	 * page past its budget.  Short fields keep up to twice their limit
	 * (so the writer sees what to cut); the body its limit, which fits. */
	view_setn(v, "in_title", in->title ? in->title : "", echo_len(in->title, in->title_len, 2 * LETTER_MAX_TITLE));
	view_setn(v, "in_body", in->body ? in->body : "", echo_len(in->body, in->body_len, LETTER_MAX_BODY));
	view_setn(v, "in_name", in->name ? in->name : "", echo_len(in->name, in->name_len, 2 * LETTER_MAX_NAME));
	view_setn(v, "in_phone", in->phone ? in->phone : "", echo_len(in->phone, in->phone_len, 2 * LETTER_MAX_PHONE_TEXT));
	view_set(v, "anon", in->anonymous ? "1" : "0");
	view_set_bool(v, "anonymous", in->anonymous);
	bool any = fs->err_form != NULL;
	for (size_t i = 0; i < LETTER_NFIELDS; i++) {
		view_set(v, err_keys[i], fs->err[i]);
		any = any || fs->err[i];
	}
	view_set(v, "err_form", fs->err_form);
	view_set_bool(v, "has_errors", any);
	view_set_int(v, "max_title", LETTER_MAX_TITLE);
	view_set_int(v, "max_body", LETTER_MAX_BODY);
}

/* The form itself, with the input and errors of fs. */
static int show_form(struct req *r, struct form_state *fs)
{
	struct store *st = req_store(r);
	r->no_store = true;
	char token[MSGRULE_TOKEN_LEN + 1];
	if (!fs->token) {
		if (letters_new_token(st, (int64_t)time(NULL), token) != 0)
			return req_fail(r, 503, T(r, "系统繁忙，请稍后再试。"));
		fs->token = token;
	}
	struct letter_place place;
	if (letters_place(st, fs->unit, fs->region, &place) != 0)
		return 500;
	view_set(r->view, "token", fs->token);
	view_set_bool(r->view, "form", true);
	set_form_place(r, &place);
	letters_place_release(&place);
	set_form_input(r, fs);
	req_link(r, r->view, "action", "/messages");
	r->title = T(r, "我要写信");
	r->tpl = "message_new";
	/* A WML deck cannot echo a long text within its budget.  The phone
	 * keeps what was typed in its WML variables, which an input prefers
	 * to its value attribute, so drop the longest echoes first.  Other
	 * dialects do so only as the last resort (a body of 2,000 wide
	 * characters with a small budget). */
	static const char *const echoed[] = { "in_body", "in_title", "in_name", "in_phone" };
	for (size_t i = 0; i < ARRAY_LEN(echoed) && req_render_size(r) > r->caps.budget; i++)
		view_set(r->view, echoed[i], "");
	return 200;
}

int page_message_new(struct req *r)
{
	if (page_foreign_page(r)) /* the English, French, Japanese, Korean versions */
		return page_intl_messages(r);
	section_add(r, SECTION_MESSAGES, "/messages");
	struct store *st = req_store(r);
	const char *unit_s = req_param(r, "unit");
	const char *region_s = req_param(r, "region");
	int64_t unit = 0, region = 0;
	if (unit_s && *unit_s && !letters_id(unit_s, &unit))
		return req_fail(r, 400, T(r, "单位编号格式不正确。"));
	if (region_s && *region_s && !letters_id(region_s, &region))
		return req_fail(r, 400, T(r, "地区编号格式不正确。"));
	if (unit) {
		struct svc_unit u;
		int rc = page_found(r, svc_unit(st, unit, &u), T(r, "该单位不存在。"));
		if (rc)
			return rc;
		svc_unit_release(&u);
		struct form_state fs = { .unit = unit };
		return show_form(r, &fs);
	}
	if (!region)
		return pick_region(r, 0);
	struct place_row reg;
	int rc = page_found(r, svc_region(st, region, &reg), T(r, "该地区不存在。"));
	if (rc)
		return rc;
	const char *sub = req_param(r, "sub");
	if (sub && strcmp(sub, "1") == 0)
		rc = pick_region(r, region);
	else if (dialect_of(r->caps.profile)->compact)
		rc = pick_unit(r, &reg);
	else {
		struct form_state fs = { .region = region };
		rc = show_form(r, &fs);
	}
	place_row_release(&reg);
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
	r->title = T(r, "留言已提交");
	r->tpl = "message_done";
	return 200;
}

/* A field's error in the phone's words; the text lives in the request's
 * arena until the reply is sent.  NULL when the field is fine. */
static const char *field_error(struct req *r, enum letter_field field, enum msgrule_err e)
{
	static const struct { const char *label; size_t max; } fields[LETTER_NFIELDS] = {
		[LETTER_TITLE] = { N_("标题"), LETTER_MAX_TITLE }, [LETTER_BODY] = { N_("内容"), LETTER_MAX_BODY },
		[LETTER_NAME] = { N_("姓名"), LETTER_MAX_NAME }, [LETTER_PHONE] = { N_("电话"), LETTER_MAX_PHONE_TEXT },
	};
	bool wml = dialect_of(r->caps.profile)->compact;
	if (e == MSGRULE_OK)
		return NULL;
	if (field == LETTER_UNIT && e == MSGRULE_EMPTY)
		return wml ? T(r, "请选单位") : T(r, "请选择受理单位。");
	if (field == LETTER_UNIT)
		return wml ? T(r, "单位无效") : T(r, "受理单位不存在，请重新选择。");
	struct buf b = BUF_INIT;
	if (wml)
		buf_addf(&b, T(r, msgrule_err_short_format(e)), fields[field].max);
	else if (field == LETTER_TYPE)
		buf_addf(&b, T(r, msgrule_err_format(e)), types_sentence(r, T(r, "留言类型（"), "）"), (size_t)0);
	else
		buf_addf(&b, T(r, msgrule_err_format(e)), T(r, fields[field].label), fields[field].max);
	const char *out = arena_strdup(&r->arena, buf_cstr(&b));
	buf_release(&b);
	return out;
}

/* The posted form, as letters_post reads it. */
static void read_letter(const struct form *f, struct letter_form *in)
{
	memset(in, 0, sizeof *in);
	const struct form_field *fld;
#define FIELD(name, ptr, len) \
	if ((fld = form_field(f, name))) { in->ptr = fld->value; in->len = fld->value_len; }
	FIELD("title", title, title_len)
	FIELD("body", body, body_len)
	FIELD("name", name, name_len)
	FIELD("phone", phone, phone_len)
	FIELD("token", token, token_len)
#undef FIELD
	in->type = form_get(f, "type");
	if (msgrule_type_of(in->type))
		in->type = msgrule_type_of(in->type);
	in->unit = form_get(f, "unit");
	in->region = form_get(f, "region");
	in->anonymous = letters_checked(form_get(f, "anonymous"));
}

/* The form again, with what was typed and why it was not stored. */
static int form_again(struct req *r, const struct letter_form *in, const struct letter_result *res)
{
	bool wml = dialect_of(r->caps.profile)->compact;
	struct form_state fs = { .in = in, .unit = res->unit, .region = res->region,
				 .token = *res->token ? res->token : NULL };
	for (size_t i = 0; i < LETTER_NFIELDS; i++)
		fs.err[i] = field_error(r, (enum letter_field)i, res->err[i]);
	if (res->outcome == LETTER_FAILED)
		fs.err_form = wml ? T(r, "系统繁忙,未保存,请再提交") : T(r, "系统繁忙，留言未能保存，请稍后再次提交。");
	else if (res->expired)
		fs.err_form = wml ? T(r, "页面已过期,请再提交") : T(r, "页面已过期或重复打开，请核对内容后再次提交。");
	return show_form(r, &fs);
}

/* POST /messages: one call to letters_post, its outcome mapped to a page. */
static int submit(struct req *r)
{
	r->no_store = true;
	const struct form *f = req_form(r);
	if (!f)
		return req_fail(r, 400, T(r, "提交的内容格式不正确，请返回重新提交。"));
	struct letter_form in;
	read_letter(f, &in);
	/* The client (behind trusted proxies, req_peer) is a trusted gateway
	 * when it lies in one of the configured ranges. */
	struct letter_client who;
	letters_client(&who, req_peer(r), r->app->trusted_gateways, r->app->n_trusted_gateways, page_header, r);
	struct letter_result res;
	/* A letter is acknowledged only when it goes into the database at
	 * its path (store_begin refuses too; this gives the page). */
	const char *why = store_fault(req_store(r));
	if (why) {
		log_error("messages: not storing a letter: %s", why);
		return req_fail(r, 503, T(r, "系统暂时无法保存留言，请稍后再试。"));
	}
	switch (letters_post(req_store(r), &in, &who, (int64_t)time(NULL), &res)) {
	case LETTER_STORED:
		return done(r, res.code, false);
	case LETTER_DUPLICATE:
		return done(r, res.code, true);
	case LETTER_LIMITED:
		r->retry_after = 3600;   /* the limit counts the last hour's posts */
		return req_fail(r, 429, arena_printf(&r->arena, TN(r, "每小时最多提交%d条留言，您已达到上限，请稍后再试。", "每小时最多提交%d条留言，您已达到上限，请稍后再试。", (unsigned long)res.limit), res.limit));
	case LETTER_INVALID:
	case LETTER_FAILED:
		break;
	}
	return form_again(r, &in, &res);
}

int page_messages(struct req *r)
{
	if (page_foreign_page(r)) /* the English, French, Japanese, Korean versions */
		return page_intl_messages(r);
	section_add(r, SECTION_MESSAGES, "/messages");
	if (r->method == REQ_POST)
		return r->format == REQ_FMT_JSON ? api_post_message(r) : submit(r);
	return list(r);
}

/* --- /messages/lookup ---------------------------------------------------------- */

int page_message_lookup(struct req *r)
{
	if (page_foreign_page(r)) /* the English, French, Japanese, Korean versions */
		return page_intl_messages(r);
	section_add(r, SECTION_MESSAGES, "/messages");
	r->no_store = true;
	r->title = T(r, "留言查询");
	r->tpl = "message_lookup";
	req_link(r, r->view, "action", "/messages/lookup");
	const char *in = req_param(r, "code");
	if (!in || !*in)
		return 200;
	/* A code has 8 characters; no more than twice that is echoed. */
	size_t inlen = strlen(in);
	view_setn(r->view, "code_in", in, echo_len(in, inlen, 2 * MSGRULE_CODE_LEN));
	char code[MSGRULE_CODE_LEN + 1];
	if (!msgrule_code_normalise(in, code)) {
		view_set(r->view, "not_found", T(r, "查询码应为8位字母或数字，请核对后重新输入。"));
		return 200;
	}
	long p;
	if (!page_param(r, "p", &p))
		return req_fail(r, 400, T(r, "页码格式不正确。"));
	struct store *st = req_store(r);
	struct msg_row m;
	int found = msg_get_by_code(st, code, &m);
	if (found < 0)
		return 500;
	if (found == 0) {
		view_set(r->view, "not_found", T(r, "没有找到这个查询码对应的留言，请核对后重新输入。"));
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
	char *text = message_text(r, st, &m);
	char base[64];
	snprintf(base, sizeof base, "/messages/lookup?code=%s", code);
	int rc = page_split_body(r, text, strlen(text), "paras", base, p);
	free(text);
	msg_row_release(&m);
	return rc;
}
