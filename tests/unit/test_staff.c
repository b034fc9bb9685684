/* test_staff.c - issue 16's rules: the working-day calendar (a holiday and
 * a make-up working day, from the embedded db/holidays files), password
 * hashing and verification, sessions (idle and absolute expiry, logout,
 * disabled accounts), login throttling, permissions, and the answering
 * workflow's unit checks, deadline rules and audit log, on a store built
 * here. */
#include "core/common.h"
#include "harness.h"
#include "store/answer.h"
#include "store/calendar.h"
#include "store/staff.h"
#include "store/store.h"

#include <unistd.h>

static char dir[] = "/tmp/qiao-test-staff-XXXXXX";
static char path[256];
static struct store *st;

static int64_t day_of(const char *s)
{
	int64_t d = 0;
	if (!msgrule_day_parse(s, &d))
		fprintf(stderr, "  bad date %s\n", s);
	return d;
}

static const char *add(const char *from, int n)
{
	static char out[11];
	msgrule_day_text(workcal_add(store_calendar(), day_of(from), n), out);
	return out;
}

/* 12:00 CST of a day, as a Unix time. */
static int64_t noon(const char *s)
{
	return day_of(s) * 86400 + 4 * 3600;
}

/* --- the calendar ---------------------------------------------------------- */

TEST(calendar_embedded_files_are_valid)
{
	char *err = NULL;
	CHECK_INT(store_calendar_check(&err), 0);
	if (err)
		fprintf(stderr, "  %s\n", err);
	free(err);
	CHECK(store_calendar()->n > 50);
}

TEST(calendar_holiday)
{
	const struct workcal *c = store_calendar();
	/* National Day 2026 (国庆节): Thursday 1 October is a holiday, and so
	 * is the weekday 7 October. */
	CHECK(!workcal_is_workday(c, day_of("2026-10-01")));
	CHECK(!workcal_is_workday(c, day_of("2026-10-07")));
	CHECK(workcal_is_workday(c, day_of("2026-10-08")));
	/* The case: accepted Saturday 2026-09-26 (中秋节), 5 working
	 * days are 28, 29, 30 September, 8 and 9 October, not 2 October. */
	CHECK_STR(add("2026-09-26", 5), "2026-10-09");
	/* Weekends alone would have said 2 October. */
	char weekend_only[11];
	msgrule_day_text(msgrule_add_workdays(day_of("2026-09-26"), 5), weekend_only);
	CHECK_STR(weekend_only, "2026-10-02");
	/* Spring Festival 2025: 28 January to 4 February off. */
	CHECK_STR(add("2025-01-27", 1), "2025-02-05");
	/* An ordinary week: Friday + 1 is Monday. */
	CHECK_STR(add("2026-03-06", 1), "2026-03-09");
	/* Working days between (from, to]. */
	CHECK_INT(workcal_between(c, day_of("2026-09-30"), day_of("2026-10-08")), 1);
}

TEST(calendar_makeup_working_day)
{
	const struct workcal *c = store_calendar();
	/* Saturday 10 October 2026 and Sunday 26 January 2025 are working
	 * days (调休上班); an ordinary Saturday is not. */
	CHECK(workcal_is_workday(c, day_of("2026-10-10")));
	CHECK(workcal_is_workday(c, day_of("2025-01-26")));
	CHECK(!workcal_is_workday(c, day_of("2026-10-17")));
	CHECK_STR(add("2026-10-09", 1), "2026-10-10");
	CHECK_STR(add("2025-01-24", 1), "2025-01-26");
}

