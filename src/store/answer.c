/* answer.c - the answering workflow (answer.h). */
#include "core/common.h"
#include "store/answer.h"
#include "store/calendar.h"

static char *one_text(struct store *st, const char *sql, int64_t arg)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return xstrdup("");
	sqlite3_bind_int64(s, 1, arg);
	char *t = sqlite3_step(s) == SQLITE_ROW ? store_col_text(s, 0) : xstrdup("");
	sqlite3_finalize(s);
	return t;
}

/* --- reading replies ------------------------------------------------------- */

#define REPLY_COLUMNS \
	"SELECT r.id, r.message_id, r.unit_id, coalesce(r.user_id, 0), r.created_at, r.published_at," \
	" u.name, r.body, r.status, coalesce(us.name, '') FROM replies r JOIN units u ON u.id = r.unit_id" \
	" LEFT JOIN users us ON us.id = r.user_id"

static void fill_reply(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct ans_reply *r = row;
	r->id = sqlite3_column_int64(s, 0);
	r->message_id = sqlite3_column_int64(s, 1);
	r->unit_id = sqlite3_column_int64(s, 2);
	r->user_id = sqlite3_column_int64(s, 3);
	r->created_at = sqlite3_column_int64(s, 4);
	r->published_at = sqlite3_column_int64(s, 5);
	r->unit_name = store_col_text(s, 6);
	r->body = store_col_text(s, 7);
	r->status = store_col_text(s, 8);
	r->user_name = store_col_text(s, 9);
}

int ans_replies(struct store *st, int64_t msg, struct ans_reply **out, size_t *n)
{
	return store_rows_once(st, REPLY_COLUMNS " WHERE r.message_id = ?1 ORDER BY r.id", msg, sizeof **out, fill_reply,
			       (void **)out, n);
}

int ans_reply_get(struct store *st, int64_t reply, struct ans_reply *out)
{
	memset(out, 0, sizeof *out);
	return store_row_once(st, REPLY_COLUMNS " WHERE r.id = ?1", reply, fill_reply, out);
}

void ans_reply_release(struct ans_reply *r)
{
	free(r->unit_name);
	free(r->body);
	free(r->status);
	free(r->user_name);
	memset(r, 0, sizeof *r);
}

void ans_replies_free(struct ans_reply *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ans_reply_release(&r[i]);
	free(r);
}

static void fill_history(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct ans_history *h = row;
	h->reply_id = sqlite3_column_int64(s, 0);
	h->at = sqlite3_column_int64(s, 1);
	h->body = store_col_text(s, 2);
	h->status = store_col_text(s, 3);
	h->note = store_col_text(s, 4);
	h->user_name = store_col_text(s, 5);
}

int ans_history(struct store *st, int64_t msg, struct ans_history **out, size_t *n)
{
	return store_rows_once(st, "SELECT h.reply_id, h.at, h.body, h.status, h.note, coalesce(u.name, '') FROM reply_history h"
			       " JOIN replies r ON r.id = h.reply_id LEFT JOIN users u ON u.id = h.user_id"
			       " WHERE r.message_id = ?1 ORDER BY h.id", msg, sizeof **out, fill_history, (void **)out, n);
}

void ans_history_free(struct ans_history *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(h[i].body);
		free(h[i].status);
		free(h[i].note);
		free(h[i].user_name);
	}
	free(h);
}

/* --- actions ------------------------------------------------------------------ */

/* Begin the action's transaction and check the letter: it exists, is
 * unit's (unit 0: any), and its state is not one of `refused`.  *owner
 * (when not NULL): the letter's unit. */
static int begin(struct store *st, int64_t msg, int64_t unit, const char *refused, const char *action, int64_t *owner_out,
		 char **err)
{
	*err = NULL;
	if (store_begin(st) != 0) {
		*err = xstrdup("database busy");
		return ANS_ERROR;
	}
	int64_t owner = store_intf(st, 0, "SELECT unit_id FROM messages WHERE id = ?1", "i", msg);
	if (owner == 0) {
		store_rollback(st);
		*err = xasprintf("no message with id %lld", (long long)msg);
		return ANS_NOT_FOUND;
	}
	if (unit && owner != unit) {
		store_rollback(st);
		*err = xasprintf("message %lld is addressed to unit %lld, not unit %lld (transfer it first)",
				 (long long)msg, (long long)owner, (long long)unit);
		return ANS_MOVED;
	}
	if (owner_out)
		*owner_out = owner;
	char *state = one_text(st, "SELECT state FROM messages WHERE id = ?1", msg);
	int rc = ANS_OK;
	if (refused && strstr(refused, state)) {
		store_rollback(st);
		*err = xasprintf("message %lld is %s: cannot %s it", (long long)msg, state, action);
		rc = ANS_STATE;
	}
	free(state);
	return rc;
}

