/* uaprof.h - UAProf profiles in the store: writing one (the record
 * import/uaprof_import.h reads from a file, offline) and lookup by the
 * URL a phone names in x-wap-profile / Profile / wap-profile.  Nothing
 * here ever fetches a URL.
 *
 *   struct uaprof_hit hit;              // per request
 *   uaprof_for_headers(st, &hdrs, &hit); // sets hdrs.uaprof when known
 */
#ifndef QIAO_UAPROF_H
#define QIAO_UAPROF_H

#include <stdbool.h>
#include <stddef.h>

#include "device/device.h"

struct store;

/* One profile as read from its file (import/uaprof_import.c): text NULL
 * and numbers -1 when the profile does not give them; source is the file
 * it came from. */
struct uaprof_record {
	const char *url, *source, *vendor, *model, *wml_versions, *xhtml_version, *accept;
	const char *accept_charset;     /* CcppAccept-Charset items, ", "-separated */
	long screen_w, screen_h, deck, sdu;
};
/* Insert or update the record's row under its URL; *replaced says which.
 * 0, or -1 with *err = "SOURCE: reason" (malloc'd). */
int uaprof_store(struct store *st, const struct uaprof_record *rec, bool *replaced, char **err);

/* Whether a comma-separated list of media types names type (any case). */
bool uaprof_has_type(const char *list, const char *type);

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
