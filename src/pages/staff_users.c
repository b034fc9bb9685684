/* staff_users.c - administrators manage the accounts in the console:
 * the list, a new account, disable / enable, a new password.  The same
 * store calls as `qiao user`; every change is audited, no password is
 * ever shown or logged. */
#include "core/common.h"
#include "app/app.h"
#include "pages/staff.h"
#include "render/view.h"

static int begin_admin(struct req *r, struct staff_ctx *c)
{
	return staff_begin_role(r, c, STAFF_ROLES(ROLE_ADMIN), T(r, "只有管理员可以管理账号。"));
}

/* The units of "58, 59 60": false when malformed or more than max. */
static bool parse_units(const char *s, int64_t *units, size_t max, size_t *n)
{
	*n = 0;
	while (s && *s) {
		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (errno || end == s || v <= 0 || *n == max)
			return false;
		units[(*n)++] = v;
		s = end;
		if (*s && *s != ' ' && *s != ',')
			return false;
	}
	return true;
}

static int add_user(struct req *r, struct staff_ctx *c)
{
	const struct form *f = req_form(r);
	const char *name = f ? form_get(f, "name") : NULL;
	const char *role = f ? form_get(f, "role") : NULL;
	const char *pw = f ? form_get(f, "password") : NULL;
	int64_t units[32];
	size_t nu;
	if (!name || !role || !pw)
		return staff_fail(r, 400, T(r, "请填写用户名、角色和密码。"));
	if (!parse_units(form_get(f, "units"), units, ARRAY_LEN(units), &nu))
		return staff_fail(r, 400, T(r, "部门编号应为以逗号分隔的数字。"));
	bool drafts_only = form_get(f, "drafts_only") != NULL;
	char *err = NULL;
	if (staff_user_add(req_store(r), name, staff_role_parse(role), pw, units, nu, !drafts_only, c->now, NULL, &err) != 0) {
		const char *why = arena_strdup(&r->arena, err);
		free(err);
		return staff_fail(r, 400, why);
	}
	char after[96];
	snprintf(after, sizeof after, "role %s%s, %zu unit(s)", role, drafts_only ? " (drafts only)" : "", nu);
	staff_audit_user(r, &c->actor, c->now, "user.add", name, after);
	return staff_redirect(r, "/users");
}

int page_staff_users(struct req *r)
{
	struct staff_ctx c;
	int rc = begin_admin(r, &c);
	if (rc != 0)
		return rc;
	if (r->method == REQ_POST)
		return staff_done(&c, add_user(r, &c));
	struct staff_user *u;
	size_t n;
	if (staff_users(req_store(r), &u, &n) != 0)
		return staff_done(&c, staff_fail(r, 503, T(r, "无法读取账号。")));
	for (size_t i = 0; i < n; i++) {
		struct view *v = view_add(r->view, "users");
		view_set(v, "uname", u[i].name);
		view_set(v, "urole", staff_role_name(u[i].role));
		view_set_bool(v, "udisabled", u[i].disabled);
		view_set_bool(v, "udrafts", u[i].role == ROLE_STAFF && !u[i].may_publish);
		view_set_bool(v, "uself", u[i].id == c.user.id);
		struct buf b = BUF_INIT;
		for (size_t k = 0; k < u[i].nunits; k++)
			buf_addf(&b, "%s%lld", k ? ", " : "", (long long)u[i].units[k]);
		view_set(v, "uunits", buf_cstr(&b));
		buf_release(&b);
	}
	staff_users_free(u, n);
	return staff_done(&c, staff_page(r, &c, "staff_users", T(r, "账号")));
}

/* POST /users/NAME/disable, /enable, /passwd. */
int page_staff_user_act(struct req *r)
{
	struct staff_ctx c;
	int rc = begin_admin(r, &c);
	if (rc != 0)
		return rc;
	const char *name = r->nargs > 0 ? r->args[0] : "";
	const char *act = strrchr(r->path, '/') + 1;
	char *err = NULL;
	struct staff_user u;
	if (!staff_name_valid(name) || staff_user_by_name(req_store(r), name, &u) != 1)
		return staff_done(&c, staff_fail(r, 404, T(r, "没有这个账号。")));
	bool self = u.id == c.user.id;
	staff_user_release(&u);
	if (strcmp(act, "passwd") == 0) {
		const struct form *f = req_form(r);
		const char *pw = f ? form_get(f, "password") : NULL;
		if (!pw || staff_user_passwd(req_store(r), name, pw, &err) != 0)
			rc = staff_fail(r, 400, arena_strdup(&r->arena, err ? err : T(r, "请填写新密码。")));
		else {
			staff_audit_user(r, &c.actor, c.now, "user.passwd", name, "password changed");
			rc = staff_redirect(r, "/users");
		}
	} else {
		bool dis = strcmp(act, "disable") == 0;
		if (dis && self)
			rc = staff_fail(r, 409, T(r, "不能停用自己的账号。"));
		else if (staff_user_disable(req_store(r), name, dis, &err) != 0)
			rc = staff_fail(r, 400, arena_strdup(&r->arena, err));
		else {
			staff_audit_user(r, &c.actor, c.now, dis ? "user.disable" : "user.enable", name, dis ? "disabled" : "active");
			rc = staff_redirect(r, "/users");
		}
	}
	free(err);
	return staff_done(&c, rc);
}
