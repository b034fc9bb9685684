/* h1.c - HTTP/1.1 connections on raw libevent events: accepting, reading,
 * timeouts, keep-alive and pipelining, writing responses.  The parser is
 * h1_parse.c.  See h1.h for the contract; the notes here are about how. */
#include "core/common.h"
#include "http/h1.h"
#include "http/h1_conn.h"

#include <arpa/inet.h>
#include <event2/buffer.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

/* ======================================================================
 * Server
 * ====================================================================== */


static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Unlink c from its timeout list; nothing when it is on none (a new
 * connection: unlinking it would empty the head of the list it names). */
static void list_del(struct h1_conn *c)
{
	if (!c->linked)
		return;
	c->linked = false;
	struct h1_list *l = &c->s->lists[c->list];
	if (c->prev)
		c->prev->next = c->next;
	else
		l->first = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		l->last = c->prev;
	c->prev = c->next = NULL;
}

static void list_put(struct h1_conn *c, int which, int timeout_ms)
{
	list_del(c);
	struct h1_list *l = &c->s->lists[which];
	c->list = (uint8_t)which;
	c->deadline = now_ms() + (uint64_t)timeout_ms;
	c->prev = l->last;
	if (l->last)
		l->last->next = c;
	else
		l->first = c;
	l->last = c;
	c->linked = true;
}

static void set_busy(struct h1_conn *c, bool busy)
{
	if (busy != c->busy) {
		c->busy = busy;
		if (busy)
			c->s->nbusy++;
		else
			c->s->nbusy--;
	}
}

static void conn_cb(evutil_socket_t fd, short what, void *arg);

static void set_mode(struct h1_conn *c, short mode)
{
	if (c->ev_mode == mode)
		return;
	struct event *ev = CONN_EV(c);
	event_del(ev);
	event_assign(ev, c->s->base, c->fd, mode | EV_PERSIST, conn_cb, c);
	event_add(ev, NULL);
	c->ev_mode = mode;
}

static void resume_accepting(struct h1_server *s)
{
	if (!s->stopping && !s->paused_err && s->nconns < (size_t)s->cfg.max_conns)
		event_add(s->accept_ev, NULL);
}

static void conn_close(struct h1_conn *c)
{
	struct h1_server *s = c->s;
	list_del(c);
	set_busy(c, false);
	event_del(CONN_EV(c));
	close(c->fd);
	free(c->rbuf);
	free(c->pending);
	if (c->out)
		evbuffer_free(c->out);  /* runs the keep() of referenced bodies */
	free(c);
	s->nconns--;
	if (s->paused_full) {
		s->paused_full = false;
		resume_accepting(s);
	}
}

/* --- input ------------------------------------------------------------- */

static void rebase_ptr(const char **p, uintptr_t old, size_t n, char *now)
{
	uintptr_t v = (uintptr_t)*p;
	if (*p && v >= old && v < old + n)
		*p = now + (v - old);
}

/* Keep buf[off..len) in the private buffer (moving or copying it to the
 * front), with room for the pending request; pointers of a pending head are
 * moved along. */
static void keep_leftover(struct h1_conn *c, char *buf, size_t off, size_t len)
{
	size_t n = len - off;
	if (n == 0) {
		free(c->rbuf);
		c->rbuf = NULL;
		c->rlen = c->rcap = 0;
		c->scanned = 0;
		return;
	}
	uintptr_t old = (uintptr_t)(buf + off);
	size_t want = n > c->need ? n : c->need;
	if (want < MIN_RBUF)
		want = MIN_RBUF;
	if (buf == c->rbuf) {
		if (off)
			memmove(c->rbuf, c->rbuf + off, n);
		if (c->rcap < c->need) {
			c->rbuf = xrealloc(c->rbuf, want);
			c->rcap = (uint32_t)want;
		}
	} else {
		free(c->rbuf);
		c->rbuf = xmalloc(want);
		c->rcap = (uint32_t)want;
		memcpy(c->rbuf, buf + off, n);
	}
	c->rlen = (uint32_t)n;
	if (c->pending) {
		struct h1_req *r = c->pending;
		rebase_ptr(&r->method, old, n, c->rbuf);
		rebase_ptr(&r->target, old, n, c->rbuf);
		for (int i = 0; i < r->n_headers; i++) {
			rebase_ptr(&r->headers[i].name, old, n, c->rbuf);
			rebase_ptr(&r->headers[i].value, old, n, c->rbuf);
		}
	}
}

