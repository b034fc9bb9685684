#include "core/common.h"
#include "pages/pages.h"
#include "pages/staff.h"

const struct route page_routes[] = {
	{ "/", REQ_GET | REQ_HEAD, page_home },
	{ "/healthz", REQ_GET | REQ_HEAD, page_healthz },
	{ "/news", REQ_GET | REQ_HEAD, page_news_index },
	{ "/news/c/*", REQ_GET | REQ_HEAD, page_news_column },
	{ "/news/*", REQ_GET | REQ_HEAD, page_article },
	{ "/messages", REQ_GET | REQ_HEAD | REQ_POST, page_messages },
	{ "/messages/new", REQ_GET | REQ_HEAD, page_message_new },
	{ "/messages/lookup", REQ_GET | REQ_HEAD, page_message_lookup },
	{ "/messages/*", REQ_GET | REQ_HEAD, page_message },
	{ "/services", REQ_GET | REQ_HEAD, page_services },
	{ "/services/search", REQ_GET | REQ_HEAD, page_services_search },
	{ "/services/region/*", REQ_GET | REQ_HEAD, page_services_region },
	{ "/services/unit/*", REQ_GET | REQ_HEAD, page_services_unit },
	{ "/services/topic/*", REQ_GET | REQ_HEAD, page_services_topic },
	{ "/services/*", REQ_GET | REQ_HEAD, page_service },
	{ NULL, 0, NULL },
};

const struct route preview_routes[] = {
	{ "/", REQ_GET | REQ_HEAD, page_home },
	{ "/healthz", REQ_GET | REQ_HEAD, page_healthz },
	{ "/news", REQ_GET | REQ_HEAD, page_news_index },
	{ "/news/c/*", REQ_GET | REQ_HEAD, page_news_column },
	{ "/news/*", REQ_GET | REQ_HEAD, page_article_draft },
	{ "/messages", REQ_GET | REQ_HEAD | REQ_POST, page_messages },
	{ "/messages/new", REQ_GET | REQ_HEAD, page_message_new },
	{ "/messages/lookup", REQ_GET | REQ_HEAD, page_message_lookup },
	{ "/messages/*", REQ_GET | REQ_HEAD, page_message },
	{ "/services", REQ_GET | REQ_HEAD, page_services },
	{ "/services/search", REQ_GET | REQ_HEAD, page_services_search },
	{ "/services/region/*", REQ_GET | REQ_HEAD, page_services_region },
	{ "/services/unit/*", REQ_GET | REQ_HEAD, page_services_unit },
	{ "/services/topic/*", REQ_GET | REQ_HEAD, page_services_topic },
	{ "/services/*", REQ_GET | REQ_HEAD, page_service },
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
	{ "/preview", REQ_GET | REQ_HEAD, page_staff_preview },
	{ "/articles", REQ_GET | REQ_HEAD | REQ_POST, page_staff_articles },
	{ "/articles/*", REQ_GET | REQ_HEAD | REQ_POST, page_staff_article },
	{ "/articles/*/publish", REQ_POST, page_staff_article_visibility },
	{ "/articles/*/unpublish", REQ_POST, page_staff_article_visibility },
	{ NULL, 0, NULL },
};
