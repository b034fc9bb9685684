/* staff_letters.c - one letter in the console and the actions on it:
 * reply (draft / publish), publish the draft, transfer, extend, reject,
 * edit and withdraw a published reply.  Every action checks the user's
 * permission on the letter's unit (403 otherwise) and hands that unit to
 * the store, which refuses it if the letter moved meanwhile. */
#include "core/common.h"
#include "app/app.h"
#include "pages/staff.h"
#include "pages/util.h"
#include "render/view.h"
#include "store/answer.h"
#include "store/calendar.h"
#include "store/services.h"

static const char *reply_status_text(const struct req *r, const char *s)
{
	if (strcmp(s, "draft") == 0)
		return T(r, "草稿（未公开）");
	if (strcmp(s, "withdrawn") == 0)
		return T(r, "已撤回");
	return T(r, "已公开");
}

/* The letter's replies (drafts and withdrawn ones too), their history and
 * the letter's audit trail. */
static void add_answers(struct req *r, struct store *st, const struct msg_row *m, bool may_publish, bool may_edit)
{
	struct view *v = r->view;
	struct ans_reply *rep = NULL;
	size_t nr = 0;
	ans_replies(st, m->id, &rep, &nr);
	const char *draft = NULL;
	for (size_t i = 0; i < nr; i++) {
		struct view *x = view_add(v, "replies");
		view_set_int(x, "rid", rep[i].id);
		view_set(x, "runit", rep[i].unit_name);
		view_set(x, "rbody", rep[i].body);
		view_set(x, "rstatus", reply_status_text(r, rep[i].status));
		view_set(x, "ruser", *rep[i].user_name ? rep[i].user_name : T(r, "命令行"));
		staff_set_time(x, "rcreated", rep[i].created_at, false);
		bool pub = strcmp(rep[i].status, "published") == 0;
		bool is_draft = strcmp(rep[i].status, "draft") == 0;
		view_set_bool(x, "rpublished", pub);
		view_set_bool(x, "rdraft", is_draft);
		view_set_bool(x, "may_edit", pub && may_edit && rep[i].unit_id == m->unit_id);
		view_set_bool(x, "may_publish_draft", is_draft && may_publish && rep[i].unit_id == m->unit_id);
		if (is_draft && rep[i].unit_id == m->unit_id)
			draft = rep[i].body;
	}
	view_set(v, "draft", draft ? draft : "");
	view_set_bool(v, "has_draft", draft != NULL);
	struct ans_history *h = NULL;
	size_t nh = 0;
	ans_history(st, m->id, &h, &nh);
	view_set_bool(v, "has_history", nh > 0);
	for (size_t i = 0; i < nh; i++) {
		struct view *x = view_add(v, "history");
		view_set_int(x, "hreply", h[i].reply_id);
		staff_set_time(x, "hat", h[i].at, false);
		view_set(x, "hbody", h[i].body);
		view_set(x, "hnote", h[i].note);
		view_set(x, "huser", *h[i].user_name ? h[i].user_name : T(r, "命令行"));
	}
	/* The letter's audit trail: who did what to it. */
	struct audit_row *a = NULL;
	size_t na = 0;
	char *obj = xasprintf("message:%lld", (long long)m->id);
	audit_list(st, obj, 0, 100, &a, &na);
	free(obj);
	for (size_t i = 0; i < na; i++) {
		struct view *x = view_add(v, "trail");
		staff_set_time(x, "at", a[i].at, false);
		view_set(x, "who", a[i].user_name);
		view_set(x, "action", a[i].action);
		view_set(x, "after", a[i].after);
	}
	audit_rows_free(a, na);
	ans_history_free(h, nh);
	ans_replies_free(rep, nr);
}

/* Begin a letter's page or action (staff_begin_any: a POST must carry
 * the CSRF token) and read the letter of /letters/ID: 0 with c and *m
 * (release both), or the status (c ended). */
static int begin_letter(struct req *r, struct staff_ctx *c, struct msg_row *m)
{
	int rc = staff_begin_any(r, c);
	if (rc != 0)
		return rc;
	int64_t id;
	if (!req_arg_id(r, 0, &id) || msg_get(req_store(r), id, m) != 1)
		return staff_done(c, staff_fail(r, 404, T(r, "没有这条留言。")));
	return 0;
}

