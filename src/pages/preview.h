/* preview.h - measuring one rendering for the staff preview (/preview).
 *
 * page_preview (pages.h) renders a portal page three times with
 * app_render() and shows each rendering beside its numbers; this module
 * holds the pure parts, so they can be tested without a server:
 *
 *   struct preview_measure m;
 *   preview_measure(markup, len, PROFILE_WML, 1400, &m);
 *   ... m.raw, m.gzip, m.wbxml, m.within, m.wellformed, m.xml_error ...
 *   preview_measure_release(&m);
 */
#ifndef QIAO_PREVIEW_H
#define QIAO_PREVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "device/device.h"

/* Longest ?path= accepted (bytes, decoded). */
#define PREVIEW_PATH_MAX 1024

struct preview_measure {
	size_t raw;          /* bytes of markup as rendered */
	long gzip;           /* gzip (zlib level 6) size, -1 if compression failed */
	long wbxml;          /* compiled WML size; -1 when not WML or it does not compile */
	char *wbxml_error;   /* why it does not compile (WML only), or NULL */
	size_t budget;       /* the profile's byte budget */
	size_t counted;      /* what the budget is held against: raw bytes, gzip bytes for HTML */
	bool within;         /* counted <= budget */
	int wellformed;      /* 1 well-formed XML, 0 not, -1 not checked (HTML) */
	char *xml_error;     /* "line N: message" when wellformed == 0, else NULL */
};

/* Fill *out for markup[0..n) rendered for profile p with the given budget.
 * WML and XHTML-MP are parsed with libxml2 (no network, no entity
 * substitution, no DTD loading); WML is also compiled to WBXML.  Release
 * with preview_measure_release(). */
void preview_measure(const char *markup, size_t n, enum device_profile p, size_t budget,
		     struct preview_measure *out);
void preview_measure_release(struct preview_measure *m);

/* A ?path= value the preview accepts: starts with "/" but not "//", at most
 * PREVIEW_PATH_MAX bytes, valid UTF-8, no control characters, spaces or
 * backslashes. */
bool preview_path_ok(const char *path);

#endif
