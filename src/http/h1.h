/* h1.h - a small HTTP/1.1 server on libevent's event loop (raw events and
 * non-blocking sockets; no evhttp, no bufferevent).
 *
 * Two layers:
 *   h1_parse()      a pure request-head parser (no I/O, no allocation);
 *   h1_server_*()   connections, keep-alive, pipelining, limits, timeouts.
 *
 * The server reads into one shared scratch buffer and keeps a private read
 * buffer only while a request is incomplete, so an idle keep-alive connection
 * costs a few hundred bytes.  Each response is written with one sendmsg()
 * (head + body as two iovecs); only what the kernel does not take is queued.
 *
 * Protocol errors are answered by h1 itself with a short text/plain response
 * and "Connection: close"; the connection is then shut down for writing and
 * drained briefly before close, so the client sees the response. */
#ifndef QIAO_H1_H
#define QIAO_H1_H

#include <stdbool.h>
#include <stddef.h>
#include <event2/event.h>
#include <event2/util.h>

#define H1_MAX_HEADERS 64

struct h1_header {
	const char *name; size_t name_len;    /* NUL-terminated, as sent */
	const char *value; size_t value_len;  /* NUL-terminated, OWS trimmed */
};

/* Every string points into the connection's read buffer (or a static "/")
 * and is valid only during the handler call.  All are NUL-terminated
 * (the parser overwrites the delimiters), except body. */
struct h1_req {
	const char *method; size_t method_len;  /* "GET": A-Z only */
	const char *target; size_t target_len;  /* "/news/1?p=2", "*" (OPTIONS) */
	int minor;                              /* HTTP/1.minor: 0 or 1 */
	struct h1_header headers[H1_MAX_HEADERS]; int n_headers;
	const char *body; size_t body_len;      /* Content-Length bodies only */
	bool keep_alive;                        /* after this response */
	bool expect_continue;                   /* "Expect: 100-continue" */
	const char *peer;                       /* client address text */
	bool head_ok;   /* request line and headers read whole (set also when
	                   h1_parse refuses the request for what they say:
	                   Host, Content-Length too large, Transfer-Encoding) */
};

/* Case-insensitive header lookup.  Returns the first occurrence's value
 * (NUL-terminated, in the request buffer), or NULL if absent.  Repeated
 * headers are not joined: clients send one Cookie header (RFC 6265), and
 * code that needs every occurrence can walk req->headers. */
const char *h1_req_header(const struct h1_req *r, const char *name);

struct h1_limits {
	size_t max_head_bytes;    /* request line + headers; default 8192 */
	size_t max_body_bytes;    /* Content-Length limit; default 65536 */
	size_t max_target_bytes;  /* request-target; default 4096 */
};

/* Parse one request head from buf[0..len).  Leading empty lines are
 * skipped (and counted).  Returns the head length (> 0, including the
 * blank line) when complete, 0 when more bytes are needed, or a negative
 * HTTP status:
 *   -400 malformed (request line, header syntax, obs-fold, bare CR, control
 *        bytes, bad/duplicate Content-Length, duplicate or (1.1) missing Host)
 *   -413 Content-Length above max_body_bytes
 *   -414 request line longer than the head limit, or target > max_target_bytes
 *   -431 head above max_head_bytes, or more than H1_MAX_HEADERS headers
 *   -501 any Transfer-Encoding (no chunked uploads)
 *   -505 well-formed version other than HTTP/1.0 and HTTP/1.1
 * Nothing is written to buf unless the head is complete; then delimiters
 * are replaced by NULs.  out->body is NULL and out->body_len the declared
 * Content-Length (0 if none); out->peer is NULL.  Absolute-form targets
 * ("http://host/p") are reduced to the path ("/p"); the host is dropped.
 * A lim of NULL means the defaults. */
int h1_parse(char *buf, size_t len, const struct h1_limits *lim, struct h1_req *out);

/* Reason phrase for a status ("Not Found"); "Unknown" if not in the table. */
const char *h1_reason(int status);

/* Pieces of the parser the connection code uses on a partial head
 * (h1_parse.c).  h1_find_head_end: index just past the blank line ending a
 * head at buf[0], searching from `from`; 0 if none yet.
 * h1_skip_empty_lines: leading empty lines to skip, -1 for a bare CR.
 * h1_method_prefix_ok: the bytes so far can start a request line. */
