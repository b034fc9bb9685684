/* accept.c - the list headers detection reads: Accept (media types and
 * their q-values), Accept-Encoding (gzip) and X-WAP-Client-SDU-Size.
 * Pure: no I/O. */
#include "core/common.h"

#include "device/device_int.h"

/* One element of a comma-separated header list: its first token (media
 * range or coding), trimmed, and its q in thousandths (1000 when absent or
 * unreadable). */
struct item {
	const char *tok;
	size_t tok_len;
	int q;
};

static const char *skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* "0", "0.5", "1", "1.000": thousandths, or -1 if malformed. */
static int parse_qvalue(const char *p, size_t n)
{
	int v, scale = 100;
	size_t i = 1;
	if (n == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	v = (p[0] - '0') * 1000;
	if (n == 1)
		return v;
	if (p[1] != '.')
		return -1;
	for (i = 2; i < n; i++) {
		if (p[i] < '0' || p[i] > '9' || i > 4)
			return -1;
		v += (p[i] - '0') * scale;
		scale /= 10;
	}
	return v > 1000 ? -1 : v;
}

/* Read the next list element from *pp; false at the end.  Quoted strings
 * in parameters may hold commas and semicolons. */
static bool next_item(const char **pp, struct item *it)
{
	const char *p = *pp;
	for (;;) {
		p = skip_ows(p);
		if (*p == ',') {
			p++;
			continue;
		}
		break;
	}
	if (!*p) {
		*pp = p;
		return false;
	}
	it->tok = p;
	while (*p && *p != ',' && *p != ';')
		p++;
	const char *e = p;
	while (e > it->tok && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	it->tok_len = (size_t)(e - it->tok);
	it->q = 1000;
	while (*p == ';') {
		const char *name = skip_ows(p + 1), *ne = name;
		while (*ne && *ne != '=' && *ne != ';' && *ne != ',' && *ne != ' ' && *ne != '\t')
			ne++;
		const char *v = skip_ows(ne), *ve;
		bool has_val = *v == '=';
		if (has_val)
			v = skip_ows(v + 1);
		if (has_val && *v == '"') {
			ve = v + 1;
			while (*ve && *ve != '"') {
				if (*ve == '\\' && ve[1])
					ve++;
				ve++;
			}
			p = *ve ? ve + 1 : ve;
		} else {
			ve = v;
			while (*ve && *ve != ';' && *ve != ',' && *ve != ' ' && *ve != '\t')
				ve++;
			p = ve;
		}
		if (has_val && ne - name == 1 && (*name == 'q' || *name == 'Q')) {
			int q = parse_qvalue(v, (size_t)(ve - v));
			if (q >= 0)
				it->q = q;
		}
		while (*p && *p != ';' && *p != ',')
			p++;    /* junk after a parameter */
	}
	*pp = p;
	return true;
}

static bool tok_is(const struct item *it, const char *s)
{
	return strlen(s) == it->tok_len && strncasecmp(it->tok, s, it->tok_len) == 0;
}
static void note(int *q, int *pos, int idx, int itq)
{
	if (itq > *q) {
		*q = itq;
		if (pos)
			*pos = idx;
	}
}

void device_parse_accept(const char *s, struct accept_info *a)
{
	struct item it;
	int idx = 0;
	a->wml = a->wmlc = a->html = a->xhtml = a->xhtmlmp = -1;
	a->wml_pos = a->wmlc_pos = -1;
	if (!s)
		return;
	while (next_item(&s, &it)) {
		if (tok_is(&it, "text/vnd.wap.wml"))
			note(&a->wml, &a->wml_pos, idx, it.q);
		else if (tok_is(&it, "application/vnd.wap.wmlc"))
			note(&a->wmlc, &a->wmlc_pos, idx, it.q);
		else if (tok_is(&it, "text/html"))
			note(&a->html, NULL, idx, it.q);
		else if (tok_is(&it, "application/xhtml+xml"))
			note(&a->xhtml, NULL, idx, it.q);
		else if (tok_is(&it, "application/vnd.wap.xhtml+xml"))
			note(&a->xhtmlmp, NULL, idx, it.q);
		idx++;
	}
}

bool device_accepts_gzip(const char *s)
{
	struct item it;
	int gzip = -1, star = -1;
	if (!s)
		return false;
	while (next_item(&s, &it)) {
		if (tok_is(&it, "gzip") || tok_is(&it, "x-gzip")) {
			if (it.q > gzip)
				gzip = it.q;
		} else if (tok_is(&it, "*")) {
			if (it.q > star)
				star = it.q;
		}
	}
	return gzip >= 0 ? gzip > 0 : star > 0;
}

/* A positive decimal, optional surrounding blanks; 0 when not one. */
size_t device_parse_sdu(const char *s)
{
	size_t v = 0;
	bool digits = false;
	if (!s)
		return 0;
	while (device_is_blank((unsigned char)*s))
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (SIZE_MAX - 9) / 10)
			return 0;
		v = v * 10 + (size_t)(*s - '0');
		digits = true;
	}
	while (device_is_blank((unsigned char)*s))
		s++;
	return digits && !*s ? v : 0;
}

