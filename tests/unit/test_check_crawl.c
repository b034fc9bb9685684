/* test_check_crawl.c - the crawler of `qiao check` (check_run) against a
 * small HTTP server forked here, whose pages and links are known: which
 * links it follows (once each), which it leaves, what it reports for a
 * broken link and an oversized deck, the page limit, and an unreachable
 * server. */
#include "core/common.h"
#include "harness.h"
#include "check/check.h"
#include "check/crawl.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/qiao-test-crawl-XXXXXX";
static char log_path[256];
static pid_t server_pid;
static int port;

#define DECK_HEAD "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
	"<!DOCTYPE wml PUBLIC \"-//WAPFORUM//DTD WML 1.1//EN\" \"http://www.wapforum.org/DTD/wml_1.1.xml\">\n" \
	"<wml><card id=\"c\" title=\"T\"><p>"
#define DECK_TAIL "</p></card></wml>\n"

/* The WML pages: / links to a followed page (twice, once with a
 * fragment), a page that is missing, a deck over budget, another
 * dialect's view, another host and a variable URL. */
static void page_for(const char *path, bool wml, int *status, struct buf *body)
{
	*status = 200;
	if (!wml) {
		buf_adds(body, "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>t</title></head><body><p>x</p></body></html>");
		return;
	}
	buf_adds(body, DECK_HEAD);
	if (strcmp(path, "/") == 0) {
		buf_adds(body, "<a href=\"/a\">A</a> <a href=\"/a#top\">A2</a> <a href=\"/missing\">M</a> "
			       "<a href=\"/big\">B</a> <a href=\"/?view=html\">H</a> "
			       "<a href=\"http://example.invalid/x\">X</a> <a href=\"/v/$(id)\">V</a>");
	} else if (strcmp(path, "/a") == 0) {
		buf_adds(body, "<a href=\"/\">home</a>");
	} else if (strcmp(path, "/big") == 0) {
		for (int i = 0; i < 200; i++)
			buf_adds(body, "湖南省人民政府 ");
	} else {
		*status = 404;
		buf_adds(body, "not found");
	}
	buf_adds(body, DECK_TAIL);
}

