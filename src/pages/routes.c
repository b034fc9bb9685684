#include "core/common.h"
#include "pages/pages.h"

const struct route page_routes[] = {
	{ "/", REQ_GET | REQ_HEAD, page_home },
	{ "/healthz", REQ_GET | REQ_HEAD, page_healthz },
	{ "/section/*", REQ_GET | REQ_HEAD, page_section },
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

const struct route staff_routes[] = {
	{ "/preview", REQ_GET | REQ_HEAD, page_preview },
	{ NULL, 0, NULL },
};
