/* httpc.c - a small blocking HTTP/1.1 client (see httpc.h). */
#include "core/common.h"
#include "check/httpc.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* --- URLs ---------------------------------------------------------------- */

int httpc_url_parse(const char *url, struct httpc_url *out, char **err)
{
	memset(out, 0, sizeof(*out));
	if (!url || strncasecmp(url, "http://", 7) != 0) {
		*err = xasprintf("only http:// URLs are supported: '%s'", url ? url : "");
		return -1;
	}
	const char *h = url + 7;
	size_t auth_len = strcspn(h, "/?#");
	const char *rest = h + auth_len;
	char *auth = xstrndup(h, auth_len);
	if (strchr(auth, '@')) {
		*err = xasprintf("user info in URLs is not supported: '%s'", url);
		free(auth);
		return -1;
	}
	char *host = auth, *port = NULL;
	if (auth[0] == '[') {                 /* [IPv6]:port */
		char *close = strchr(auth, ']');
		if (!close) {
			*err = xasprintf("bad host in '%s'", url);
			free(auth);
			return -1;
		}
		*close = '\0';
		host = auth + 1;
		if (close[1] == ':')
			port = close + 2;
		else if (close[1] != '\0')
			host = NULL;
	} else {
		char *colon = strchr(auth, ':');
		if (colon) {
			*colon = '\0';
			port = colon + 1;
		}
	}
	long p = 80;
	if (port) {
		char *end;
		errno = 0;
		p = strtol(port, &end, 10);
		if (!*port || *end || errno || p < 1 || p > 65535)
			p = -1;
	}
	if (!host || !*host || p < 0) {
		*err = xasprintf("bad host or port in '%s'", url);
		free(auth);
		return -1;
	}
	out->host = xstrdup(host);
	out->port = (int)p;
	size_t tlen = strcspn(rest, "#");
	if (tlen == 0 || rest[0] == '#')
		out->target = xstrdup("/");
	else if (rest[0] == '?')
		out->target = xasprintf("/%.*s", (int)tlen, rest);
	else
		out->target = xstrndup(rest, tlen);
	free(auth);
	return 0;
}

void httpc_url_free(struct httpc_url *u)
{
	if (!u)
		return;
	free(u->host);
	free(u->target);
	memset(u, 0, sizeof(*u));
}

/* --- parsing --------------------------------------------------------------- */

static const char *find_crlf(const char *p, const char *end)
{
	for (; p + 1 < end; p++)
		if (p[0] == '\r' && p[1] == '\n')
			return p;
	return NULL;
}

static char *trimmed(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

long httpc_parse_head(const char *data, size_t len, struct httpc_response *out, char **err)
{
	const char *end = data + len;
	/* Need the whole head first: find the blank line. */
	const char *blank = NULL;
	for (const char *p = data; p + 3 < end; p++)
		if (p[0] == '\r' && p[1] == '\n' && p[2] == '\r' && p[3] == '\n') {
			blank = p;
			break;
		}
	if (!blank)
		return 0;
	const char *eol = find_crlf(data, end);
	/* "HTTP/1.x NNN reason" */
	if ((size_t)(eol - data) < 12 || strncmp(data, "HTTP/1.", 7) != 0 || data[8] != ' ' ||
	    !isdigit((unsigned char)data[9]) || !isdigit((unsigned char)data[10]) ||
	    !isdigit((unsigned char)data[11]) || (eol - data > 12 && data[12] != ' ')) {
		*err = xasprintf("malformed status line");
		return -1;
	}
	out->status = (data[9] - '0') * 100 + (data[10] - '0') * 10 + (data[11] - '0');
	form_release(&out->headers);
	const char *p = eol + 2;
	while (p < blank + 2) {
		const char *le = find_crlf(p, end);
		if (le == p)
			break;
		const char *colon = memchr(p, ':', (size_t)(le - p));
		if (!colon || colon == p || *p == ' ' || *p == '\t') {
			*err = xasprintf("malformed header line");
			form_release(&out->headers);
			return -1;
		}
		for (const char *q = p; q < colon; q++)
			if (*q <= ' ' || *q >= 127) {
				*err = xasprintf("malformed header name");
				form_release(&out->headers);
				return -1;
			}
		struct form *h = &out->headers;
		h->fields = xrealloc(h->fields, (h->n + 1) * sizeof(*h->fields));
		h->fields[h->n].name = xstrndup(p, (size_t)(colon - p));
		h->fields[h->n].value = trimmed(colon + 1, le);
		h->fields[h->n].value_len = strlen(h->fields[h->n].value);
		h->n++;
		p = le + 2;
	}
	return (long)(blank + 4 - data);
}

int httpc_dechunk(const char *data, size_t len, struct buf *out, size_t *used, char **err)
{
	const char *p = data, *end = data + len;
	for (;;) {
		const char *le = find_crlf(p, end);
		if (!le)
			return len - (size_t)(p - data) > 1024 ? (*err = xasprintf("chunk size line too long"), -1) : 0;
		size_t size = 0;
		const char *q = p;
		if (q == le || !isxdigit((unsigned char)*q)) {
			*err = xasprintf("malformed chunk size");
			return -1;
		}
		for (; q < le && isxdigit((unsigned char)*q); q++) {
			if (size > (SIZE_MAX >> 4)) {
				*err = xasprintf("chunk too large");
				return -1;
			}
			int d = isdigit((unsigned char)*q) ? *q - '0' : (tolower((unsigned char)*q) - 'a' + 10);
			size = size * 16 + (size_t)d;
		}
		if (q < le && *q != ';' && *q != ' ' && *q != '\t') {
			*err = xasprintf("malformed chunk size");
			return -1;
		}
		p = le + 2;
		if (size == 0) {
			/* trailers, then a blank line */
			for (;;) {
				const char *te = find_crlf(p, end);
				if (!te)
					return 0;
				bool last = te == p;
				p = te + 2;
				if (last) {
					*used = (size_t)(p - data);
					return 1;
				}
			}
		}
		if ((size_t)(end - p) < size + 2)
			return 0;
		if (p[size] != '\r' || p[size + 1] != '\n') {
			*err = xasprintf("chunk not followed by CRLF");
			return -1;
		}
		buf_add(out, p, size);
		p += size + 2;
	}
}

/* --- I/O ------------------------------------------------------------------ */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		long long left = deadline - now_ms();
		if (left <= 0)
			return -1;
		struct pollfd pfd = { .fd = fd, .events = events };
		int rc = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (rc > 0)
			return 0;
		if (rc == 0)
			return -1;
		if (errno != EINTR)
			return -1;
	}
}

