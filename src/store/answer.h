/* answer.h - the departments' answering workflow (issue 16): drafts and
 * published replies with their history, transfers (转办), extensions,
 * rejections, a unit's inbox and the monthly figures.
 *
 * Every action takes the acting user (for the audit log, written in the
 * same transaction) and `unit`, the unit the caller checked the user's
 * permission against (staff.h staff_may): the action is refused
 * (ANS_MOVED) when the letter is no longer that unit's, so a permission
 * checked on a letter that was transferred meanwhile never applies to
 * another department's letter.
 *
 * Transfer deadline rule: a transferred letter keeps its deadline (the
 * public was promised it), but the receiving unit always gets at least
 * ANS_TRANSFER_MIN_DAYS working days counted from the day of the
 * transfer.  Extensions count from the current deadline. */
#ifndef QIAO_STORE_ANSWER_H
#define QIAO_STORE_ANSWER_H

#include "store/messages.h"
#include "store/staff.h"

#define ANS_TRANSFER_MIN_DAYS 3
#define ANS_TEXT_MAX 4000   /* characters of a reply */
#define ANS_REASON_MAX 500

/* Results: 0 done; ANS_ERROR with *err; ANS_MOVED (the letter is not the
 * unit's any more); ANS_STATE (the letter or reply is in the wrong state,
 * *err says which). */
enum { ANS_OK = 0, ANS_ERROR = -1, ANS_MOVED = -2, ANS_STATE = -3, ANS_NOT_FOUND = -4 };

struct ans_reply {
	int64_t id, message_id, unit_id, user_id, created_at, published_at;
	char *unit_name, *body, *status, *user_name;
};

/* Every reply of a letter, drafts and withdrawn ones too, oldest first. */
int ans_replies(struct store *st, int64_t msg, struct ans_reply **out, size_t *n);
/* One reply: 1, 0 not found, -1 error. */
int ans_reply_get(struct store *st, int64_t reply, struct ans_reply *out);
void ans_reply_release(struct ans_reply *r);
void ans_replies_free(struct ans_reply *r, size_t n);

struct ans_history {
	int64_t reply_id, at;
	char *body, *status, *note, *user_name;
};
int ans_history(struct store *st, int64_t msg, struct ans_history **out, size_t *n);
void ans_history_free(struct ans_history *h, size_t n);

/* Write the unit's draft reply (replacing its text when there is one);
 * with publish, publish it (and the letter) at once. */
int ans_save_reply(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, const char *text,
		   bool publish, int64_t now, char **err);
/* Publish the letter's draft reply and the letter. */
int ans_publish(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, int64_t now, char **err);
/* Change a published reply's text; the old text goes to its history. */
int ans_edit_reply(struct store *st, const struct staff_actor *who, int64_t reply, int64_t unit, const char *text,
		   int64_t now, char **err);
/* Withdraw a published reply with a reason (kept in its history); the
 * letter is unanswered again. */
int ans_withdraw_reply(struct store *st, const struct staff_actor *who, int64_t reply, int64_t unit,
		       const char *reason, int64_t now, char **err);
int ans_reject(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, const char *reason,
	       int64_t now, char **err);
/* Move an unanswered letter to unit `to` with a reason (deadline rule
 * above); drafts of the old unit are withdrawn. */
int ans_transfer(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, int64_t to,
		 const char *reason, int64_t now, char **err);
/* msg_extend with the audit entry. */
int ans_extend(struct store *st, const struct staff_actor *who, int64_t msg, int64_t unit, int days,
	       const char *note, int64_t now, char **err);

/* --- inbox --------------------------------------------------------------- */

/* The unanswered, unrejected letters of units[0..nunits) (nunits 0: every
 * unit), overdue first, then the soonest due; *n rows. */
int ans_inbox(struct store *st, const int64_t *units, size_t nunits, struct msg_row **out, size_t *n);
/* Sort rows that way. */
void ans_sort_by_due(struct msg_row *rows, size_t n);

/* --- monthly figures ------------------------------------------------------ */

struct ans_stats {
	int64_t unit_id;
	char *unit_name;
	int received;       /* accepted in the month (by the unit holding them now) */
	int answered;       /* first published reply in the month */
	int on_time;        /* of those, by the deadline */
	double avg_days;    /* working days from acceptance to that reply */
	int overdue;        /* due in the month before today, not answered by the deadline */
	int transferred;    /* transferred away from the unit in the month */
};
/* The figures of month (year, 1..12) per unit that has any (units 0: all);
 * today (a day number) bounds "overdue". */
int ans_month_stats(struct store *st, int year, int month, int64_t today, const int64_t *units, size_t nunits,
		    struct ans_stats **out, size_t *n);
void ans_stats_free(struct ans_stats *s, size_t n);

#endif
