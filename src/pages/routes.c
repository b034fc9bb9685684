#include "core/common.h"
#include "pages/pages.h"

const struct route page_routes[] = {
	{ "/", REQ_GET | REQ_HEAD, page_home },
	{ "/healthz", REQ_GET | REQ_HEAD, page_healthz },
	{ "/news", REQ_GET | REQ_HEAD, page_news_index },
	{ "/news/c/*", REQ_GET | REQ_HEAD, page_news_column },
	{ "/news/*", REQ_GET | REQ_HEAD, page_article },
	{ NULL, 0, NULL },
};

const struct route staff_routes[] = {
	{ "/preview", REQ_GET | REQ_HEAD, page_preview },
	{ NULL, 0, NULL },
};
