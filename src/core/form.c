#include "core/common.h"
#include "core/form.h"
#include "core/uri.h"

/* Decode s[0..n) into out; -1 on a bad escape. */
static int decode(struct buf *out, const char *s, size_t n)
{
	buf_reset(out);
	buf_grow(out, n);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+') {
			buf_addc(out, ' ');
		} else if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int hi = uri_hexval((unsigned char)s[i + 1]), lo = uri_hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			buf_addc(out, (char)(hi * 16 + lo));
			i += 2;
		} else {
			buf_addc(out, c);
		}
	}
	return 0;
}

int form_parse(struct form *f, const char *s, size_t len)
{
	f->fields = NULL;
	f->n = 0;
	struct buf name = BUF_INIT, value = BUF_INIT;
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && s[end] != '&' && s[end] != ';')
			end++;
		size_t eq = i;
		while (eq < end && s[eq] != '=')
			eq++;
		if (decode(&name, s + i, eq - i) != 0)
			goto bad;
		if (eq < end) {
			if (decode(&value, s + eq + 1, end - eq - 1) != 0)
				goto bad;
		} else {
			buf_reset(&value);
		}
		if (name.len > 0) {
			if (f->n == FORM_MAX_FIELDS)
				goto bad;
			if (f->n == 0)
				f->fields = xcalloc(FORM_MAX_FIELDS, sizeof *f->fields);
			struct form_field *fld = &f->fields[f->n++];
			fld->name = xstrndup(name.data, name.len);
			fld->value = value.data ? xstrndup(value.data, value.len) : xstrdup("");
			fld->value_len = value.len;
		}
		i = end + 1;
	}
	buf_release(&name);
	buf_release(&value);
	return 0;
bad:
	buf_release(&name);
	buf_release(&value);
	form_release(f);
	return -1;
}

const struct form_field *form_field(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

const char *form_get(const struct form *f, const char *name)
{
	const struct form_field *fld = form_field(f, name);
	return fld ? fld->value : NULL;
}

void form_release(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->fields[i].name);
		free(f->fields[i].value);
	}
	free(f->fields);
	f->fields = NULL;
	f->n = 0;
}