static void dispatch(struct h1_conn *c, struct h1_req *req)
{
	struct h1_server *s = c->s;
	req->peer = c->peer;
	c->req_keep = req->keep_alive;
	c->req_minor = (uint8_t)req->minor;
	c->responded = false;
	c->in_handler = true;
	s->requests++;
	s->fn(c, req, s->arg);
	c->in_handler = false;
	if (!c->responded) {
		log_warn("h1: handler gave no response to %s %s", req->method, req->target);
		c->in_handler = true;
		c->req_keep = false;
		h1_respond(c, 500, "Content-Type: text/plain\r\n", 26, "500 Internal Server Error\n", 26,
		           false, NULL, NULL);
		c->in_handler = false;
	}
	c->reset_deadline = true;
}

static void conn_after(struct h1_conn *c);

static void start_linger(struct h1_conn *c)
{
	free(c->rbuf);
	c->rbuf = NULL;
	c->rlen = c->rcap = 0;
	free(c->pending);
	c->pending = NULL;
	set_busy(c, false);
	if (shutdown(c->fd, SHUT_WR) != 0) {
		conn_close(c);
		return;
	}
	set_mode(c, EV_READ);
	list_put(c, L_LINGER, LINGER_MS);
}

/* Handle every complete request in buf[0..len) (the scratch buffer or the
 * private one), then decide what the connection waits for. */
/* The body a parsed head was waiting for: dispatch the request when it is
 * complete and return the bytes used; -1 when it is still incomplete
 * (kept for later). */
static long finish_pending(struct h1_conn *c, char *buf, size_t len)
{
	if (len < c->need) {
		keep_leftover(c, buf, 0, len);
		conn_after(c);
		return -1;
	}
	struct h1_req *r = c->pending;
	r->body = buf + (c->need - r->body_len);
	c->more_input = len > c->need;
	dispatch(c, r);
	long used = (long)c->need;
	free(c->pending);
	c->pending = NULL;
	c->need = 0;
	c->scanned = 0;
	return used;
}