static int connect_to(const struct httpc_url *u, long long deadline, char **err)
{
	char port[16];
	snprintf(port, sizeof(port), "%d", u->port);
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai = NULL;
	int rc = getaddrinfo(u->host, port, &hints, &ai);
	if (rc != 0) {
		*err = xasprintf("%s: %s", u->host, gai_strerror(rc));
		return -1;
	}
	int fd = -1, saved = 0;
	for (struct addrinfo *a = ai; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0) {
			saved = errno;
			continue;
		}
		if (connect(fd, a->ai_addr, a->ai_addrlen) == 0)
			break;
		if (errno == EINPROGRESS && wait_fd(fd, POLLOUT, deadline) == 0) {
			int soerr = 0;
			socklen_t sl = sizeof(soerr);
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr == 0)
				break;
			saved = soerr ? soerr : ETIMEDOUT;
		} else {
			saved = errno == EINPROGRESS ? ETIMEDOUT : errno;
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		*err = xasprintf("cannot connect to %s:%d: %s", u->host, u->port, strerror(saved ? saved : ECONNREFUSED));
	return fd;
}

static int send_all(int fd, const char *p, size_t n, long long deadline, char **err)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w > 0) {
			p += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_fd(fd, POLLOUT, deadline) == 0)
			continue;
		*err = xasprintf("send: %s", w < 0 ? strerror(errno) : "connection closed");
		return -1;
	}
	return 0;
}

static const char *host_header(const struct httpc_url *u, struct buf *b)
{
	bool v6 = strchr(u->host, ':') != NULL;
	buf_addf(b, v6 ? "[%s]" : "%s", u->host);
	if (u->port != 80)
		buf_addf(b, ":%d", u->port);
	return buf_cstr(b);
}

/* A response being read: what has come so far and its framing. */
struct reading {
	const struct httpc_limits *lim;
	struct httpc_response *out;
	struct buf raw;
	long head_len;                 /* 0 until the head is complete */
	bool chunked, eof;
	long long content_length;      /* -1: not given */
};

/* Look for a complete head and take its framing.  0, or -1 on error. */
static int read_head(struct reading *rd, char **err)
{
	rd->head_len = httpc_parse_head(rd->raw.data ? rd->raw.data : "", rd->raw.len, rd->out, err);
	if (rd->head_len < 0)
		return -1;
	if (rd->head_len == 0) {
		if (rd->raw.len > rd->lim->max_head) {
			*err = xasprintf("response head longer than %zu bytes", rd->lim->max_head);
			return -1;
		}
		return 0;
	}
	const char *te = httpc_header(rd->out, "Transfer-Encoding");
	const char *cl = httpc_header(rd->out, "Content-Length");
	rd->chunked = te && strcasestr(te, "chunked");
	if (!rd->chunked && cl) {
		char *e;
		errno = 0;
		rd->content_length = strtoll(cl, &e, 10);
		if (errno || *e || rd->content_length < 0) {
			*err = xasprintf("bad Content-Length '%s'", cl);
			return -1;
		}
	}
	int st = rd->out->status;
	if (st == 204 || st == 304 || (st >= 100 && st < 200))
		rd->content_length = 0;
	return 0;
}

