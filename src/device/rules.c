/* rules.c - the User-Agent rules file: parsing, loading and matching.
 * See db/devices.rules for the syntax and device_int.h for what detection
 * uses from here. */
#include "core/common.h"

#include "core/file.h"
#include "device/device_int.h"

#define RULES_FILE_MAX (1024 * 1024)
#define BUDGET_MAX (16UL * 1024 * 1024)

bool device_is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

bool device_present(const char *s)
{
	if (!s)
		return false;
	while (*s && (device_is_blank((unsigned char)*s) || *s == '\n'))
		s++;
	return *s != '\0';
}

/* The rules file's profile names: no "xhtml" alias there, be exact.
 * wml1.2 and wml1.3 are wml for a browser known to read that WML version
 * (*wml_version 12 or 13; 0 for the others). */
static bool rule_profile(const char *s, enum device_profile *out, unsigned *wml_version)
{
	*wml_version = 0;
	if (strcmp(s, "wml1.2") == 0 || strcmp(s, "wml1.3") == 0) {
		*out = PROFILE_WML;
		*wml_version = s[5] == '2' ? 12 : 13;
	} else if (strcmp(s, "wml") == 0)
		*out = PROFILE_WML;
	else if (strcmp(s, "xhtmlmp") == 0)
		*out = PROFILE_XHTMLMP;
	else if (strcmp(s, "html") == 0)
		*out = PROFILE_HTML;
	else
		return false;
	return true;
}

static void free_cols(char **cols, int n)
{
	for (int i = 0; i < n; i++)
		free(cols[i]);
}

/* Split one line (without its '\n') into at most 4 columns, each copied
 * into cols[i] (NUL-terminated, caller frees).  Returns the column count,
 * or -1 with *why set. */
static int split_line(const char *p, const char *end, char **cols, const char **why)
{
	int n = 0;
	for (;;) {
		while (p < end && device_is_blank((unsigned char)*p))
			p++;
		if (p == end || *p == '#')
			return n;
		if (n == 4) {
			*why = "too many columns";
			free_cols(cols, n);
			return -1;
		}
		struct buf b = BUF_INIT;
		if (*p == '"') {
			const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
			if (!q) {
				*why = "unterminated quote";
				free_cols(cols, n);
				return -1;
			}
			buf_add(&b, p + 1, (size_t)(q - p - 1));
			p = q + 1;
			if (p < end && !device_is_blank((unsigned char)*p) && *p != '#') {
				buf_release(&b);
				*why = "text after closing quote";
				free_cols(cols, n);
				return -1;
			}
		} else {
			const char *s = p;
			while (p < end && !device_is_blank((unsigned char)*p))
				p++;
			buf_add(&b, s, (size_t)(p - s));
		}
		cols[n++] = buf_detach(&b);
	}
}

/* Budget column: decimal digits only, 1..BUDGET_MAX. */
static bool parse_budget(const char *s, size_t *out)
{
	size_t v = 0;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (size_t)(*s - '0');
		if (v > BUDGET_MAX)
			return false;
	}
	if (v == 0)
		return false;
	*out = v;
	return true;
}

