#include "core/common.h"
#include "pages/pages.h"

const struct route page_routes[] = {
	{ "/", REQ_GET | REQ_HEAD, page_home },
	{ "/healthz", REQ_GET | REQ_HEAD, page_healthz },
	{ NULL, 0, NULL },
};