static int too_long(const struct reading *rd, char **err)
{
	*err = xasprintf("body longer than %zu bytes", rd->lim->max_body);
	return -1;
}

/* Is the body complete?  1 yes (it is in out->body), 0 not yet, -1 error. */
static int read_body(struct reading *rd, char **err)
{
	const char *b = rd->raw.data + rd->head_len;
	size_t blen = rd->raw.len - (size_t)rd->head_len;
	long long cl = rd->content_length;
	struct buf *body = &rd->out->body;
	if (rd->chunked) {
		size_t used = 0;
		buf_reset(body);
		int d = httpc_dechunk(b, blen, body, &used, err);
		if (d != 0)
			return d;
		return body->len > rd->lim->max_body ? too_long(rd, err) : 0;
	}
	if (cl >= 0 && blen >= (size_t)cl) {
		buf_reset(body);
		buf_add(body, b, (size_t)cl);
		return 1;
	}
	if (cl >= 0 && (size_t)cl > rd->lim->max_body)
		return too_long(rd, err);
	if (rd->eof) {
		if (cl >= 0) {
			*err = xasprintf("connection closed after %zu of %lld body bytes", blen, cl);
			return -1;
		}
		buf_reset(body);
		buf_add(body, b, blen);
		return 1;
	}
	return blen > rd->lim->max_body ? too_long(rd, err) : 0;
}

/* Receive what the server has sent next (or note its end).  0, or -1. */
static int read_more(int fd, struct reading *rd, long long deadline, char **err)
{
	for (;;) {
		buf_grow(&rd->raw, 8192);
		ssize_t r = recv(fd, rd->raw.data + rd->raw.len, rd->raw.cap - rd->raw.len - 1, 0);
		if (r > 0) {
			rd->raw.len += (size_t)r;
			rd->raw.data[rd->raw.len] = '\0';
			return 0;
		}
		if (r == 0) {
			rd->eof = true;
			return 0;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (wait_fd(fd, POLLIN, deadline) == 0)
				return 0;
			*err = xasprintf("timed out after %d ms", rd->lim->timeout_ms);
			return -1;
		}
		*err = xasprintf("recv: %s", strerror(errno));
		return -1;
	}
}

static int send_request(int fd, const struct httpc_url *u, const char *target, const char *const *headers,
			long long deadline, char **err)
{
	struct buf req = BUF_INIT, host = BUF_INIT;
	buf_addf(&req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n", target, host_header(u, &host));
	for (size_t i = 0; headers && headers[i]; i++)
		if (!strpbrk(headers[i], "\r\n"))
			buf_addf(&req, "%s\r\n", headers[i]);
	buf_adds(&req, "\r\n");
	buf_release(&host);
	int rc = send_all(fd, req.data, req.len, deadline, err);
	buf_release(&req);
	return rc;
}

int httpc_get(const struct httpc_url *u, const char *target, const char *const *headers,
	      const struct httpc_limits *lim, struct httpc_response *out, char **err)
{
	memset(out, 0, sizeof(*out));
	long long deadline = now_ms() + (lim->timeout_ms > 0 ? lim->timeout_ms : 10000);
	if (!target || target[0] != '/' || strpbrk(target, " \r\n")) {
		*err = xasprintf("bad request target '%s'", target ? target : "");
		return -1;
	}
	int fd = connect_to(u, deadline, err);
	if (fd < 0)
		return -1;
	int rc = send_request(fd, u, target, headers, deadline, err);
	struct reading rd = { .lim = lim, .out = out, .raw = BUF_INIT, .content_length = -1 };
	while (rc == 0) {
		if (rd.head_len == 0 && read_head(&rd, err) < 0) {
			rc = -1;
			break;
		}
		if (rd.head_len > 0) {
			int done = read_body(&rd, err);
			if (done != 0) {
				rc = done < 0 ? -1 : 0;
				break;
			}
		}
		if (rd.eof) {
			*err = xasprintf(rd.head_len ? "connection closed in the middle of the body"
						     : "connection closed before a complete response head");
			rc = -1;
			break;
		}
		rc = read_more(fd, &rd, deadline, err);
	}
	close(fd);
	buf_release(&rd.raw);
	return rc;
}

const char *httpc_header(const struct httpc_response *r, const char *name)
{
	for (size_t i = 0; i < r->headers.n; i++)
		if (strcasecmp(r->headers.fields[i].name, name) == 0)
			return r->headers.fields[i].value;
	return NULL;
}

void httpc_response_free(struct httpc_response *r)
{
	if (!r)
		return;
	form_release(&r->headers);
	buf_release(&r->body);
	memset(r, 0, sizeof(*r));
}
