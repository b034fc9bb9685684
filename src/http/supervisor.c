/* supervisor.c - several worker processes on one port: start them, pass
 * SIGTERM/SIGINT on, restart one that dies, and reload them on SIGHUP
 * (the settings handed to each over a control socket).  server.c runs one
 * worker itself when there is only one.  Private to http/ (serve.h). */
#include "core/common.h"
#include "http/serve.h"
#include "http/server.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A worker leaves through _exit(), which skips LeakSanitizer's check at
 * exit; in a sanitizer build it runs the check itself first. */
#if defined(__SANITIZE_ADDRESS__)
#define QIAO_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QIAO_LSAN 1
#endif
#endif
#ifdef QIAO_LSAN
#include <sanitizer/lsan_interface.h>
#define worker_leak_check() __lsan_do_leak_check()
#else
#define worker_leak_check() ((void)0)
#endif

/* Each worker has this long to say it took a reload's settings. */
#define RELOAD_WAIT_MS 5000

static volatile sig_atomic_t sup_stop, sup_hup;

static void sup_signal(int sig)
{
	if (sig == SIGHUP)
		sup_hup = 1;
	else
		sup_stop = 1;
}

/* The supervisor's view of its workers. */
struct sup {
	int n;
	pid_t *pids;
	int *ctl;          /* its end of each worker's control socket (-1: none) */
	char *settings;    /* the settings of the last reload (NULL: none yet) */
};

static pid_t spawn_worker(struct server *s, const struct server_config *cfg, struct sup *sv, int *fds, int staff_fd, int i)
{
	int pair[2] = { -1, -1 };
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
		log_error("worker %d: no control socket (%s): it will only reopen its logs on SIGHUP", i, strerror(errno));
	fflush(stdout);
	fflush(stderr);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid != 0) {
		if (pair[1] >= 0)
			close(pair[1]);
		if (sv->ctl[i] >= 0)
			close(sv->ctl[i]);
		sv->ctl[i] = pid > 0 ? pair[0] : -1;
		if (pid < 0 && pair[0] >= 0)
			close(pair[0]);
		return pid;
	}
	/* The child keeps its own socket only. */
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	/* A worker whose supervisor dies (even by kill -9) stops: it gets
	 * SIGTERM and drains like on a normal stop, so no orphan keeps serving
	 * on the shared port with old code and settings.  The parent may have
	 * died before the request was made: then getppid() is no longer it. */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
		_exit(1);
	for (int k = 0; k < sv->n; k++) {
		if (k != i)
			close(fds[k]);
		if (sv->ctl[k] >= 0)
			close(sv->ctl[k]);
	}
	if (pair[0] >= 0)
		close(pair[0]);
	if (i != 0 && staff_fd >= 0)
		close(staff_fd);
	s->ctl = pair[1];
	/* Started after a reload: run with its settings, not the first ones. */
	if (sv->settings)
		server_take_settings(s, sv->settings);
	int rc = worker_run(s, cfg, fds[i], i == 0 ? staff_fd : -1);
	free(sv->settings);
	free(sv->pids);
	free(sv->ctl);
	worker_leak_check();
	_exit(rc);
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* SIGHUP in the supervisor: read the settings again (reload_read says
 * what changed and what needs a restart), hand them to every worker over
 * its control socket and wait until each has taken them (they reopen
 * their logs then).  No worker is stopped: no connection is dropped. */
