/* lint.h - a mobileOK Basic style lint of one rendered page.
 *
 * Pure: markup and a few response headers in, findings out.  WML and
 * XHTML-MP are parsed as XML (libxml2, XML_PARSE_NONET, no entity
 * substitution, no DTD loading); HTML with libxml2's HTML parser.  The
 * lint checks only rules a DTD cannot express; DTD validity and byte
 * budgets are checked by the caller (check.c).
 *
 *   struct lint_input in = { .profile = PROFILE_XHTMLMP, .markup = body,
 *                            .len = n, .content_type = ct, .cache_control = cc };
 *   struct lint_result res;
 *   lint_page(&in, &res);
 *   for (size_t i = 0; i < res.n; i++) ... res.items[i].rule, .message ...
 *   lint_result_free(&res);
 *
 * Rules (names from W3C mobileOK Basic Tests 1.0 where one exists).
 * Severity: an ERROR fails the page, a WARNING is reported only.
 *   PAGE_TITLE         error: XHTML/HTML <title> missing or blank; WML card
 *                      without a title attribute
 *   NO_FRAMES          error: frameset, frame or iframe
 *   POP_UPS            error: a target attribute other than _self, _parent,
 *                      _top
 *   TABLES_NESTED      error: a table inside a table
 *   TABLES_LAYOUT      warning: a table with a single row or a single
 *                      column (data tables have both); a heuristic
 *   IMAGE_MAPS         error: map/area elements, usemap or ismap on img
 *   NON_TEXT_ALTERNATIVES  error: img without an alt attribute
 *   IMAGES_SPECIFY_SIZE    error: img without both width and height
 *   CHARACTER_ENCODING_SUPPORT  error: no charset in Content-Type nor in
 *                      the document (XML declaration or meta charset), or
 *                      a charset that is not UTF-8
 *   CACHING            error: neither Cache-Control nor Expires (house
 *                      rule; mobileOK only warns)
 *   AUTO_REFRESH       error: meta http-equiv="refresh"; a WML <timer> or
 *                      ontimer event
 *   PROVIDE_DEFAULTS   warning: a select with no option selected, a radio
 *                      group with no button checked (WML select: no value,
 *                      ivalue or iname)
 *   EMPTY_LINK         warning: href="" (a link to the page itself, almost
 *                      always a missing template value)
 *   WELL_FORMED        error: WML/XHTML-MP that does not parse as XML (the
 *                      other rules are then skipped)
 */
#ifndef QIAO_LINT_H
#define QIAO_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "device/device.h"

enum lint_severity { LINT_WARNING = 0, LINT_ERROR = 1 };

struct lint_input {
	enum device_profile profile;
	const char *markup;            /* uncompressed body */
	size_t len;
	const char *content_type;      /* response headers; NULL when absent */
	const char *cache_control;
	const char *expires;
};

struct lint_finding {
	enum lint_severity severity;
	const char *rule;              /* static, e.g. "POP_UPS" */
	char *message;                 /* malloc'd, one line, may name a line: "line 7: ..." */
};

struct lint_result {
	struct lint_finding *items;    /* owned; free with lint_result_free() */
	size_t n;
	size_t errors, warnings;
};

/* Lint one page into *out (always initialised).  Returns the number of
 * errors found. */
size_t lint_page(const struct lint_input *in, struct lint_result *out);
void lint_result_free(struct lint_result *r);
/* Append a finding; r takes message (malloc'd, one line). */
void lint_result_add(struct lint_result *r, enum lint_severity sev, const char *rule, char *message);

/* True when res has a finding of this rule. */
bool lint_has(const struct lint_result *res, const char *rule);

/* The charset parameter of a Content-Type value, lower-cased into out
 * (size outsz), without quotes; "" when absent.  Returns out. */
char *lint_charset_of(const char *content_type, char *out, size_t outsz);

#endif
