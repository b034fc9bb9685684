/* services_import.h - read service guides from the qiao-services XML
 * format (docs/services-format.md) into the store.
 *
 * The whole file is checked first, without writing: on any error in it
 * nothing is written.  It is then written in short transactions (100 ms
 * of work each, then a 100 ms pause), so the server's own writes (form tokens, posts) wait
 * milliseconds, not the length of the import; readers never wait (WAL).
 * A database failure in the middle leaves the batches before it written:
 * importing the file again completes it.  Units are matched by id, items by code: a second
 * import of a changed file updates them in place (and their search index
 * entries); nothing is ever deleted.
 *
 * The file is read through xmlsafe_read_file (xmlsafe.h), like the news
 * import: no network, no external DTD, no entity substitution, and a
 * document with a DOCTYPE is rejected before its DTD is read. */
#ifndef QIAO_SERVICES_IMPORT_H
#define QIAO_SERVICES_IMPORT_H

#include <stddef.h>

#include "import/xmlsafe.h"

struct store;

/* The largest file read (bytes): the same limit as the news import. */
#define SVC_IMPORT_MAX_FILE XMLSAFE_MAX_FILE

struct svc_import_result {
	int units_added, units_updated;
	int items_added, items_updated;
};

/* Returns 0, or -1 with *err = "PATH:LINE: reason" (or "PATH: reason"),
 * malloc'd, freed by the caller. */
int svc_import(struct store *st, const char *path, struct svc_import_result *res, char **err);

#endif
