/* test_h1_server.c - a real h1 server on 127.0.0.1:0, its event loop in a
 * second thread, and clients on blocking sockets in this one.  The server
 * thread alone touches libevent; the handler reports internal counters on
 * "/__stats" so nothing is shared without the loop's involvement. */
#include "core/common.h"
#include "http/h1.h"
#include "harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static struct event_base *base;
static struct h1_server *srv;
static int port;
static char big[1 << 20];
static int keeps_given, keeps_done;  /* touched by the server thread only */
static atomic_bool quit;  /* set by the test thread, polled by a timer */

static void quit_poll(evutil_socket_t fd, short what, void *arg)
{
	(void)fd; (void)what; (void)arg;
	if (atomic_load(&quit))
		event_base_loopbreak(base);
}

static void keep_fn(void *arg)
{
	(void)arg;
	keeps_done++;
}

static void handler(struct h1_conn *c, const struct h1_req *r, void *arg)
{
	(void)arg;
	bool head = strcmp(r->method, "HEAD") == 0;
	static const char ct[] = "Content-Type: text/plain\r\nX-Test: 1\r\n";
	if (strcmp(r->target, "/__stats") == 0) {
		struct h1_stats st;
		h1_server_stats(srv, &st);
		char b[256];
		int n = snprintf(b, sizeof b, "conns=%zu busy=%zu queued=%zu maxq=%zu rbuf=%zu req=%lu keeps=%d/%d\n",
		                 st.conns, st.busy, st.queued_out, st.max_queued_out, st.rbuf_bytes,
		                 st.requests, keeps_done, keeps_given);
		h1_respond(c, 200, ct, sizeof ct - 1, b, (size_t)n, head, NULL, NULL);
		return;
	}
	if (strcmp(r->target, "/__stop") == 0) {
		h1_server_stop_accepting(srv);
		h1_respond(c, 200, ct, sizeof ct - 1, "stopping\n", 9, head, NULL, NULL);
		return;
	}
	if (strcmp(r->target, "/silent") == 0)
		return;  /* h1 must answer 500 */
	if (strncmp(r->target, "/big?n=", 7) == 0) {
		long n = strtol(r->target + 7, NULL, 10);
		if (n < 0 || (size_t)n > sizeof big)
			n = 0;
		keeps_given++;
		h1_respond(c, 200, ct, sizeof ct - 1, big, (size_t)n, head, keep_fn, NULL);
		return;
	}
	if (strcmp(r->target, "/304") == 0) {
		h1_respond(c, 304, "ETag: \"x\"\r\n", 11, NULL, 0, true, NULL, NULL);
		return;
	}
	/* Echo: "METHOD TARGET\n" + the body. */
	char b[70000];
	int n = snprintf(b, sizeof b, "%s %s\n", r->method, r->target);
	size_t len = (size_t)n;
	if (r->body_len && len + r->body_len < sizeof b) {
		memcpy(b + len, r->body, r->body_len);
		len += r->body_len;
	}
	h1_respond(c, 200, ct, sizeof ct - 1, b, len, head, NULL, NULL);
}

static void *loop_main(void *arg)
{
	(void)arg;
	event_base_dispatch(base);
	return NULL;
}

/* --- client side ----------------------------------------------------- */

struct cl { int fd; size_t len; char buf[1 << 18]; };

struct resp {
	int status;
	long clen;           /* -1: none */
	bool close, ka, date;
	size_t body_len;
	char head[4096];
	char body[1 << 17];
};

static struct resp rsp;

