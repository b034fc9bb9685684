/* staff.c - the staff console: login, logout, sessions and CSRF, the page
 * frame, the home page (inbox and daily summary) and the preview behind
 * the login.  Only on the staff listener (staff_routes). */
#include "core/common.h"
#include "core/utf8.h"
#include "app/app.h"
#include "pages/staff.h"
#include "pages/util.h"
#include "render/view.h"
#include "store/answer.h"
#include "store/calendar.h"

#include <sodium.h>

/* --- cookies, redirects ------------------------------------------------------ */

/* The value of cookie `name` in the request (arena), or NULL. */
static const char *cookie_get(struct req *r, const char *name)
{
	const char *h = req_header(r, "Cookie");
	size_t nl = strlen(name);
	for (const char *p = h; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
			return arena_strndup(&r->arena, p + nl + 1, len - nl - 1);
		p = end;
	}
	return NULL;
}

static void add_header(struct req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_header(struct req *r, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	/* Our own short headers: never truncated, never a CR or LF inside. */
	if (n < 0 || (size_t)n >= sizeof line || strpbrk(line, "\r\n"))
		return;
	r->headers = arena_printf(&r->arena, "%s%s\r\n", r->headers ? r->headers : "", line);
}

static void set_cookie(struct req *r, const char *name, const char *value, bool clear)
{
	bool secure = r->app && r->app->staff_secure_cookies;
	add_header(r, "Set-Cookie: %s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value,
		   clear ? "; Max-Age=0" : "", secure ? "; Secure" : "");
}

int staff_redirect(struct req *r, const char *path)
{
	add_header(r, "Location: %s", path);
	r->text = "";
	r->no_store = true;
	return 303;
}

int staff_fail(struct req *r, int status, const char *why)
{
	r->no_store = true;
	add_header(r, "X-Frame-Options: DENY");
	return req_fail(r, status, why);
}

int staff_csv(struct req *r, const char *filename, struct buf *b)
{
	r->text = arena_strndup(&r->arena, b->data ? b->data : "", b->len);
	buf_release(b);
	r->text_type = "text/csv; charset=utf-8";
	r->no_store = true;
	add_header(r, "Content-Disposition: attachment; filename=\"%s\"", filename);
	add_header(r, "X-Content-Type-Options: nosniff");
	return 200;
}

void staff_set_day(struct view *v, const char *key, int64_t day)
{
	char s[11];
	msgrule_day_text(day, s);
	view_set(v, key, s);
}

void staff_set_time(struct view *v, const char *key, int64_t t, bool seconds)
{
	time_t x = (time_t)t + 8 * 3600;
	struct tm tm;
	char s[32];
	gmtime_r(&x, &tm);
	strftime(s, sizeof s, seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M", &tm);
	view_set(v, key, s);
}

void staff_audit_user(struct req *r, const struct staff_actor *who, int64_t now, const char *action, const char *name,
		      const char *after)
{
	char *o = xasprintf("user:%s", name);
	audit_add(req_store(r), who, now, action, o, "", after);
	free(o);
}

/* --- the guard ----------------------------------------------------------------- */

static int begin(struct req *r, struct staff_ctx *c)
{
	memset(c, 0, sizeof *c);
	c->now = (int64_t)time(NULL);
	r->no_store = true;
	const char *tok = cookie_get(r, STAFF_COOKIE);
	int f = tok ? staff_session(req_store(r), tok, c->now, &c->user, c->csrf) : 0;
	if (f < 0)
		return staff_fail(r, 503, T(r, "数据库暂时不可用，请稍后再试。"));
	if (f == 0)
		return -1;
	c->actor = (struct staff_actor){ c->user.id, c->user.name, req_peer(r) };
	return 0;
}

int staff_begin(struct req *r, struct staff_ctx *c)
{
	int rc = begin(r, c);
	if (rc < 0)
		return staff_redirect(r, "/login");
	return rc;
}

int staff_begin_post(struct req *r, struct staff_ctx *c)
{
	int rc = begin(r, c);
	if (rc < 0)
		return staff_fail(r, 403, T(r, "请先登录。"));
	if (rc > 0)
		return rc;
	const struct form *f = req_form(r);
	const char *tok = f ? form_get(f, "csrf") : NULL;
	if (!staff_token_equal(tok, c->csrf))
		return staff_done(c, staff_fail(r, 403, T(r, "表单已过期或来源不明（缺少有效的 CSRF 令牌），请返回重新提交。")));
	return 0;
}

int staff_begin_any(struct req *r, struct staff_ctx *c)
{
	return r->method == REQ_POST ? staff_begin_post(r, c) : staff_begin(r, c);
}

int staff_begin_role(struct req *r, struct staff_ctx *c, unsigned roles, const char *why)
{
	int rc = staff_begin_any(r, c);
	if (rc != 0)
		return rc;
	if (!(roles & STAFF_ROLES(c->user.role)))
		return staff_done(c, staff_fail(r, 403, why));
	return 0;
}

void staff_end(struct staff_ctx *c)
{
	staff_user_release(&c->user);
}

int staff_done(struct staff_ctx *c, int status)
{
	staff_end(c);
	return status;
}

static const char *role_label(enum staff_role r)
{
	switch (r) {
	case ROLE_ADMIN: return N_("管理员");
	case ROLE_EDITOR: return N_("编辑");
	case ROLE_STAFF: return N_("部门工作人员");
	case ROLE_SUPERVISOR: return N_("督办");
	default: return "";
	}
}

int staff_page(struct req *r, struct staff_ctx *c, const char *tpl, const char *title)
{
	struct view *v = r->view;
	view_set(v, "user", c->user.name);
	view_set(v, "role", T(r, role_label(c->user.role)));
	view_set(v, "csrf", c->csrf);
	view_set_bool(v, "is_admin", c->user.role == ROLE_ADMIN);
	view_set_bool(v, "sees_stats", c->user.role != ROLE_EDITOR);
	view_set_bool(v, "edits_news", c->user.role == ROLE_EDITOR || c->user.role == ROLE_ADMIN);
	r->tpl = tpl;
	r->title = arena_strdup(&r->arena, title);
	r->layout = "staff_layout";
	r->no_store = true;
	add_header(r, "X-Frame-Options: DENY");
	return 200;
}

char *staff_field(struct req *r, const char *name, size_t max, bool multiline, const char **why)
{
	const struct form *f = req_form(r);
	const struct form_field *ff = f ? form_field(f, name) : NULL;
	const char *s = ff ? ff->value : "";
	size_t n = ff ? ff->value_len : 0;
	switch (msgrule_check_text(s, n, max, true, multiline)) {
	case MSGRULE_OK: return msgrule_clean(s, n, multiline);
	case MSGRULE_EMPTY: *why = T(r, "请填写必填项。"); break;
	case MSGRULE_TOO_LONG: *why = T(r, "内容过长。"); break;
	default: *why = T(r, "内容含有无效字符。"); break;
	}
	return NULL;
}

/* --- login and logout ------------------------------------------------------------- */

static const char login_failed[] = N_("登录失败：用户名或密码不正确，或尝试次数过多，请稍后再试。");

/* The login form with a fresh double-submit token (cookie + field): a
 * login form posted from another site carries no cookie of ours. */
static int login_form(struct req *r, int status, const char *message)
{
	char tok[STAFF_TOKEN_HEX + 1];
	unsigned char raw[STAFF_TOKEN_HEX / 2];
	if (staff_crypto_init() != 0)
		return staff_fail(r, 503, T(r, "无法初始化加密库。"));
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(tok, sizeof tok, raw, sizeof raw);
	set_cookie(r, STAFF_LOGIN_COOKIE, tok, false);
	view_set(r->view, "csrf", tok);
	view_set(r->view, "message", message);
	r->tpl = "staff_login";
	r->layout = "staff_layout";
	r->title = T(r, "工作人员登录");
	r->no_store = true;
	add_header(r, "X-Frame-Options: DENY");
	if (status != 200)
		r->error = message;
	return status == 200 ? 200 : status;
}

int page_staff_login(struct req *r)
{
	r->no_store = true;
	if (r->method != REQ_POST) {
		struct staff_ctx c;
		if (begin(r, &c) == 0) {
			staff_end(&c);
			return staff_redirect(r, "/");
		}
		return login_form(r, 200, NULL);
	}
	const struct form *f = req_form(r);
	if (!f)
		return staff_fail(r, 400, T(r, "表单格式不正确。"));
	const char *tok = form_get(f, "csrf");
	if (!staff_token_equal(tok, cookie_get(r, STAFF_LOGIN_COOKIE)))
		return staff_fail(r, 403, T(r, "登录表单已过期或来源不明，请重新打开登录页。"));
	const char *name = form_get(f, "name"), *pw = form_get(f, "password");
	if (!name || !pw)
		return login_form(r, 403, T(r, login_failed));
	char token[STAFF_TOKEN_HEX + 1], csrf[STAFF_TOKEN_HEX + 1];
	int64_t uid = 0, now = (int64_t)time(NULL);
	struct store *st = req_store(r);
	enum staff_login res = staff_login(st, name, pw, req_peer(r), now, token, csrf, &uid);
	if (res == LOGIN_ERROR)
		return staff_fail(r, 503, T(r, "数据库暂时不可用，请稍后再试。"));
	if (res != LOGIN_OK) {
		if (staff_name_valid(name)) {
			struct staff_actor who = { 0, name, req_peer(r) };
			staff_audit_user(r, &who, now, res == LOGIN_THROTTLED ? "login.throttled" : "login.fail", name, "");
		}
		/* The same words whatever the reason; 429 only says "wait". */
		return login_form(r, res == LOGIN_THROTTLED ? 429 : 403, T(r, login_failed));
	}
	struct staff_actor who = { uid, name, req_peer(r) };
	staff_audit_user(r, &who, now, "login", name, "");
	set_cookie(r, STAFF_COOKIE, token, false);
	set_cookie(r, STAFF_LOGIN_COOKIE, "", true);
	sodium_memzero(token, sizeof token);
	return staff_redirect(r, "/");
}

int page_staff_logout(struct req *r)
{
	struct staff_ctx c;
	int rc = staff_begin_post(r, &c);
	if (rc != 0)
		return rc;
	staff_logout(req_store(r), cookie_get(r, STAFF_COOKIE));
	staff_audit_user(r, &c.actor, c.now, "logout", c.user.name, "");
	staff_end(&c);
	set_cookie(r, STAFF_COOKIE, "", true);
	return staff_redirect(r, "/login");
}

/* --- home: the inbox and the day's summary ------------------------------------------ */

#define INBOX_SHOWN 200

struct unit_sum {
	int64_t unit;
	const char *name;
	int open, overdue, today, soon;
};

static struct unit_sum *sum_for(struct unit_sum **s, size_t *n, int64_t unit, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if ((*s)[i].unit == unit)
			return &(*s)[i];
	*s = xrealloc(*s, (*n + 1) * sizeof **s);
	(*s)[*n] = (struct unit_sum){ .unit = unit, .name = name };
	return &(*s)[(*n)++];
}

static int by_overdue(const void *a, const void *b)
{
	const struct unit_sum *x = a, *y = b;
	if (x->overdue != y->overdue)
		return y->overdue - x->overdue;
	if (x->open != y->open)
		return y->open - x->open;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

int page_staff_home(struct req *r)
{
	struct staff_ctx c;
	int rc = staff_begin(r, &c);
	if (rc != 0)
		return rc;
	struct store *st = req_store(r);
	const struct workcal *cal = store_calendar();
	int64_t today = msgrule_day(c.now);
	int64_t soon = workcal_add(cal, today, 3);
	staff_set_day(r->view, "today", today);
	view_set_bool(r->view, "today_workday", workcal_is_workday(cal, today));
	struct msg_row *rows = NULL;
	size_t n = 0;
	bool letters = c.user.role == ROLE_STAFF || staff_sees_all(&c.user);
	if (letters && (c.user.role != ROLE_STAFF || c.user.nunits > 0) &&
	    ans_inbox(st, c.user.role == ROLE_STAFF ? c.user.units : NULL, c.user.role == ROLE_STAFF ? c.user.nunits : 0,
		      &rows, &n) != 0)
		return staff_done(&c, staff_fail(r, 503, T(r, "无法读取留言。")));
	view_set_bool(r->view, "letters", letters);
	struct unit_sum *sums = NULL;
	size_t ns = 0;
	for (size_t i = 0; i < n; i++) {
		const struct msg_row *m = &rows[i];
		int64_t due = msg_due_day(m);
		struct unit_sum *s = sum_for(&sums, &ns, m->unit_id, m->unit_name);
		s->open++;
		s->overdue += due < today;
		s->today += due == today;
		s->soon += due > today && due <= soon;
		if (i >= INBOX_SHOWN)
			continue;
		struct view *v = view_add(r->view, "inbox");
		view_set_int(v, "id", m->id);
		view_set(v, "code", m->code);
		view_set(v, "title", m->title);
		view_set(v, "unit", m->unit_name);
		view_set(v, "type", m->type);
		staff_set_day(v, "accepted", msgrule_day(m->accepted_at));
		staff_set_day(v, "due", due);
		view_set_bool(v, "overdue", due < today);
		view_set_bool(v, "due_today", due == today);
		if (due < today)
			view_set_int(v, "late", workcal_between(cal, due, today));
		view_set(v, "state", page_message_state(r, m));
	}
	view_set_int(r->view, "open", (long long)n);
	view_set_bool(r->view, "truncated", n > INBOX_SHOWN);
	if (ns)
		qsort(sums, ns, sizeof *sums, by_overdue);
	for (size_t i = 0; i < ns; i++) {
		struct view *v = view_add(r->view, "summary");
		view_set_int(v, "unit_id", sums[i].unit);
		view_set(v, "unit", sums[i].name);
		view_set_int(v, "open", sums[i].open);
		view_set_int(v, "overdue", sums[i].overdue);
		view_set_int(v, "due_today", sums[i].today);
		view_set_int(v, "due_soon", sums[i].soon);
	}
	free(sums);
	msg_rows_free(rows, n);
	return staff_done(&c, staff_page(r, &c, "staff_home", T(r, "待办留言")));
}

/* --- the phone preview, behind the login ---------------------------------------- */

int page_staff_preview(struct req *r)
{
	struct staff_ctx c;
	int rc = staff_begin(r, &c);
	if (rc != 0)
		return rc;
	staff_end(&c);
	add_header(r, "X-Frame-Options: DENY");
	return page_preview(r);
}
