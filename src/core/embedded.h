/* embedded.h - one file compiled into the binary by tools/embed.c (the
 * tables themselves are declared by their users: store/embedded.h for the
 * migrations and the demo's data, render/i18n.c for the catalogs). */
#ifndef QIAO_CORE_EMBEDDED_H
#define QIAO_CORE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* base name, e.g. "001-initial.sql" */
	const char *data; /* NUL-terminated contents */
	size_t len;
};

#endif
