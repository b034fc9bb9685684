/* util.h - small helpers shared by the page handlers. */
#ifndef QIAO_PAGES_UTIL_H
#define QIAO_PAGES_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;
struct view;
struct place_row;

/* view[key] = the date of a Unix time in China Standard Time (UTC+8, no
 * daylight saving), as YYYY-MM-DD; and view[key_iso] the same time in
 * ISO 8601 with its offset (2026-12-06T20:14:03+08:00) for the API and feeds. */
struct article_row;
/* A row of view v's list key for an article: its title, column, date and
 * link. */
struct view *page_add_article(struct req *r, struct view *v, const char *key, const struct article_row *a);
/* The home page's latest articles as view.headlines: as many of the n as
 * the page's budget holds (long titles take room; a budget of gzip bytes
 * is not measured against the markup), newest first. */
void page_fit_headlines(struct req *r, const struct article_row *arts, size_t n);
/* view.crumbs: the column path from the top down to column, linked. */
void page_add_breadcrumb(struct req *r, int64_t column);
void page_set_date(struct view *v, const char *key, int64_t unix_time);

/* req_header for a callback's void context (letters_client). */
const char *page_header(const void *r, const char *name);

/* A page number from the query (default 1 when absent); false when the
 * value is malformed (the handler answers 400). */
bool page_param(struct req *r, const char *name, long *out);

/* r->view.pager = { page, pages, prev_url, next_url } when pages > 1;
 * links are base (which may hold a query) plus name=N. */
void page_set_pagination(struct req *r, const char *base, const char *name, long page, long pages);

/* The id in the path (the 400 page saying bad_id when malformed) and the
 * page number in parameter `name` (page_param; 400 when malformed): 0 to
 * go on, else the status to return. */
int page_id_and_number(struct req *r, int64_t *id, const char *bad_id, const char *name, long *number);

/* A store lookup's answer (1 found, 0 not, -1 error) as what the handler
 * returns: 0 to go on, 500, or the 404 page saying `missing`. */
int page_found(struct req *r, int found, const char *missing);

/* One entry under v[key] per place: { name, url }, url being url_fmt
 * (one %lld) with the place's id.  Returns the last entry added (NULL for
 * none). */
struct view *page_add_places(struct req *r, struct view *v, const char *key,
			     const struct place_row *rows, size_t n, const char *url_fmt);

/* The same with the number keys of a menu (page_accesskey) on the
 * first nine entries. */
void page_add_menu(struct req *r, struct view *v, const char *key,
		   const struct place_row *rows, size_t n, const char *url_fmt);

/* view[key] = name cut to at most max characters, the last one an
 * ellipsis when anything was cut (a WML list line). */
void page_shorten(struct view *v, const char *key, const char *name, int max);

/* Fill r->view[list_key] with the paragraphs ('\n'-separated) of text.
 * HTML shows the whole text; WML and XHTML-MP get piece p of the text
 * split by the pager so that the whole rendered page fits the profile's
 * byte budget, with pagination links (?p=N on base).  Everything else in
 * the view must be set before the call: it is measured.  Returns 200, or
 * 404 when p is past the last piece. */
int page_split_body(struct req *r, const char *text, size_t len, const char *list_key,
		    const char *base, long p);

/* The site search box: view.search_action, view.q, and view.carry_wml
 * when a forced WML view must travel as a form field (WML posts $(q)
 * with <postfield>, so req_link cannot add it to the action URL). */
void page_search_form(struct req *r, const char *q);

/* Rows per page of a list: n, but in WML one fewer for each parameter the
 * links carry (a forced view, a region), so the deck keeps its budget. */
int page_list_size(struct req *r, int n);

/* item.key = 1..9 for the first nine items of a list (i from 0): the
 * phone's number key for the link.  The templates show it as accesskey
 * where the dialect has one (XHTML-MP; WML only from 1.2 on: the view's
 * accesskeys, dialect_accesskeys()).  0 is 首页 in the layout. */
void page_accesskey(struct view *item, size_t i);

/* A letter's state as citizens and staff read it (待处理, 已答复，已公开 ...):
 * one wording for the public pages and the console. */
struct msg_row;
const char *page_message_state(const struct req *r, const struct msg_row *m);

#endif
