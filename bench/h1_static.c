/* h1_static.c - benchmark server: one fixed body from memory through h1,
 * with pre-serialised headers like a static file server's.
 *
 *   h1_static PORT BODY_FILE
 *
 * Built by bench/h1_vs_nginx.sh; stops on SIGINT/SIGTERM. */
#include "core/common.h"
#include "http/h1.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

static char *body;
static size_t body_len;
static char head[512];
static size_t head_len;

static void keep_nothing(void *arg)
{
	(void)arg;  /* the body lives for the whole run */
}

static void handler(struct h1_conn *c, const struct h1_req *r, void *arg)
{
	(void)arg;
	bool is_head = r->method_len == 4 && memcmp(r->method, "HEAD", 4) == 0;
	h1_respond(c, 200, head, head_len, body, body_len, is_head, keep_nothing, NULL);
}

static void on_signal(evutil_socket_t sig, short what, void *arg)
{
	(void)sig; (void)what;
	event_base_loopbreak(arg);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: h1_static PORT BODY_FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[2], "rb");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	struct buf b = BUF_INIT;
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	body_len = b.len;
	body = buf_detach(&b);
	int hn = snprintf(head, sizeof head,
	                  "Server: qiao\r\nContent-Type: text/html\r\n"
	                  "Last-Modified: Mon, 02 Nov 2026 08:00:00 GMT\r\n"
	                  "ETag: \"6367a100-%zx\"\r\nAccept-Ranges: bytes\r\n", body_len);
	head_len = (size_t)hn;

	h1_raise_fd_limit();
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)strtol(argv[1], NULL, 10)) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 4096) != 0) {
		perror("listen");
		return 1;
	}
	struct event_base *base = event_base_new();
	struct h1_config cfg = { .max_conns = 20000 };
	struct h1_server *s = h1_server_new(base, lfd, &cfg, handler, NULL);
	struct event *si = evsignal_new(base, SIGINT, on_signal, base);
	struct event *st = evsignal_new(base, SIGTERM, on_signal, base);
	event_add(si, NULL);
	event_add(st, NULL);
	event_base_dispatch(base);
	h1_server_free(s);
	event_free(si);
	event_free(st);
	event_base_free(base);
	close(lfd);
	free(body);
	return 0;
}
