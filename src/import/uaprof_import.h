/* uaprof_import.h - `qiao device import-uaprof`: read UAProf profile
 * files into the store (store/uaprof.h has the table and the lookup).
 *
 * Reading a profile: RDF/XML through the safe XML reader (no DTD, no
 * entities, no network).  Attributes are found by their local name in
 * any namespace, since the UAProf schema's namespace changed with each
 * version (ccppschema-20010430, -20020710, -20021212):
 *   WmlVersion, XhtmlVersion, CcppAccept (rdf:Bag items), ScreenSize
 *   ("176x208"), WmlDeckSize, MaxSduSize, Vendor, Model.
 * The profile's URL is the rdf:about of its top rdf:Description, unless
 * the caller gives one.
 *
 *   struct uaprof_import_result res;
 *   if (uaprof_import(st, "N6230r200.xml", NULL, &res, &err) != 0) ... */
#ifndef QIAO_UAPROF_IMPORT_H
#define QIAO_UAPROF_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
