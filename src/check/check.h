/* check.h - `qiao check`: crawl the running portal as three phones and
 * check every page it renders.
 *
 * For each profile (wml: Nokia 7110; xhtmlmp: Sony Ericsson K750; html:
 * iPhone with gzip) the crawler starts at the base URL's path, sends that
 * phone's User-Agent/Accept headers and follows, breadth first, the links
 * of each page that stay on the base origin (a/link href, WML go href and
 * onpick/onenter* URLs, img src, GET form actions), skipping fragments,
 * other schemes and hosts, WML variable URLs, POST forms and ?view= links
 * that switch to another dialect.  It stops at max_pages fetches per
 * profile or when the overall time runs out (the report says so).
 *
 * Per page it records status, Content-Type and charset, bytes as sent,
 * markup bytes, gzip bytes (the server's, else the markup at the server's level),
 * WBXML bytes (WML), the budget, well-formedness, DTD validity (when a
 * catalog is loaded) and the lint findings of lint.h.  A page FAILS on any
 * error finding:
 *   FETCH            the request failed (refused, timeout, malformed, limit)
 *   BROKEN_LINK      a followed link answered >= 400 (names the linking page;
 *                    for a GET form action without its fields only >= 500)
 *   CONTENT_TYPE     media type not the profile's, or no charset parameter
 *   CONTENT_ENCODING a gzip body that does not inflate
 *   PAGE_SIZE_LIMIT  over budget: WML and XHTML-MP markup bytes against
 *                    DEVICE_BUDGET_WML / _XHTMLMP, HTML gzip bytes against
 *                    DEVICE_BUDGET_HTML
 *   WBXML_COMPILE    a WML deck that does not compile to WBXML
 *   VALID_MARKUP     DTD-invalid WML/XHTML-MP (only when validating)
 *   + the lint errors (WELL_FORMED, PAGE_TITLE, POP_UPS, ...)
 * Lint warnings are reported and counted but do not fail a page.
 *
 * DTD validation: with catalog set, xmlLoadCatalog(catalog) before any
 * parse; with catalog NULL, validation runs only when XML_CATALOG_FILES is
 * set (libxml2 reads it by itself).  Parsing always uses XML_PARSE_NONET
 * and never substitutes entities. */
#ifndef QIAO_CHECK_H
#define QIAO_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "check/httpc.h"
#include "device/device.h"

struct check_options {
	const char *base;              /* http://host:port[/start], required */
	size_t max_pages;              /* fetches per profile (>0) */
	const char *catalog;           /* XML catalog file, or NULL */
	bool json;                     /* JSON report instead of text */
	bool all;                      /* text: list every page, not only failures */
	int timeout_secs;              /* whole crawl (>0) */
	bool progress;                 /* one updating line on stderr */
	FILE *out;                     /* the report */
};

/* Crawl and report.  Returns 0 when every page passed, 1 when any failed,
 * -1 on a runtime problem before any page was checked (bad base URL,
 * unreadable catalog, server unreachable) with *err set (caller frees). */
int check_run(const struct check_options *o, char **err);

/* The request target (path and query) to follow for href found on the
 * page at page_target of origin, crawling as profile p; NULL when the link
 * is not followed (see above).  Malloc'd; the caller frees. */
char *check_link_target(const struct httpc_url *origin, const char *page_target, const char *href,
			enum device_profile p);

/* Append s as a JSON string literal (quotes, escapes; invalid UTF-8
 * bytes become U+FFFD). */
void check_json_string(struct buf *b, const char *s);

#endif
