/* fuzz_h1_conn.c - libFuzzer target for the HTTP/1.1 connection state
 * machine (src/http/h1.c, h1_out.c): several client connections to a
 * real h1 server over a Unix socket, on a private event loop, with time
 * moved forward by hand.
 *
 * The input is a script of one-byte operations (some with argument bytes):
 *   0 open a connection          5 let N x 500 ms pass, then the tick
 *   1 send bytes on connection K  6 stop/start reading on connection K
 *   2 shut down K for writing     7 stop accepting (graceful stop)
 *   3 close K                     8 send a canned request on K
 *   4 run the loop                9 send a canned request with a body on K
 * Time passes by moving every connection's deadline back (the deadlines
 * are "now + timeout" on the monotonic clock), then running the tick.
 *
 * The handler answers by target: /big (300 KB, copied), /ref (300 KB,
 * referenced with a keep callback), /none (no answer: h1 must send 500),
 * /s204 and /s304 (no body), anything else a short page (HEAD: no body).
 * It reads every byte of each request it is given (ASan checks them).
 *
 * Checks, after every operation: each connection is on exactly the one
 * timeout list its `list` field names, the lists are well linked and
 * sorted by deadline, and together hold every open connection; busy
 * connections are a subset.  Once the clients fall silent, a few rounds
 * of 61 s close every connection (every state has a timeout of at most
 * 60 s).  At the end
 * every referenced body has been released exactly once. */
#include "core/common.h"
#include "http/h1.h"
#include "http/h1_conn.h"
#include "fuzz_util.h"

#include <event2/event.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>

#define MAX_CLIENTS 8
#define BIG (300 * 1024)

static struct event_base *base;
static int lfd = -1;
static struct sockaddr_un addr;
static socklen_t addr_len;
static char *big;
static long keeps_out;

struct client {
	int fd;
	bool reading, eof;
	size_t got;
};
static struct client cl[MAX_CLIENTS];
static int ncl;

static void setup(void)
{
	if (base)
		return;
	signal(SIGPIPE, SIG_IGN);
	log_set_level(LOG_ERROR);
	base = event_base_new();
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	/* an abstract address: nothing left in the file system */
	int n = snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "qiao-fuzz-h1-conn-%ld", (long)getpid());
	addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
	if (!base || lfd < 0 || bind(lfd, (struct sockaddr *)&addr, addr_len) != 0 || listen(lfd, 64) != 0) {
		perror("fuzz_h1_conn: setup");
		abort();
	}
	big = malloc(BIG);
	memset(big, 'x', BIG);
}

static void release(void *arg)
{
	FUZZ_ASSERT(arg == big);
	keeps_out--;
	FUZZ_ASSERT(keeps_out >= 0);
}

static void handler(struct h1_conn *c, const struct h1_req *req, void *arg)
{
	(void)arg;
	FUZZ_ASSERT(req->method && req->method_len == strlen(req->method) && req->method_len > 0);
	FUZZ_ASSERT(req->target && req->target_len == strlen(req->target));
	FUZZ_ASSERT(req->peer != NULL);
	unsigned sum = 0;
	for (size_t i = 0; i < req->body_len; i++)
		sum += (unsigned char)req->body[i];
	for (int i = 0; i < req->n_headers; i++)
		sum += (unsigned)strlen(req->headers[i].name) + (unsigned)strlen(req->headers[i].value);
	(void)sum;
	bool head = strcmp(req->method, "HEAD") == 0;
	static const char hdr[] = "Content-Type: text/plain\r\n";
	if (strcmp(req->target, "/none") == 0)
		return;
	if (strcmp(req->target, "/big") == 0) {
		h1_respond(c, 200, hdr, sizeof hdr - 1, big, BIG, head, NULL, NULL);
	} else if (strcmp(req->target, "/ref") == 0) {
		keeps_out++;
		h1_respond(c, 200, hdr, sizeof hdr - 1, big, BIG, head, release, big);
	} else if (strcmp(req->target, "/s204") == 0) {
		h1_respond(c, 204, NULL, 0, NULL, 0, head, NULL, NULL);
	} else if (strcmp(req->target, "/s304") == 0) {
		h1_respond(c, 304, hdr, sizeof hdr - 1, "ignored", 7, head, NULL, NULL);
	} else {
		h1_respond(c, 200, hdr, sizeof hdr - 1, "hello\n", 6, head, NULL, NULL);
	}
}

static void check_lists(const struct h1_server *s)
{
	size_t total = 0, busy = 0;
	for (int l = 0; l < L_COUNT; l++) {
		const struct h1_list *list = &s->lists[l];
		const struct h1_conn *prev = NULL;
		FUZZ_ASSERT((list->first == NULL) == (list->last == NULL));
		for (const struct h1_conn *c = list->first; c; c = c->next) {
			FUZZ_ASSERT(c->s == s);
			FUZZ_ASSERT(c->list == l);
			FUZZ_ASSERT(c->prev == prev);
			if (prev)
				FUZZ_ASSERT(prev->deadline <= c->deadline);
			busy += c->busy;
			prev = c;
			total++;
			FUZZ_ASSERT(total <= s->nconns);
		}
		FUZZ_ASSERT(list->last == prev);
	}
	FUZZ_ASSERT(total == s->nconns);
	FUZZ_ASSERT(busy == s->nbusy);
	FUZZ_ASSERT(h1_server_busy(s) <= s->nconns);
}

