/* staff_admin.c - the administrators' and supervisors' pages: the audit
 * log (and its CSV), the monthly figures per unit (and their CSV), the
 * settings of 互动交流 (posting limit, reply period). */
#include "core/common.h"
#include "app/app.h"
#include "pages/staff.h"
#include "pages/util.h"
#include "render/view.h"
#include "store/answer.h"
#include "store/messages.h"

#define AUDIT_PAGE 100

/* Admin only: 0 with c, or the status. */
static int begin_admin(struct req *r, struct staff_ctx *c)
{
	return staff_begin_role(r, c, STAFF_ROLES(ROLE_ADMIN), T(r, "只有管理员可以访问此页面。"));
}

int page_staff_audit(struct req *r)
{
	struct staff_ctx c;
	int rc = begin_admin(r, &c);
	if (rc != 0)
		return rc;
	long p;
	if (!page_param(r, "p", &p))
		return staff_done(&c, staff_fail(r, 400, T(r, "页码不正确。")));
	struct audit_row *a;
	size_t n;
	if (audit_list(req_store(r), NULL, (int64_t)(p - 1) * AUDIT_PAGE, AUDIT_PAGE + 1, &a, &n) != 0)
		return staff_done(&c, staff_fail(r, 503, T(r, "无法读取审计日志。")));
	for (size_t i = 0; i < n && i < AUDIT_PAGE; i++) {
		struct view *v = view_add(r->view, "entries");
		view_set_int(v, "aid", a[i].id);
		staff_set_time(v, "at", a[i].at, true);
		view_set(v, "who", a[i].user_name);
		view_set(v, "address", a[i].address);
		view_set(v, "action", a[i].action);
		view_set(v, "object", a[i].object);
		view_set(v, "before", a[i].before);
		view_set(v, "after", a[i].after);
	}
	if (p > 1)
		view_setf(r->view, "prev_url", "/audit?p=%ld", p - 1);
	if (n > AUDIT_PAGE)
		view_setf(r->view, "next_url", "/audit?p=%ld", p + 1);
	audit_rows_free(a, n);
	return staff_done(&c, staff_page(r, &c, "staff_audit", T(r, "审计日志")));
}

int page_staff_audit_csv(struct req *r)
{
	struct staff_ctx c;
	int rc = begin_admin(r, &c);
	if (rc != 0)
		return rc;
	staff_end(&c);
	struct buf b = BUF_INIT;
	if (audit_csv(req_store(r), &b) != 0) {
		buf_release(&b);
		return staff_fail(r, 503, T(r, "无法读取审计日志。"));
	}
	return staff_csv(r, "audit.csv", &b);
}

/* --- statistics ----------------------------------------------------------------- */

/* The month of ?month=YYYY-MM (default: this month): false if malformed. */
static bool month_param(struct req *r, int64_t now, int *year, int *month)
{
	const char *s = req_param(r, "month");
	if (!s || !*s) {
		time_t t = (time_t)now + 8 * 3600;
		struct tm tm;
		gmtime_r(&t, &tm);
		*year = tm.tm_year + 1900;
		*month = tm.tm_mon + 1;
		return true;
	}
	char tail;
	return sscanf(s, "%4d-%2d%c", year, month, &tail) == 2 && *year >= 2000 && *year <= 2100 && *month >= 1 && *month <= 12;
}

static int stats_begin(struct req *r, struct staff_ctx *c, int *year, int *month, struct ans_stats **s, size_t *n)
{
	int rc = staff_begin_role(r, c, ~STAFF_ROLES(ROLE_EDITOR), T(r, "您无权查看留言统计。"));
	if (rc != 0)
		return rc;
	if (!month_param(r, c->now, year, month))
		return staff_done(c, staff_fail(r, 400, T(r, "月份格式应为 YYYY-MM。")));
	/* Staff see their own units; supervisors and administrators all. */
	bool own = c->user.role == ROLE_STAFF;
	if (ans_month_stats(req_store(r), *year, *month, msgrule_day(c->now), own ? c->user.units : NULL, own ? c->user.nunits : 0, s, n) != 0)
		return staff_done(c, staff_fail(r, 503, T(r, "无法计算统计。")));
	return 0;
}

int page_staff_stats(struct req *r)
{
	struct staff_ctx c;
	int year, month;
	struct ans_stats *s;
	size_t n;
	int rc = stats_begin(r, &c, &year, &month, &s, &n);
	if (rc != 0)
		return rc;
	view_setf(r->view, "month", "%04d-%02d", year, month);
	int tot[6] = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct view *v = view_add(r->view, "rows");
		view_set_int(v, "unit_id", s[i].unit_id);
		view_set(v, "unit", s[i].unit_name);
		view_set_int(v, "received", s[i].received);
		view_set_int(v, "answered", s[i].answered);
		view_set_int(v, "on_time", s[i].on_time);
		view_setf(v, "avg_days", "%.1f", s[i].avg_days);
		view_set_int(v, "overdue", s[i].overdue);
		view_set_int(v, "transferred", s[i].transferred);
		tot[0] += s[i].received;
		tot[1] += s[i].answered;
		tot[2] += s[i].on_time;
		tot[3] += s[i].overdue;
		tot[4] += s[i].transferred;
	}
	view_set_int(r->view, "t_received", tot[0]);
	view_set_int(r->view, "t_answered", tot[1]);
	view_set_int(r->view, "t_on_time", tot[2]);
	view_set_int(r->view, "t_overdue", tot[3]);
	view_set_int(r->view, "t_transferred", tot[4]);
	ans_stats_free(s, n);
	return staff_done(&c, staff_page(r, &c, "staff_stats", T(r, "办理情况统计")));
}

