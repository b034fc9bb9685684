/* server.c - the portal over HTTP (h1.c on libevent): listening sockets,
 * worker processes and their supervisor, signals, and the entry point of
 * each request (device detection, the cache, the route table the
 * application handed in).  Responses are resp.c; the request API req.c. */
#include "core/common.h"
#include "http/cache.h"
#include "http/h1.h"
#include "http/req.h"
#include "http/serve.h"
#include "http/server.h"
#include "render/view.h"

#include <arpa/inet.h>
#include <event2/event.h>
#include <event2/util.h>
#include <netdb.h>
#include <netinet/in.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <systemd/sd-daemon.h>
#include <sys/socket.h>
#include <unistd.h>


/* Request limits, set explicitly rather than left to library defaults. */
#define MAX_HEADERS_SIZE 8192
#define MAX_BODY_SIZE 65536
#define IO_TIMEOUT_SECS 30
#define SHUTDOWN_GRACE_MS 5000

/* One listening socket: the public portal or the staff listener. */
struct listener {
	struct server *s;
	const struct route *routes;
	bool staff;
};

/* --- one request ------------------------------------------------------ */

/* The cache key: everything of the profile that changes the bytes, then
 * the target. */
static char *cache_key(const struct req *r, const struct h1_req *hr)
{
	struct buf key = BUF_INIT;
	char num[48];
	int nl = snprintf(num, sizeof num, "%d|%u|%zu|%d|", (int)r->caps.profile, r->caps.wml_version, r->caps.budget,
			  (int)r->caps.wmlc_preferred);
	buf_grow(&key, (size_t)nl + strlen(r->caps.content_type) + hr->target_len + 2);
	buf_add(&key, num, (size_t)nl);
	buf_adds(&key, r->caps.content_type);
	buf_addc(&key, '|');
	buf_add(&key, hr->target, hr->target_len);
	/* Pages follow the region cookie (pages/region.c). */
	char region[24];
	if (req_cookie(r, REQ_REGION_COOKIE, region, sizeof region)) {
		buf_adds(&key, "|region=");
		buf_adds(&key, region);
	}
	return buf_detach(&key);
}

static void on_request(struct h1_conn *conn, const struct h1_req *hr, void *arg)
{
	struct listener *l = arg;
	struct server *s = l->s;
	struct req r;
	int status = req_from_h1(&r, conn, hr, s->app->ctx, !l->staff);
	r.staff = l->staff;
	cidr_client(hr->peer, h1_req_header(hr, "X-Forwarded-For"), h1_req_header(hr, "Forwarded"), s->proxies,
		    s->n_proxies, r.client);
	if (l->staff)
		r.hdrs.view_param = "html"; /* staff pages are for desktop browsers */
	s->app->detect(s->app->ctx, &r.hdrs, &r.caps);
	if (l->staff)
		r.caps.from_param = false;
	if (r.caps.proxy_phone)
		log_info("proxy browser for phone: %.200s", r.caps.proxy_phone);
	if (status == 200 && !l->staff && req_api_route(&r) && r.method == REQ_OPTIONS) {
		resp_send_preflight(s, &r);
		req_release(&r);
		return;
	}

	if (status == 200 && !l->staff && s->cache && (r.method == REQ_GET || r.method == REQ_HEAD)) {
		resp_cache_sync(s);
		r.cache_key = cache_key(&r, hr);
		struct cache_entry *e = cache_get(s->cache, r.cache_key, strlen(r.cache_key));
		if (e) {
			resp_send_entry(s, &r, e);
			req_release(&r);
			return;
		}
	}
	r.view = view_new();
	if (status == 200)
		status = route_dispatch(&r, l->routes);
	resp_send(s, &r, status);
	req_release(&r);
}

/* An error h1 found in a readable head (413, 501, 400 for Host): the
 * error page in the client's dialect, as for any other error. */
static void on_h1_error(struct h1_conn *conn, const struct h1_req *hr, int status, void *arg)
{
	struct listener *l = arg;
	struct server *s = l->s;
	struct req r;
	req_from_h1(&r, conn, hr, s->app->ctx, !l->staff);
	r.staff = l->staff;
	cidr_client(hr->peer, h1_req_header(hr, "X-Forwarded-For"), h1_req_header(hr, "Forwarded"), s->proxies,
		    s->n_proxies, r.client);
	if (l->staff)
		r.hdrs.view_param = "html";
	s->app->detect(s->app->ctx, &r.hdrs, &r.caps);
	if (l->staff)
		r.caps.from_param = false;
	r.view = view_new();
	resp_send(s, &r, status);
	req_release(&r);
}

