/* route.h - route tables: what the application hands the server.
 *
 * A route maps a path pattern to a handler.  Patterns are literal paths
 * whose "*" segments capture one non-empty path segment into r->args.
 * The application (pages/) defines the tables and `qiao serve` hands them
 * to the server (server.h); http/ knows no page by name.
 *
 *   static const struct route routes[] = {
 *       { "/", REQ_GET | REQ_HEAD, page_home },
 *       { "/messages", REQ_GET | REQ_HEAD | REQ_POST, page_messages },
 *       { NULL, 0, NULL },
 *   };
 */
#ifndef QIAO_ROUTE_H
#define QIAO_ROUTE_H

struct req;

typedef int (*route_fn)(struct req *r);

struct route {
	const char *pattern;
	int methods;           /* REQ_GET | REQ_HEAD | REQ_POST ... */
	route_fn handler;
};

/* Run the handler of the first route matching r->path and r->method
 * (tables end with a NULL pattern).  Returns its HTTP status, 404 when no
 * pattern matches, 405 (with r->error) when none allows the method. */
int route_dispatch(struct req *r, const struct route *routes);

#endif