TEST(calendar_file_errors)
{
	struct workcal c;
	char *err = NULL;
	workcal_init(&c);
	CHECK_INT(workcal_load(&c, "# c\n\n2026-10-01\tholiday\tx\n2026-10-10\tworkday\ty\n", "t.txt", &err), 0);
	CHECK_INT(c.n, 2);
	CHECK_INT(workcal_load(&c, "2026-10-01\tholiday\tagain\n", "t.txt", &err), 0);
	CHECK_INT(c.n, 2);
	CHECK_INT(workcal_load(&c, "2026-10-01\tworkday\tx\n", "t.txt", &err), -1);
	CHECK_CONTAINS(err, "weekday");
	free(err);
	err = NULL;
	CHECK_INT(workcal_load(&c, "2026-10-10\tholiday\tx\n", "u.txt", &err), -1);
	CHECK_CONTAINS(err, "u.txt:1: 2026-10-10 is given as both");
	free(err);
	err = NULL;
	CHECK_INT(workcal_load(&c, "\n2026-13-01\tholiday\tx\n", "t.txt", &err), -1);
	CHECK_CONTAINS(err, "t.txt:2: bad date");
	free(err);
	err = NULL;
	CHECK_INT(workcal_load(&c, "2026-10-01\tday off\tx\n", "t.txt", &err), -1);
	CHECK_CONTAINS(err, "unknown kind");
	free(err);
	workcal_release(&c);
}

/* --- passwords ---------------------------------------------------------------- */

TEST(password_hash_and_verify)
{
	char h1[128], h2[128];
	CHECK_INT(staff_pw_hash("correct horse battery", h1), 0);
	CHECK_INT(staff_pw_hash("correct horse battery", h2), 0);
	CHECK(strncmp(h1, "$argon2id$", 10) == 0);
	CHECK(strstr(h1, "correct") == NULL);
	CHECK(strcmp(h1, h2) != 0); /* salted */
	CHECK(staff_pw_verify(h1, "correct horse battery"));
	CHECK(staff_pw_verify(h2, "correct horse battery"));
	CHECK(!staff_pw_verify(h1, "correct horse batterY"));
	CHECK(!staff_pw_verify(h1, ""));
	CHECK(!staff_pw_verify("not a hash", "correct horse battery"));
	CHECK(staff_pw_problem("short") != NULL);
	CHECK(staff_pw_problem("has\ta tab in it") != NULL);
	CHECK(staff_pw_problem("long enough 密码") == NULL);
}

/* --- the store ------------------------------------------------------------------ */

static int exec(const char *sql)
{
	return store_exec(st, sql);
}

static int64_t rows(const char *table)
{
	/* Not store_int_by: it caches statements by their text's address. */
	char sql[400];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	return n;
}

TEST(setup)
{
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/s.db", dir);
	char *err = NULL;
	st = store_open(path, STORE_CREATE, &err);
	if (!st) {
		fprintf(stderr, "  store_open: %s\n", err ? err : "?");
		free(err);
		return;
	}
	CHECK_INT(exec("INSERT INTO units (id, region_id, name) VALUES (1, 16, '甲局'), (2, 16, '乙局'), (3, 16, '丙局')"), 0);
	int64_t one = 1, two = 2;
	CHECK_INT(staff_user_add(st, "alice", ROLE_STAFF, "alice-password", &one, 1, true, 1000, NULL, &err), 0);
	CHECK_INT(staff_user_add(st, "bob", ROLE_STAFF, "bob-password-x", &two, 1, true, 1000, NULL, &err), 0);
	CHECK_INT(staff_user_add(st, "sup", ROLE_SUPERVISOR, "sup-password-x", NULL, 0, true, 1000, NULL, &err), 0);
	/* Refusals. */
	CHECK_INT(staff_user_add(st, "ALICE", ROLE_ADMIN, "another-password", NULL, 0, true, 1000, NULL, &err), -1);
	CHECK_CONTAINS(err, "already exists");
	free(err);
	CHECK_INT(staff_user_add(st, "x", ROLE_STAFF, "x-password-long", NULL, 0, true, 1000, NULL, &err), -1);
	CHECK_CONTAINS(err, "at least one unit");
	free(err);
	int64_t nine = 9;
	CHECK_INT(staff_user_add(st, "y", ROLE_STAFF, "y-password-long", &nine, 1, true, 1000, NULL, &err), -1);
	CHECK_CONTAINS(err, "no unit");
	free(err);
	CHECK_INT(staff_user_add(st, "bad name", ROLE_ADMIN, "y-password-long", NULL, 0, true, 1000, NULL, &err), -1);
	free(err);
	CHECK_INT(rows("users"), 3);
}

