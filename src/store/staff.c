/* staff.c - accounts, sessions, throttling and the audit log (staff.h). */
#include "core/common.h"
#include "core/utf8.h"
#include "store/staff.h"

#include <sodium.h>

static const char *const role_names[] = { "", "admin", "editor", "staff", "supervisor" };

enum staff_role staff_role_parse(const char *s)
{
	for (size_t i = 1; s && i < ARRAY_LEN(role_names); i++)
		if (strcmp(s, role_names[i]) == 0)
			return (enum staff_role)i;
	return ROLE_NONE;
}

const char *staff_role_name(enum staff_role r)
{
	return (size_t)r < ARRAY_LEN(role_names) ? role_names[r] : "";
}

bool staff_name_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > STAFF_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

/* --- passwords ------------------------------------------------------------ */

int staff_crypto_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int staff_pw_hash(const char *pw, char out[128])
{
	_Static_assert(crypto_pwhash_STRBYTES == 128, "crypto_pwhash_STRBYTES");
	if (staff_crypto_init() != 0)
		return -1;
	return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0 ? 0 : -1;
}

bool staff_pw_verify(const char *hash, const char *pw)
{
	if (staff_crypto_init() != 0 || !hash || !pw || strlen(hash) >= crypto_pwhash_STRBYTES)
		return false;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

const char *staff_pw_problem(const char *pw)
{
	size_t n = strlen(pw);
	if (n < STAFF_PW_MIN)
		return "the password is too short (at least 10 bytes)";
	if (n > STAFF_PW_MAX)
		return "the password is too long (at most 200 bytes)";
	if (!utf8_valid(pw, n))
		return "the password is not valid UTF-8";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)pw[i] < 0x20 || pw[i] == 0x7f)
			return "the password holds control characters";
	return NULL;
}

/* --- accounts ------------------------------------------------------------- */

static bool user_exists(struct store *st, const char *name)
{
	return store_intf(st, 0, "SELECT count(*) FROM users WHERE name = ?1", "t", name) > 0;
}

/* Check a new password and hash it: 0, or -1 with *err. */
static int new_hash(const char *pw, char hash[128], char **err)
{
	const char *why = staff_pw_problem(pw);
	if (why) {
		*err = xstrdup(why);
		return -1;
	}
	if (staff_pw_hash(pw, hash) != 0) {
		*err = xstrdup("cannot hash the password (out of memory?)");
		return -1;
	}
	return 0;
}

int staff_user_add(struct store *st, const char *name, enum staff_role role, const char *pw,
		   const int64_t *units, size_t nunits, bool may_publish, int64_t now, int64_t *id, char **err)
{
	*err = NULL;
	if (!staff_name_valid(name)) {
		*err = xasprintf("bad user name '%s' (1-%d letters, digits, '.', '_' or '-')", name, STAFF_NAME_MAX);
		return -1;
	}
	if (role == ROLE_NONE) {
		*err = xstrdup("unknown role (admin, editor, staff or supervisor)");
		return -1;
	}
	if (role == ROLE_STAFF && nunits == 0) {
		*err = xstrdup("a staff account needs at least one unit (--unit ID)");
		return -1;
	}
	if (role != ROLE_STAFF && nunits > 0) {
		*err = xasprintf("only staff accounts are bound to units, not %s", staff_role_name(role));
		return -1;
	}
	char hash[128];
	if (new_hash(pw, hash, err) != 0)
		return -1;
	if (store_begin(st) != 0) {
		*err = xstrdup("database busy");
		return -1;
	}
	if (user_exists(st, name)) {
		store_rollback(st);
		*err = xasprintf("user '%s' already exists", name);
		return -1;
	}
	for (size_t i = 0; i < nunits; i++) {
		if (store_intf(st, 0, "SELECT count(*) FROM units WHERE id = ?1", "i", units[i]) == 0) {
			store_rollback(st);
			*err = xasprintf("no unit with id %lld", (long long)units[i]);
			return -1;
		}
	}
	if (store_execf(st, "INSERT INTO users (name, role, pw_hash, may_publish, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
		 "tttii", name, staff_role_name(role), hash, (int64_t)may_publish, now) != 0)
		goto fail;
	int64_t uid = sqlite3_last_insert_rowid(store_db(st));
	for (size_t i = 0; i < nunits; i++)
		if (store_execf(st, "INSERT OR IGNORE INTO user_units (user_id, unit_id) VALUES (?1, ?2)", "ii", uid, units[i]) != 0)
			goto fail;
	if (store_commit(st) != 0)
		goto fail;
	sodium_memzero(hash, sizeof hash);
	if (id)
		*id = uid;
	return 0;
fail:
	store_rollback(st);
	sodium_memzero(hash, sizeof hash);
	*err = xstrdup("cannot store the account");
	return -1;
}

