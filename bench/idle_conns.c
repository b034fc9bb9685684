/* idle_conns.c - open N keep-alive connections, send one request on each,
 * read the response, then hold them all idle.
 *
 *   idle_conns PORT N [HOLD_SECONDS]     (default hold: 10 s)
 *
 * Prints "ready N" once every connection got its response, so a script
 * can then measure the server's memory.  Raises its own fd limit. */
#include "core/common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

static int read_response(int fd)
{
	char b[16384];
	size_t len = 0;
	for (;;) {
		ssize_t n = recv(fd, b + len, sizeof b - 1 - len, 0);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		b[len] = '\0';
		char *e = strstr(b, "\r\n\r\n");
		if (!e)
			continue;
		char *cl = strcasestr(b, "\r\nContent-Length:");
		long want = cl ? strtol(cl + 17, NULL, 10) : 0;
		if ((long)(len - (size_t)(e + 4 - b)) >= want)
			return strncmp(b, "HTTP/1.1 200", 12) == 0 ? 0 : -1;
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: idle_conns PORT N [HOLD_SECONDS]\n");
		return 2;
	}
	int port = (int)strtol(argv[1], NULL, 10);
	int n = (int)strtol(argv[2], NULL, 10);
	int hold = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 10;
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	int *fds = xcalloc((size_t)n, sizeof *fds);
	static const char req[] = "GET / HTTP/1.1\r\nHost: bench\r\nUser-Agent: idle_conns\r\n\r\n";
	int ok = 0;
	for (int i = 0; i < n; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (fds[i] < 0 || connect(fds[i], (struct sockaddr *)&a, sizeof a) != 0) {
			fprintf(stderr, "idle_conns: connection %d: %s\n", i, strerror(errno));
			break;
		}
		if (send(fds[i], req, sizeof req - 1, MSG_NOSIGNAL) != (ssize_t)(sizeof req - 1)
		    || read_response(fds[i]) != 0) {
			fprintf(stderr, "idle_conns: connection %d: no response\n", i);
			break;
		}
		ok++;
	}
	printf("ready %d\n", ok);
	fflush(stdout);
	sleep((unsigned)hold);
	for (int i = 0; i < ok; i++)
		close(fds[i]);
	free(fds);
	return ok == n ? 0 : 1;
}