static void sup_reload(const struct server_config *cfg, struct sup *sv)
{
	server_notify("RELOADING=1");
	char *status = NULL;
	if (cfg->reload_read) {
		char *text = cfg->reload_read(cfg->reload_arg, &status);
		if (strlen(text) > SERVER_CTL_MAX) {
			log_error("SIGHUP: the settings are longer than %d bytes: still running on the previous ones", SERVER_CTL_MAX);
			free(text);
		} else {
			free(sv->settings);
			sv->settings = text;
		}
	}
	struct pollfd *pf = xcalloc((size_t)sv->n, sizeof *pf);
	int waiting = 0, told = 0;
	for (int i = 0; i < sv->n; i++) {
		if (sv->pids[i] <= 0)
			continue;
		if (!sv->settings || sv->ctl[i] < 0) {
			kill(sv->pids[i], SIGHUP); /* its logs at least */
			continue;
		}
		char stale[16];
		while (recv(sv->ctl[i], stale, sizeof stale, MSG_DONTWAIT) > 0)
			; /* a late answer to an earlier reload */
		size_t len = strlen(sv->settings);
		if (send(sv->ctl[i], sv->settings, len, MSG_DONTWAIT | MSG_NOSIGNAL) != (ssize_t)len) {
			log_error("SIGHUP: worker %d (pid %d) cannot be given the settings: %s", i, (int)sv->pids[i],
				  strerror(errno));
			continue;
		}
		told++;
		pf[waiting].fd = sv->ctl[i];
		pf[waiting++].events = POLLIN;
	}
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	int took = 0, done = 0;
	while (done < waiting && !sup_stop) {
		long left = RELOAD_WAIT_MS - elapsed_ms(&start);
		if (left <= 0)
			break;
		int r = poll(pf, (nfds_t)waiting, (int)left);
		if (r < 0 && errno != EINTR)
			break;
		for (int k = 0; r > 0 && k < waiting; k++) {
			if (pf[k].fd < 0 || !pf[k].revents)
				continue;
			char ack;
			if (recv(pf[k].fd, &ack, 1, MSG_DONTWAIT) == 1)
				took++; /* else the worker is gone: the main loop restarts it */
			pf[k].fd = -1;
			done++;
		}
	}
	free(pf);
	if (sv->settings)
		log_info("SIGHUP: %d of %d workers took the settings", took, told);
	if (took < told)
		log_error("SIGHUP: %d workers did not answer within %d ms", told - took, RELOAD_WAIT_MS);
	server_notify_ready(status);
	free(status);
}

/* Start n workers and keep them running until SIGTERM/SIGINT, which is
 * passed on to them.  SIGHUP reloads (sup_reload).  A worker that dies is
 * restarted, with the settings of the last reload. */
int supervise(struct server *s, const struct server_config *cfg, int *fds, int n, int staff_fd)
{
	struct sup sv = { n, xcalloc((size_t)n, sizeof(pid_t)), xcalloc((size_t)n, sizeof(int)), NULL };
	for (int i = 0; i < n; i++)
		sv.ctl[i] = -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sup_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	for (int i = 0; i < n; i++)
		sv.pids[i] = spawn_worker(s, cfg, &sv, fds, staff_fd, i);
	log_info("%d workers started", n);
	server_notify("READY=1");
	int alive = n, rc = 0;
	bool stopping = false;
	while (alive > 0) {
		if (sup_stop && !stopping) {
			stopping = true;
			for (int i = 0; i < n; i++)
				if (sv.pids[i] > 0)
					kill(sv.pids[i], SIGTERM);
		}
		if (sup_hup && !stopping) {
			sup_hup = 0;
			sup_reload(cfg, &sv);
			continue;
		}
		int st;
		pid_t pid = waitpid(-1, &st, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < n; i++) {
			if (sv.pids[i] != pid)
				continue;
			sv.pids[i] = 0;
			if (stopping || sup_stop) {
				alive--;
				if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
					rc = 1;
			} else {
				log_error("worker %d (pid %d) ended (%s %d); starting another", i, (int)pid,
					  WIFSIGNALED(st) ? "signal" : "status", WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
				sleep(1);
				sv.pids[i] = spawn_worker(s, cfg, &sv, fds, staff_fd, i);
			}
		}
	}
	for (int i = 0; i < n; i++)
		if (sv.ctl[i] >= 0)
			close(sv.ctl[i]);
	free(sv.ctl);
	free(sv.pids);
	free(sv.settings);
	return rc;
}