static void process(struct h1_conn *c, char *buf, size_t len)
{
	struct h1_server *s = c->s;
	size_t off = 0;
	if (c->pending) {
		long used = finish_pending(c, buf, len);
		if (used < 0)
			return;
		off = (size_t)used;
	}
	struct h1_req req;
	while (!c->closing && !c->dead) {
		if (c->out && evbuffer_get_length(c->out) > s->cfg.out_high_water) {
			/* Above the high-water mark: go on only if the kernel takes it all. */
			bool progress = false;
			size_t q = evbuffer_get_length(c->out);
			if (q > s->max_queued_seen)
				s->max_queued_seen = q;
			if (!h1_flush_out(c, &progress) || c->out)
				break;
		}
		long sk = h1_skip_empty_lines(buf + off, len - off);
		if (sk < 0) {
			h1_respond_error(c, 400);
			break;
		}
		if (sk > 0) {
			off += (size_t)sk;
			c->scanned = 0;
		}
		size_t avail = len - off;
		if (avail == 0)
			break;
		char *h = buf + off;
		size_t lim = avail < s->lim.max_head_bytes ? avail : s->lim.max_head_bytes;
		size_t from = c->scanned > 2 ? c->scanned - 2 : 0;
		if (from > lim)
			from = 0;
		if (!h1_find_head_end(h, from, lim)) {
			if (!h1_method_prefix_ok(h, avail)) {
				h1_respond_error(c, 400);
				break;
			}
			if (avail >= s->lim.max_head_bytes) {
				h1_respond_error(c, memchr(h, '\n', lim) ? 431 : 414);
				break;
			}
			c->scanned = (uint32_t)avail;
			break;
		}
		int r = h1_parse(h, avail, &s->lim, &req);
		if (r < 0 && req.head_ok && s->cfg.error_fn) {
			h1_respond_error_with(c, &req, -r);
			break;
		}
		if (r <= 0) {
			h1_respond_error(c, r < 0 ? -r : 400);
			break;
		}
		size_t need = (size_t)r + req.body_len;
		c->scanned = 0;
		if (avail < need) {
			c->pending = xmalloc(sizeof *c->pending);
			*c->pending = req;
			c->need = (uint32_t)need;
			if (req.expect_continue && req.minor == 1) {
				static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
				c->more_input = false;
				h1_send_or_queue(c, cont, sizeof cont - 1, NULL, 0, NULL, NULL);
			}
			break;
		}
		req.body = h + r;
		c->more_input = avail > need;
		dispatch(c, &req);
		off += need;
	}
	if (c->closing || c->dead)
		off = len;  /* the rest is never read */
	keep_leftover(c, buf, off, len);
	conn_after(c);
}

/* Choose the event and the timeout list for what comes next. */
static void conn_after(struct h1_conn *c)
{
	struct h1_server *s = c->s;
	if (c->dead) {
		conn_close(c);
		return;
	}
	bool progress = false;
	if (c->out) {
		size_t q = evbuffer_get_length(c->out);
		if (q > s->max_queued_seen)
			s->max_queued_seen = q;
		if (!h1_flush_out(c, &progress)) {
			conn_close(c);
			return;
		}
	}
	if (c->out) {
		set_mode(c, EV_WRITE);
		if (c->list != L_WRITE || progress)
			list_put(c, L_WRITE, s->cfg.write_timeout_ms);
		set_busy(c, true);
		return;
	}
	if (c->closing) {
		start_linger(c);
		return;
	}
	set_mode(c, EV_READ);
	if (c->pending) {
		if (c->list != L_BODY)
			list_put(c, L_BODY, s->cfg.body_timeout_ms);
	} else if (c->rlen) {
		if (c->list != L_HEAD || c->reset_deadline)
			list_put(c, L_HEAD, s->cfg.head_timeout_ms);
	} else if (c->reset_deadline || (c->list != L_IDLE && c->list != L_HEAD)) {
		list_put(c, L_IDLE, s->cfg.idle_timeout_ms);
	}
	c->reset_deadline = false;
	set_busy(c, c->rlen > 0 || c->pending);
}

static void conn_read(struct h1_conn *c)
{
	struct h1_server *s = c->s;
	char *buf;
	size_t cap;
	if (!c->rbuf) {
		buf = s->scratch;
		cap = sizeof s->scratch;
	} else {
		if (c->rlen >= c->rcap) {
			size_t hard = c->pending ? c->need : s->lim.max_head_bytes;
			if (c->rcap >= hard) {  /* cannot happen: process() decides first */
				h1_respond_error(c, 431);
				keep_leftover(c, c->rbuf, c->rlen, c->rlen);
				conn_after(c);
				return;
			}
			size_t ncap = (size_t)c->rcap * 2;
			if (ncap > hard)
				ncap = hard;
			c->rbuf = xrealloc(c->rbuf, ncap);  /* a partial head: no pointers yet */
			c->rcap = (uint32_t)ncap;
		}
		buf = c->rbuf;
		cap = c->rcap;
	}
	size_t have = c->rbuf ? c->rlen : 0;
	ssize_t n = recv(c->fd, buf + have, cap - have, 0);
	if (n <= 0) {
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return;
		conn_close(c);  /* EOF or error: nothing more can be answered */
		return;
	}
	process(c, buf, have + (size_t)n);
}