TEST(sessions_expire)
{
	char tok[STAFF_TOKEN_HEX + 1], csrf[STAFF_TOKEN_HEX + 1], c2[STAFF_TOKEN_HEX + 1];
	int64_t uid = 0, t0 = 2000000;
	CHECK_INT(staff_login(st, "alice", "alice-password", "10.0.0.1", t0, tok, csrf, &uid), LOGIN_OK);
	CHECK(uid > 0);
	CHECK_INT(strlen(tok), STAFF_TOKEN_HEX);
	CHECK(strcmp(tok, csrf) != 0);
	/* The token itself is not stored. */
	CHECK_INT(rows("sessions WHERE token_hash = (SELECT token_hash FROM sessions LIMIT 1) AND length(token_hash) = 64"), 1);
	char sql[200];
	snprintf(sql, sizeof sql, "sessions WHERE token_hash = '%s'", tok);
	CHECK_INT(rows(sql), 0);
	struct staff_user u;
	/* Used within the idle limit, again and again: alive... */
	int64_t t = t0;
	for (int i = 0; i < 5; i++) {
		t += STAFF_IDLE_SECS - 10;
		CHECK_INT(staff_session(st, tok, t, &u, c2), 1);
		CHECK_STR(u.name, "alice");
		CHECK_STR(c2, csrf);
		staff_user_release(&u);
	}
	/* ...until the absolute limit, however active. */
	int64_t t_abs = t0 + STAFF_ABSOLUTE_SECS + 1;
	for (t += STAFF_IDLE_SECS - 10; t < t_abs; t += STAFF_IDLE_SECS - 10) {
		CHECK_INT(staff_session(st, tok, t, &u, c2), 1);
		staff_user_release(&u);
	}
	CHECK_INT(staff_session(st, tok, t_abs, &u, c2), 0);
	/* Gone for good. */
	CHECK_INT(staff_session(st, tok, t0 + 1, &u, c2), 0);

	/* Idle expiry. */
	CHECK_INT(staff_login(st, "alice", "alice-password", "10.0.0.1", t0, tok, csrf, &uid), LOGIN_OK);
	CHECK_INT(staff_session(st, tok, t0 + STAFF_IDLE_SECS + 1, &u, c2), 0);
	/* Logout. */
	CHECK_INT(staff_login(st, "alice", "alice-password", "10.0.0.1", t0, tok, csrf, &uid), LOGIN_OK);
	CHECK_INT(staff_logout(st, tok), 0);
	CHECK_INT(staff_session(st, tok, t0 + 1, &u, c2), 0);
	/* A disabled account's sessions end. */
	char *err = NULL;
	CHECK_INT(staff_login(st, "bob", "bob-password-x", "10.0.0.1", t0, tok, csrf, &uid), LOGIN_OK);
	CHECK_INT(staff_user_disable(st, "bob", true, &err), 0);
	CHECK_INT(staff_session(st, tok, t0 + 1, &u, c2), 0);
	CHECK_INT(staff_login(st, "bob", "bob-password-x", "10.0.0.1", t0, tok, csrf, &uid), LOGIN_FAILED);
	CHECK_INT(staff_user_disable(st, "bob", false, &err), 0);
	/* Malformed tokens. */
	CHECK_INT(staff_session(st, "", t0, &u, c2), 0);
	CHECK_INT(staff_session(st, "zz", t0, &u, c2), 0);
	CHECK(!staff_token_equal(NULL, csrf));
	CHECK(!staff_token_equal("abc", "abcd"));
	CHECK(staff_token_equal(csrf, csrf));
}