int staff_user_passwd(struct store *st, const char *name, const char *pw, char **err)
{
	*err = NULL;
	char hash[128];
	if (new_hash(pw, hash, err) != 0)
		return -1;
	int rc = -1;
	if (store_begin(st) != 0)
		*err = xstrdup("database busy");
	else if (!user_exists(st, name)) {
		store_rollback(st);
		*err = xasprintf("no user '%s'", name);
	} else if (store_execf(st, "UPDATE users SET pw_hash = ?2 WHERE name = ?1", "tt", name, hash) != 0 ||
		   /* A new password ends every session of the account. */
		   store_execf(st, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)", "t", name) != 0 ||
		   store_commit(st) != 0) {
		store_rollback(st);
		*err = xstrdup("cannot store the password");
	} else
		rc = 0;
	sodium_memzero(hash, sizeof hash);
	return rc;
}

int staff_user_disable(struct store *st, const char *name, bool disabled, char **err)
{
	*err = NULL;
	if (store_begin(st) != 0) {
		*err = xstrdup("database busy");
		return -1;
	}
	if (!user_exists(st, name)) {
		store_rollback(st);
		*err = xasprintf("no user '%s'", name);
		return -1;
	}
	if (store_execf(st, "UPDATE users SET disabled = ?2 WHERE name = ?1", "ti", name, (int64_t)disabled) != 0 ||
	    (disabled && store_execf(st, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?1)", "t", name) != 0) ||
	    store_commit(st) != 0) {
		store_rollback(st);
		*err = xstrdup("cannot change the account");
		return -1;
	}
	return 0;
}

#define USER_COLUMNS "SELECT id, name, role, may_publish, disabled, created_at FROM users"

static void fill_user(sqlite3_stmt *s, struct staff_user *u)
{
	u->id = sqlite3_column_int64(s, 0);
	u->name = store_col_text(s, 1);
	u->role = staff_role_parse((const char *)sqlite3_column_text(s, 2));
	u->may_publish = sqlite3_column_int(s, 3) != 0;
	u->disabled = sqlite3_column_int(s, 4) != 0;
	u->created_at = sqlite3_column_int64(s, 5);
}

static void fill_unit(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	*(int64_t *)row = sqlite3_column_int64(s, 0);
}

static int load_units(struct store *st, struct staff_user *u)
{
	return store_rows_once(st, "SELECT unit_id FROM user_units WHERE user_id = ?1 ORDER BY unit_id", u->id,
			       sizeof *u->units, fill_unit, (void **)&u->units, &u->nunits);
}

static int user_where(struct store *st, const char *where, const char *text, int64_t id, struct staff_user *out)
{
	memset(out, 0, sizeof *out);
	char *sql = xasprintf(USER_COLUMNS " WHERE %s", where);
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return -1;
	if (text)
		sqlite3_bind_text(s, 1, text, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		fill_user(s, out);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	if (load_units(st, out) != 0) {
		staff_user_release(out);
		return -1;
	}
	return 1;
}

int staff_user_by_name(struct store *st, const char *name, struct staff_user *out)
{
	return user_where(st, "name = ?1", name, 0, out);
}

int staff_user_by_id(struct store *st, int64_t id, struct staff_user *out)
{
	return user_where(st, "id = ?1", NULL, id, out);
}

int staff_users(struct store *st, struct staff_user **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), USER_COLUMNS " ORDER BY name", -1, &s, NULL) != SQLITE_OK)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		memset(&(*out)[*n], 0, sizeof **out);
		fill_user(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	for (size_t i = 0; rc == SQLITE_DONE && i < *n; i++)
		if (load_units(st, &(*out)[i]) != 0)
			rc = SQLITE_ERROR;
	if (rc != SQLITE_DONE) {
		staff_users_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void staff_user_release(struct staff_user *u)
{
	free(u->name);
	free(u->units);
	memset(u, 0, sizeof *u);
}

void staff_users_free(struct staff_user *u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		staff_user_release(&u[i]);
	free(u);
}

/* --- permissions ----------------------------------------------------------- */

bool staff_has_unit(const struct staff_user *u, int64_t unit)
{
	if (u->role != ROLE_STAFF)
		return false;
	for (size_t i = 0; i < u->nunits; i++)
		if (u->units[i] == unit)
			return true;
	return false;
}

bool staff_sees_all(const struct staff_user *u)
{
	return u->role == ROLE_SUPERVISOR || u->role == ROLE_ADMIN;
}

bool staff_may(const struct staff_user *u, enum staff_act act, int64_t unit)
{
	if (!u || u->disabled)
		return false;
	switch (act) {
	case ACT_VIEW:
		return staff_sees_all(u) || staff_has_unit(u, unit);
	case ACT_REPLY:
	case ACT_REJECT:
		return staff_has_unit(u, unit);
	case ACT_PUBLISH:
	case ACT_EDIT:
		return staff_has_unit(u, unit) && u->may_publish;
	case ACT_TRANSFER:
		return u->role == ROLE_SUPERVISOR || staff_has_unit(u, unit);
	case ACT_EXTEND:
		return u->role == ROLE_SUPERVISOR;
	}
	return false;
}

/* --- sessions --------------------------------------------------------------- */

static void random_hex(char out[STAFF_TOKEN_HEX + 1])
{
	unsigned char raw[STAFF_TOKEN_HEX / 2];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, STAFF_TOKEN_HEX + 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

/* The stored form of a session token: BLAKE2b-256 of it, in hex. */
static void token_hash(const char *token, char out[STAFF_TOKEN_HEX + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, STAFF_TOKEN_HEX + 1, h, sizeof h);
}

static bool token_wellformed(const char *t)
{
	if (!t || strlen(t) != STAFF_TOKEN_HEX)
		return false;
	for (const char *p = t; *p; p++)
		if (!isdigit((unsigned char)*p) && !(*p >= 'a' && *p <= 'f'))
			return false;
	return true;
}

bool staff_token_equal(const char *a, const char *b)
{
	if (!a || !b || staff_crypto_init() != 0)
		return false;
	size_t n = strlen(a);
	if (n != strlen(b) || n == 0)
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

/* A hash to verify against when the account does not exist, so that an
 * unknown name costs as much time as a wrong password. */
static const char *dummy_hash(void)
{
	static char h[128];
	if (!h[0] && staff_pw_hash("not a password of anyone", h) != 0)
		h[0] = '\0';
	return h;
}

enum staff_login staff_login(struct store *st, const char *name, const char *pw, const char *address, int64_t now,
			     char token[STAFF_TOKEN_HEX + 1], char csrf[STAFF_TOKEN_HEX + 1], int64_t *user_id)
{
	if (staff_crypto_init() != 0)
		return LOGIN_ERROR;
	/* The per-account key is the name as typed, folded: "Alice" and
	 * "alice" are one account (COLLATE NOCASE) and one counter. */
	char key_user[STAFF_NAME_MAX + 8 + 1];
	char lname[STAFF_NAME_MAX + 1];
	size_t ln = 0;
	for (const char *p = name; *p && ln < STAFF_NAME_MAX; p++)
		lname[ln++] = (char)tolower((unsigned char)*p);
	lname[ln] = '\0';
	snprintf(key_user, sizeof key_user, "user:%s", lname);
	char *key_addr = xasprintf("ip:%s", address);
	enum staff_login res = LOGIN_ERROR;
	int64_t since = now - STAFF_THROTTLE_WINDOW;
	int64_t fu = store_intf(st, -1, "SELECT count(*) FROM login_failures WHERE key = ?1 AND at > ?2", "ti", key_user, since);
	int64_t fa = store_intf(st, -1, "SELECT count(*) FROM login_failures WHERE key = ?1 AND at > ?2", "ti", key_addr, since);
	if (fu < 0 || fa < 0)
		goto out;
	if (fu >= STAFF_THROTTLE_USER || fa >= STAFF_THROTTLE_ADDR) {
		res = LOGIN_THROTTLED;
		goto out;
	}
	struct staff_user u;
	char *hash = NULL;
	int found = 0;
	if (staff_name_valid(name) && strlen(pw) <= STAFF_PW_MAX) {
		found = staff_user_by_name(st, name, &u);
		if (found < 0)
			goto out;
	}
	if (found) {
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(store_db(st), "SELECT pw_hash FROM users WHERE id = ?1", -1, &s, NULL) == SQLITE_OK) {
			sqlite3_bind_int64(s, 1, u.id);
			if (sqlite3_step(s) == SQLITE_ROW)
				hash = store_col_text(s, 0);
			sqlite3_finalize(s);
		}
	}
	bool ok = staff_pw_verify(hash ? hash : dummy_hash(), pw) && found && !u.disabled;
	free(hash);
	if (!ok) {
		if (found)
			staff_user_release(&u);
		if (store_execf(st, "INSERT INTO login_failures (key, at) VALUES (?1, ?2), (?3, ?2)", "tit", key_user, now, key_addr) != 0 ||
		    store_execf(st, "DELETE FROM login_failures WHERE at < ?1", "i", now - 86400) != 0)
			goto out;
		res = LOGIN_FAILED;
		goto out;
	}
	random_hex(token);
	random_hex(csrf);
	char th[STAFF_TOKEN_HEX + 1];
	token_hash(token, th);
	if (store_begin(st) == 0 &&
	    store_execf(st, "INSERT INTO sessions (token_hash, user_id, csrf, created_at, seen_at, address) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
		 "titit", th, u.id, csrf, now, address) == 0 &&
	    store_execf(st, "DELETE FROM login_failures WHERE key = ?1", "t", key_user) == 0 &&
	    store_execf(st, "DELETE FROM sessions WHERE seen_at < ?1 OR created_at < ?2", "ii", now - STAFF_IDLE_SECS,
		 now - STAFF_ABSOLUTE_SECS) == 0 &&
	    store_commit(st) == 0) {
		*user_id = u.id;
		res = LOGIN_OK;
	} else {
		store_rollback(st);
	}
	staff_user_release(&u);
out:
	free(key_addr);
	return res;
}

int staff_session(struct store *st, const char *token, int64_t now, struct staff_user *user,
		  char csrf[STAFF_TOKEN_HEX + 1])
{
	memset(user, 0, sizeof *user);
	if (!token_wellformed(token) || staff_crypto_init() != 0)
		return 0;
	char th[STAFF_TOKEN_HEX + 1];
	token_hash(token, th);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), "SELECT user_id, csrf, created_at, seen_at FROM sessions WHERE token_hash = ?1",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, th, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	int64_t uid = 0, created = 0, seen = 0;
	if (rc == SQLITE_ROW) {
		uid = sqlite3_column_int64(s, 0);
		snprintf(csrf, STAFF_TOKEN_HEX + 1, "%s", (const char *)sqlite3_column_text(s, 1));
		created = sqlite3_column_int64(s, 2);
		seen = sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -1;
	int f = 0;
	if (now - seen <= STAFF_IDLE_SECS && now - created <= STAFF_ABSOLUTE_SECS && now >= created) {
		f = staff_user_by_id(st, uid, user);
		if (f < 0)
			return -1;
		if (f == 1 && user->disabled) {
			staff_user_release(user);
			f = 0;
		}
	}
	if (f == 0) {
		store_execf(st, "DELETE FROM sessions WHERE token_hash = ?1", "t", th);
		return 0;
	}
	if (store_execf(st, "UPDATE sessions SET seen_at = ?2 WHERE token_hash = ?1", "ti", th, now) != 0) {
		staff_user_release(user);
		return -1;
	}
	return 1;
}

int staff_logout(struct store *st, const char *token)
{
	if (!token_wellformed(token) || staff_crypto_init() != 0)
		return 0;
	char th[STAFF_TOKEN_HEX + 1];
	token_hash(token, th);
	return store_execf(st, "DELETE FROM sessions WHERE token_hash = ?1", "t", th);
}

/* --- audit log ------------------------------------------------------------- */

int audit_add(struct store *st, const struct staff_actor *who, int64_t now, const char *action,
	      const char *object, const char *before, const char *after)
{
	return store_execf(st, "INSERT INTO audit_log (at, user_id, user_name, address, action, object, before, after)"
			" VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8)",
		    "iitttttt", now, who->user_id, who->name ? who->name : "", who->address ? who->address : "",
		    action, object ? object : "", before ? before : "", after ? after : "");
}

int audit_add_id(struct store *st, const struct staff_actor *who, int64_t now, const char *action,
		 const char *kind, int64_t id, const char *before, const char *after)
{
	char object[64];
	snprintf(object, sizeof object, "%s:%lld", kind, (long long)id);
	return audit_add(st, who, now, action, object, before, after);
}

static void fill_audit(sqlite3_stmt *s, struct audit_row *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->at = sqlite3_column_int64(s, 1);
	a->user_id = sqlite3_column_int64(s, 2);
	a->user_name = store_col_text(s, 3);
	a->address = store_col_text(s, 4);
	a->action = store_col_text(s, 5);
	a->object = store_col_text(s, 6);
	a->before = store_col_text(s, 7);
	a->after = store_col_text(s, 8);
}

#define AUDIT_COLUMNS "SELECT id, at, coalesce(user_id, 0), user_name, address, action, object, before, after FROM audit_log"

int audit_list(struct store *st, const char *object, int64_t offset, int limit, struct audit_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), AUDIT_COLUMNS " WHERE ?1 IS NULL OR object = ?1 ORDER BY id DESC LIMIT ?2 OFFSET ?3",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (object)
		sqlite3_bind_text(s, 1, object, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int64(s, 3, offset);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		fill_audit(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		audit_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void audit_rows_free(struct audit_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].user_name);
		free(r[i].address);
		free(r[i].action);
		free(r[i].object);
		free(r[i].before);
		free(r[i].after);
	}
	free(r);
}

void csv_field(struct buf *out, const char *s, bool last)
{
	/* A spreadsheet runs a cell that starts with = + - @ as a formula. */
	bool defuse = *s == '=' || *s == '+' || *s == '-' || *s == '@';
	bool quote = defuse || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(out, '"');
	if (defuse)
		buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	if (quote)
		buf_addc(out, '"');
	buf_adds(out, last ? "\r\n" : ",");
}

int audit_csv(struct store *st, struct buf *out)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), AUDIT_COLUMNS " ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return -1;
	buf_adds(out, "id,time,user_id,user,address,action,object,before,after\r\n");
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_row a;
		fill_audit(s, &a);
		char num[3][32], when[32];
		snprintf(num[0], sizeof num[0], "%lld", (long long)a.id);
		time_t t = (time_t)a.at + 8 * 3600;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S +0800", &tm);
		snprintf(num[1], sizeof num[1], "%lld", (long long)a.user_id);
		csv_field(out, num[0], false);
		csv_field(out, when, false);
		csv_field(out, num[1], false);
		csv_field(out, a.user_name, false);
		csv_field(out, a.address, false);
		csv_field(out, a.action, false);
		csv_field(out, a.object, false);
		csv_field(out, a.before, false);
		csv_field(out, a.after, true);
		free(a.user_name);
		free(a.address);
		free(a.action);
		free(a.object);
		free(a.before);
		free(a.after);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : -1;
}