/* --- signals and shutdown ---------------------------------------------- */

static void on_drain(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct server *s = arg;
	s->drain_ticks++;
	size_t busy = (s->http ? h1_server_busy(s->http) : 0) + (s->staff_http ? h1_server_busy(s->staff_http) : 0);
	if (busy == 0 || s->drain_ticks * 20 >= SHUTDOWN_GRACE_MS)
		event_base_loopexit(s->base, NULL);
}

static void on_stop(evutil_socket_t sig, short what, void *arg)
{
	(void)what;
	struct server *s = arg;
	if (s->stopping)
		return;
	s->stopping = true;
	log_info("signal %d: stopping", (int)sig);
	if (s->http)
		h1_server_stop_accepting(s->http);
	if (s->staff_http)
		h1_server_stop_accepting(s->staff_http);
	struct timeval tv = { 0, 20 * 1000 };
	s->drain_timer = event_new(s->base, -1, EV_PERSIST, on_drain, s);
	event_add(s->drain_timer, &tv);
}

/* Tell systemd (Type=notify; nothing without $NOTIFY_SOCKET) that the
 * service is ready, or reloading. */
void server_notify(const char *state)
{
	sd_notify(0, state);
}

/* READY=1 with a STATUS= line for systemctl status (NULL: none). */
void server_notify_ready(const char *status)
{
	if (!status) {
		server_notify("READY=1");
		return;
	}
	char *msg = xasprintf("READY=1\nSTATUS=%s", status);
	server_notify(msg);
	free(msg);
}

/* Take the settings of a reload (the text reload_read returned): the
 * application keeps its part, the server its logs and proxies. */
void server_take_settings(struct server *s, const char *text)
{
	struct server_live live = { s->access_log_path, s->staff_log_path, s->proxies, s->n_proxies };
	s->cfg->reload_apply(s->cfg->reload_arg, text, &live);
	s->access_log_path = live.access_log;
	s->staff_log_path = live.staff_access_log;
	s->proxies = live.proxies;
	s->n_proxies = live.n_proxies;
}

/* SIGHUP.  The only process (no supervisor) reads the settings again and
 * applies them itself; a worker signalled directly only reopens its logs
 * (its supervisor hands it the settings over its control socket). */
static void on_hup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	struct server *s = arg;
	char *status = NULL;
	if (s->notify_ready)
		server_notify("RELOADING=1");
	if (s->notify_ready && s->cfg->reload_read) {
		char *text = s->cfg->reload_read(s->cfg->reload_arg, &status);
		server_take_settings(s, text);
		free(text);
	}
	access_log_open(s);
	log_info("SIGHUP: access logs reopened");
	if (s->notify_ready)
		server_notify_ready(status);
	free(status);
}

/* A worker: its supervisor's message is the settings of a reload.  Take
 * them, reopen the logs, and say so (one byte back). */
static void on_ctl(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	struct server *s = arg;
	char *msg = xmalloc(SERVER_CTL_MAX + 1);
	ssize_t n = recv(fd, msg, SERVER_CTL_MAX, 0);
	if (n > 0) {
		msg[n] = '\0';
		server_take_settings(s, msg);
		access_log_open(s);
		if (send(fd, "k", 1, MSG_NOSIGNAL) != 1)
			log_error("cannot answer the supervisor: %s", strerror(errno));
	} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
		event_del(s->ctl_ev); /* the supervisor is gone: PDEATHSIG follows */
	}
	free(msg);
}

/* Become user (after the sockets are bound): its groups, then its gid,
 * then its uid, and check that root cannot be regained.  0, or -1 after a
 * one-line error. */
static int drop_privileges(const char *user)
{
	struct passwd *pw = getpwnam(user);
	if (!pw) {
		fprintf(stderr, "qiao: serve: --user: no such user '%s'\n", user);
		return -1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		fprintf(stderr, "qiao: serve: cannot become user %s: %s\n", user, strerror(errno));
		return -1;
	}
	if (pw->pw_uid != 0 && setuid(0) == 0) {
		fprintf(stderr, "qiao: serve: could regain root after becoming %s\n", user);
		return -1;
	}
	log_info("running as user %s", user);
	return 0;
}

/* --- start-up ---------------------------------------------------------- */

