/* serve.h - the server's state, shared by server.c (listeners, workers,
 * signals, the request entry point) and resp.c (responses).  Private to
 * http/. */
#ifndef QIAO_HTTP_SERVE_H
#define QIAO_HTTP_SERVE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "http/server.h"

struct cache;
struct cache_entry;
struct event;
struct event_base;
struct h1_server;
struct req;

struct server {
	const struct server_app *app;
	const struct cidr *proxies;    /* trusted proxies (server_config) */
	size_t n_proxies;
	struct event_base *base;
	struct h1_server *http;
	struct h1_server *staff_http;
	struct event *sig_term, *sig_int, *sig_hup, *drain_timer;
	FILE *access_log;
	const char *access_log_path;
	FILE *staff_log;               /* the staff listener's own access log */
	const char *staff_log_path;
	struct cache *cache;           /* rendered responses (NULL: off) */
	int64_t cache_generation;      /* the content generation the cache holds */
	int64_t changed_at;            /* when that generation began (Last-Modified) */
	const struct server_config *cfg;
	int ctl;                       /* a worker's end of its supervisor's control socket (-1: none) */
	struct event *ctl_ev;
	int drain_ticks;
	bool notify_ready;             /* this process tells systemd it is ready */
	bool stopping;
};

/* The largest reload message a worker reads (supervisor.c sends no more). */
#define SERVER_CTL_MAX 65536

/* systemd's notification socket ($NOTIFY_SOCKET; nothing without it):
 * one state, or READY=1 with a STATUS= line (status may be NULL). */
void server_notify(const char *state);
void server_notify_ready(const char *status);
/* Take the settings of a reload (the text reload_read returned): the
 * application keeps its part, the server its logs and proxies. */
void server_take_settings(struct server *s, const char *text);
/* One worker on its sockets until SIGTERM/SIGINT: its exit status. */
int worker_run(struct server *s, const struct server_config *cfg, int pub_fd, int staff_fd);
/* Several workers (supervisor.c): start them on fds[0..n) (the staff
 * listener on worker 0), restart one that dies, reload on SIGHUP, stop on
 * SIGTERM/SIGINT.  The exit status. */
int supervise(struct server *s, const struct server_config *cfg, int *fds, int n, int staff_fd);

/* (Re)open the access logs (SIGHUP). */
void access_log_open(struct server *s);
/* Drop the cached pages when the application's content has changed. */
void resp_cache_sync(struct server *s);
/* Answer from a cache entry: 304, or the plain or gzip body. */
void resp_send_entry(struct server *s, struct req *r, struct cache_entry *e);
/* Answer a handled request with status: render, cache when it may be,
 * compress, log and send. */
void resp_send(struct server *s, struct req *r, int status);
/* 204 to a CORS preflight of the API (read-only: GET and HEAD). */
void resp_send_preflight(struct server *s, struct req *r);

#endif
