/* pages.h - the page handlers and their route tables (http/route.h),
 * which `qiao serve` hands to the server.  Handlers reach the store and
 * settings through the application context (app/app.h). */
#ifndef QIAO_PAGES_H
#define QIAO_PAGES_H

#include "app/app.h"
#include "http/req.h"
#include "http/route.h"
#include "render/page.h"

/* The tables end with a NULL pattern.  page_routes serve the public
 * portal; staff_routes only the staff listener (serve --staff-listen). */
extern const struct route page_routes[];
extern const struct route staff_routes[];
/* The public routes as the staff preview renders them: drafts and
 * scheduled articles show (behind the console's login). */
extern const struct route preview_routes[];

int page_home(struct req *r);
int page_healthz(struct req *r);
int page_lang(struct req *r);
int page_section(struct req *r);
int page_news_index(struct req *r);
int page_news_column(struct req *r);
int page_article(struct req *r);
int page_article_draft(struct req *r);
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
/* The API's document and the feeds (api.c). */
int page_openapi(struct req *r);
int page_news_feed(struct req *r);
int page_column_feed(struct req *r);
int page_messages_feed(struct req *r);
/* Staff only: GET /preview?path=URI (preview.c). */
int page_preview(struct req *r);

#endif