static int parse_listen(const char *spec, char **host, int *port)
{
	const char *colon;
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':')
			return -1;
		*host = xstrndup(spec + 1, (size_t)(close - spec - 1));
		colon = close + 1;
	} else {
		colon = strrchr(spec, ':');
		if (!colon || colon == spec)
			return -1;
		*host = xstrndup(spec, (size_t)(colon - spec));
	}
	char *end;
	errno = 0;
	long p = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || p < 0 || p > 65535) {
		free(*host);
		*host = NULL;
		return -1;
	}
	*port = (int)p;
	return 0;
}

/* Open a listening TCP socket for host:port.  With reuseport, several
 * sockets share the port and the kernel spreads connections over them.
 * Returns the fd, or -1 with errno set. */
static int listen_socket(const char *host, int port, bool reuseport, char *addr, size_t addr_len, int *real_port)
{
	struct addrinfo hints, *res = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	char ports[16];
	snprintf(ports, sizeof ports, "%d", port);
	int gai = getaddrinfo(*host ? host : NULL, ports, &hints, &res);
	if (gai != 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (reuseport)
			setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
		if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
			int e = errno;
			close(fd);
			fd = -1;
			errno = e;
		}
	}
	freeaddrinfo(res);
	if (fd < 0)
		return -1;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	*real_port = port;
	snprintf(addr, addr_len, "?");
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET6) {
			struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
			inet_ntop(AF_INET6, &a6->sin6_addr, addr, (socklen_t)addr_len);
			*real_port = ntohs(a6->sin6_port);
		} else {
			struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
			inet_ntop(AF_INET, &a4->sin_addr, addr, (socklen_t)addr_len);
			*real_port = ntohs(a4->sin_port);
		}
	}
	return fd;
}

/* n listening sockets on spec, one per worker, logged as what.  A plain
 * bind comes first, so that a port another server holds is refused rather
 * than shared (SO_REUSEPORT would otherwise share it).  0 or -1 after a
 * one-line error. */
static int open_listeners(const char *spec, int n, int *fds, const char *what)
{
	char *host = NULL, addr[INET6_ADDRSTRLEN];
	int port = 0, real_port = 0;
	parse_listen(spec, &host, &port); /* validated already */
	int probe = listen_socket(host, port, false, addr, sizeof addr, &real_port);
	if (probe < 0) {
		fprintf(stderr, "qiao: serve: cannot listen on %s: %s\n", spec,
			errno == EADDRINUSE ? "address already in use" : strerror(errno));
		free(host);
		return -1;
	}
	close(probe);
	for (int i = 0; i < n; i++) {
		fds[i] = listen_socket(host, real_port, true, addr, sizeof addr, &real_port);
		if (fds[i] < 0) {
			fprintf(stderr, "qiao: serve: cannot listen on %s: %s\n", spec, strerror(errno));
			while (i-- > 0)
				close(fds[i]);
			free(host);
			return -1;
		}
	}
	free(host);
	bool v6 = strchr(addr, ':') != NULL;
	log_info("%s on http://%s%s%s:%d/", what, v6 ? "[" : "", addr, v6 ? "]" : "", real_port);
	return 0;
}

static struct h1_server *new_http(struct event_base *base, struct listener *l, int fd)
{
	struct h1_config cfg = {
		.max_head_bytes = MAX_HEADERS_SIZE,
		.max_body_bytes = MAX_BODY_SIZE,
		.max_target_bytes = REQ_MAX_URI,
		.head_timeout_ms = 10000,
		.body_timeout_ms = 30000,
		.idle_timeout_ms = 60000,
		.write_timeout_ms = IO_TIMEOUT_SECS * 1000,
		.max_conns = 20000,
		.out_high_water = 256 * 1024,
		.error_fn = on_h1_error,
	};
	return h1_server_new(base, fd, &cfg, on_request, l);
}

/* Set up one worker's event loop on its sockets. */
static int worker_setup(struct server *s, const struct server_config *cfg, struct listener *pub,
			struct listener *staff, int pub_fd, int staff_fd)
{
	if (cfg->cache_bytes) {
		s->cache = cache_new(cfg->cache_bytes);
		int64_t gen = 0, at = 0;
		s->app->generation(s->app->ctx, true, &gen, &at);
		s->cache_generation = gen;
		s->changed_at = at;
	}
	s->base = event_base_new();
	if (s->base)
		s->http = new_http(s->base, pub, pub_fd);
	if (s->http && staff_fd >= 0)
		s->staff_http = new_http(s->base, staff, staff_fd);
	if (!s->base || !s->http || (staff_fd >= 0 && !s->staff_http)) {
		fprintf(stderr, "qiao: serve: cannot set up the event loop\n");
		return -1;
	}
	access_log_open(s);
	if (s->ctl >= 0) {
		s->ctl_ev = event_new(s->base, s->ctl, EV_READ | EV_PERSIST, on_ctl, s);
		if (s->ctl_ev)
			event_add(s->ctl_ev, NULL);
	}
	s->sig_term = evsignal_new(s->base, SIGTERM, on_stop, s);
	s->sig_int = evsignal_new(s->base, SIGINT, on_stop, s);
	s->sig_hup = evsignal_new(s->base, SIGHUP, on_hup, s);
	event_add(s->sig_term, NULL);
	event_add(s->sig_int, NULL);
	event_add(s->sig_hup, NULL);
	return 0;
}

