/* messages.h - citizens' messages and replies in the store (互动交流).
 *
 * A message is stored 'pending'; staff publish it (usually with a reply)
 * or reject it with a reason.  Its reply deadline counts reply_days
 * working days from its acceptance day (msgrule.h).  Row structs own
 * their strings: free them with the matching *_release / *_free. */
#ifndef QIAO_MESSAGES_H
#define QIAO_MESSAGES_H

#include "text/msgrule.h"
#include "store/store.h"

#include <stddef.h>

struct msg_row {
	int64_t id;
	char code[MSGRULE_CODE_LEN + 8];
	char *type;
	int64_t unit_id;
	char *unit_name;
	char *title;
	char *body;              /* NULL in list queries */
	char *sender_name;
	char *sender_phone;      /* digits; never shown unmasked */
	bool anonymous;
	char *state;             /* pending | published | rejected */
	char *reject_reason;
	int64_t accepted_at;
	int reply_days;          /* the default already applied */
	char *extension_note;
	int64_t replies;         /* number of published replies */
	int64_t last_reply_at;   /* 0 when none */
	int64_t due_day;         /* explicit deadline (extension, transfer); 0: from reply_days */
};

struct msg_reply {
	int64_t id;
	int64_t unit_id;
	char *unit_name;
	char *body;
	int64_t created_at;
};

/* An integer setting of msg_settings (reply_days, posts_per_hour), or def. */
int msg_setting(struct store *st, const char *key, int def);

/* The reply deadline day of a message (msgrule day number): its explicit
 * due_day, else reply_days working days (store/calendar.h: holidays and
 * make-up working days count) after its acceptance day. */
int64_t msg_due_day(const struct msg_row *m);

/* --- tokens and the rate limit -------------------------------------------- */

/* Issue a new one-time form token into out.  0 or -1.  Tokens live two
 * days.  They are issued ahead, 32 at a time, into this process's pool,
 * so most calls write nothing and never wait for the write lock; each
 * issuing drops expired ones and keeps the table under msg_settings
 * form_tokens_max (20,000) rows plus a pool per worker, oldest out first. */
int msg_token_issue(struct store *st, int64_t now, char out[MSGRULE_TOKEN_LEN + 1]);
/* 1 when token was issued, is not yet used and has not expired at now,
 * 0 when not, -1 on error. */
int msg_token_known(struct store *st, const char *token, int64_t now);
/* The code of the message created with token: 1 found, 0 not, -1 error. */
int msg_code_by_token(struct store *st, const char *token, char code[MSGRULE_CODE_LEN + 8]);
/* Messages stored for client since `since`, or -1. */
int64_t msg_posts_since(struct store *st, const char *client, int64_t since);

/* --- writing ----------------------------------------------------------- */

struct msg_new {
	const char *type, *title, *body, *name, *phone; /* cleaned, UTF-8 */
	int64_t unit_id;
	bool anonymous;
	const char *token;   /* the form's token */
	const char *client;  /* rate-limit key (msgrule_client_key) */
};

/* A message as stored, every column: for the writers that know them all
 * (msg_submit, the demo).  NULL strings are ""; state NULL is 'pending';
 * token NULL stores no form token. */
struct msg_record {
	const char *code, *type, *title, *body, *name, *phone;
	const char *state, *reject_reason, *token;
	int64_t unit_id, created_at, accepted_at;  /* accepted_at 0: created_at counts */
	int reply_days;                            /* 0: the default */
	bool anonymous;
};
/* INSERT one message inside the caller's transaction.  Returns the
 * SQLite result: SQLITE_DONE, a constraint code on a code clash, ... */
int msg_insert(struct store *st, const struct msg_record *m);
/* INSERT one reply inside the caller's transaction: 0 or -1. */
int msg_insert_reply(struct store *st, int64_t message, int64_t unit, const char *body, int64_t at);

/* Store a new message durably: its own IMMEDIATE transaction with
 * synchronous=FULL, committed before returning 0 with its code.  The
 * token is consumed and the post logged in the same transaction.  When
 * a message already carries the token (a resubmission, perhaps from
 * another process), stores nothing, sets *duplicate and returns its code.
 * -1 on failure (nothing stored). */
int msg_submit(struct store *st, const struct msg_new *m, int64_t now,
	       char code[MSGRULE_CODE_LEN + 8], bool *duplicate);

/* Staff actions; each returns 0, or -1 with *err (malloc'd) saying why
 * (unknown id, wrong state, unknown unit). */
int msg_add_reply(struct store *st, int64_t id, int64_t unit, const char *text, bool publish, int64_t now, char **err);
int msg_publish(struct store *st, int64_t id, char **err);
int msg_reject(struct store *st, int64_t id, const char *reason, char **err);
/* Extend the deadline by days working days (1..15) counted from the
 * current deadline, with a public note; refused when the new deadline
 * would be before today (a day number).  *new_due (may be NULL) gets it. */
int msg_extend(struct store *st, int64_t id, int days, const char *note, int64_t today, int64_t *new_due, char **err);

/* --- reading ----------------------------------------------------------- */

/* One message with its body: 1 found, 0 not, -1 error. */
int msg_get(struct store *st, int64_t id, struct msg_row *out);
/* By canonical code. */
int msg_get_by_code(struct store *st, const char *code, struct msg_row *out);
void msg_row_release(struct msg_row *m);
void msg_rows_free(struct msg_row *rows, size_t n);

struct msg_filter {
	const char *state;  /* NULL: any */
	int64_t unit_id;    /* 0: any */
	const char *type;   /* NULL: any */
	bool unreplied;     /* only messages without a reply, not rejected */
};
int64_t msg_count(struct store *st, const struct msg_filter *f);
/* Newest first (acceptance time, then id). */
int msg_list(struct store *st, const struct msg_filter *f, int64_t offset, int limit,
	     struct msg_row **out, size_t *n);

int msg_replies(struct store *st, int64_t id, struct msg_reply **out, size_t *n);
void msg_replies_free(struct msg_reply *r, size_t n);

/* Units and regions for the form are the services' queries (services.h). */

#endif