static void serve_one(int c, FILE *log)
{
	char req[8192];
	size_t n = 0;
	while (n < sizeof req - 1) {
		ssize_t k = read(c, req + n, sizeof req - 1 - n);
		if (k <= 0)
			break;
		n += (size_t)k;
		req[n] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[n] = '\0';
	char path[2048] = "";
	if (sscanf(req, "GET %2047s ", path) != 1)
		return;
	bool wml = strstr(req, "Nokia") != NULL;
	fprintf(log, "%s %s\n", wml ? "wml" : "other", path);
	fflush(log);
	int status;
	struct buf body = BUF_INIT, resp = BUF_INIT;
	page_for(path, wml, &status, &body);
	buf_addf(&resp, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nCache-Control: max-age=60\r\nConnection: close\r\n\r\n",
		 status, status == 200 ? "OK" : "Not Found",
		 wml ? "text/vnd.wap.wml; charset=utf-8" : "text/html; charset=utf-8", body.len);
	buf_add(&resp, body.data, body.len);
	size_t off = 0;
	while (off < resp.len) {
		ssize_t k = write(c, resp.data + off, resp.len - off);
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	buf_release(&body);
	buf_release(&resp);
}

TEST(start_server)
{
	CHECK(mkdtemp(dir) != NULL);
	snprintf(log_path, sizeof log_path, "%s/requests.log", dir);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(s >= 0 && bind(s, (struct sockaddr *)&a, sizeof a) == 0 && listen(s, 16) == 0);
	socklen_t len = sizeof a;
	CHECK(getsockname(s, (struct sockaddr *)&a, &len) == 0);
	port = ntohs(a.sin_port);
	fflush(stdout);
	fflush(stderr);
	server_pid = fork();
	if (server_pid == 0) {
		FILE *log = fopen(log_path, "a");
		/* Bounded: at most 500 requests, then it ends by itself. */
		for (int i = 0; i < 500 && log; i++) {
			int c = accept(s, NULL, NULL);
			if (c < 0)
				break;
			serve_one(c, log);
			close(c);
		}
		_exit(0);
	}
	close(s);
	CHECK(server_pid > 0);
}

static char *crawl(size_t max_pages, int *rc)
{
	char base[64];
	snprintf(base, sizeof base, "http://127.0.0.1:%d/", port);
	truncate(log_path, 0);
	FILE *out = tmpfile();
	struct check_options o = { base, max_pages, NULL, false, true, 30, false, out };
	char *err = NULL;
	*rc = check_run(&o, &err);
	if (err)
		fprintf(stderr, "    check_run: %s\n", err);
	free(err);
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	rewind(out);
	while ((n = fread(chunk, 1, sizeof chunk, out)) > 0)
		buf_add(&b, chunk, n);
	buf_adds(&b, "");
	fclose(out);
	return buf_detach(&b);
}

/* How many times the WML crawl asked for path. */
static int fetched(const char *path)
{
	FILE *f = fopen(log_path, "r");
	char line[2100], want[2100];
	int n = 0;
	snprintf(want, sizeof want, "wml %s\n", path);
	while (f && fgets(line, sizeof line, f))
		if (strcmp(line, want) == 0)
			n++;
	if (f)
		fclose(f);
	return n;
}

static int wml_fetches(void)
{
	FILE *f = fopen(log_path, "r");
	char line[2100];
	int n = 0;
	while (f && fgets(line, sizeof line, f))
		if (strncmp(line, "wml ", 4) == 0)
			n++;
	if (f)
		fclose(f);
	return n;
}

TEST(follows_the_right_links_once)
{
	int rc;
	char *report = crawl(50, &rc);
	CHECK_INT(rc, 1); /* a broken link and a deck over budget */
	CHECK_INT(fetched("/"), 1);
	CHECK_INT(fetched("/a"), 1); /* "/a#top" is the same page */
	CHECK_INT(fetched("/missing"), 1);
	CHECK_INT(fetched("/big"), 1);
	CHECK_INT(fetched("/?view=html"), 0); /* another dialect */
	CHECK_INT(fetched("/x"), 0);          /* another host */
	CHECK_INT(wml_fetches(), 4);          /* and not the variable URL */
	free(report);
}

TEST(reports_broken_link_and_budget)
{
	int rc;
	char *report = crawl(50, &rc);
	CHECK_INT(rc, 1);
	CHECK_CONTAINS(report, "BROKEN_LINK: /missing answers 404 (linked from /)");
	CHECK_CONTAINS(report, "FAIL wml /big ");
	CHECK_CONTAINS(report, "PAGE_SIZE_LIMIT:");
	CHECK_NOT_CONTAINS(report, "FAIL wml /a ");
	CHECK_NOT_CONTAINS(report, "FAIL wml / ");
	free(report);
}

TEST(page_limit)
{
	int rc;
	char *report = crawl(2, &rc);
	CHECK_INT(wml_fetches(), 2);
	free(report);
}

TEST(page_kinds_of_paths)
{
	CHECK_STR(check_kind_name(check_kind_of("/")), "home");
	CHECK_STR(check_kind_name(check_kind_of("/?view=wml")), "home");
	CHECK_STR(check_kind_name(check_kind_of("/section/3")), "section");
	CHECK_STR(check_kind_name(check_kind_of("/news")), "news-index");
	CHECK_STR(check_kind_name(check_kind_of("/news/c/3?page=2")), "column");
	CHECK_STR(check_kind_name(check_kind_of("/news/12?p=2")), "article");
	CHECK_STR(check_kind_name(check_kind_of("/messages?type=x")), "messages");
	CHECK_STR(check_kind_name(check_kind_of("/messages/new")), "message-new");
	CHECK_STR(check_kind_name(check_kind_of("/messages/lookup?code=AB")), "lookup");
	CHECK_STR(check_kind_name(check_kind_of("/messages/ABCD2345")), "message");
	CHECK_STR(check_kind_name(check_kind_of("/services")), "services");
	CHECK_STR(check_kind_name(check_kind_of("/services/search?q=x")), "search");
	CHECK_STR(check_kind_name(check_kind_of("/services/region/2")), "region");
	CHECK_STR(check_kind_name(check_kind_of("/services/unit/9")), "unit");
	CHECK_STR(check_kind_name(check_kind_of("/services/topic/1")), "topic");
	CHECK_STR(check_kind_name(check_kind_of("/services/123")), "guide");
	CHECK_INT(check_kind_of("/healthz"), -1);
	CHECK_INT(check_kind_of("/news/"), -1);
	CHECK_INT(check_kind_of("/newsx"), -1);
	CHECK_STR(check_kind_name(-1), "other");
}

/* With enough pages to judge, the kinds the toy site never links fail
 * the crawl, by name; with fewer they are not judged. */
TEST(unreached_kinds_fail_by_name)
{
	int rc;
	char *report = crawl(CHECK_KINDS_MIN_PAGES, &rc);
	CHECK_INT(rc, 1);
	CHECK_CONTAINS(report, "UNREACHED services (/services) as wml,xhtmlmp,html: no page links to it");
	CHECK_CONTAINS(report, "UNREACHED article (/news/) as wml,xhtmlmp,html");
	CHECK_NOT_CONTAINS(report, "UNREACHED home");
	CHECK_CONTAINS(report, "page kinds unreached");
	free(report);
	report = crawl(CHECK_KINDS_MIN_PAGES - 1, &rc);
	CHECK_NOT_CONTAINS(report, "UNREACHED");
	CHECK_CONTAINS(report, "page kinds not judged: --max-pages below");
	free(report);
}

TEST(unreachable_server)
{
	struct check_options o = { "http://127.0.0.1:1/", 5, NULL, false, false, 5, false, stdout };
	char *err = NULL;
	CHECK_INT(check_run(&o, &err), -1);
	CHECK(err != NULL);
	CHECK_CONTAINS(err, "cannot connect");
	free(err);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	RUN(start_server);
	if (server_pid > 0) {
		RUN(follows_the_right_links_once);
		RUN(reports_broken_link_and_budget);
		RUN(page_limit);
		RUN(unreached_kinds_fail_by_name);
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	RUN(page_kinds_of_paths);
	RUN(unreachable_server);
	unlink(log_path);
	rmdir(dir);
	return harness_done("check_crawl");
}
