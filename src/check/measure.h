/* measure.h - the numbers of one rendered page, the same for `qiao check`
 * and the staff preview: bytes, gzip bytes (at the server's level, or
 * what the server really sent), WBXML bytes, well-formedness and the
 * byte budget.
 *
 *   struct measure m;
 *   measure_markup(markup, len, PROFILE_WML, 1400, &m);
 *   ... m.raw, m.gzip, m.wbxml, m.within, m.wellformed, m.xml_error ...
 *   measure_release(&m);
 */
#ifndef QIAO_MEASURE_H
#define QIAO_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

#include "device/device.h"

struct measure {
	size_t raw;          /* bytes of markup */
	long gzip;           /* gzip size (core/gz.h, GZ_LEVEL), -1 if compression failed */
	long wbxml;          /* compiled WML size; -1 when not WML or it does not compile */
	char *wbxml_error;   /* why it does not compile (WML only), or NULL */
	size_t budget;       /* the profile's byte budget */
	size_t counted;      /* what the budget is held against: raw bytes, gzip bytes for HTML */
	bool within;         /* counted <= budget */
	int wellformed;      /* 1 well-formed XML, 0 not, -1 not checked (HTML) */
	char *xml_error;     /* "line N: message" when wellformed == 0, else NULL */
};

/* Fill *out for markup[0..n) rendered for profile p with the given budget.
 * WML and XHTML-MP are parsed with core/xml.h; WML is also compiled to
 * WBXML.  Release with measure_release(). */
void measure_markup(const char *markup, size_t n, enum device_profile p, size_t budget,
		    struct measure *out);
/* The same, for markup the server sent gzip'd in gzip_sent bytes: that is
 * the gzip size reported (nothing is compressed again). */
void measure_sent(const char *markup, size_t n, enum device_profile p, size_t budget, size_t gzip_sent,
		  struct measure *out);
void measure_release(struct measure *m);

#endif