static void worker_teardown(struct server *s)
{
	if (s->drain_timer)
		event_free(s->drain_timer);
	if (s->ctl_ev)
		event_free(s->ctl_ev);
	if (s->sig_term)
		event_free(s->sig_term);
	if (s->sig_int)
		event_free(s->sig_int);
	if (s->sig_hup)
		event_free(s->sig_hup);
	if (s->staff_http)
		h1_server_free(s->staff_http);
	if (s->http)
		h1_server_free(s->http);
	if (s->base)
		event_base_free(s->base);
	if (s->access_log && s->access_log != stdout)
		fclose(s->access_log);
	if (s->staff_log && s->staff_log != stdout)
		fclose(s->staff_log);
	cache_free(s->cache);
	s->cache = NULL;
}

/* One worker: the application's per-process resources (its own database
 * connection), the cache and an event loop on its sockets, until
 * SIGTERM/SIGINT.  Returns the exit status. */
int worker_run(struct server *s, const struct server_config *cfg, int pub_fd, int staff_fd)
{
	struct listener pub = { s, s->app->routes, false }, staff = { s, s->app->staff_routes, true };
	char *err = NULL;
	if (s->app->worker_open(s->app->ctx, &err) != 0) {
		fprintf(stderr, "qiao: serve: %s\n", err);
		free(err);
		return 1;
	}
	int rc = 1;
	if (worker_setup(s, cfg, &pub, &staff, pub_fd, staff_fd) == 0) {
		if (s->notify_ready)
			server_notify("READY=1");
		event_base_dispatch(s->base);
		rc = 0;
	}
	worker_teardown(s);
	s->app->worker_close(s->app->ctx);
	return rc;
}

int server_check_config(const struct server_config *cfg)
{
	const char *specs[2] = { cfg->listen, cfg->staff_listen };
	for (int i = 0; i < 2; i++) {
		char *h = NULL;
		int p;
		if (specs[i] && parse_listen(specs[i], &h, &p) != 0) {
			fprintf(stderr, "qiao: serve: bad %s '%s' (expected ADDR:PORT)\n", i ? "--staff-listen" : "--listen", specs[i]);
			return 2;
		}
		free(h);
	}
	return 0;
}

int server_run(const struct server_config *cfg)
{
	struct server s;
	memset(&s, 0, sizeof s);
	s.app = cfg->app;
	s.cfg = cfg;
	s.ctl = -1;
	s.proxies = cfg->trusted_proxies;
	s.n_proxies = cfg->n_trusted_proxies;
	s.access_log_path = cfg->access_log;
	s.staff_log_path = cfg->staff_access_log;
	int n = cfg->workers > 0 ? cfg->workers : 1;
	int staff_fd = -1;
	if (server_check_config(cfg) != 0)
		return 2;
	signal(SIGPIPE, SIG_IGN);
	h1_raise_fd_limit();
	int *fds = xcalloc((size_t)n, sizeof *fds);
	if (open_listeners(cfg->listen, n, fds, cfg->what ? cfg->what : "serving") != 0) {
		free(fds);
		return 1;
	}
	if (cfg->staff_listen && open_listeners(cfg->staff_listen, 1, &staff_fd, "staff preview") != 0) {
		for (int i = 0; i < n; i++)
			close(fds[i]);
		free(fds);
		return 1;
	}
	if (cfg->user && drop_privileges(cfg->user) != 0) {
		for (int i = 0; i < n; i++)
			close(fds[i]);
		if (staff_fd >= 0)
			close(staff_fd);
		free(fds);
		return 1;
	}
	s.notify_ready = n == 1;
	int rc = n == 1 ? worker_run(&s, cfg, fds[0], staff_fd) : supervise(&s, cfg, fds, n, staff_fd);
	server_notify("STOPPING=1");
	log_info("stopped");
	for (int i = 0; i < n; i++)
		close(fds[i]);
	if (staff_fd >= 0)
		close(staff_fd);
	free(fds);
	return rc;
}
