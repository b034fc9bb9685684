/* staff.h - staff accounts, roles, console sessions, login throttling and
 * the audit log (issue 16).  Passwords are hashed with libsodium's
 * crypto_pwhash (Argon2id) and never stored, logged or echoed in clear;
 * session tokens come from libsodium's CSPRNG and only their hash is
 * stored.
 *
 * Roles:
 *   admin       accounts, settings, the audit log, statistics
 *   editor      news articles
 *   staff       the letters of its own units (one or more): reply (a draft,
 *               published when the account may publish), edit and withdraw
 *               replies, reject, transfer to another unit
 *   supervisor  督办: sees every letter and the statistics; transfers and
 *               extends any letter's deadline; writes no replies
 * Functions that take `now` use it for every time they store or compare,
 * so tests can step time. */
#ifndef QIAO_STORE_STAFF_H
#define QIAO_STORE_STAFF_H

#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STAFF_NAME_MAX 32
#define STAFF_PW_MIN 10
#define STAFF_PW_MAX 200
/* Sessions end after this long without a request, and this long after
 * login whatever happens. */
#define STAFF_IDLE_SECS (30 * 60)
#define STAFF_ABSOLUTE_SECS (10 * 3600)
/* Login throttling: failures counted over the window, per account name
 * and per client address. */
#define STAFF_THROTTLE_WINDOW (15 * 60)
#define STAFF_THROTTLE_USER 5
#define STAFF_THROTTLE_ADDR 20
/* Tokens: 32 random bytes as 64 hex digits. */
#define STAFF_TOKEN_HEX 64

enum staff_role { ROLE_NONE = 0, ROLE_ADMIN, ROLE_EDITOR, ROLE_STAFF, ROLE_SUPERVISOR };

struct staff_user {
	int64_t id;
	char *name;
	enum staff_role role;
	bool may_publish;
	bool disabled;
	int64_t created_at;
	int64_t *units;         /* staff: the units it answers for */
	size_t nunits;
};

/* "admin" ... -> role; ROLE_NONE when unknown. */
enum staff_role staff_role_parse(const char *s);
const char *staff_role_name(enum staff_role r);
/* A name: 1-32 of [A-Za-z0-9._-]. */
bool staff_name_valid(const char *s);

/* --- passwords (libsodium) --------------------------------------------- */

/* Initialise libsodium: 0 or -1.  Every function here calls it. */
int staff_crypto_init(void);
/* Hash pw into out (crypto_pwhash_STRBYTES = 128 bytes): 0, or -1 (out
 * of memory). */
int staff_pw_hash(const char *pw, char out[128]);
/* Does pw match the stored hash? */
bool staff_pw_verify(const char *hash, const char *pw);
/* A password we accept: STAFF_PW_MIN..MAX bytes of valid UTF-8 without
 * control characters.  NULL, or why not (static text). */
const char *staff_pw_problem(const char *pw);

/* --- accounts ---------------------------------------------------------- */

/* Each returns 0, or -1 with *err (malloc'd, one line). */
int staff_user_add(struct store *st, const char *name, enum staff_role role, const char *pw,
		   const int64_t *units, size_t nunits, bool may_publish, int64_t now, int64_t *id, char **err);
int staff_user_passwd(struct store *st, const char *name, const char *pw, char **err);
/* Disable (or enable) an account; disabling ends its sessions. */
int staff_user_disable(struct store *st, const char *name, bool disabled, char **err);
/* 1 found, 0 not, -1 error. */
int staff_user_by_name(struct store *st, const char *name, struct staff_user *out);
int staff_user_by_id(struct store *st, int64_t id, struct staff_user *out);
int staff_users(struct store *st, struct staff_user **out, size_t *n);
void staff_user_release(struct staff_user *u);
void staff_users_free(struct staff_user *u, size_t n);

/* --- permissions ------------------------------------------------------- */

enum staff_act {
	ACT_VIEW,       /* see a letter and its replies */
	ACT_REPLY,      /* write or change a draft reply */
	ACT_PUBLISH,    /* publish a reply (and so the letter) */
	ACT_EDIT,       /* edit or withdraw a published reply */
	ACT_REJECT,
	ACT_TRANSFER,
	ACT_EXTEND,
};

/* May u do act on a letter of unit? */
bool staff_may(const struct staff_user *u, enum staff_act act, int64_t unit);
/* Does u answer for unit (a staff account bound to it)? */
bool staff_has_unit(const struct staff_user *u, int64_t unit);
/* Sees every letter (supervisor, admin). */
bool staff_sees_all(const struct staff_user *u);

/* --- sessions ---------------------------------------------------------- */

enum staff_login { LOGIN_OK, LOGIN_FAILED, LOGIN_THROTTLED, LOGIN_ERROR };

/* Check name and password from address: on LOGIN_OK a new session's
 * token (for the cookie) and its CSRF token, and *user_id.  A wrong
 * password, an unknown or disabled account all give LOGIN_FAILED (and
 * take the same time); too many recent failures for the name or the
 * address give LOGIN_THROTTLED without checking the password. */
enum staff_login staff_login(struct store *st, const char *name, const char *pw, const char *address, int64_t now,
			     char token[STAFF_TOKEN_HEX + 1], char csrf[STAFF_TOKEN_HEX + 1], int64_t *user_id);
/* The session of a cookie token: 1 with its user (enabled) and CSRF
 * token, its idle clock restarted; 0 when unknown, idle too long, too old
 * or the account is disabled (the session is then deleted); -1 error. */
int staff_session(struct store *st, const char *token, int64_t now, struct staff_user *user,
		  char csrf[STAFF_TOKEN_HEX + 1]);
/* End the session of token (unknown tokens are fine): 0 or -1. */
int staff_logout(struct store *st, const char *token);
/* Constant-time comparison of two tokens (false when either is NULL or
 * the lengths differ). */
bool staff_token_equal(const char *a, const char *b);

/* --- audit log --------------------------------------------------------- */

/* Who acts: a console user (id > 0) or the command line (id 0). */
struct staff_actor {
	int64_t user_id;
	const char *name;
	const char *address;
};

/* Append one entry (inside the caller's transaction, if any): 0 or -1. */
int audit_add(struct store *st, const struct staff_actor *who, int64_t now, const char *action,
	      const char *object, const char *before, const char *after);
/* The same about object "kind:id" (message:12, article:3...). */
int audit_add_id(struct store *st, const struct staff_actor *who, int64_t now, const char *action,
		 const char *kind, int64_t id, const char *before, const char *after);

struct audit_row {
	int64_t id, at, user_id;
	char *user_name, *address, *action, *object, *before, *after;
};
/* Newest first; object NULL: any, else entries about it exactly. */
int audit_list(struct store *st, const char *object, int64_t offset, int limit, struct audit_row **out, size_t *n);
void audit_rows_free(struct audit_row *r, size_t n);
/* The whole log, oldest first, as CSV (RFC 4180, header line) into out. */
int audit_csv(struct store *st, struct buf *out);
/* Append one CSV field (quoted when needed, a leading =+-@ defused). */
void csv_field(struct buf *out, const char *s, bool last);

#endif
