/* route.c - matching a request to a route (see route.h). */
#include "core/common.h"
#include "http/req.h"
#include "http/route.h"
#include "render/i18n.h"

static bool route_match(const char *pattern, const char *path, struct req *r)
{
	r->nargs = 0;
	const char *p = pattern, *q = path;
	while (*p && *q) {
		if (*p == '*') {
			const char *end = strchr(q, '/');
			size_t n = end ? (size_t)(end - q) : strlen(q);
			if (n == 0 || r->nargs == REQ_MAX_ARGS)
				return false;
			r->args[r->nargs++] = xstrndup(q, n);
			q += n;
			p++;
		} else if (*p == *q) {
			p++;
			q++;
		} else {
			return false;
		}
	}
	return *p == '\0' && *q == '\0';
}

void req_free_args(struct req *r)
{
	for (int i = 0; i < r->nargs; i++)
		free((char *)r->args[i]);
	r->nargs = 0;
}

int route_dispatch(struct req *r, const struct route *routes)
{
	bool path_known = false;
	for (const struct route *rt = routes; rt->pattern; rt++) {
		if (!route_match(rt->pattern, r->path, r)) {
			req_free_args(r);
			continue;
		}
		path_known = true;
		if (!(rt->methods & (int)r->method)) {
			req_free_args(r);
			r->error = (rt->methods & REQ_POST) ? N_("此页面只接受 GET、HEAD 或 POST 请求。") : N_("此页面只接受 GET 或 HEAD 请求。");
			continue;
		}
		return rt->handler(r);
	}
	return path_known ? 405 : 404;
}
