/* staff.h - the staff console's shared parts (staff listener only):
 * the session guard, CSRF checks, the page frame and redirects.  Every
 * console handler starts with staff_begin() (GET) or staff_begin_post()
 * (POST, which also checks the form's CSRF token). */
#ifndef QIAO_PAGES_STAFF_H
#define QIAO_PAGES_STAFF_H

#include "pages/pages.h"
#include "store/staff.h"

#define STAFF_COOKIE "qiao_staff"
#define STAFF_LOGIN_COOKIE "qiao_login"

struct staff_ctx {
	struct staff_user user;
	char csrf[STAFF_TOKEN_HEX + 1];
	struct staff_actor actor;
	int64_t now;
};

/* The logged-in user of a GET: 0 with c filled (release with
 * staff_end), or the status to return: 303 to the login page. */
int staff_begin(struct req *r, struct staff_ctx *c);
/* The same for a POST, whose form must carry the session's CSRF token:
 * 403 when logged out or the token is missing or wrong. */
int staff_begin_post(struct req *r, struct staff_ctx *c);
/* staff_begin or staff_begin_post by the request's method. */
int staff_begin_any(struct req *r, struct staff_ctx *c);
/* staff_begin_any, then 403 with `why` unless the user's role is one of
 * `roles` (STAFF_ROLES bits). */
#define STAFF_ROLES(role) (1u << (role))
int staff_begin_role(struct req *r, struct staff_ctx *c, unsigned roles, const char *why);
void staff_end(struct staff_ctx *c);
/* staff_end, then return status: `return staff_done(&c, staff_fail(...))`. */
int staff_done(struct staff_ctx *c, int status);

/* The console frame: template, title, the user and the navigation.
 * Returns 200. */
int staff_page(struct req *r, struct staff_ctx *c, const char *tpl, const char *title);
/* 303 See Other to a path on the staff listener. */
int staff_redirect(struct req *r, const char *path);
/* An error page with the console's explanation (403, 404, 409, 400...). */
int staff_fail(struct req *r, int status, const char *why);
/* A form field as cleaned text (malloc'd) or NULL with *why set: checked
 * for UTF-8, controls and length (max characters). */
char *staff_field(struct req *r, const char *name, size_t max, bool multiline, const char **why);
/* Respond with the CSV in b as a download (b is released). */
int staff_csv(struct req *r, const char *filename, struct buf *b);
/* "YYYY-MM-DD" of a day number into the view. */
void staff_set_day(struct view *v, const char *key, int64_t day);
/* "YYYY-MM-DD HH:MM" (with seconds: ":SS") of a time in China Standard
 * Time into the view. */
void staff_set_time(struct view *v, const char *key, int64_t t, bool seconds);
/* Audit an action on account `name` (object "user:NAME"). */
void staff_audit_user(struct req *r, const struct staff_actor *who, int64_t now, const char *action, const char *name,
		      const char *after);

/* Handlers (staff.c, staff_letters.c, staff_admin.c). */
int page_staff_login(struct req *r);
int page_staff_logout(struct req *r);
int page_staff_home(struct req *r);
int page_staff_preview(struct req *r);
int page_staff_letter(struct req *r);
int page_staff_act(struct req *r);
int page_staff_reply_act(struct req *r);
int page_staff_audit(struct req *r);
int page_staff_audit_csv(struct req *r);
int page_staff_stats(struct req *r);
int page_staff_stats_csv(struct req *r);
int page_staff_settings(struct req *r);
int page_staff_articles(struct req *r);
int page_staff_article(struct req *r);
int page_staff_article_visibility(struct req *r);
int page_staff_users(struct req *r);
int page_staff_user_act(struct req *r);

#endif