static void pump(struct h1_server *s)
{
	static char sink[65536];
	for (int round = 0; round < 4; round++) {
		event_base_loop(base, EVLOOP_NONBLOCK);
		check_lists(s);
		for (int i = 0; i < ncl; i++) {
			struct client *k = &cl[i];
			if (k->fd < 0 || !k->reading || k->eof)
				continue;
			for (int j = 0; j < 16; j++) {
				ssize_t n = recv(k->fd, sink, sizeof sink, MSG_DONTWAIT);
				if (n > 0) {
					if (k->got == 0)  /* every answer starts with a status line */
						FUZZ_ASSERT(n < 9 || memcmp(sink, "HTTP/1.1 ", 9) == 0);
					k->got += (size_t)n;
					continue;
				}
				if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
					k->eof = true;
				break;
			}
		}
	}
}

static void pass_time(struct h1_server *s, uint64_t ms)
{
	for (int l = 0; l < L_COUNT; l++)
		for (struct h1_conn *c = s->lists[l].first; c; c = c->next)
			c->deadline = c->deadline > ms ? c->deadline - ms : 0;
	event_active(s->tick_ev, EV_TIMEOUT, 1);
	pump(s);
}

static void client_send(struct client *k, const void *p, size_t n)
{
	if (k->fd >= 0 && n)
		(void)send(k->fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	struct h1_config cfg = {
		.max_head_bytes = 1024, .max_body_bytes = 4096, .max_target_bytes = 256,
		.head_timeout_ms = 10000, .body_timeout_ms = 30000, .idle_timeout_ms = 60000,
		.write_timeout_ms = 30000, .max_conns = 6, .out_high_water = 8192,
	};
	struct h1_server *s = h1_server_new(base, lfd, &cfg, handler, NULL);
	FUZZ_ASSERT(s != NULL);
	ncl = 0;
	keeps_out = 0;
	size_t i = 0;
#define ARG() (i < size ? data[i++] : 0)
	while (i < size) {
		uint8_t op = data[i++] % 10;
		struct client *k = ncl ? &cl[ARG() % ncl] : NULL;
		switch (op) {
		case 0:
			if (ncl < MAX_CLIENTS) {
				int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
				if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, addr_len) != 0) {
					close(fd);
					fd = -1;
				}
				cl[ncl++] = (struct client){ fd, true, false, 0 };
			}
			pump(s);
			break;
		case 1: {
			size_t n = ARG();
			if (n > size - i)
				n = size - i;
			if (k)
				client_send(k, data + i, n);
			i += n;
			pump(s);
			break;
		}
		case 2:
			if (k && k->fd >= 0)
				shutdown(k->fd, SHUT_WR);
			pump(s);
			break;
		case 3:
			if (k && k->fd >= 0) {
				close(k->fd);
				k->fd = -1;
			}
			pump(s);
			break;
		case 4:
			pump(s);
			break;
		case 5:
			pass_time(s, (uint64_t)ARG() * 500);
			break;
		case 6:
			if (k)
				k->reading = !k->reading;
			pump(s);
			break;
		case 7:
			h1_server_stop_accepting(s);
			pump(s);
			break;
		case 8: {
			static const char *const canned[] = {
				"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
				"GET /big HTTP/1.1\r\nHost: a\r\n\r\n",
				"GET /ref HTTP/1.1\r\nHost: a\r\n\r\n",
				"HEAD /ref HTTP/1.1\r\nHost: a\r\n\r\n",
				"GET /none HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
				"GET /s304 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
				"GET /s204 HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
				"GET / HTTP/1.1\r\nHost: a\r\n",
			};
			const char *r = canned[ARG() % ARRAY_LEN(canned)];
			if (k)
				client_send(k, r, strlen(r));
			pump(s);
			break;
		}
		case 9: {
			char head[128];
			size_t len = ARG() * 20u;
			bool expect = len & 40;
			int hn = snprintf(head, sizeof head, "POST /p HTTP/1.1\r\nHost: a\r\n%sContent-Length: %zu\r\n\r\n",
			                  expect ? "Expect: 100-continue\r\n" : "", len);
			if (k) {
				client_send(k, head, (size_t)hn);
				size_t n = len < size - i ? len : size - i;
				client_send(k, data + i, n);
				i += n;
			}
			pump(s);
			break;
		}
		}
	}
	/* Nothing but time: every connection meets a timeout (60 s at most).
	 * Input still buffered may be read in the same turn of the loop as
	 * the tick and start a fresh timeout, so allow a few rounds; the
	 * clients send nothing more, so the work left is finite. */
	for (int round = 0; round < 6 && s->nconns > 0; round++)
		pass_time(s, 61000);
	FUZZ_ASSERT(s->nconns == 0);
	for (int j = 0; j < ncl; j++)
		if (cl[j].fd >= 0)
			close(cl[j].fd);
	pump(s);
	h1_server_free(s);
	FUZZ_ASSERT(keeps_out == 0);
	/* Connections left in the backlog (accepting paused or stopped). */
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			break;
		close(fd);
	}
	event_base_loop(base, EVLOOP_NONBLOCK);
	return 0;
}
