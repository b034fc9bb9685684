/* crawl.h - what the parts of `qiao check` share: the crawl and its pages.
 * check.c crawls, check_page.c checks one fetched page and finds its
 * links, check_report.c writes the report.  Not an API (see check.h). */
#ifndef QIAO_CHECK_CRAWL_H
#define QIAO_CHECK_CRAWL_H

#include "check/check.h"
#include "check/lint.h"

#define MAX_BODY (4u << 20)   /* a response body, and the markup it inflates to */

enum link_kind { LINK_PAGE, LINK_RESOURCE, LINK_FORM };

/* Page kinds (kinds.c): the portal's public route families. */
#define CHECK_NKINDS 16
/* Page kind coverage is judged only on a crawl of at least this many
 * pages per profile (fewer cannot reach every kind). */
#define CHECK_KINDS_MIN_PAGES 100
/* The kind of a request target (path and query), or -1 for any other. */
int check_kind_of(const char *target);
const char *check_kind_name(int k);   /* "other" for -1 */
const char *check_kind_path(int k);

struct page {
	enum device_profile profile;
	char *target, *from;           /* from: the linking page, NULL for the start */
	enum link_kind kind;
	int status;                    /* 0 when the fetch failed */
	char *content_type;
	char charset[40];
	size_t sent, bytes, gzip;
	long wbxml;                    /* -1: not WML or did not compile */
	size_t budget;
	const char *measure;           /* what the budget applies to: "markup", "gzip" */
	int wellformed, valid;         /* 1 yes, 0 no, -1 not checked */
	struct lint_result find;       /* lint findings plus ours */
	bool failed;
	int page_kind;                 /* check_kind_of(target) */
};

struct queued {
	char *target, *from;
	enum link_kind kind;
};

struct crawl {
	const struct check_options *o;
	struct httpc_url origin;
	bool validate;
	long long start_ms, deadline_ms;
	bool truncated;                /* time ran out */
	bool limited[3];               /* max_pages reached with links left, per profile */
	/* per profile and kind: pages fetched that answered < 400, and
	 * whether any link to the kind was found */
	size_t kind_pages[3][CHECK_NKINDS];
	bool kind_linked[3][CHECK_NKINDS];
	bool kinds_judged;             /* enough pages and time to judge coverage */
	size_t unreached;              /* kinds with no page, over the profiles */
	struct page *pages;
	size_t npages;
};

struct linkset {
	struct queued *items;
	size_t n;
};

void check_add_finding(struct page *pg, enum lint_severity sev, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Check one fetched page; queue its links into ls. */
void check_page(struct crawl *c, struct page *pg, const struct httpc_response *res, struct linkset *ls);
void check_report_json(const struct crawl *c, FILE *f, long long elapsed);
void check_report_text(const struct crawl *c, FILE *f, long long elapsed);

#endif
