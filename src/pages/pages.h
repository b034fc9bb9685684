/* pages.h - the page handlers and the route table.
 *
 * A route maps a path pattern to a handler.  Patterns are literal paths
 * whose "*" segments capture one non-empty path segment into r->args. */
#ifndef QIAO_PAGES_H
#define QIAO_PAGES_H

#include "http/req.h"

typedef int (*page_fn)(struct req *r);

struct route {
	const char *pattern;
	int methods;           /* REQ_GET | REQ_HEAD | REQ_POST ... */
	page_fn handler;
};

/* The tables end with a NULL pattern.  page_routes serve the public
 * portal; staff_routes only the staff listener (serve --staff-listen). */
extern const struct route page_routes[];
extern const struct route staff_routes[];

int page_home(struct req *r);
int page_healthz(struct req *r);
int page_section(struct req *r);
int page_news_index(struct req *r);
int page_news_column(struct req *r);
int page_article(struct req *r);
int page_messages(struct req *r);
int page_message(struct req *r);
int page_message_new(struct req *r);
int page_message_lookup(struct req *r);
int page_services(struct req *r);
int page_services_region(struct req *r);
int page_services_unit(struct req *r);
int page_services_topic(struct req *r);
int page_services_search(struct req *r);
int page_service(struct req *r);
/* Staff only: GET /preview?path=URI (preview.c). */
int page_preview(struct req *r);

#endif
