/* uaprof.h - UAProf profiles in the store: import (offline, from files)
 * and lookup by the URL a phone names in x-wap-profile / Profile /
 * wap-profile.  Nothing here ever fetches a URL.
 *
 *   struct uaprof_import_result res;
 *   if (uaprof_import(st, "N6230r200.xml", NULL, &res, &err) != 0) ...
 *
 *   struct uaprof_hit hit;              // per request
 *   uaprof_for_headers(st, &hdrs, &hit); // sets hdrs.uaprof when known
 *
 * Reading a profile: RDF/XML through the safe XML reader (no DTD, no
 * entities, no network).  Attributes are found by their local name in
 * any namespace, since the UAProf schema's namespace changed with each
 * version (ccppschema-20010430, -20020710, -20021212):
 *   WmlVersion, XhtmlVersion, CcppAccept (rdf:Bag items), ScreenSize
 *   ("176x208"), WmlDeckSize, MaxSduSize, Vendor, Model.
 * The profile's URL is the rdf:about of its top rdf:Description, unless
 * the caller gives one. */
#ifndef QIAO_UAPROF_H
#define QIAO_UAPROF_H

#include <stdbool.h>
#include <stddef.h>

#include "device/device.h"

struct store;

struct uaprof_import_result {
	char *url;                      /* the URL stored (malloc'd) */
	bool replaced;                  /* a profile of that URL was there */
	bool wml, xhtml;
	unsigned screen_w, screen_h;
	size_t wml_deck_size, max_sdu_size;
};
void uaprof_import_result_release(struct uaprof_import_result *r);

/* Read the profile file at path and store it under url (NULL: its
 * rdf:about).  Returns 0, or -1 with *err = "PATH:LINE: reason" or
 * "PATH: reason" (malloc'd; nothing written). */
int uaprof_import(struct store *st, const char *path, const char *url,
		  struct uaprof_import_result *res, char **err);

/* The facts of one request's profile; owns the URL text the device
 * profile points at. */
struct uaprof_hit {
	struct device_uaprof prof;
	char url[1024];
};

/* Look up url (len bytes) in the store: true and *hit filled, or false. */
bool uaprof_lookup(struct store *st, const char *url, size_t len, struct uaprof_hit *hit);

/* For the request headers h: split h->wap_profile into its URLs and use
 * the first one the store knows; sets h->uaprof = &hit->prof then.
 * Leaves h->uaprof alone when none is known.  Returns whether one was. */
bool uaprof_for_headers(struct store *st, struct device_headers *h, struct uaprof_hit *hit);

#endif