static int finish(struct store *st, char **err)
{
	if (store_commit(st) != 0) {
		store_rollback(st);
		*err = xstrdup("cannot store the change");
		return ANS_ERROR;
	}
	return ANS_OK;
}

static int fail(struct store *st, char **err, const char *what)
{
	store_rollback(st);
	if (!*err)
		*err = xstrdup(what);
	return ANS_ERROR;
}

static bool answered(struct store *st, int64_t msg)
{
	return store_intf(st, 0, "SELECT count(*) FROM replies WHERE message_id = ?1 AND status = 'published'", "i", msg) > 0;
}

int ans_save_reply(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, const char *text,
		   bool publish, int64_t now, char **err)
{
	int64_t owner;
	int rc = begin(st, msg, unit, "rejected", "reply to", &owner, err);
	if (rc != ANS_OK)
		return rc;
	int64_t draft = store_intf(st, 0, "SELECT id FROM replies WHERE message_id = ?1 AND status = 'draft' AND unit_id = ?2"
				" ORDER BY id DESC LIMIT 1", "ii", msg, owner);
	char *before = draft ? one_text(st, "SELECT body FROM replies WHERE id = ?1", draft) : xstrdup("");
	int bad = 0;
	if (draft) {
		bad |= store_execf(st, "INSERT INTO reply_history (reply_id, body, status, at, user_id, note)"
				" SELECT id, body, status, ?2, nullif(?3, 0), 'draft replaced' FROM replies WHERE id = ?1",
			    "iii", draft, now, who->user_id);
		bad |= store_execf(st, "UPDATE replies SET body = ?2, user_id = nullif(?3, 0) WHERE id = ?1", "iti", draft, text, who->user_id);
	} else {
		bad |= store_execf(st, "INSERT INTO replies (message_id, unit_id, body, created_at, status, user_id)"
				" VALUES (?1, ?2, ?3, ?4, 'draft', nullif(?5, 0))", "iitii", msg, owner, text, now, who->user_id);
		draft = sqlite3_last_insert_rowid(store_db(st));
	}
	bad |= audit_add_id(st, who, now, "reply.draft", "message", msg, before, text);
	free(before);
	if (publish && !bad) {
		bad |= store_execf(st, "UPDATE replies SET status = 'published', published_at = ?2 WHERE id = ?1", "ii", draft, now);
		bad |= store_execf(st, "UPDATE messages SET state = 'published' WHERE id = ?1", "i", msg);
		char *r = xasprintf("reply:%lld", (long long)draft);
		bad |= audit_add_id(st, who, now, "reply.publish", "message", msg, "draft", r);
		free(r);
	}
	if (bad)
		return fail(st, err, "cannot store the reply");
	return finish(st, err);
}

int ans_publish(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, int64_t now, char **err)
{
	int rc = begin(st, msg, unit, "rejected", "publish", NULL, err);
	if (rc != ANS_OK)
		return rc;
	int64_t draft = store_intf(st, 0, "SELECT id FROM replies WHERE message_id = ?1 AND status = 'draft'"
				" AND unit_id = (SELECT unit_id FROM messages WHERE id = ?1) ORDER BY id DESC LIMIT 1", "i", msg);
	if (!draft) {
		store_rollback(st);
		*err = xasprintf("message %lld has no draft reply to publish", (long long)msg);
		return ANS_STATE;
	}
	char *r = xasprintf("reply:%lld", (long long)draft);
	int bad = store_execf(st, "UPDATE replies SET status = 'published', published_at = ?2 WHERE id = ?1", "ii", draft, now) |
		  store_execf(st, "UPDATE messages SET state = 'published' WHERE id = ?1", "i", msg) |
		  audit_add_id(st, who, now, "reply.publish", "message", msg, "draft", r);
	free(r);
	if (bad)
		return fail(st, err, "cannot publish");
	return finish(st, err);
}

/* Common to edit and withdraw: the reply exists, is published, and its
 * letter is unit's.  Begins the transaction. */