TEST(login_throttled)
{
	char tok[STAFF_TOKEN_HEX + 1], csrf[STAFF_TOKEN_HEX + 1];
	int64_t uid, t0 = 3000000;
	for (int i = 0; i < STAFF_THROTTLE_USER; i++)
		CHECK_INT(staff_login(st, "sup", "wrong-password", "10.0.0.2", t0 + i, tok, csrf, &uid), LOGIN_FAILED);
	/* The right password is not even tried now; the name's case does not
	 * get around it; another address neither (per account). */
	CHECK_INT(staff_login(st, "sup", "sup-password-x", "10.0.0.2", t0 + 10, tok, csrf, &uid), LOGIN_THROTTLED);
	CHECK_INT(staff_login(st, "SUP", "sup-password-x", "10.0.0.3", t0 + 10, tok, csrf, &uid), LOGIN_THROTTLED);
	/* After the window, it works again. */
	CHECK_INT(staff_login(st, "sup", "sup-password-x", "10.0.0.2", t0 + STAFF_THROTTLE_WINDOW + 10, tok, csrf, &uid), LOGIN_OK);
	/* Per address: many names from one address. */
	int64_t t1 = t0 + 10 * STAFF_THROTTLE_WINDOW;
	for (int i = 0; i < STAFF_THROTTLE_ADDR; i++) {
		char name[32];
		snprintf(name, sizeof name, "guess%d", i);
		CHECK_INT(staff_login(st, name, "whatever-pass", "10.0.0.9", t1, tok, csrf, &uid), LOGIN_FAILED);
	}
	CHECK_INT(staff_login(st, "alice", "alice-password", "10.0.0.9", t1, tok, csrf, &uid), LOGIN_THROTTLED);
	CHECK_INT(staff_login(st, "alice", "alice-password", "10.0.0.8", t1, tok, csrf, &uid), LOGIN_OK);
}

TEST(permissions)
{
	struct staff_user alice, sup;
	CHECK_INT(staff_user_by_name(st, "alice", &alice), 1);
	CHECK_INT(staff_user_by_name(st, "sup", &sup), 1);
	const enum staff_act acts[] = { ACT_VIEW, ACT_REPLY, ACT_PUBLISH, ACT_EDIT, ACT_REJECT, ACT_TRANSFER };
	for (size_t i = 0; i < ARRAY_LEN(acts); i++) {
		CHECK(staff_may(&alice, acts[i], 1));
		CHECK(!staff_may(&alice, acts[i], 2)); /* another department */
	}
	CHECK(!staff_may(&alice, ACT_EXTEND, 1));
	CHECK(staff_may(&sup, ACT_VIEW, 2));
	CHECK(staff_may(&sup, ACT_TRANSFER, 2));
	CHECK(staff_may(&sup, ACT_EXTEND, 2));
	CHECK(!staff_may(&sup, ACT_REPLY, 2));
	CHECK(!staff_may(&sup, ACT_PUBLISH, 2));
	alice.may_publish = false;
	CHECK(staff_may(&alice, ACT_REPLY, 1));
	CHECK(!staff_may(&alice, ACT_PUBLISH, 1));
	CHECK(!staff_may(&alice, ACT_EDIT, 1));
	alice.disabled = true;
	CHECK(!staff_may(&alice, ACT_VIEW, 1));
	CHECK(!staff_may(NULL, ACT_VIEW, 1));
	staff_user_release(&alice);
	staff_user_release(&sup);
}

static int64_t letter(int64_t unit, int64_t accepted)
{
	static int k;
	char code[32];
	snprintf(code, sizeof code, "T%07d", ++k);
	struct msg_record m = { .code = code, .type = "咨询", .title = "标题", .body = "正文", .unit_id = unit,
				.created_at = accepted, .accepted_at = accepted, .reply_days = 5 };
	CHECK_INT(msg_insert(st, &m), SQLITE_DONE);
	return sqlite3_last_insert_rowid(store_db(st));
}

