/* h1_conn.h - the connection and server structures shared by h1.c
 * (connections: accept, read, timeouts, pipelining) and h1_out.c
 * (responses: head serialisation, writing, queueing).  Private to h1. */
#ifndef QIAO_H1_CONN_H
#define QIAO_H1_CONN_H

#include <arpa/inet.h>
#include <event2/event.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "http/h1.h"

/* Each connection sits on exactly one timeout list.  All members of a list
 * got the same timeout when they joined at its tail, so each list is sorted
 * by deadline and a periodic tick only looks at the heads. */
enum { L_HEAD, L_IDLE, L_BODY, L_WRITE, L_LINGER, L_COUNT };

#define TICK_MS 100
#define LINGER_MS 2000
#define SCRATCH_BYTES (32 * 1024)
#define MIN_RBUF 2048
#define ACCEPT_BATCH 64
#define ACCEPT_PAUSE_MS 100

struct h1_list { struct h1_conn *first, *last; };

struct h1_conn {
	struct h1_server *s;
	struct h1_conn *prev, *next;  /* timeout list */
	uint64_t deadline;            /* monotonic ms */
	char *rbuf;                   /* private read buffer; NULL when empty */
	struct h1_req *pending;       /* parsed head waiting for its body */
	struct evbuffer *out;         /* unsent output; NULL when none */
	uint32_t rlen, rcap;
	uint32_t scanned;             /* bytes of the partial head searched */
	uint32_t need;                /* head + body bytes of `pending` */
	int fd;
	short ev_mode;                /* EV_READ or EV_WRITE */
	uint8_t list;
	uint8_t req_minor;
	bool req_keep, closing, dead, responded, in_handler, more_input, busy, reset_deadline;
	bool linked;                  /* on lists[list] */
	char peer[INET6_ADDRSTRLEN];
	/* the struct event follows, at s->ev_off */
};

struct h1_server {
	struct event_base *base;
	evutil_socket_t lfd;
	struct event *accept_ev, *tick_ev, *resume_ev;
	struct h1_config cfg;
	struct h1_limits lim;
	h1_handler_fn fn;
	void *arg;
	struct h1_list lists[L_COUNT];
	size_t nconns, nbusy, max_queued_seen;
	unsigned long requests;
	size_t ev_off;
	bool stopping, paused_full, paused_err;
	time_t date_sec;
	size_t date_len;
	char date[64];  /* "Date: ...\r\n" */
	char scratch[SCRATCH_BYTES];
};

#define CONN_EV(c) ((struct event *)((char *)(c) + (c)->s->ev_off))

/* h1_out.c */
/* Write head and body now, queueing what the socket does not take (the
 * body referenced with keep, or copied when small). */
void h1_send_or_queue(struct h1_conn *c, const char *h, size_t hl, const char *b, size_t bl,
		      void (*keep)(void *), void *keep_arg);
/* Write queued output; false when the connection failed.  *progress is
 * set when anything was written. */
bool h1_flush_out(struct h1_conn *c, bool *progress);
/* Answer status with a short text body and close (parse errors). */
void h1_respond_error(struct h1_conn *c, int status);
/* The same through the server's error_fn, for a readable head. */
void h1_respond_error_with(struct h1_conn *c, struct h1_req *req, int status);

#endif