static int make_rule(struct rule *r, char **cols, int n, unsigned line, const char **why, struct buf *detail)
{
	const char *pat = cols[0];
	bool anchored = false;
	memset(r, 0, sizeof(*r));
	r->line = line;
	if (n < 2) {
		*why = "missing profile";
		return -1;
	}
	if (n > 3) {
		*why = "too many columns";
		return -1;
	}
	if (*pat == '^') {
		anchored = true;
		pat++;
	}
	if (*pat == '<') {
		r->tok_start = true;
		pat++;
	}
	size_t plen = strlen(pat);
	const char *ge = plen >= 3 ? strstr(pat, ">=") : NULL;
	while (ge && strstr(ge + 2, ">="))
		ge = strstr(ge + 2, ">=");
	if (ge && ge[2] && strspn(ge + 2, "0123456789.") == strlen(ge + 2) && ge[2] != '.') {
		char *end;
		r->has_ver = true;
		r->ver_major = (int)strtol(ge + 2, &end, 10);
		r->ver_minor = *end == '.' ? (int)strtol(end + 1, NULL, 10) : 0;
		plen = (size_t)(ge - pat);
	} else if (plen && pat[plen - 1] == '>') {
		r->tok_end = true;
		plen--;
	}
	bool only_stars = true;
	for (size_t i = 0; i < plen; i++)
		if (pat[i] != '*')
			only_stars = false;
	if (only_stars) {
		*why = "empty pattern";
		return -1;
	}
	if (!rule_profile(cols[1], &r->profile, &r->wml_version)) {
		buf_addf(detail, "unknown profile \"%s\" (want wml, wml1.2, wml1.3, xhtmlmp or html)", cols[1]);
		return -1;
	}
	if (n == 3 && !parse_budget(cols[2], &r->budget)) {
		buf_addf(detail, "bad budget \"%s\" (want bytes, 1 to %lu)", cols[2], BUDGET_MAX);
		return -1;
	}
	r->anchored = anchored;
	r->pat = xstrndup(pat, plen);
	for (char *c = r->pat; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	r->pat_len = strlen(r->pat);
	r->label = xasprintf("ua:%s", cols[0]);
	return 0;
}

static void rule_release(struct rule *r)
{
	free(r->pat);
	free(r->label);
}

struct device_rules *device_rules_parse(const char *text, const char *name, char **err)
{
	struct device_rules *rules = xcalloc(1, sizeof(*rules));
	size_t cap = 0;
	unsigned line = 0;
	const char *p = text ? text : "";

	if (err)
		*err = NULL;
	while (*p) {
		const char *eol = strchr(p, '\n');
		const char *end = eol ? eol : p + strlen(p);
		char *cols[4];
		const char *why = NULL;
		struct buf detail = BUF_INIT;
		int n;

		line++;
		n = split_line(p, end, cols, &why);
		if (n > 0) {
			struct rule r;
			if (make_rule(&r, cols, n, line, &why, &detail) == 0) {
				if (rules->n == cap) {
					cap = cap ? cap * 2 : 64;
					rules->v = xrealloc(rules->v, cap * sizeof(*rules->v));
				}
				rules->v[rules->n++] = r;
			}
			free_cols(cols, n);
		}
		if (why || detail.len) {
			if (err)
				*err = xasprintf("%s:%u: %s", name ? name : "rules", line,
						 why ? why : buf_cstr(&detail));
			buf_release(&detail);
			device_rules_free(rules);
			return NULL;
		}
		p = eol ? eol + 1 : end;
	}
	return rules;
}

struct device_rules *device_rules_load(const char *path, char **err)
{
	struct buf b = BUF_INIT;
	const char *why;

	if (err)
		*err = NULL;
	if (file_read(path, RULES_FILE_MAX, &b, &why) == FILE_OK && memchr(buf_cstr(&b), '\0', b.len))
		why = "NUL byte in file";
	if (why) {
		if (err)
			*err = xasprintf("%s: %s", path, why);
		buf_release(&b);
		return NULL;
	}
	struct device_rules *r = device_rules_parse(buf_cstr(&b), path, err);
	buf_release(&b);
	return r;
}

void device_rules_free(struct device_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		rule_release(&r->v[i]);
	free(r->v);
	free(r);
}

size_t device_rules_count(const struct device_rules *r)
{
	return r ? r->n : 0;
}

/* ---- matching ---------------------------------------------------------- */

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

/* A version "MAJOR[.MINOR...]" at p compared with the rule's: true when it
 * is there and at least as high. */
static bool version_ok(const struct rule *r, const char *p, const char *end)
{
	int major = 0, minor = 0;
	const char *q = p;
	while (q < end && *q >= '0' && *q <= '9' && major < 100000)
		major = major * 10 + (*q++ - '0');
	if (q == p)
		return false;
	if (q < end && *q == '.')
		for (q++; q < end && *q >= '0' && *q <= '9' && minor < 100000; q++)
			minor = minor * 10 + (*q - '0');
	return major > r->ver_major || (major == r->ver_major && minor >= r->ver_minor);
}

/* Does the glob pat (lowercase, '*' = any run) occur in hay (lowercase)?
 * Segments between stars are found left to right, each at its first place
 * after the previous one; with anchored the first one must sit at the
 * start.  tok_start/tok_end move the first/last segment on to a place
 * where it starts/ends a token (no letter or digit beside it).  A version
 * constraint is read just after the last segment's place, without looking
 * further. */
static bool glob_match(const struct rule *r, const char *hay, size_t hay_len)
{
	const char *pat = r->pat, *pend = r->pat + r->pat_len;
	const char *h = hay, *hend = hay + hay_len;
	bool first = true;

	while (pat < pend) {
		const char *star = memchr(pat, '*', (size_t)(pend - pat));
		size_t len = star ? (size_t)(star - pat) : (size_t)(pend - pat);
		bool last = pat + len == pend;
		if (len) {
			if (first && r->anchored) {
				if ((size_t)(hend - h) < len || memcmp(h, pat, len) != 0)
					return false;
				if (last && r->tok_end && h + len < hend && is_alnum(h[len]))
					return false;
				h += len;
			} else {
				const char *from = h;
				const char *f;
				for (;;) {
					f = memmem(from, (size_t)(hend - from), pat, len);
					if (!f)
						return false;
					bool ok = true;
					if (first && r->tok_start && f > hay && is_alnum(f[-1]))
						ok = false;
					if (last && r->tok_end && f + len < hend && is_alnum(f[len]))
						ok = false;
					if (ok)
						break;
					from = f + 1;
				}
				h = f + len;
			}
		}
		first = false;
		pat += len;
		if (pat < pend)
			pat++;          /* the star */
	}
	if (r->has_ver)
		return version_ok(r, h, hend);
	return true;
}

const struct rule *device_match_ua(const struct device_rules *rules, const char *lua, size_t len)
{
	if (!rules || !len)
		return NULL;
	for (size_t i = 0; i < rules->n; i++)
		if (glob_match(&rules->v[i], lua, len))
			return &rules->v[i];
	return NULL;
}