TEST(workflow_checks_units_deadlines_and_audit)
{
	struct staff_actor who = { 1, "alice", "10.0.0.1" };
	char *err = NULL;
	int64_t now = noon("2026-09-28");
	int64_t audit0 = rows("audit_log");
	/* Accepted on Saturday 26 September: due 9 October (calendar). */
	int64_t m1 = letter(1, noon("2026-09-26"));
	struct msg_row m;
	CHECK_INT(msg_get(st, m1, &m), 1);
	char d[11];
	msgrule_day_text(msg_due_day(&m), d);
	CHECK_STR(d, "2026-10-09");
	msg_row_release(&m);

	/* Unit 2 may not touch unit 1's letter. */
	CHECK_INT(ans_save_reply(st, &who, m1, 2, "越权", true, now, &err), ANS_MOVED);
	free(err);
	CHECK_INT(ans_reject(st, &who, m1, 2, "越权", now, &err), ANS_MOVED);
	free(err);
	CHECK_INT(ans_transfer(st, &who, m1, 2, 3, "越权", now, &err), ANS_MOVED);
	free(err);
	CHECK_INT(ans_extend(st, &who, m1, 2, 3, "越权", now, &err), ANS_MOVED);
	free(err);
	CHECK_INT(rows("replies"), 0);
	CHECK_INT(rows("audit_log"), audit0);

	/* A draft is not an answer; publishing makes it one. */
	CHECK_INT(ans_save_reply(st, &who, m1, 1, "草稿", false, now, &err), ANS_OK);
	CHECK_INT(ans_save_reply(st, &who, m1, 1, "草稿二", false, now, &err), ANS_OK);
	CHECK_INT(rows("replies"), 1);
	CHECK_INT(msg_get(st, m1, &m), 1);
	CHECK_INT(m.replies, 0);
	msg_row_release(&m);
	CHECK_INT(ans_publish(st, &who, m1, 1, now, &err), ANS_OK);
	CHECK_INT(msg_get(st, m1, &m), 1);
	CHECK_INT(m.replies, 1);
	CHECK_STR(m.state, "published");
	msg_row_release(&m);
	CHECK_INT(ans_publish(st, &who, m1, 1, now, &err), ANS_STATE);
	CHECK_CONTAINS(err, "no draft");
	free(err);
	/* Transfer of an answered letter: refused. */
	CHECK_INT(ans_transfer(st, &who, m1, 1, 2, "x", now, &err), ANS_STATE);
	free(err);

	/* Transfer rule: the deadline stays, but at least 3 working days
	 * from the transfer.  m2 is due 9 October; transferred on 28
	 * September it keeps that; m3, transferred on 8 October (one working
	 * day before its deadline), gets 3 working days: 9, 10 (a make-up
	 * Saturday) and 12 October. */
	int64_t m2 = letter(1, noon("2026-09-26")), m3 = letter(1, noon("2026-09-26"));
	CHECK_INT(ans_transfer(st, &who, m2, 1, 2, "职责在乙局", now, &err), ANS_OK);
	CHECK_INT(ans_transfer(st, &who, m3, 1, 2, "职责在乙局", noon("2026-10-08"), &err), ANS_OK);
	CHECK_INT(msg_get(st, m2, &m), 1);
	msgrule_day_text(msg_due_day(&m), d);
	CHECK_STR(d, "2026-10-09");
	CHECK_INT(m.unit_id, 2);
	msg_row_release(&m);
	CHECK_INT(msg_get(st, m3, &m), 1);
	msgrule_day_text(msg_due_day(&m), d);
	CHECK_STR(d, "2026-10-12");
	msg_row_release(&m);
	/* Once moved, unit 1 can do nothing more with it. */
	CHECK_INT(ans_save_reply(st, &who, m2, 1, "x", false, now, &err), ANS_MOVED);
	free(err);

	/* Extension: from the current deadline (9 October + 3 working days:
	 * 10, 12, 13 October), never into the past. */
	int64_t m4 = letter(1, noon("2026-09-26"));
	CHECK_INT(ans_extend(st, &who, m4, 1, 3, "需现场核查", now, &err), ANS_OK);
	CHECK_INT(msg_get(st, m4, &m), 1);
	msgrule_day_text(msg_due_day(&m), d);
	CHECK_STR(d, "2026-10-13");
	CHECK_STR(m.extension_note, "需现场核查");
	msg_row_release(&m);
	CHECK_INT(ans_extend(st, &who, m4, 1, 1, "x", noon("2026-11-30"), &err), ANS_STATE);
	CHECK_CONTAINS(err, "already past");
	free(err);
	CHECK_INT(ans_extend(st, &who, m4, 1, 16, "x", now, &err), ANS_STATE);
	free(err);

	/* Edit and withdraw keep the history. */
	int64_t rid = store_int_by(st, "SELECT id FROM replies WHERE message_id = ?1 AND status = 'published'", m1);
	CHECK_INT(ans_edit_reply(st, &who, rid, 1, "改后的答复", now, &err), ANS_OK);
	CHECK_INT(ans_edit_reply(st, &who, rid, 2, "越权", now, &err), ANS_MOVED);
	free(err);
	CHECK_INT(ans_withdraw_reply(st, &who, rid, 1, "有误", now, &err), ANS_OK);
	CHECK_INT(ans_withdraw_reply(st, &who, rid, 1, "有误", now, &err), ANS_STATE);
	free(err);
	CHECK_INT(store_int_by(st, "SELECT count(*) FROM reply_history WHERE reply_id = ?1", rid), 3);
	CHECK_INT(msg_get(st, m1, &m), 1);
	CHECK_INT(m.replies, 0);
	msg_row_release(&m);

	/* Every action is in the audit log (two drafts, a publication, two
	 * transfers, an extension, an edit, a withdrawal), which cannot be
	 * changed. */
	CHECK_INT(rows("audit_log") - audit0, 8);
	CHECK(store_exec(st, "UPDATE audit_log SET after = 'x'") != 0);
	CHECK(store_exec(st, "DELETE FROM audit_log") != 0);
	struct buf csv = BUF_INIT;
	CHECK_INT(audit_csv(st, &csv), 0);
	buf_adds(&csv, "");
	CHECK_CONTAINS(csv.data, "alice,10.0.0.1,message.transfer,message:");
	CHECK_CONTAINS(csv.data, "id,time,user_id,user,address,action,object,before,after\r\n");
	buf_release(&csv);

	/* Monthly figures: in October 2026, unit 1 answered nothing new; in
	 * September it answered m1 (accepted 26th, answered 28th: 1 working
	 * day, on time) and transferred two. */
	struct ans_stats *s;
	size_t n;
	CHECK_INT(ans_month_stats(st, 2026, 9, day_of("2026-12-01"), NULL, 0, &s, &n), 0);
	bool seen = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i].unit_id != 1)
			continue;
		seen = true;
		CHECK_INT(s[i].answered, 0); /* withdrawn since: no published reply */
		CHECK_INT(s[i].received, 2);  /* m1 and m4; m2, m3 are unit 2's now */
		CHECK_INT(s[i].transferred, 1);
	}
	CHECK(seen);
	ans_stats_free(s, n);
}

TEST(csv_fields)
{
	struct buf b = BUF_INIT;
	csv_field(&b, "a,b", false);
	csv_field(&b, "say \"hi\"", false);
	csv_field(&b, "=1+1", false);
	csv_field(&b, "plain", true);
	buf_adds(&b, "");
	CHECK_STR(b.data, "\"a,b\",\"say \"\"hi\"\"\",\"'=1+1\",plain\r\n");
	buf_release(&b);
}

int main(void)
{
	RUN(calendar_embedded_files_are_valid);
	RUN(calendar_holiday);
	RUN(calendar_makeup_working_day);
	RUN(calendar_file_errors);
	RUN(password_hash_and_verify);
	RUN(csv_fields);
	RUN(setup);
	if (!st)
		return harness_done("staff");
	RUN(sessions_expire);
	RUN(login_throttled);
	RUN(permissions);
	RUN(workflow_checks_units_deadlines_and_audit);
	store_close(st);
	char f[300];
	const char *suffix[] = { "", "-wal", "-shm" };
	for (int i = 0; i < 3; i++) {
		snprintf(f, sizeof f, "%s%s", path, suffix[i]);
		unlink(f);
	}
	rmdir(dir);
	return harness_done("staff");
}
