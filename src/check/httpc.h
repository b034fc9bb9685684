/* httpc.h - a small blocking HTTP/1.1 client for `qiao check`.
 *
 * One GET per connection ("Connection: close"), http:// only, bodies
 * framed by Content-Length, chunked encoding or the end of the
 * connection, with limits on head and body size and one deadline for the
 * whole exchange (poll()).  The body is returned as received (still
 * gzip'd when the server compressed it).  The parsers are separated from
 * the I/O so they can be tested on their own.
 *
 *   struct httpc_url u;
 *   if (httpc_url_parse("http://127.0.0.1:8080", &u, &err) != 0) ...
 *   const char *hdrs[] = { "User-Agent: x", "Accept: text/html", NULL };
 *   struct httpc_limits lim = HTTPC_LIMITS_DEFAULT;
 *   struct httpc_response res;
 *   if (httpc_get(&u, "/news", hdrs, &lim, &res, &err) == 0) {
 *           ... res.status, httpc_header(&res, "Content-Type"), res.body ...
 *   }
 *   httpc_response_free(&res);      (always; safe after a failure)
 *   httpc_url_free(&u);
 *
 * Errors come back as a malloc'd *err that the caller frees. */
#ifndef QIAO_HTTPC_H
#define QIAO_HTTPC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/form.h"

struct httpc_url {
	char *host;                    /* "127.0.0.1", "localhost", "::1" (no brackets) */
	int port;                      /* 80 when absent */
	char *target;                  /* path and query, always starting with '/'; no fragment */
};

/* Parse an absolute http:// URL (no user info).  Returns 0, or -1 with
 * *err set.  Free with httpc_url_free(). */
int httpc_url_parse(const char *url, struct httpc_url *out, char **err);
void httpc_url_free(struct httpc_url *u);

struct httpc_response {
	int status;
	struct form headers;           /* as received, values trimmed */
	struct buf body;               /* as received (not decompressed) */
};

struct httpc_limits {
	size_t max_head;               /* status line + headers */
	size_t max_body;
	int timeout_ms;                /* whole exchange */
};
#define HTTPC_LIMITS_DEFAULT { 16384, 4u << 20, 10000 }

/* Parse the status line and headers at the start of data.  Returns the
 * length of the head (through the blank line) when it is complete, 0 when
 * more bytes are needed, -1 when malformed (*err set).  Fills status and
 * headers of *out (which must be zeroed or freshly freed). */
long httpc_parse_head(const char *data, size_t len, struct httpc_response *out, char **err);

/* Decode a chunked body from data.  Returns 1 when the last chunk (and
 * any trailers) is complete, appending the payload to *out and setting
 * *used to the bytes consumed; 0 when more bytes are needed (out may hold
 * a partial payload: reset it before retrying); -1 when malformed (*err). */
int httpc_dechunk(const char *data, size_t len, struct buf *out, size_t *used, char **err);

/* GET target (path and query) from the server of u, sending the extra
 * "Name: value" headers (NULL-terminated list; Host and Connection are
 * added).  Returns 0 with *out filled for any HTTP status, or -1 with *err
 * set (cannot connect, timeout, limit exceeded, malformed response).
 * *out is always initialised. */
int httpc_get(const struct httpc_url *u, const char *target, const char *const *headers,
	      const struct httpc_limits *lim, struct httpc_response *out, char **err);

/* The first header of that name (case-insensitive), or NULL. */
const char *httpc_header(const struct httpc_response *r, const char *name);
void httpc_response_free(struct httpc_response *r);

#endif