static void conn_write(struct h1_conn *c)
{
	bool progress = false;
	if (!h1_flush_out(c, &progress)) {
		conn_close(c);
		return;
	}
	if (c->out) {
		if (progress)
			list_put(c, L_WRITE, c->s->cfg.write_timeout_ms);
		return;
	}
	if (c->closing) {
		start_linger(c);
		return;
	}
	if (c->rlen && !c->pending)
		process(c, c->rbuf, c->rlen);
	else
		conn_after(c);
}

static void conn_linger(struct h1_conn *c)
{
	ssize_t n = recv(c->fd, c->s->scratch, sizeof c->s->scratch, 0);
	if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)))
		return;
	conn_close(c);
}

static void conn_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	struct h1_conn *c = arg;
	if (c->list == L_LINGER)
		conn_linger(c);
	else if (what & EV_WRITE)
		conn_write(c);
	else if (what & EV_READ)
		conn_read(c);
}

static void peer_text(const struct sockaddr_storage *ss, char *out, size_t n)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;
		if (inet_ntop(AF_INET, &in->sin_addr, out, (socklen_t)n))
			return;
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)ss;
		if (inet_ntop(AF_INET6, &in6->sin6_addr, out, (socklen_t)n))
			return;
	}
	snprintf(out, n, "%s", ss->ss_family == AF_UNIX ? "unix" : "?");
}

static void conn_new(struct h1_server *s, int fd, const struct sockaddr_storage *ss)
{
	struct h1_conn *c = xcalloc(1, s->ev_off + event_get_struct_event_size());
	c->s = s;
	c->fd = fd;
	c->list = L_HEAD;
	int one = 1;
	if (ss->ss_family != AF_UNIX)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	peer_text(ss, c->peer, sizeof c->peer);
	struct event *ev = CONN_EV(c);
	event_assign(ev, s->base, fd, EV_READ | EV_PERSIST, conn_cb, c);
	if (event_add(ev, NULL) != 0) {
		log_error("h1: cannot watch a connection");
		close(fd);
		free(c);
		return;
	}
	c->ev_mode = EV_READ;
	s->nconns++;
	list_put(c, L_HEAD, s->cfg.head_timeout_ms);
}

static void accept_cb(evutil_socket_t lfd, short what, void *arg)
{
	(void)what;
	struct h1_server *s = arg;
	for (int i = 0; i < ACCEPT_BATCH; i++) {
		if (s->nconns >= (size_t)s->cfg.max_conns) {
			event_del(s->accept_ev);
			s->paused_full = true;
			return;
		}
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
		int fd = accept4(lfd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			/* EMFILE, ENFILE, ENOBUFS, ENOMEM...: the pending connection
			 * stays queued, so pause instead of spinning on it. */
			log_warn("h1: accept: %s; pausing %d ms", strerror(errno), ACCEPT_PAUSE_MS);
			event_del(s->accept_ev);
			s->paused_err = true;
			struct timeval tv = { 0, ACCEPT_PAUSE_MS * 1000 };
			evtimer_add(s->resume_ev, &tv);
			return;
		}
		conn_new(s, fd, &ss);
	}
}

static void resume_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd; (void)what;
	struct h1_server *s = arg;
	s->paused_err = false;
	resume_accepting(s);
}

static void tick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd; (void)what;
	struct h1_server *s = arg;
	uint64_t now = now_ms();
	for (int l = 0; l < L_COUNT; l++)
		while (s->lists[l].first && s->lists[l].first->deadline <= now)
			conn_close(s->lists[l].first);
}