int page_staff_letter(struct req *r)
{
	struct staff_ctx c;
	struct msg_row m;
	int rc = begin_letter(r, &c, &m);
	if (rc != 0)
		return rc;
	struct store *st = req_store(r);
	if (!staff_may(&c.user, ACT_VIEW, m.unit_id)) {
		msg_row_release(&m);
		return staff_done(&c, staff_fail(r, 403, T(r, "这条留言不属于您的部门。")));
	}
	struct view *v = r->view;
	const struct workcal *cal = store_calendar();
	int64_t today = msgrule_day(c.now), due = msg_due_day(&m);
	view_set_int(v, "id", m.id);
	view_set(v, "code", m.code);
	view_set(v, "headline", m.title);
	view_set(v, "body", m.body);
	view_set(v, "type", m.type);
	view_set(v, "unit", m.unit_name);
	view_set_int(v, "unit_id", m.unit_id);
	view_set(v, "state", page_message_state(r, &m));
	view_set_bool(v, "rejected", strcmp(m.state, "rejected") == 0);
	view_set(v, "reject_reason", *m.reject_reason ? m.reject_reason : NULL);
	struct buf b = BUF_INIT;
	msgrule_public_name(&b, m.sender_name, m.anonymous);
	view_set(v, "sender", buf_cstr(&b));
	buf_reset(&b);
	msgrule_mask_phone(&b, m.sender_phone);
	view_set(v, "phone", buf_cstr(&b));
	buf_release(&b);
	staff_set_day(v, "accepted", msgrule_day(m.accepted_at));
	staff_set_day(v, "due", due);
	bool answered = m.replies > 0, open = !answered && strcmp(m.state, "rejected") != 0;
	view_set_bool(v, "overdue", open && due < today);
	if (open && due < today)
		view_set_int(v, "late", workcal_between(cal, due, today));
	view_set(v, "extension", *m.extension_note ? m.extension_note : NULL);

	bool may_reply = open && staff_may(&c.user, ACT_REPLY, m.unit_id);
	bool may_publish = !strcmp(m.state, "rejected") ? false : staff_may(&c.user, ACT_PUBLISH, m.unit_id);
	bool may_edit = staff_may(&c.user, ACT_EDIT, m.unit_id);
	view_set_bool(v, "may_reply", may_reply);
	view_set_bool(v, "may_publish_now", may_reply && may_publish);
	view_set_bool(v, "may_transfer", open && staff_may(&c.user, ACT_TRANSFER, m.unit_id));
	view_set_bool(v, "may_extend", open && staff_may(&c.user, ACT_EXTEND, m.unit_id));
	view_set_bool(v, "may_reject", strcmp(m.state, "pending") == 0 && !answered && staff_may(&c.user, ACT_REJECT, m.unit_id));
	view_set_int(v, "max_days", MSGRULE_MAX_REPLY_DAYS);
	view_set_int(v, "transfer_days", ANS_TRANSFER_MIN_DAYS);

	add_answers(r, st, &m, may_publish, may_edit);
	rc = staff_page(r, &c, "staff_letter", m.title);
	msg_row_release(&m);
	return staff_done(&c, rc);
}

/* Map an action's end to a page: 400 when a form field was refused
 * (`refused` says why), 303 back to the letter when the store did it,
 * else the store's error. */
static int outcome(struct req *r, const char *refused, int rc, char *err, int64_t msg)
{
	if (refused) {
		free(err);
		return staff_fail(r, 400, refused);
	}
	if (rc == ANS_OK) {
		free(err);
		char *to = arena_printf(&r->arena, "/letters/%lld", (long long)msg);
		return staff_redirect(r, to);
	}
	const char *why = arena_strdup(&r->arena, err ? err : T(r, "操作失败。"));
	free(err);
	switch (rc) {
	case ANS_NOT_FOUND: return staff_fail(r, 404, why);
	case ANS_MOVED: return staff_fail(r, 409, T(r, "这条留言已转办给其他部门，操作未执行。"));
	case ANS_STATE: return staff_fail(r, 409, why);
	default: return staff_fail(r, 500, why);
	}
}

/* The action is the path's last segment: /letters/ID/ACTION. */
static const char *last_segment(const struct req *r)
{
	const char *s = strrchr(r->path, '/');
	return s ? s + 1 : "";
}

