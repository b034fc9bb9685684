/* util.h - small helpers shared by the page handlers. */
#ifndef QIAO_PAGES_UTIL_H
#define QIAO_PAGES_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct req;
struct view;

/* view[key] = the date of a Unix time in China Standard Time (UTC+8, no
 * daylight saving), as YYYY-MM-DD; and view[key_iso] the same time in
 * ISO 8601 with its offset (2026-12-06T20:14:03+08:00) for the API and feeds. */
void page_set_date(struct view *v, const char *key, int64_t unix_time);

/* A page number from the query (default 1 when absent); false when the
 * value is malformed (the handler answers 400). */
bool page_param(struct req *r, const char *name, long *out);

/* r->view.pager = { page, pages, prev_url, next_url } when pages > 1;
 * links are base (which may hold a query) plus name=N. */
void page_set_pagination(struct req *r, const char *base, const char *name, long page, long pages);

/* Fill r->view[list_key] with the paragraphs ('\n'-separated) of text.
 * HTML shows the whole text; WML and XHTML-MP get piece p of the text
 * split by the pager so that the whole rendered page fits the profile's
 * byte budget, with pagination links (?p=N on base).  Everything else in
 * the view must be set before the call: it is measured.  Returns 200, or
 * 404 when p is past the last piece. */
int page_split_body(struct req *r, const char *text, size_t len, const char *list_key,
		    const char *base, long p);

#endif
