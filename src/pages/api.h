/* api.h - the API and feeds over the page handlers (api.c). */
#ifndef QIAO_PAGES_API_H
#define QIAO_PAGES_API_H

#include "core/buf.h"

struct req;

/* Write r's view as its format asks (r->format JSON: the view or a
 * problem+json for status; ATOM: the feed) and set r->caps.content_type.
 * 0, or -1 when r is a page for the templates. */
int api_render(struct req *r, int status, struct buf *out);

/* POST /api/v1/messages (page_messages hands it over). */
int api_post_message(struct req *r);

#endif