static int dial(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	struct timeval tv = { 4, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

static struct cl *cl_open(void)
{
	struct cl *c = xcalloc(1, sizeof *c);
	c->fd = dial();
	return c;
}

static void cl_close(struct cl *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}

static bool send_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

static bool sends(struct cl *c, const char *s)
{
	return send_all(c->fd, s, strlen(s));
}

static bool fill(struct cl *c)
{
	if (c->len == sizeof c->buf)
		return false;
	ssize_t n = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
	if (n <= 0)
		return false;
	c->len += (size_t)n;
	return true;
}

static const char *hdr_in(const char *head, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(head, "\r\n"); p; p = strstr(p + 2, "\r\n"))
		if (strncasecmp(p + 2, name, n) == 0 && p[2 + n] == ':')
			return p + 3 + n;
	return NULL;
}

/* Read one response; head_req: no body whatever Content-Length says.
 * Returns the status, or -1 on EOF/timeout/garbage. */
static int read_resp(struct cl *c, bool head_req)
{
	memset(&rsp, 0, sizeof rsp);
	char *e;
	while (!(e = memmem(c->buf, c->len, "\r\n\r\n", 4)))
		if (!fill(c))
			return -1;
	size_t hl = (size_t)(e + 4 - c->buf);
	if (hl >= sizeof rsp.head || memcmp(c->buf, "HTTP/1.1 ", 9) != 0)
		return -1;
	memcpy(rsp.head, c->buf, hl);
	rsp.head[hl] = '\0';
	rsp.status = (int)strtol(rsp.head + 9, NULL, 10);
	const char *v = hdr_in(rsp.head, "Content-Length");
	rsp.clen = v ? strtol(v, NULL, 10) : -1;
	v = hdr_in(rsp.head, "Connection");
	rsp.close = v && strncmp(v, " close", 6) == 0;
	rsp.ka = v && strncmp(v, " keep-alive", 11) == 0;
	rsp.date = hdr_in(rsp.head, "Date") != NULL;
	size_t bl = head_req || rsp.clen < 0 ? 0 : (size_t)rsp.clen;
	while (c->len < hl + bl)
		if (!fill(c))
			return -1;
	if (bl < sizeof rsp.body) {
		memcpy(rsp.body, c->buf + hl, bl);
		rsp.body[bl] = '\0';
	}
	rsp.body_len = bl;
	memmove(c->buf, c->buf + hl + bl, c->len - hl - bl);
	c->len -= hl + bl;
	return rsp.status;
}

/* True if the server closes within ms (data before the close is skipped). */
static bool closed_within(struct cl *c, int ms)
{
	struct pollfd p = { c->fd, POLLIN, 0 };
	for (;;) {
		int r = poll(&p, 1, ms);
		if (r <= 0)
			return false;
		char tmp[4096];
		ssize_t n = recv(c->fd, tmp, sizeof tmp, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN))
			return true;
	}
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* Stats from the server, as "key=value" text. */
static long stat_of(const char *key)
{
	struct cl *c = cl_open();
	sends(c, "GET /__stats HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
	long v = -1;
	if (read_resp(c, false) == 200) {
		char k[64];
		snprintf(k, sizeof k, "%s=", key);
		const char *p = strstr(rsp.body, k);
		if (p)
			v = strtol(p + strlen(k), NULL, 10);
	}
	cl_close(c);
	return v;
}

#define REQ(t) "GET " t " HTTP/1.1\r\nHost: t\r\n\r\n"

/* --- tests ------------------------------------------------------------- */

TEST(keep_alive_several)
{
	struct cl *c = cl_open();
	for (int i = 0; i < 5; i++) {
		char r[64];
		snprintf(r, sizeof r, "GET /k%d HTTP/1.1\r\nHost: t\r\n\r\n", i);
		CHECK(sends(c, r));
		CHECK_INT(read_resp(c, false), 200);
		char want[32];
		snprintf(want, sizeof want, "GET /k%d\n", i);
		CHECK_STR(rsp.body, want);
		CHECK_INT(rsp.clen, strlen(want));
		CHECK(rsp.date);
		CHECK(!rsp.close && !rsp.ka);
		CHECK_CONTAINS(rsp.head, "\r\nX-Test: 1\r\n");
		CHECK_CONTAINS(rsp.head, "HTTP/1.1 200 OK\r\n");
	}
	cl_close(c);
}

TEST(pipelined_in_one_write)
{
	struct cl *c = cl_open();
	CHECK(sends(c, REQ("/a") REQ("/b") "HEAD /c HTTP/1.1\r\nHost: t\r\n\r\n" REQ("/d")));
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "GET /a\n");
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "GET /b\n");
	CHECK_INT(read_resp(c, true), 200);
	CHECK_INT(rsp.clen, 8);  /* "HEAD /c\n" */
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "GET /d\n");
	cl_close(c);
}