size_t h1_find_head_end(const char *buf, size_t from, size_t len);
long h1_skip_empty_lines(const char *buf, size_t len);
bool h1_method_prefix_ok(const char *buf, size_t len);

struct h1_conn;  /* opaque; valid only during the handler call */
struct h1_server;

/* Called for each complete request (head + body).  It must answer
 * synchronously, calling h1_respond() exactly once before returning; if it
 * does not, h1 answers 500 itself. */
typedef void (*h1_handler_fn)(struct h1_conn *c, const struct h1_req *req, void *arg);

/* Queue (usually: write at once) the response.
 *   head: pre-serialised header lines, each ending in CRLF ("Content-Type:
 *         text/html\r\nVary: User-Agent\r\n"), without Date, Content-Length
 *         and Connection, which h1 adds.  May be NULL/0.
 *   body: sent as is.  If keep is NULL the bytes are copied when they
 *         cannot be written at once; if keep is given they are referenced
 *         and keep(keep_arg) is called exactly once when h1 no longer needs
 *         them (possibly before h1_respond returns).
 *   head_only: for HEAD; Content-Length is still body_len, no body sent.
 * 1xx, 204 and 304 responses get no Content-Length and no body.
 * The response is always "HTTP/1.1"; "Connection: close" is added when the
 * connection will close, "Connection: keep-alive" for a kept HTTP/1.0 one. */
void h1_respond(struct h1_conn *c, int status, const char *head, size_t head_len,
                const void *body, size_t body_len, bool head_only,
                void (*keep)(void *arg), void *keep_arg);

/* Zero fields take the defaults shown. */
struct h1_config {
	size_t max_head_bytes;   /* 8192 */
	size_t max_body_bytes;   /* 65536 */
	size_t max_target_bytes; /* 4096 */
	int head_timeout_ms;     /* 10000: whole head, from accept or from the
	                            request's first byte; not extended by progress */
	int body_timeout_ms;     /* 30000: whole body, from the end of the head */
	int idle_timeout_ms;     /* 60000: keep-alive wait between requests */
	int write_timeout_ms;    /* 30000: without any write progress */
	int max_conns;           /* 20000: accepting pauses at this many */
	size_t out_high_water;   /* 262144: stop reading/processing above it */
	/* Optional: answers an error h1 finds in a request whose line and
	 * headers were readable (req->head_ok; 400 for Host, 413, 501), so
	 * that it reaches the client in its own dialect.  Like the handler it
	 * must call h1_respond(); the connection closes afterwards.  Without
	 * it, or for an unreadable head, h1 answers a short text/plain. */
	void (*error_fn)(struct h1_conn *c, const struct h1_req *req, int status, void *arg);
};

/* Serve on listen_fd (already bound and listening; made non-blocking here;
 * still owned by the caller, who closes it after h1_server_free()).
 * Returns NULL (after logging) if the events cannot be created. */
struct h1_server *h1_server_new(struct event_base *base, evutil_socket_t listen_fd,
                                const struct h1_config *cfg, h1_handler_fn fn, void *arg);

/* Graceful stop: no new connections; idle keep-alive connections (and fresh
 * ones without any bytes yet) are closed; requests in progress finish and
 * their responses carry "Connection: close". */
void h1_server_stop_accepting(struct h1_server *s);

/* Connections with a request in progress or output not yet flushed. */
size_t h1_server_busy(const struct h1_server *s);

struct h1_stats {
	size_t conns;          /* open connections (including lingering ones) */
	size_t busy;           /* as h1_server_busy() */
	size_t queued_out;     /* response bytes queued in user space, all conns */
	size_t max_queued_out; /* the largest queued_out seen on one connection */
	size_t rbuf_bytes;     /* private read buffer capacity, all conns */
	unsigned long requests;/* handler calls so far */
};
void h1_server_stats(const struct h1_server *s, struct h1_stats *st);

/* Close every connection (referenced bodies are released) and free. */
void h1_server_free(struct h1_server *s);

/* Raise RLIMIT_NOFILE's soft limit to the hard limit.  0 or -1. */
int h1_raise_fd_limit(void);

#endif