static int begin_reply(struct store *st, int64_t reply, int64_t unit, const char *action, int64_t *msg, char **err)
{
	*err = NULL;
	*msg = 0;
	struct ans_reply r;
	int f = ans_reply_get(st, reply, &r);
	if (f != 1) {
		*err = f == 0 ? xasprintf("no reply with id %lld", (long long)reply) : xstrdup("cannot read the reply");
		return f == 0 ? ANS_NOT_FOUND : ANS_ERROR;
	}
	*msg = r.message_id;
	ans_reply_release(&r);
	int rc = begin(st, *msg, unit, NULL, action, NULL, err);
	if (rc != ANS_OK)
		return rc;
	char *status = one_text(st, "SELECT status FROM replies WHERE id = ?1", reply);
	if (strcmp(status, "published") != 0) {
		store_rollback(st);
		*err = xasprintf("reply %lld is %s: cannot %s it", (long long)reply, status, action);
		free(status);
		return ANS_STATE;
	}
	free(status);
	return ANS_OK;
}

int ans_edit_reply(struct store *st, const struct staff_actor *who, int64_t reply, int64_t unit, const char *text,
		   int64_t now, char **err)
{
	int64_t msg;
	int rc = begin_reply(st, reply, unit, "edit", &msg, err);
	if (rc != ANS_OK)
		return rc;
	char *before = one_text(st, "SELECT body FROM replies WHERE id = ?1", reply);
	int bad = store_execf(st, "INSERT INTO reply_history (reply_id, body, status, at, user_id, note)"
			   " SELECT id, body, status, ?2, nullif(?3, 0), 'edited' FROM replies WHERE id = ?1", "iii", reply, now, who->user_id) |
		  store_execf(st, "UPDATE replies SET body = ?2 WHERE id = ?1", "it", reply, text) |
		  audit_add_id(st, who, now, "reply.edit", "reply", reply, before, text);
	free(before);
	if (bad)
		return fail(st, err, "cannot edit the reply");
	return finish(st, err);
}

int ans_withdraw_reply(struct store *st, const struct staff_actor *who, int64_t reply, int64_t unit,
		       const char *reason, int64_t now, char **err)
{
	int64_t msg;
	int rc = begin_reply(st, reply, unit, "withdraw", &msg, err);
	if (rc != ANS_OK)
		return rc;
	int bad = store_execf(st, "INSERT INTO reply_history (reply_id, body, status, at, user_id, note)"
			   " SELECT id, body, status, ?2, nullif(?3, 0), ?4 FROM replies WHERE id = ?1", "iiit", reply, now, who->user_id, reason) |
		  store_execf(st, "UPDATE replies SET status = 'withdrawn' WHERE id = ?1", "i", reply) |
		  audit_add_id(st, who, now, "reply.withdraw", "reply", reply, "published", reason);
	if (bad)
		return fail(st, err, "cannot withdraw the reply");
	return finish(st, err);
}

int ans_reject(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, const char *reason,
	       int64_t now, char **err)
{
	int rc = begin(st, msg, unit, "published rejected", "reject", NULL, err);
	if (rc != ANS_OK)
		return rc;
	int bad = store_execf(st, "UPDATE messages SET state = 'rejected', reject_reason = ?2 WHERE id = ?1", "it", msg, reason) |
		  store_execf(st, "UPDATE replies SET status = 'withdrawn' WHERE message_id = ?1 AND status = 'draft'", "i", msg) |
		  audit_add_id(st, who, now, "message.reject", "message", msg, "pending", reason);
	if (bad)
		return fail(st, err, "cannot reject");
	return finish(st, err);
}

int ans_transfer(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, int64_t to,
		 const char *reason, int64_t now, char **err)
{
	int64_t from;
	int rc = begin(st, msg, unit, "rejected", "transfer", &from, err);
	if (rc != ANS_OK)
		return rc;
	if (answered(st, msg)) {
		store_rollback(st);
		*err = xasprintf("message %lld is already answered: cannot transfer it", (long long)msg);
		return ANS_STATE;
	}
	if (store_intf(st, 0, "SELECT count(*) FROM units WHERE id = ?1", "i", to) == 0) {
		store_rollback(st);
		*err = xasprintf("no unit with id %lld", (long long)to);
		return ANS_ERROR;
	}
	if (to == from) {
		store_rollback(st);
		*err = xstrdup("the letter is already that unit's");
		return ANS_STATE;
	}
	struct msg_row m;
	if (msg_get(st, msg, &m) != 1)
		return fail(st, err, "cannot read the message");
	int64_t old_due = msg_due_day(&m);
	msg_row_release(&m);
	int64_t floor_due = workcal_add(store_calendar(), msgrule_day(now), ANS_TRANSFER_MIN_DAYS);
	int64_t due = old_due > floor_due ? old_due : floor_due;
	char d0[11], d1[11];
	msgrule_day_text(old_due, d0);
	msgrule_day_text(due, d1);
	char *fromname = one_text(st, "SELECT name FROM units WHERE id = ?1", from);
	char *toname = one_text(st, "SELECT name FROM units WHERE id = ?1", to);
	char *before = xasprintf("unit %lld %s, due %s", (long long)from, fromname, d0);
	char *after = xasprintf("unit %lld %s, due %s; %s", (long long)to, toname, d1, reason);
	int bad = store_execf(st, "UPDATE messages SET unit_id = ?2, due_day = ?3 WHERE id = ?1", "iii", msg, to, due) |
		  store_execf(st, "UPDATE replies SET status = 'withdrawn' WHERE message_id = ?1 AND status = 'draft'", "i", msg) |
		  store_execf(st, "INSERT INTO transfers (message_id, from_unit, to_unit, reason, at, user_id) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0))",
		       "iiitii", msg, from, to, reason, now, who->user_id) |
		  audit_add_id(st, who, now, "message.transfer", "message", msg, before, after);
	free(fromname);
	free(toname);
	free(before);
	free(after);
	if (bad)
		return fail(st, err, "cannot transfer");
	return finish(st, err);
}