struct h1_server *h1_server_new(struct event_base *base, evutil_socket_t listen_fd,
                                const struct h1_config *cfg, h1_handler_fn fn, void *arg)
{
	struct h1_server *s = xcalloc(1, sizeof *s);
	s->base = base;
	s->lfd = listen_fd;
	s->fn = fn;
	s->arg = arg;
	if (cfg)
		s->cfg = *cfg;
	struct h1_config *k = &s->cfg;
	if (!k->max_head_bytes) k->max_head_bytes = 8192;
	if (!k->max_body_bytes) k->max_body_bytes = 65536;
	if (!k->max_target_bytes) k->max_target_bytes = 4096;
	if (k->max_target_bytes > k->max_head_bytes) k->max_target_bytes = k->max_head_bytes;
	if (k->head_timeout_ms <= 0) k->head_timeout_ms = 10000;
	if (k->body_timeout_ms <= 0) k->body_timeout_ms = 30000;
	if (k->idle_timeout_ms <= 0) k->idle_timeout_ms = 60000;
	if (k->write_timeout_ms <= 0) k->write_timeout_ms = 30000;
	if (k->max_conns <= 0) k->max_conns = 20000;
	if (!k->out_high_water) k->out_high_water = 256 * 1024;
	s->lim.max_head_bytes = k->max_head_bytes;
	s->lim.max_body_bytes = k->max_body_bytes;
	s->lim.max_target_bytes = k->max_target_bytes;
	s->ev_off = (sizeof(struct h1_conn) + 15) & ~(size_t)15;

	evutil_make_socket_nonblocking(listen_fd);
	s->accept_ev = event_new(base, listen_fd, EV_READ | EV_PERSIST, accept_cb, s);
	s->tick_ev = event_new(base, -1, EV_PERSIST, tick_cb, s);
	s->resume_ev = evtimer_new(base, resume_cb, s);
	struct timeval tick = { 0, TICK_MS * 1000 };
	if (!s->accept_ev || !s->tick_ev || !s->resume_ev || event_add(s->accept_ev, NULL) != 0
	    || event_add(s->tick_ev, &tick) != 0) {
		log_error("h1: cannot create the server's events");
		h1_server_free(s);
		return NULL;
	}
	return s;
}

void h1_server_stop_accepting(struct h1_server *s)
{
	s->stopping = true;
	if (s->accept_ev)
		event_del(s->accept_ev);
	if (s->resume_ev)
		evtimer_del(s->resume_ev);
	int ls[2] = { L_IDLE, L_HEAD };
	for (int i = 0; i < 2; i++) {
		struct h1_conn *c = s->lists[ls[i]].first;
		while (c) {
			struct h1_conn *next = c->next;
			if (!c->busy && !c->in_handler)
				conn_close(c);
			c = next;
		}
	}
}

size_t h1_server_busy(const struct h1_server *s)
{
	return s->nbusy;
}

void h1_server_stats(const struct h1_server *s, struct h1_stats *st)
{
	memset(st, 0, sizeof *st);
	st->conns = s->nconns;
	st->busy = s->nbusy;
	st->max_queued_out = s->max_queued_seen;
	st->requests = s->requests;
	for (int l = 0; l < L_COUNT; l++)
		for (const struct h1_conn *c = s->lists[l].first; c; c = c->next) {
			if (c->out)
				st->queued_out += evbuffer_get_length(c->out);
			st->rbuf_bytes += c->rcap;
		}
}

void h1_server_free(struct h1_server *s)
{
	if (!s)
		return;
	s->stopping = true;
	for (int l = 0; l < L_COUNT; l++)
		while (s->lists[l].first)
			conn_close(s->lists[l].first);
	if (s->accept_ev)
		event_free(s->accept_ev);
	if (s->tick_ev)
		event_free(s->tick_ev);
	if (s->resume_ev)
		event_free(s->resume_ev);
	free(s);
}

int h1_raise_fd_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return -1;
	if (rl.rlim_cur == rl.rlim_max)
		return 0;
	rl.rlim_cur = rl.rlim_max;
	return setrlimit(RLIMIT_NOFILE, &rl) == 0 ? 0 : -1;
}