int page_staff_act(struct req *r)
{
	struct staff_ctx c;
	struct msg_row m;
	int rc = begin_letter(r, &c, &m);
	if (rc != 0)
		return rc;
	struct store *st = req_store(r);
	int64_t id = m.id, unit = m.unit_id;
	msg_row_release(&m);
	const char *act = last_segment(r);
	enum staff_act need = strcmp(act, "reply") == 0 ? ACT_REPLY
			      : strcmp(act, "publish") == 0 ? ACT_PUBLISH
			      : strcmp(act, "transfer") == 0 ? ACT_TRANSFER
			      : strcmp(act, "extend") == 0 ? ACT_EXTEND : ACT_REJECT;
	const struct form *f = req_form(r);
	bool publish_now = need == ACT_REPLY && f && form_get(f, "publish") != NULL;
	if (!staff_may(&c.user, need, unit) || (publish_now && !staff_may(&c.user, ACT_PUBLISH, unit)))
		return staff_done(&c, staff_fail(r, 403, T(r, "您无权对这条留言执行此操作（只能处理本部门的留言）。")));
	const char *why = NULL;
	char *err = NULL;
	rc = ANS_ERROR;
	if (need == ACT_REPLY) {
		char *text = staff_field(r, "text", ANS_TEXT_MAX, true, &why);
		if (text)
			rc = ans_save_reply(st, &c.actor, id, unit, text, publish_now, c.now, &err);
		free(text);
	} else if (need == ACT_PUBLISH) {
		rc = ans_publish(st, &c.actor, id, unit, c.now, &err);
	} else if (need == ACT_TRANSFER) {
		const char *to_s = f ? form_get(f, "to") : NULL;
		char *end = NULL;
		long long to = to_s ? strtoll(to_s, &end, 10) : 0;
		struct svc_unit u;
		if (!to_s || !*to_s || *end || to <= 0)
			why = T(r, "请填写接收部门的编号。");
		else if (svc_unit(st, to, &u) != 1)
			why = T(r, "没有这个部门编号。");
		else {
			svc_unit_release(&u);
			char *reason = staff_field(r, "reason", ANS_REASON_MAX, true, &why);
			if (reason)
				rc = ans_transfer(st, &c.actor, id, unit, to, reason, c.now, &err);
			free(reason);
		}
	} else if (need == ACT_EXTEND) {
		const char *d = f ? form_get(f, "days") : NULL;
		char *end = NULL;
		long days = d ? strtol(d, &end, 10) : 0;
		if (!d || !*d || *end || days < 1 || days > MSGRULE_MAX_REPLY_DAYS)
			why = T(r, "延期天数须为 1 到 15 个工作日。");
		else {
			char *note = staff_field(r, "note", ANS_REASON_MAX, true, &why);
			if (note)
				rc = ans_extend(st, &c.actor, id, unit, (int)days, note, c.now, &err);
			free(note);
		}
	} else {
		char *reason = staff_field(r, "reason", ANS_REASON_MAX, true, &why);
		if (reason)
			rc = ans_reject(st, &c.actor, id, unit, reason, c.now, &err);
		free(reason);
	}
	return staff_done(&c, outcome(r, why, rc, err, id));
}

/* POST /replies/ID/edit and /replies/ID/withdraw. */
int page_staff_reply_act(struct req *r)
{
	struct staff_ctx c;
	int rc = staff_begin_post(r, &c);
	if (rc != 0)
		return rc;
	int64_t id;
	struct store *st = req_store(r);
	struct ans_reply rep;
	if (!req_arg_id(r, 0, &id) || ans_reply_get(st, id, &rep) != 1)
		return staff_done(&c, staff_fail(r, 404, T(r, "没有这条答复。")));
	int64_t msg = rep.message_id;
	ans_reply_release(&rep);
	int64_t unit = store_int_by(st, "SELECT unit_id FROM messages WHERE id = ?1", msg);
	if (!staff_may(&c.user, ACT_EDIT, unit))
		return staff_done(&c, staff_fail(r, 403, T(r, "您无权修改或撤回这条答复（只能处理本部门的留言）。")));
	const char *why = NULL;
	char *err = NULL;
	rc = ANS_ERROR;
	if (strcmp(last_segment(r), "edit") == 0) {
		char *text = staff_field(r, "text", ANS_TEXT_MAX, true, &why);
		if (text)
			rc = ans_edit_reply(st, &c.actor, id, unit, text, c.now, &err);
		free(text);
	} else {
		char *reason = staff_field(r, "reason", ANS_REASON_MAX, true, &why);
		if (reason)
			rc = ans_withdraw_reply(st, &c.actor, id, unit, reason, c.now, &err);
		free(reason);
	}
	return staff_done(&c, outcome(r, why, rc, err, msg));
}