int ans_extend(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, int days,
	       const char *note, int64_t now, char **err)
{
	int rc = begin(st, msg, unit, NULL, "extend", NULL, err);
	if (rc != ANS_OK)
		return rc;
	struct msg_row m;
	if (msg_get(st, msg, &m) != 1)
		return fail(st, err, "cannot read the message");
	int64_t old_due = msg_due_day(&m);
	msg_row_release(&m);
	int64_t due = 0;
	if (msg_extend(st, msg, days, note, msgrule_day(now), &due, err) != 0) {
		store_rollback(st);
		return ANS_STATE;
	}
	char d0[11], d1[11];
	msgrule_day_text(old_due, d0);
	msgrule_day_text(due, d1);
	char *before = xasprintf("due %s", d0);
	char *after = xasprintf("due %s (+%d working days); %s", d1, days, note);
	int bad = audit_add_id(st, who, now, "message.extend", "message", msg, before, after);
	free(before);
	free(after);
	if (bad)
		return fail(st, err, "cannot extend");
	return finish(st, err);
}

/* --- inbox ---------------------------------------------------------------------- */

static int by_due(const void *a, const void *b)
{
	const struct msg_row *x = a, *y = b;
	int64_t dx = msg_due_day(x), dy = msg_due_day(y);
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

void ans_sort_by_due(struct msg_row *rows, size_t n)
{
	/* Sorting by due day ascending puts the overdue (earliest due) first. */
	if (n)
		qsort(rows, n, sizeof *rows, by_due);
}

static int collect(struct store *st, int64_t unit, struct msg_row **out, size_t *n, size_t *cap)
{
	struct msg_filter f = { .unit_id = unit, .unreplied = true };
	for (int64_t off = 0;; off += 500) {
		struct msg_row *rows;
		size_t k;
		if (msg_list(st, &f, off, 500, &rows, &k) != 0)
			return -1;
		if (*n + k > *cap) {
			*cap = (*n + k) * 2;
			*out = xrealloc(*out, *cap * sizeof **out);
		}
		if (k)
			memcpy(*out + *n, rows, k * sizeof *rows);
		*n += k;
		free(rows);
		if (k < 500)
			return 0;
	}
}

int ans_inbox(struct store *st, const int64_t *units, size_t nunits, struct msg_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	int rc = 0;
	if (nunits == 0)
		rc = collect(st, 0, out, n, &cap);
	for (size_t i = 0; i < nunits && rc == 0; i++)
		rc = collect(st, units[i], out, n, &cap);
	if (rc != 0) {
		msg_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	ans_sort_by_due(*out, *n);
	return 0;
}

/* --- monthly figures ------------------------------------------------------------- */

static struct ans_stats *stats_for(struct ans_stats **all, size_t *n, size_t *cap, int64_t unit, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if ((*all)[i].unit_id == unit)
			return &(*all)[i];
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*all = xrealloc(*all, *cap * sizeof **all);
	}
	struct ans_stats *s = &(*all)[(*n)++];
	memset(s, 0, sizeof *s);
	s->unit_id = unit;
	s->unit_name = xstrdup(name ? name : "");
	return s;
}

/* stats_for, keeping sum[] (the days of each unit's answers) beside. */
static struct ans_stats *entry(struct ans_stats **all, size_t *n, size_t *cap, double **sum, int64_t unit, const char *name)
{
	size_t before = *n;
	struct ans_stats *a = stats_for(all, n, cap, unit, name);
	if (*n != before) {
		*sum = xrealloc(*sum, *cap * sizeof **sum);
		(*sum)[*n - 1] = 0;
	}
	return a;
}

static bool unit_wanted(const int64_t *units, size_t nunits, int64_t unit)
{
	if (nunits == 0)
		return true;
	for (size_t i = 0; i < nunits; i++)
		if (units[i] == unit)
			return true;
	return false;
}

static int by_unit_id(const void *a, const void *b)
{
	const struct ans_stats *x = a, *y = b;
	return x->unit_id < y->unit_id ? -1 : x->unit_id > y->unit_id;
}

int ans_month_stats(struct store *st, int year, int month, int64_t today, const int64_t *units, size_t nunits,
		    struct ans_stats **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	char first[32], next[32];
	snprintf(first, sizeof first, "%04d-%02d-01", year, month);
	snprintf(next, sizeof next, "%04d-%02d-01", month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1);
	int64_t d0, d1;
	if (year < 1970 || year > 9998 || month < 1 || month > 12 || !msgrule_day_parse(first, &d0) || !msgrule_day_parse(next, &d1))
		return -1;
	d1--; /* the month's last day */
	const struct workcal *cal = store_calendar();
	int reply_days = msg_setting(st, "reply_days", 5);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st),
			       "SELECT m.unit_id, u.name, CASE WHEN m.accepted_at > 0 THEN m.accepted_at ELSE m.created_at END,"
			       " m.reply_days, m.due_day, m.state,"
			       " (SELECT min(r.published_at) FROM replies r WHERE r.message_id = m.id AND r.status = 'published')"
			       " FROM messages m JOIN units u ON u.id = m.unit_id", -1, &s, NULL) != SQLITE_OK)
		return -1;
	size_t cap = 0;
	double *sum = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t unit = sqlite3_column_int64(s, 0);
		if (!unit_wanted(units, nunits, unit))
			continue;
		struct msg_row m = { 0 };
		m.accepted_at = sqlite3_column_int64(s, 2);
		m.reply_days = sqlite3_column_int(s, 3) > 0 ? sqlite3_column_int(s, 3) : reply_days;
		m.due_day = sqlite3_column_int64(s, 4);
		bool rejected = strcmp((const char *)sqlite3_column_text(s, 5), "rejected") == 0;
		bool has_pub = sqlite3_column_type(s, 6) != SQLITE_NULL;
		int64_t pub_day = has_pub ? msgrule_day(sqlite3_column_int64(s, 6)) : 0;
		int64_t acc = msgrule_day(m.accepted_at), due = msg_due_day(&m);
		bool recv = acc >= d0 && acc <= d1;
		bool ans = has_pub && pub_day >= d0 && pub_day <= d1;
		bool late = !rejected && due >= d0 && due <= d1 && due < today && (!has_pub || pub_day > due);
		if (!recv && !ans && !late)
			continue;
		struct ans_stats *a = entry(out, n, &cap, &sum, unit, (const char *)sqlite3_column_text(s, 1));
		a->received += recv;
		a->overdue += late;
		if (ans) {
			a->answered++;
			a->on_time += pub_day <= due;
			sum[a - *out] += workcal_between(cal, acc, pub_day);
		}
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE && sqlite3_prepare_v2(store_db(st),
			"SELECT t.from_unit, u.name, count(*) FROM transfers t JOIN units u ON u.id = t.from_unit"
			" WHERE t.at >= ?1 AND t.at < ?2 GROUP BY t.from_unit", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, d0 * 86400 - 8 * 3600);
		sqlite3_bind_int64(s, 2, (d1 + 1) * 86400 - 8 * 3600);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			int64_t unit = sqlite3_column_int64(s, 0);
			if (!unit_wanted(units, nunits, unit))
				continue;
			struct ans_stats *a = entry(out, n, &cap, &sum, unit, (const char *)sqlite3_column_text(s, 1));
			a->transferred = sqlite3_column_int(s, 2);
		}
		sqlite3_finalize(s);
	}
	for (size_t i = 0; i < *n; i++)
		(*out)[i].avg_days = (*out)[i].answered ? sum[i] / (*out)[i].answered : 0;
	free(sum);
	if (rc != SQLITE_DONE) {
		ans_stats_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	if (*n)
		qsort(*out, *n, sizeof **out, by_unit_id);
	return 0;
}

void ans_stats_free(struct ans_stats *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].unit_name);
	free(s);
}
