#include "core/common.h"
#include "pages/pages.h"
#include "pages/staff.h"

/* The public portal's routes, written once for both tables.  The staff
 * preview serves the same pages in the same order, except the ones marked
 * PUBLIC (the API's document, the sections and the feeds), and shows
 * articles with page_article_draft (drafts and scheduled ones too).
 *   BOTH(pattern, methods, handler)          in both tables
 *   PUBLIC(pattern, methods, handler)        in page_routes only
 *   DRAFT(pattern, methods, handler, draft)  handler in page_routes, draft
 *                                            in preview_routes */
#define GH (REQ_GET | REQ_HEAD)
#define PORTAL_ROUTES(BOTH, PUBLIC, DRAFT) \
	BOTH("/", GH, page_home) \
	BOTH("/healthz", GH, page_healthz) \
	BOTH("/lang", GH, page_lang) \
	PUBLIC("/openapi.json", GH, page_openapi) \
	PUBLIC("/section/*", GH, page_section) \
	BOTH("/news", GH, page_news_index) \
	PUBLIC("/news/feed.atom", GH, page_news_feed) \
	PUBLIC("/news/c/*/feed.atom", GH, page_column_feed) \
	BOTH("/news/c/*", GH, page_news_column) \
	DRAFT("/news/*", GH, page_article, page_article_draft) \
	BOTH("/messages", GH | REQ_POST, page_messages) \
	PUBLIC("/messages/feed.atom", GH, page_messages_feed) \
	BOTH("/messages/new", GH, page_message_new) \
	BOTH("/messages/lookup", GH, page_message_lookup) \
	BOTH("/messages/*", GH, page_message) \
	BOTH("/services", GH, page_services) \
	BOTH("/services/search", GH, page_services_search) \
	BOTH("/services/region/*", GH, page_services_region) \
	BOTH("/services/unit/*", GH, page_services_unit) \
	BOTH("/services/topic/*", GH, page_services_topic) \
	BOTH("/services/*", GH, page_service)

#define ROW(pattern, methods, handler) { pattern, methods, handler },
#define NO_ROW(pattern, methods, handler)
#define ROW_PUBLIC(pattern, methods, handler, draft) { pattern, methods, handler },
#define ROW_DRAFT(pattern, methods, handler, draft) { pattern, methods, draft },

const struct route page_routes[] = {
	PORTAL_ROUTES(ROW, ROW, ROW_PUBLIC)
	{ NULL, 0, NULL },
};

const struct route preview_routes[] = {
	PORTAL_ROUTES(ROW, NO_ROW, ROW_DRAFT)
	{ NULL, 0, NULL },
};

/* The staff console: every page behind the login (pages/staff.h). */
const struct route staff_routes[] = {
	{ "/", REQ_GET | REQ_HEAD, page_staff_home },
	{ "/login", REQ_GET | REQ_HEAD | REQ_POST, page_staff_login },
	{ "/logout", REQ_POST, page_staff_logout },
	{ "/letters/*", REQ_GET | REQ_HEAD, page_staff_letter },
	{ "/letters/*/reply", REQ_POST, page_staff_act },
	{ "/letters/*/publish", REQ_POST, page_staff_act },
	{ "/letters/*/transfer", REQ_POST, page_staff_act },
	{ "/letters/*/extend", REQ_POST, page_staff_act },
	{ "/letters/*/reject", REQ_POST, page_staff_act },
	{ "/replies/*/edit", REQ_POST, page_staff_reply_act },
	{ "/replies/*/withdraw", REQ_POST, page_staff_reply_act },
	{ "/audit", REQ_GET | REQ_HEAD, page_staff_audit },
	{ "/audit.csv", REQ_GET | REQ_HEAD, page_staff_audit_csv },
	{ "/stats", REQ_GET | REQ_HEAD, page_staff_stats },
	{ "/stats.csv", REQ_GET | REQ_HEAD, page_staff_stats_csv },
	{ "/settings", REQ_GET | REQ_HEAD | REQ_POST, page_staff_settings },
	{ "/users", REQ_GET | REQ_HEAD | REQ_POST, page_staff_users },
	{ "/users/*/disable", REQ_POST, page_staff_user_act },
	{ "/users/*/enable", REQ_POST, page_staff_user_act },
	{ "/users/*/passwd", REQ_POST, page_staff_user_act },
	{ "/preview", REQ_GET | REQ_HEAD, page_staff_preview },
	{ "/articles", REQ_GET | REQ_HEAD | REQ_POST, page_staff_articles },
	{ "/articles/*", REQ_GET | REQ_HEAD | REQ_POST, page_staff_article },
	{ "/articles/*/publish", REQ_POST, page_staff_article_visibility },
	{ "/articles/*/unpublish", REQ_POST, page_staff_article_visibility },
	{ NULL, 0, NULL },
};
