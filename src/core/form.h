/* form.h - decoding of query strings and application/x-www-form-urlencoded
 * bodies (pure, no I/O).
 *
 * '+' is a space, %XX a byte; a '%' not followed by two hex digits makes
 * the whole input invalid (the caller answers 400).  Decoded values are
 * bytes: checking UTF-8 is the caller's business.  Limits guard against
 * abuse: at most FORM_MAX_FIELDS fields. */
#ifndef QIAO_FORM_H
#define QIAO_FORM_H

#include <stdbool.h>
#include <stddef.h>

#define FORM_MAX_FIELDS 64

struct form_field {
	char *name;
	char *value;
	size_t value_len; /* values may contain NUL bytes (%00) */
};

struct form {
	struct form_field *fields;
	size_t n;
};

#define FORM_INIT { NULL, 0 }

/* Parse s[0..len).  Returns 0, or -1 (malformed escape or too many
 * fields) leaving *f empty.  Fields with empty names are skipped. */
int form_parse(struct form *f, const char *s, size_t len);
/* The first value of name, or NULL. */
const char *form_get(const struct form *f, const char *name);
const struct form_field *form_field(const struct form *f, const char *name);
void form_release(struct form *f);

#endif
