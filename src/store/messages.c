#include "core/common.h"
#include "store/calendar.h"
#include "store/messages.h"
#include "store/services.h"

#include <unistd.h>

#define TOKEN_LIFETIME (2 * 86400)
#define POST_LOG_KEEP (2 * 3600)
#define TOKEN_MAX 20000   /* form_tokens rows; msg_settings form_tokens_max */

int msg_setting(struct store *st, const char *key, int def)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT value FROM msg_settings WHERE key = ?1");
	if (!s)
		return def;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : def;
	sqlite3_reset(s);
	return v;
}

int64_t msg_due_day(const struct msg_row *m)
{
	if (m->due_day > 0)
		return m->due_day;
	return workcal_add(store_calendar(), msgrule_day(m->accepted_at), m->reply_days);
}

static int run(struct store *st, const char *sql, const char *fmt, ...);

/* --- tokens and the rate limit -------------------------------------------- */

/* Tokens are issued ahead, POOL_SIZE in one transaction, and kept by the
 * process for the connection that issued them: the letter form's GET
 * takes one and writes nothing, so it does not wait for the write lock
 * while an import holds it (issue 15, fault 2).  When fewer than POOL_LOW
 * are left, a refill is tried without waiting for the lock (another
 * writer has it: a later GET tries again); only an empty pool waits, as
 * every GET did before.  A pool older than POOL_MAX_AGE is dropped, so a
 * token handed out has at least its lifetime less 10 minutes left.  The
 * tokens of a dropped pool (and those a worker holds when it exits) are
 * rows like any unused form's, and expire with them. */
#define POOL_SIZE 32
#define POOL_LOW 8
#define POOL_MAX_AGE 600

static struct {
	pid_t pid;           /* the process's: a forked child starts empty */
	uint64_t serial;     /* the connection's (store_serial) */
	int64_t issued_at;
	int n;
	char tok[POOL_SIZE][MSGRULE_TOKEN_LEN + 1];
} pool;

/* Expired tokens go; over the bound (a flood of GETs), the oldest go
 * first, and their forms come back as expired, with a new token.  The
 * table holds at most form_tokens_max rows plus one pool per worker. */
static int token_prune(struct store *st, int64_t now)
{
	if (run(st, "DELETE FROM form_tokens WHERE issued_at < ?1", "i", now - TOKEN_LIFETIME) != SQLITE_DONE)
		return -1;
	int64_t max = msg_setting(st, "form_tokens_max", TOKEN_MAX);
	if (max < 1)
		max = 1;
	return run(st, "DELETE FROM form_tokens WHERE token IN (SELECT token FROM form_tokens"
		   " ORDER BY issued_at DESC LIMIT -1 OFFSET ?1)", "i", max) == SQLITE_DONE ? 0 : -1;
}