int page_staff_stats_csv(struct req *r)
{
	struct staff_ctx c;
	int year, month;
	struct ans_stats *s;
	size_t n;
	int rc = stats_begin(r, &c, &year, &month, &s, &n);
	if (rc != 0)
		return rc;
	staff_end(&c);
	struct buf b = BUF_INIT;
	buf_adds(&b, "month,unit_id,unit,received,answered,answered_on_time,avg_working_days_to_answer,overdue,transferred\r\n");
	for (size_t i = 0; i < n; i++) {
		char f[8][32];
		snprintf(f[0], sizeof f[0], "%04d-%02d", year, month);
		snprintf(f[1], sizeof f[1], "%lld", (long long)s[i].unit_id);
		snprintf(f[2], sizeof f[2], "%d", s[i].received);
		snprintf(f[3], sizeof f[3], "%d", s[i].answered);
		snprintf(f[4], sizeof f[4], "%d", s[i].on_time);
		snprintf(f[5], sizeof f[5], "%.2f", s[i].avg_days);
		snprintf(f[6], sizeof f[6], "%d", s[i].overdue);
		snprintf(f[7], sizeof f[7], "%d", s[i].transferred);
		csv_field(&b, f[0], false);
		csv_field(&b, f[1], false);
		csv_field(&b, s[i].unit_name, false);
		for (int k = 2; k < 8; k++)
			csv_field(&b, f[k], k == 7);
	}
	ans_stats_free(s, n);
	char *name = arena_printf(&r->arena, "stats-%04d-%02d.csv", year, month);
	return staff_csv(r, name, &b);
}

/* --- settings ------------------------------------------------------------------- */

struct setting {
	const char *key, *label;
	int def, min, max;
};

static const struct setting settings[] = {
	{ "reply_days", N_("答复期限（工作日）"), 5, 1, MSGRULE_MAX_REPLY_DAYS },
	{ "posts_per_hour", N_("每个来源每小时最多留言数"), 5, 1, 1000 },
};

int page_staff_settings(struct req *r)
{
	struct staff_ctx c;
	int rc = begin_admin(r, &c);
	if (rc != 0)
		return rc;
	struct store *st = req_store(r);
	if (r->method == REQ_POST) {
		const struct form *f = req_form(r);
		int vals[ARRAY_LEN(settings)];
		for (size_t i = 0; i < ARRAY_LEN(settings); i++) {
			const char *s = f ? form_get(f, settings[i].key) : NULL;
			char *end = NULL;
			long v = s ? strtol(s, &end, 10) : 0;
			if (!s || !*s || *end || v < settings[i].min || v > settings[i].max)
				return staff_done(&c, staff_fail(r, 400, arena_printf(&r->arena, T(r, "%s 须为 %d 到 %d 的整数。"),
										      T(r, settings[i].label), settings[i].min, settings[i].max)));
			vals[i] = (int)v;
		}
		if (store_begin(st) != 0)
			return staff_done(&c, staff_fail(r, 503, T(r, "数据库忙，请稍后再试。")));
		int bad = 0;
		for (size_t i = 0; i < ARRAY_LEN(settings); i++) {
			int old = msg_setting(st, settings[i].key, settings[i].def);
			if (old == vals[i])
				continue;
			bad |= store_execf(st, "INSERT OR REPLACE INTO msg_settings (key, value) VALUES (?1, ?2)", "ti",
					   settings[i].key, (int64_t)vals[i]) != 0;
			char o[64], b0[16], b1[16];
			snprintf(o, sizeof o, "setting:%s", settings[i].key);
			snprintf(b0, sizeof b0, "%d", old);
			snprintf(b1, sizeof b1, "%d", vals[i]);
			bad |= audit_add(st, &c.actor, c.now, "setting.change", o, b0, b1) != 0;
		}
		if (bad || store_commit(st) != 0) {
			store_rollback(st);
			return staff_done(&c, staff_fail(r, 500, T(r, "无法保存设置。")));
		}
		return staff_done(&c, staff_redirect(r, "/settings"));
	}
	for (size_t i = 0; i < ARRAY_LEN(settings); i++) {
		struct view *v = view_add(r->view, "settings");
		view_set(v, "key", settings[i].key);
		view_set(v, "label", T(r, settings[i].label));
		view_set_int(v, "value", msg_setting(st, settings[i].key, settings[i].def));
		view_set_int(v, "min", settings[i].min);
		view_set_int(v, "max", settings[i].max);
	}
	return staff_done(&c, staff_page(r, &c, "staff_settings", T(r, "设置")));
}
