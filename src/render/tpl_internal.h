/* tpl_internal.h - what the template compiler (tpl_compile.c) hands the
 * renderer (tpl.c): the compiled form of a template set.  Not an API. */
#ifndef QIAO_TPL_INTERNAL_H
#define QIAO_TPL_INTERNAL_H

#include "render/tpl.h"

#define MAX_PARTIAL_DEPTH 8
#define MAX_NEST 64        /* sections open at once while compiling */
#define MAX_STACK 256      /* context stack entries while rendering */

enum op_type { OP_TEXT, OP_VAR, OP_RAW, OP_SECTION, OP_INVERTED, OP_PARTIAL, OP_MSG, OP_NMSG };

struct op {
	enum op_type type;
	unsigned line;
	const char *text;      /* OP_TEXT: slice of the template source */
	size_t len;
	const char **seg;      /* name segments (one block, freed at once); */
	unsigned nseg;         /* nseg 0 means "." ; OP_PARTIAL: seg[0] */
	size_t end;            /* OP_SECTION/OP_INVERTED: first op after body */
	long partial;          /* OP_PARTIAL: index in the set, -1 if missing */
	/* OP_MSG, OP_NMSG (an interface string; OP_NMSG's seg is its count):
	 * msgid is the catalog key; text/len (owned, in msgbuf) the msgid
	 * already escaped for the set's dialect, used as is when the
	 * language has no translation and the msgid has no placeholder. */
	char *msgid;
	char *msgbuf;
	bool placeholders;     /* msgid holds {name} */
};

struct tpl {
	char *name;
	char *path;
	char *src;
	size_t len;
	struct op *ops;
	size_t nops, cap;
};

struct tpl_set {
	enum esc_dialect dialect;
	struct tpl *t;         /* sorted by name */
	size_t n;
};

/* "path:line: message" (or "path: message" when line is 0) into *err when
 * err is not NULL; returns -1. */
int tpl_fail(char **err, const char *path, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Index of the template called name in s (sorted), or -1. */
long tpl_set_find(const struct tpl_set *s, const char *name);

#endif