/* A new pool in one transaction; wait: whether to wait for the lock. */
static int pool_refill(struct store *st, int64_t now, bool wait)
{
	char tok[POOL_SIZE][MSGRULE_TOKEN_LEN + 1];
	for (int i = 0; i < POOL_SIZE; i++)
		if (msgrule_random(tok[i], MSGRULE_TOKEN_LEN) != 0)
			return -1;
	if ((wait ? store_begin(st) : store_begin_nowait(st)) != 0) {
		if (wait)
			log_error("messages: cannot issue form tokens: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	int rc = token_prune(st, now) == 0 ? SQLITE_DONE : SQLITE_ERROR;
	for (int i = 0; i < POOL_SIZE && rc == SQLITE_DONE; i++)
		rc = run(st, "INSERT INTO form_tokens (token, issued_at) VALUES (?1, ?2)", "ti", tok[i], now);
	if (rc != SQLITE_DONE || store_commit(st) != 0) {
		log_error("messages: cannot issue form tokens: %s", sqlite3_errmsg(store_db(st)));
		store_rollback(st);
		return -1;
	}
	memcpy(pool.tok, tok, sizeof tok);
	pool.n = POOL_SIZE;
	pool.issued_at = now;
	pool.serial = store_serial(st);
	pool.pid = getpid();
	return 0;
}

int msg_token_issue(struct store *st, int64_t now, char out[MSGRULE_TOKEN_LEN + 1])
{
	if (pool.pid != getpid() || pool.serial != store_serial(st) || now < pool.issued_at ||
	    now - pool.issued_at > POOL_MAX_AGE)
		pool.n = 0;
	if (pool.n < POOL_LOW && pool_refill(st, now, pool.n == 0) != 0 && pool.n == 0)
		return -1;
	memcpy(out, pool.tok[--pool.n], MSGRULE_TOKEN_LEN + 1);
	return 0;
}

int msg_token_known(struct store *st, const char *token, int64_t now)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM form_tokens WHERE token = ?1 AND issued_at >= ?2");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now - TOKEN_LIFETIME);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int msg_code_by_token(struct store *st, const char *token, char code[MSGRULE_CODE_LEN + 8])
{
	sqlite3_stmt *s = store_stmt(st, "SELECT code FROM messages WHERE form_token = ?1");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(code, MSGRULE_CODE_LEN + 8, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int64_t msg_posts_since(struct store *st, const char *client, int64_t since)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM post_log WHERE client = ?1 AND at > ?2");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, client, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, since);
	return store_one_int(s);
}

/* --- writing ----------------------------------------------------------- */

/* Run a one-shot statement with text/int bindings described by fmt
 * ('t' text, 'i' int64); returns the sqlite3_step result. */
static int run(struct store *st, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		log_error("messages: %s", sqlite3_errmsg(store_db(st)));
		return SQLITE_ERROR;
	}
	va_list ap;
	va_start(ap, fmt);
	for (int i = 0; fmt[i]; i++) {
		if (fmt[i] == 't')
			sqlite3_bind_text(s, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_int64(s, i + 1, va_arg(ap, int64_t));
	}
	va_end(ap);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc;
}

int msg_insert(struct store *st, const struct msg_record *m)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO messages (code, type, unit_id, title, body, sender_name, sender_phone, anonymous,"
		" state, reject_reason, created_at, accepted_at, reply_days, form_token)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
	if (!s)
		return SQLITE_ERROR;
	sqlite3_bind_text(s, 1, m->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, m->type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, m->unit_id);
	sqlite3_bind_text(s, 4, m->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, m->body, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, m->name ? m->name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, m->phone ? m->phone : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 8, m->anonymous);
	sqlite3_bind_text(s, 9, m->state ? m->state : "pending", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, m->reject_reason ? m->reject_reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 11, m->created_at);
	sqlite3_bind_int64(s, 12, m->accepted_at);
	sqlite3_bind_int(s, 13, m->reply_days);
	if (m->token)
		sqlite3_bind_text(s, 14, m->token, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc;
}

int msg_insert_reply(struct store *st, int64_t message, int64_t unit, const char *body, int64_t at)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO replies (message_id, unit_id, body, created_at, published_at) VALUES (?1, ?2, ?3, ?4, ?4)");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, message);
	sqlite3_bind_int64(s, 2, unit);
	sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, at);
	return store_step_done(s);
}

static int submit_tx(struct store *st, const struct msg_new *m, int64_t now,
		     char code[MSGRULE_CODE_LEN + 8], bool *duplicate)
{
	int found = msg_code_by_token(st, m->token, code);
	if (found != 0) {
		*duplicate = found == 1;
		return found == 1 ? 0 : -1;
	}
	struct msg_record rec = {
		.code = code, .type = m->type, .unit_id = m->unit_id, .title = m->title, .body = m->body,
		.name = m->name, .phone = m->phone, .anonymous = m->anonymous, .state = "pending",
		.created_at = now, .accepted_at = now, .reply_days = msg_setting(st, "reply_days", 5),
		.token = m->token,
	};
	int rc = SQLITE_ERROR;
	/* 31^8 codes: a clash is rare, but retry rather than fail. */
	for (int attempt = 0; attempt < 8; attempt++) {
		if (msgrule_random(code, MSGRULE_CODE_LEN) != 0)
			return -1;
		rc = msg_insert(st, &rec);
		if (rc != SQLITE_CONSTRAINT_UNIQUE)
			break;
	}
	if (rc != SQLITE_DONE) {
		log_error("messages: cannot store a message: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	if (run(st, "INSERT INTO post_log (client, at) VALUES (?1, ?2)", "ti", m->client, now) != SQLITE_DONE ||
	    run(st, "DELETE FROM form_tokens WHERE token = ?1 OR issued_at < ?2", "ti", m->token, now - TOKEN_LIFETIME) != SQLITE_DONE ||
	    run(st, "DELETE FROM post_log WHERE at < ?1", "i", now - POST_LOG_KEEP) != SQLITE_DONE)
		return -1;
	return 0;
}

int msg_submit(struct store *st, const struct msg_new *m, int64_t now,
	       char code[MSGRULE_CODE_LEN + 8], bool *duplicate)
{
	*duplicate = false;
	/* This write must survive a crash the moment the sender sees the
	 * code: sync the WAL at this commit, then go back to the default. */
	if (store_exec(st, "PRAGMA synchronous = FULL") != 0)
		return -1;
	int rc = -1;
	if (store_begin(st) == 0) {
		if (submit_tx(st, m, now, code, duplicate) == 0 && store_commit(st) == 0)
			rc = 0;
		else
			store_rollback(st);
	}
	store_exec(st, "PRAGMA synchronous = NORMAL");
	return rc;
}

/* The state of message id: 1 found (*state malloc'd), 0 not, -1 error. */
static int message_state(struct store *st, int64_t id, char **state)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT state FROM messages WHERE id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*state = store_col_text(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Common preamble of staff actions: the message exists and its state is
 * not one of the refused ones (space-separated list). */
static int staff_check(struct store *st, int64_t id, const char *refused, const char *action, char **err)
{
	char *state = NULL;
	int f = message_state(st, id, &state);
	if (f < 0) {
		*err = xasprintf("cannot read message %lld", (long long)id);
		return -1;
	}
	if (f == 0) {
		*err = xasprintf("no message with id %lld", (long long)id);
		return -1;
	}
	int rc = 0;
	if (strstr(refused, state)) {
		*err = xasprintf("message %lld is %s: cannot %s it", (long long)id, state, action);
		rc = -1;
	}
	free(state);
	return rc;
}

int msg_add_reply(struct store *st, int64_t id, int64_t unit, const char *text, bool publish, int64_t now, char **err)
{
	*err = NULL;
	if (staff_check(st, id, "rejected", "reply to", err) != 0)
		return -1;
	struct svc_unit u;
	int f = svc_unit(st, unit, &u);
	if (f != 1) {
		*err = f == 0 ? xasprintf("no unit with id %lld", (long long)unit) : xstrdup("cannot read units");
		return -1;
	}
	svc_unit_release(&u);
	/* Only the unit the letter is addressed to answers it; another unit
	 * must have it transferred first. */
	int64_t owner = store_int_by(st, "SELECT unit_id FROM messages WHERE id = ?1", id);
	if (owner != unit) {
		*err = xasprintf("message %lld is addressed to unit %lld, not unit %lld (transfer it first)",
				 (long long)id, (long long)owner, (long long)unit);
		return -1;
	}
	/* The reason is read before the rollback, which would replace it
	 * with "not an error". */
	if (store_begin(st) != 0) {
		*err = xasprintf("cannot store the reply: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	if (msg_insert_reply(st, id, unit, text, now) != 0 ||
	    (publish && run(st, "UPDATE messages SET state = 'published' WHERE id = ?1", "i", id) != SQLITE_DONE) ||
	    store_commit(st) != 0) {
		*err = xasprintf("cannot store the reply: %s", sqlite3_errmsg(store_db(st)));
		store_rollback(st);
		return -1;
	}
	return 0;
}

int msg_publish(struct store *st, int64_t id, char **err)
{
	*err = NULL;
	if (staff_check(st, id, "published rejected", "publish", err) != 0)
		return -1;
	if (run(st, "UPDATE messages SET state = 'published' WHERE id = ?1", "i", id) != SQLITE_DONE) {
		*err = xasprintf("cannot publish: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

int msg_reject(struct store *st, int64_t id, const char *reason, char **err)
{
	*err = NULL;
	if (!reason || !*reason) {
		*err = xstrdup("a rejection needs a reason");
		return -1;
	}
	if (staff_check(st, id, "published rejected", "reject", err) != 0)
		return -1;
	if (run(st, "UPDATE messages SET state = 'rejected', reject_reason = ?2 WHERE id = ?1", "it", id, reason) != SQLITE_DONE) {
		*err = xasprintf("cannot reject: %s", sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

int msg_extend(struct store *st, int64_t id, int days, const char *note, int64_t today, int64_t *new_due, char **err)
{
	*err = NULL;
	if (!note || !*note) {
		*err = xstrdup("an extension needs a public note");
		return -1;
	}
	if (days < 1 || days > MSGRULE_MAX_REPLY_DAYS) {
		*err = xasprintf("an extension is 1 to %d working days", MSGRULE_MAX_REPLY_DAYS);
		return -1;
	}
	struct msg_row m;
	int f = msg_get(st, id, &m);
	if (f != 1) {
		*err = f == 0 ? xasprintf("no message with id %lld", (long long)id) : xstrdup("cannot read the message");
		return -1;
	}
	int rc = -1;
	int64_t due = workcal_add(store_calendar(), msg_due_day(&m), days);
	char dtext[11], ttext[11];
	msgrule_day_text(due, dtext);
	msgrule_day_text(today, ttext);
	if (strcmp(m.state, "rejected") == 0)
		*err = xasprintf("message %lld is rejected: cannot extend it", (long long)id);
	else if (m.replies > 0)
		*err = xasprintf("message %lld is already answered", (long long)id);
	else if (due < today)
		*err = xasprintf("%d working days after the current deadline is %s, already past (today is %s): "
				 "extend by more days", days, dtext, ttext);
	else if (run(st, "UPDATE messages SET due_day = ?2, extension_note = ?3 WHERE id = ?1", "iit",
		     id, due, note) != SQLITE_DONE)
		*err = xasprintf("cannot extend: %s", sqlite3_errmsg(store_db(st)));
	else {
		rc = 0;
		if (new_due)
			*new_due = due;
	}
	msg_row_release(&m);
	return rc;
}

/* --- reading ----------------------------------------------------------- */

#define MSG_COLUMNS \
	"SELECT m.id, m.code, m.type, m.unit_id, u.name, m.title, m.sender_name, m.sender_phone," \
	" m.anonymous, m.state, m.reject_reason," \
	" CASE WHEN m.accepted_at > 0 THEN m.accepted_at ELSE m.created_at END," \
	" CASE WHEN m.reply_days > 0 THEN m.reply_days ELSE ?9 END, m.extension_note," \
	" (SELECT count(*) FROM replies r WHERE r.message_id = m.id AND r.status = 'published')," \
	" (SELECT coalesce(max(r.published_at), 0) FROM replies r WHERE r.message_id = m.id AND r.status = 'published')," \
	" m.due_day"

static void fill_row(sqlite3_stmt *s, struct msg_row *m, bool body)
{
	m->id = sqlite3_column_int64(s, 0);
	const unsigned char *c = sqlite3_column_text(s, 1);
	snprintf(m->code, sizeof m->code, "%s", c ? (const char *)c : "");
	m->type = store_col_text(s, 2);
	m->unit_id = sqlite3_column_int64(s, 3);
	m->unit_name = store_col_text(s, 4);
	m->title = store_col_text(s, 5);
	m->sender_name = store_col_text(s, 6);
	m->sender_phone = store_col_text(s, 7);
	m->anonymous = sqlite3_column_int(s, 8) != 0;
	m->state = store_col_text(s, 9);
	m->reject_reason = store_col_text(s, 10);
	m->accepted_at = sqlite3_column_int64(s, 11);
	m->reply_days = sqlite3_column_int(s, 12);
	m->extension_note = store_col_text(s, 13);
	m->replies = sqlite3_column_int64(s, 14);
	m->last_reply_at = sqlite3_column_int64(s, 15);
	m->due_day = sqlite3_column_int64(s, 16);
	if (body)
		m->body = store_col_text(s, 17);
}

/* List queries (no body): the callback for store_collect. */
static void fill_listed_row(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	fill_row(s, row, false);
}

/* One message with its body. */
static void fill_whole_row(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	fill_row(s, row, true);
}

static void fill_reply(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct msg_reply *r = row;
	r->id = sqlite3_column_int64(s, 0);
	r->unit_id = sqlite3_column_int64(s, 1);
	r->unit_name = store_col_text(s, 2);
	r->body = store_col_text(s, 3);
	r->created_at = sqlite3_column_int64(s, 4);
}

int msg_get(struct store *st, int64_t id, struct msg_row *out)
{
	/* msg_setting uses its own statement: fetch it before binding. */
	int days = msg_setting(st, "reply_days", 5);
	sqlite3_stmt *s = store_stmt(st, MSG_COLUMNS ", m.body FROM messages m JOIN units u ON u.id = m.unit_id WHERE m.id = ?1");
	if (s) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 9, days);
	}
	memset(out, 0, sizeof *out);
	return store_one_row(s, fill_whole_row, out);
}

int msg_get_by_code(struct store *st, const char *code, struct msg_row *out)
{
	int days = msg_setting(st, "reply_days", 5);
	sqlite3_stmt *s = store_stmt(st, MSG_COLUMNS ", m.body FROM messages m JOIN units u ON u.id = m.unit_id WHERE m.code = ?1");
	memset(out, 0, sizeof *out);
	if (s) {
		sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 9, days);
	}
	return store_one_row(s, fill_whole_row, out);
}

void msg_row_release(struct msg_row *m)
{
	free(m->type);
	free(m->unit_name);
	free(m->title);
	free(m->body);
	free(m->sender_name);
	free(m->sender_phone);
	free(m->state);
	free(m->reject_reason);
	free(m->extension_note);
	memset(m, 0, sizeof *m);
}

void msg_rows_free(struct msg_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		msg_row_release(&rows[i]);
	free(rows);
}

#define MSG_WHERE \
	" WHERE (?1 IS NULL OR m.state = ?1) AND (?2 = 0 OR m.unit_id = ?2) AND (?3 IS NULL OR m.type = ?3)" \
	" AND (?4 = 0 OR (m.state <> 'rejected' AND NOT EXISTS (SELECT 1 FROM replies r WHERE r.message_id = m.id AND r.status = 'published')))"

static void bind_filter(sqlite3_stmt *s, const struct msg_filter *f)
{
	if (f->state)
		sqlite3_bind_text(s, 1, f->state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, f->unit_id);
	if (f->type)
		sqlite3_bind_text(s, 3, f->type, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, f->unreplied);
}

int64_t msg_count(struct store *st, const struct msg_filter *f)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM messages m" MSG_WHERE);
	if (!s)
		return -1;
	bind_filter(s, f);
	return store_one_int(s);
}

int msg_list(struct store *st, const struct msg_filter *f, int64_t offset, int limit,
	     struct msg_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int days = msg_setting(st, "reply_days", 5);
	sqlite3_stmt *s = store_stmt(st, MSG_COLUMNS " FROM messages m JOIN units u ON u.id = m.unit_id" MSG_WHERE
				     " ORDER BY m.created_at DESC, m.id DESC LIMIT ?5 OFFSET ?6");
	if (!s)
		return -1;
	bind_filter(s, f);
	sqlite3_bind_int(s, 5, limit);
	sqlite3_bind_int64(s, 6, offset);
	sqlite3_bind_int(s, 9, days);
	return store_collect(s, sizeof **out, fill_listed_row, NULL, (void **)out, n);
}

int msg_replies(struct store *st, int64_t id, struct msg_reply **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = store_stmt(st,
		"SELECT r.id, r.unit_id, u.name, r.body, r.created_at FROM replies r JOIN units u ON u.id = r.unit_id"
		" WHERE r.message_id = ?1 AND r.status = 'published' ORDER BY r.created_at, r.id");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return store_collect(s, sizeof **out, fill_reply, NULL, (void **)out, n);
}

void msg_replies_free(struct msg_reply *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].unit_name);
		free(r[i].body);
	}
	free(r);
}