TEST(head_has_length_but_no_body)
{
	struct cl *c = cl_open();
	CHECK(sends(c, "HEAD /big?n=5000 HTTP/1.1\r\nHost: t\r\n\r\n"));
	CHECK_INT(read_resp(c, true), 200);
	CHECK_INT(rsp.clen, 5000);
	/* If a body had been sent, this response would not parse. */
	CHECK(sends(c, REQ("/after")));
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "GET /after\n");
	CHECK(sends(c, REQ("/304")));
	CHECK_INT(read_resp(c, true), 304);
	CHECK_INT(rsp.clen, -1);
	cl_close(c);
}

TEST(connection_close_honoured)
{
	struct cl *c = cl_open();
	CHECK(sends(c, "GET /x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
	CHECK_INT(read_resp(c, false), 200);
	CHECK(rsp.close);
	CHECK(closed_within(c, 2000));
	cl_close(c);
}

TEST(http10_keep_alive_rules)
{
	struct cl *c = cl_open();
	CHECK(sends(c, "GET /old HTTP/1.0\r\n\r\n"));
	CHECK_INT(read_resp(c, false), 200);
	CHECK(rsp.close);
	CHECK(closed_within(c, 2000));
	cl_close(c);
	c = cl_open();
	CHECK(sends(c, "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
	CHECK_INT(read_resp(c, false), 200);
	CHECK(rsp.ka);
	CHECK(sends(c, "GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "GET /again\n");
	cl_close(c);
}

TEST(oversized_header_431_and_close)
{
	struct cl *c = cl_open();
	struct buf b = BUF_INIT;
	buf_adds(&b, "GET / HTTP/1.1\r\nHost: t\r\nX-Big: ");
	for (int i = 0; i < 10000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\r\n\r\n");
	send_all(c->fd, b.data, b.len);  /* may fail midway once the server closes */
	buf_release(&b);
	CHECK_INT(read_resp(c, false), 431);
	CHECK(rsp.close);
	CHECK_CONTAINS(rsp.body, "431");
	CHECK(closed_within(c, 3000));
	cl_close(c);
}

static void expect_error(const char *req, int status)
{
	struct cl *c = cl_open();
	CHECK(sends(c, req));
	int got = read_resp(c, false);
	if (got != status)
		fprintf(stderr, "    request %.40s...\n", req);
	CHECK_INT(got, status);
	CHECK(rsp.close);
	CHECK(closed_within(c, 3000));
	cl_close(c);
}

TEST(protocol_errors_answered_and_closed)
{
	expect_error("GET / HTTP/1.1\r\n\r\n", 400);
	expect_error("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505);
	expect_error("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", 501);
	expect_error("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 999999\r\n\r\n", 413);
	expect_error("GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n", 400);
	expect_error("\x16\x03\x01\x00\xa5\x01\x00", 400);
	/* The error ends the connection even after good pipelined requests. */
	struct cl *c = cl_open();
	CHECK(sends(c, REQ("/ok") "BAD\r\n\r\n" REQ("/never")));
	CHECK_INT(read_resp(c, false), 200);
	CHECK_INT(read_resp(c, false), 400);
	CHECK(closed_within(c, 3000));
	cl_close(c);
}

TEST(silent_handler_gets_500)
{
	struct cl *c = cl_open();
	CHECK(sends(c, REQ("/silent")));
	CHECK_INT(read_resp(c, false), 500);
	CHECK(rsp.close);
	cl_close(c);
}

TEST(slowloris_closed_by_head_timeout)
{
	/* Head timeout 1 s; a byte every 200 ms must not extend it. */
	struct cl *c = cl_open();
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	const char *s = "GET / HTTP/1.1\r\nHost: t\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	bool closed = false;
	for (size_t i = 0; s[i] && ms_since(&t0) < 4000; i++) {
		if (send(c->fd, s + i, 1, MSG_NOSIGNAL) != 1 || closed_within(c, 200)) {
			closed = true;
			break;
		}
	}
	long el = ms_since(&t0);
	CHECK(closed);
	CHECK(el >= 900 && el < 2500);
	cl_close(c);
}

TEST(fresh_connection_without_bytes_times_out)
{
	struct cl *c = cl_open();
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(closed_within(c, 3000));
	long el = ms_since(&t0);
	CHECK(el >= 900 && el < 2500);
	cl_close(c);
}

/* Issue 15, fault 1: every silent connection, not only the last one
 * accepted, is closed by the head timeout. */
TEST(two_silent_connections_both_time_out)
{
	struct cl *a = cl_open();
	sleep_ms(50);
	struct cl *b = cl_open();
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(closed_within(a, 3000));
	long el = ms_since(&t0);
	CHECK(el >= 800 && el < 2500);
	CHECK(closed_within(b, 3000));
	el = ms_since(&t0);
	CHECK(el < 2500);
	cl_close(a);
	cl_close(b);
}

TEST(many_silent_connections_all_time_out)
{
	enum { N = 300 };
	static int fds[N];
	for (int i = 0; i < N; i++)
		fds[i] = dial();
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int closed = 0;
	struct cl *c = xcalloc(1, sizeof *c);
	for (int i = 0; i < N; i++) {
		c->fd = fds[i];
		long left = 3000 - ms_since(&t0);
		if (fds[i] >= 0 && closed_within(c, left > 0 ? (int)left : 0))
			closed++;
		if (fds[i] >= 0)
			close(fds[i]);
	}
	free(c);
	CHECK_INT(closed, N);
	CHECK(ms_since(&t0) < 3000);
	sleep_ms(200);
	CHECK(stat_of("conns") <= 2);
}

TEST(idle_keep_alive_times_out)
{
	/* Idle timeout 1.5 s: alive at 0.7 s, closed by ~1.5 s after that. */
	struct cl *c = cl_open();
	CHECK(sends(c, REQ("/1")));
	CHECK_INT(read_resp(c, false), 200);
	sleep_ms(700);
	CHECK(sends(c, REQ("/2")));
	CHECK_INT(read_resp(c, false), 200);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(closed_within(c, 4000));
	long el = ms_since(&t0);
	CHECK(el >= 1300 && el < 3000);
	cl_close(c);
}

TEST(one_byte_writes)
{
	struct cl *c = cl_open();
	const char *s = "POST /bytes HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nabcd";
	for (size_t i = 0; s[i]; i++) {
		CHECK(send(c->fd, s + i, 1, MSG_NOSIGNAL) == 1);
		sleep_ms(5);
	}
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "POST /bytes\nabcd");
	cl_close(c);
}

TEST(body_split_and_large)
{
	struct cl *c = cl_open();
	CHECK(sends(c, "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n012"));
	sleep_ms(50);
	CHECK(sends(c, "3456"));
	sleep_ms(50);
	CHECK(sends(c, "789" REQ("/next")));  /* the body's end and a pipelined request */
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "POST /p\n0123456789");
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "GET /next\n");
	/* A 60000-byte body in pieces. */
	struct buf b = BUF_INIT;
	buf_adds(&b, "POST /large HTTP/1.1\r\nHost: t\r\nContent-Length: 60000\r\n\r\n");
	size_t hl = b.len;
	for (int i = 0; i < 60000; i++)
		buf_addc(&b, (char)('a' + i % 26));
	for (size_t off = 0; off < b.len; off += 7000) {
		size_t n = b.len - off < 7000 ? b.len - off : 7000;
		CHECK(send_all(c->fd, b.data + off, n));
		sleep_ms(2);
	}
	CHECK_INT(read_resp(c, false), 200);
	CHECK_INT(rsp.body_len, 12 + 60000);
	CHECK(memcmp(rsp.body + 12, b.data + hl, 60000) == 0);
	buf_release(&b);
	/* Extra CRLF after a body (old clients) is skipped. */
	CHECK(sends(c, "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n\r\nz\r\n"));
	CHECK_INT(read_resp(c, false), 200);
	CHECK(sends(c, REQ("/after-crlf")));
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "GET /after-crlf\n");
	cl_close(c);
}

TEST(body_timeout)
{
	struct cl *c = cl_open();
	CHECK(sends(c, "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n01"));
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(closed_within(c, 4000));
	long el = ms_since(&t0);
	CHECK(el >= 900 && el < 2500);
	cl_close(c);
}

TEST(expect_100_continue)
{
	struct cl *c = cl_open();
	CHECK(sends(c, "POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
	char got[64] = "";
	size_t n = 0;
	while (n < 25) {
		ssize_t r = recv(c->fd, got + n, 25 - n, 0);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	CHECK_STR(got, "HTTP/1.1 100 Continue\r\n\r\n");
	CHECK(sends(c, "hello"));
	CHECK_INT(read_resp(c, false), 200);
	CHECK_STR(rsp.body, "POST /e\nhello");
	cl_close(c);
}

TEST(stalled_reader_is_throttled_then_closed)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int small = 4096;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(connect(fd, (struct sockaddr *)&a, sizeof a) == 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	long before = stat_of("req");
	static const char r[] = "GET /big?n=65536 HTTP/1.1\r\nHost: t\r\n\r\n";
	int sent = 0;
	for (int i = 0; i < 3000; i++) {
		if (send(fd, r, sizeof r - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof r - 1))
			break;
		sent++;
	}
	sleep_ms(300);
	long handled = stat_of("req") - before - 1;  /* less the stats request */
	long queued = stat_of("queued");
	long maxq = stat_of("maxq");
	long nconn = stat_of("conns");
	(void)nconn;
	if (getenv("H1_TEST_VERBOSE"))
		fprintf(stderr, "    stalled reader: sent %d, handled %ld, queued %ld, max %ld, conns %ld\n", sent, handled, queued, maxq, nconn);
	CHECK(sent > 200);
	CHECK(handled > 0 && handled < 200);  /* ~ (high water + socket buffers) / 64K */
	CHECK(queued > 0 && queued <= 262144 + 65536 + 1024);
	CHECK(maxq <= 262144 + 65536 + 1024);
	/* Other clients are served meanwhile. */
	struct cl *c = cl_open();
	CHECK(sends(c, REQ("/meanwhile")));
	CHECK_INT(read_resp(c, false), 200);
	cl_close(c);
	/* No write progress for the write timeout (2 s): closed. */
	sleep_ms(2600);
	CHECK_INT(stat_of("queued"), 0);
	char tmp[65536];
	ssize_t n;
	while ((n = recv(fd, tmp, sizeof tmp, 0)) > 0)
		;
	CHECK(n == 0 || (n < 0 && errno == ECONNRESET));
	close(fd);
}

/* Mutated requests, sent with a half-close: the server must answer or close
 * each one and stay healthy (ASan watches the server side). */
TEST(mutated_requests_survive)
{
	static const char *seeds[] = {
		"GET /a?b=c HTTP/1.1\r\nHost: t\r\nCookie: x=1\r\n\r\n",
		"POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde" REQ("/n"),
		"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" REQ("/x") REQ("/y"),
	};
	unsigned long long rnd = 88172645463325252ULL;
	int answered = 0;
	for (int i = 0; i < 300; i++) {
		char m[512];
		const char *sd = seeds[i % 3];
		size_t n = strlen(sd);
		memcpy(m, sd, n);
		for (int k = 0; k < 1 + i % 4; k++) {
			rnd ^= rnd << 13; rnd ^= rnd >> 7; rnd ^= rnd << 17;
			size_t at = (size_t)(rnd % n);
			switch ((rnd >> 32) % 4) {
			case 0: m[at] = (char)(rnd >> 40); break;             /* replace */
			case 1: n = at + 1; break;                             /* truncate */
			case 2: m[at] = "\r\n :\0\t"[(rnd >> 40) % 6]; break; /* delimiter */
			default: if (n < sizeof m - 1) { memmove(m + at + 1, m + at, n - at); n++; } break;
			}
		}
		struct cl *c = cl_open();
		send_all(c->fd, m, n);
		shutdown(c->fd, SHUT_WR);
		if (read_resp(c, false) > 0)
			answered++;
		CHECK(closed_within(c, 3000));
		cl_close(c);
	}
	CHECK(answered > 50);
	struct cl *c = cl_open();
	CHECK(sends(c, REQ("/healthy")));
	CHECK_INT(read_resp(c, false), 200);
	cl_close(c);
	sleep_ms(300);
	CHECK(stat_of("conns") <= 2);
}

TEST(many_concurrent_connections)
{
	enum { N = 2000 };
	static int fds[N];
	int ok = 0;
	for (int i = 0; i < N; i++)
		fds[i] = dial();
	for (int i = 0; i < N; i++)
		if (fds[i] >= 0)
			send_all(fds[i], REQ("/many"), strlen(REQ("/many")));
	long conns = stat_of("conns");
	CHECK(conns >= N);
	struct cl *c = xcalloc(1, sizeof *c);
	for (int i = 0; i < N; i++) {
		c->fd = fds[i];
		c->len = 0;
		if (fds[i] >= 0 && read_resp(c, false) == 200 && strcmp(rsp.body, "GET /many\n") == 0)
			ok++;
		close(fds[i]);
	}
	free(c);
	CHECK_INT(ok, N);
	sleep_ms(200);
	CHECK(stat_of("conns") <= 2);
	CHECK_INT(stat_of("rbuf"), 0);
}

TEST(stop_accepting_closes_idle)
{
	struct cl *idle = cl_open();
	CHECK(sends(idle, REQ("/idle")));
	CHECK_INT(read_resp(idle, false), 200);
	struct cl *c = cl_open();
	CHECK(sends(c, REQ("/__stop")));
	CHECK_INT(read_resp(c, false), 200);
	CHECK(rsp.close);  /* the stopping server does not keep connections */
	CHECK(closed_within(idle, 2000));
	cl_close(idle);
	cl_close(c);
}

int main(void)
{
	h1_raise_fd_limit();
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)('A' + i % 26);
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t al = sizeof a;
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 4096) != 0
	    || getsockname(lfd, (struct sockaddr *)&a, &al) != 0) {
		perror("listen");
		return 1;
	}
	port = ntohs(a.sin_port);
	base = event_base_new();
	struct h1_config cfg = { .head_timeout_ms = 1000, .body_timeout_ms = 1000,
	                         .idle_timeout_ms = 1500, .write_timeout_ms = 2000 };
	srv = h1_server_new(base, lfd, &cfg, handler, NULL);
	struct event *qev = event_new(base, -1, EV_PERSIST, quit_poll, NULL);
	struct timeval qtv = { 0, 50000 };
	event_add(qev, &qtv);
	pthread_t th;
	pthread_create(&th, NULL, loop_main, NULL);

	RUN(keep_alive_several);
	RUN(pipelined_in_one_write);
	RUN(head_has_length_but_no_body);
	RUN(connection_close_honoured);
	RUN(http10_keep_alive_rules);
	RUN(oversized_header_431_and_close);
	RUN(protocol_errors_answered_and_closed);
	RUN(silent_handler_gets_500);
	RUN(slowloris_closed_by_head_timeout);
	RUN(fresh_connection_without_bytes_times_out);
	RUN(two_silent_connections_both_time_out);
	RUN(many_silent_connections_all_time_out);
	RUN(idle_keep_alive_times_out);
	RUN(one_byte_writes);
	RUN(body_split_and_large);
	RUN(body_timeout);
	RUN(expect_100_continue);
	RUN(stalled_reader_is_throttled_then_closed);
	RUN(mutated_requests_survive);
	RUN(many_concurrent_connections);
	RUN(stop_accepting_closes_idle);

	atomic_store(&quit, true);
	pthread_join(th, NULL);
	event_free(qev);
	h1_server_free(srv);
	event_base_free(base);
	close(lfd);
	/* Every referenced body was released exactly once. */
	harness_cur = "keeps_balanced";
	harness_cur_failed = 0;
	CHECK_INT(keeps_done, keeps_given);
	if (harness_cur_failed) harness_failed++; else harness_passed++;
	return harness_done("h1_server");
}
