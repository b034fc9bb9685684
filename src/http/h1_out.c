/* h1_out.c - writing responses: the status line and fixed headers
 * (with a cached Date), one writev of head and body when the socket takes
 * it, else an evbuffer queue that references cached bodies instead of
 * copying them. */
#include "core/common.h"
#include "http/h1_conn.h"

#include <event2/buffer.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static void update_date(struct h1_server *s)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char mons[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME_COARSE, &ts);
	if (ts.tv_sec == s->date_sec && s->date_len)
		return;
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	int n = snprintf(s->date, sizeof s->date, "Date: %s, %02d %s %04d %02d:%02d:%02d GMT\r\n",
	                 days[tm.tm_wday % 7], tm.tm_mday, mons[tm.tm_mon % 12], tm.tm_year + 1900,
	                 tm.tm_hour, tm.tm_min, tm.tm_sec);
	s->date_len = n > 0 && (size_t)n < sizeof s->date ? (size_t)n : 0;
	s->date_sec = ts.tv_sec;
}

/* --- output ------------------------------------------------------------ */

struct keep_ref { void (*keep)(void *); void *arg; };

static void keep_cleanup(const void *data, size_t len, void *extra)
{
	(void)data; (void)len;
	struct keep_ref *k = extra;
	k->keep(k->arg);
	free(k);
}

static void out_add(struct h1_conn *c, const char *p, size_t n, void (*keep)(void *), void *keep_arg)
{
	if (!n) {
		if (keep)
			keep(keep_arg);
		return;
	}
	if (!c->out)
		c->out = evbuffer_new();
	if (keep) {
		struct keep_ref *k = xmalloc(sizeof *k);
		k->keep = keep;
		k->arg = keep_arg;
		if (evbuffer_add_reference(c->out, p, n, keep_cleanup, k) != 0) {
			free(k);
			evbuffer_add(c->out, p, n);
			keep(keep_arg);
		}
	} else {
		evbuffer_add(c->out, p, n);
	}
}

/* Write two pieces at once when nothing is queued (and no pipelined
 * request follows); queue whatever the kernel does not take. */
void h1_send_or_queue(struct h1_conn *c, const char *h, size_t hl, const char *b, size_t bl,
                          void (*keep)(void *), void *keep_arg)
{
	if (c->dead) {
		if (keep)
			keep(keep_arg);
		return;
	}
	size_t done = 0;
	if (!c->out && !c->more_input) {
		struct iovec iov[2] = { { (void *)h, hl }, { (void *)b, bl } };
		struct msghdr mh = { .msg_iov = iov, .msg_iovlen = bl ? 2 : 1 };
		ssize_t n;
		do
			n = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
		while (n < 0 && errno == EINTR);
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			c->dead = true;
			if (keep)
				keep(keep_arg);
			return;
		}
		done = n > 0 ? (size_t)n : 0;
		if (done == hl + bl) {
			if (keep)
				keep(keep_arg);
			return;
		}
	}
	if (done < hl)
		out_add(c, h + done, hl - done, NULL, NULL);
	size_t bdone = done > hl ? done - hl : 0;
	out_add(c, b + bdone, bl - bdone, keep, keep_arg);
}

/* Write queued output; false if the connection failed. */
bool h1_flush_out(struct h1_conn *c, bool *progress)
{
	while (c->out && evbuffer_get_length(c->out) > 0) {
		struct evbuffer_iovec v[16];
		struct iovec iov[16];
		int n = evbuffer_peek(c->out, -1, NULL, v, 16);
		if (n > 16)
			n = 16;
		size_t total = 0;
		for (int i = 0; i < n; i++) {
			iov[i].iov_base = v[i].iov_base;
			iov[i].iov_len = v[i].iov_len;
			total += v[i].iov_len;
		}
		struct msghdr mh = { .msg_iov = iov, .msg_iovlen = (size_t)n };
		ssize_t w = sendmsg(c->fd, &mh, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return true;
			c->dead = true;
			return false;
		}
		evbuffer_drain(c->out, (size_t)w);
		*progress = true;
		if ((size_t)w < total)
			return true;
	}
	if (c->out) {
		evbuffer_free(c->out);
		c->out = NULL;
	}
	return true;
}

static char *put_str(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

static char *put_uint(char *p, size_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

void h1_respond(struct h1_conn *c, int status, const char *head, size_t head_len,
                const void *body, size_t body_len, bool head_only,
                void (*keep)(void *arg), void *keep_arg)
{
	if (!c->in_handler || c->responded) {
		log_warn("h1: response ignored (%s)", c->responded ? "already answered" : "outside the handler");
		if (keep)
			keep(keep_arg);
		return;
	}
	c->responded = true;
	struct h1_server *s = c->s;
	if (status < 100 || status > 999)
		status = 500;
	bool no_body = status < 200 || status == 204 || status == 304;
	if (!c->req_keep || s->stopping)
		c->closing = true;
	update_date(s);

	const char *reason = h1_reason(status);
	size_t rlen = strlen(reason);
	char stack[1024];
	size_t cap = 64 + rlen + s->date_len + head_len + 64;
	char *hb = cap <= sizeof stack ? stack : xmalloc(cap);
	char *p = put_str(hb, "HTTP/1.1 ", 9);
	*p++ = (char)('0' + status / 100);
	*p++ = (char)('0' + status / 10 % 10);
	*p++ = (char)('0' + status % 10);
	*p++ = ' ';
	p = put_str(p, reason, rlen);
	p = put_str(p, "\r\n", 2);
	p = put_str(p, s->date, s->date_len);
	if (head_len)
		p = put_str(p, head, head_len);
	if (!no_body) {
		p = put_str(p, "Content-Length: ", 16);
		p = put_uint(p, body_len);
		p = put_str(p, "\r\n", 2);
	}
	if (c->closing)
		p = put_str(p, "Connection: close\r\n", 19);
	else if (c->req_minor == 0)
		p = put_str(p, "Connection: keep-alive\r\n", 24);
	p = put_str(p, "\r\n", 2);

	bool send_body = !head_only && !no_body && body_len > 0;
	if (send_body) {
		h1_send_or_queue(c, hb, (size_t)(p - hb), body, body_len, keep, keep_arg);
	} else {
		h1_send_or_queue(c, hb, (size_t)(p - hb), NULL, 0, NULL, NULL);
		if (keep)
			keep(keep_arg);
	}
	if (hb != stack)
		free(hb);
}

void h1_respond_error_with(struct h1_conn *c, struct h1_req *req, int status)
{
	req->peer = c->peer;
	req->keep_alive = false;
	c->in_handler = true;
	c->responded = false;
	c->req_keep = false;
	c->req_minor = (uint8_t)req->minor;
	c->s->cfg.error_fn(c, req, status, c->s->arg);
	c->in_handler = false;
	if (!c->responded) {
		h1_respond_error(c, status);
		return;
	}
	c->closing = true;
}

void h1_respond_error(struct h1_conn *c, int status)
{
	static const char ct[] = "Content-Type: text/plain; charset=utf-8\r\n";
	char body[80];
	int n = snprintf(body, sizeof body, "%d %s\n", status, h1_reason(status));
	c->in_handler = true;
	c->responded = false;
	c->req_keep = false;
	c->req_minor = 1;
	h1_respond(c, status, ct, sizeof ct - 1, body, n > 0 ? (size_t)n : 0, false, NULL, NULL);
	c->in_handler = false;
	c->closing = true;
}

