/* device.c - device detection: headers in, rendering profile out.
 * See device.h for the decision order and db/devices.rules for the rule
 * syntax. */
#include "core/common.h"

#include "core/file.h"
#include "device/device.h"
#include "render/dialect.h"

/* User-Agents are lowercased into a stack buffer of this size before the
 * rules run; bytes past it are not looked at. */
#define UA_MAX 1024
#define RULES_FILE_MAX (1024 * 1024)
#define BUDGET_MAX (16UL * 1024 * 1024)

struct rule {
	char *pat;          /* lowercased, '*' kept as the wildcard */
	size_t pat_len;
	bool anchored;      /* written with a leading '^' */
	enum device_profile profile;
	size_t budget;      /* 0: the profile's default */
	char *label;        /* "ua:" + the pattern as written */
};

struct device_rules {
	struct rule *v;
	size_t n;
};

const char *device_profile_name(enum device_profile p)
{
	return dialect_of(p)->name;
}

bool device_profile_parse(const char *s, enum device_profile *out)
{
	const struct dialect *d = dialect_find(s);
	if (!d)
		return false;
	*out = d->profile;
	return true;
}

size_t device_profile_budget(enum device_profile p)
{
	return dialect_of(p)->budget;
}

/* ---- rules file ------------------------------------------------------- */

static bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The rules file's profile names: no "xhtml" alias there, be exact. */
static bool rule_profile(const char *s, enum device_profile *out)
{
	if (strcmp(s, "wml") == 0)
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
		while (p < end && is_blank((unsigned char)*p))
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
			if (p < end && !is_blank((unsigned char)*p) && *p != '#') {
				buf_release(&b);
				*why = "text after closing quote";
				free_cols(cols, n);
				return -1;
			}
		} else {
			const char *s = p;
			while (p < end && !is_blank((unsigned char)*p))
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

static int make_rule(struct rule *r, char **cols, int n, const char **why, struct buf *detail)
{
	const char *pat = cols[0];
	bool anchored = false;
	memset(r, 0, sizeof(*r));
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
	if (strspn(pat, "*") == strlen(pat)) {
		*why = "empty pattern";
		return -1;
	}
	if (!rule_profile(cols[1], &r->profile)) {
		buf_addf(detail, "unknown profile \"%s\" (want wml, xhtmlmp or html)", cols[1]);
		return -1;
	}
	if (n == 3 && !parse_budget(cols[2], &r->budget)) {
		buf_addf(detail, "bad budget \"%s\" (want bytes, 1 to %lu)", cols[2], BUDGET_MAX);
		return -1;
	}
	r->anchored = anchored;
	r->pat = xstrdup(pat);
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
			if (make_rule(&r, cols, n, &why, &detail) == 0) {
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

/* Does the glob pat (lowercase, '*' = any run) occur in hay (lowercase)?
 * Segments between stars are found left to right; with anchored the first
 * one must sit at the start. */
static bool glob_match(const struct rule *r, const char *hay, size_t hay_len)
{
	const char *pat = r->pat, *pend = r->pat + r->pat_len;
	const char *h = hay, *hend = hay + hay_len;
	bool first = true;

	while (pat < pend) {
		const char *star = memchr(pat, '*', (size_t)(pend - pat));
		size_t len = star ? (size_t)(star - pat) : (size_t)(pend - pat);
		if (len) {
			if (first && r->anchored) {
				if ((size_t)(hend - h) < len || memcmp(h, pat, len) != 0)
					return false;
				h += len;
			} else {
				const char *f = memmem(h, (size_t)(hend - h), pat, len);
				if (!f)
					return false;
				h = f + len;
			}
		}
		first = false;
		pat += len;
		if (pat < pend)
			pat++;          /* the star */
	}
	return true;
}

static const struct rule *match_ua(const struct device_rules *rules, const char *lua, size_t len)
{
	if (!rules || !len)
		return NULL;
	for (size_t i = 0; i < rules->n; i++)
		if (glob_match(&rules->v[i], lua, len))
			return &rules->v[i];
	return NULL;
}

static bool present(const char *s)
{
	if (!s)
		return false;
	while (*s && (is_blank((unsigned char)*s) || *s == '\n'))
		s++;
	return *s != '\0';
}

/* ---- Accept / Accept-Encoding ---------------------------------------------- */

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

/* What the Accept header says about the types we care about: q in
 * thousandths (-1: not named) and the position of the first naming. */
struct accept_info {
	int wml, wmlc, html, xhtml, xhtmlmp;
	int wml_pos, wmlc_pos;
};

static void note(int *q, int *pos, int idx, int itq)
{
	if (itq > *q) {
		*q = itq;
		if (pos)
			*pos = idx;
	}
}

static void parse_accept(const char *s, struct accept_info *a)
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

static bool accepts_gzip(const char *s)
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
static size_t parse_sdu(const char *s)
{
	size_t v = 0;
	bool digits = false;
	if (!s)
		return 0;
	while (is_blank((unsigned char)*s))
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (SIZE_MAX - 9) / 10)
			return 0;
		v = v * 10 + (size_t)(*s - '0');
		digits = true;
	}
	while (is_blank((unsigned char)*s))
		s++;
	return digits && !*s ? v : 0;
}

/* ---- detection ----------------------------------------------------------- */



/* Proxy browsers render pages on their own servers; which one, or NULL. */
static const char *proxy_kind(const struct device_headers *h, const char *lua, size_t len)
{
	if (present(h->opera_phone_ua) || (len && (strstr(lua, "opera mini") || strstr(lua, "operamini"))))
		return "proxy:opera-mini";
	if (present(h->ucbrowser_ua) || (len && (strstr(lua, "ucweb") || strstr(lua, "ucbrowser") ||
						 strstr(lua, "uc browser"))))
		return "proxy:uc";
	return NULL;
}

/* The real phone's User-Agent a proxy browser passes on, or NULL. */
static const char *proxy_phone(const struct device_headers *h)
{
	if (present(h->opera_phone_ua))
		return h->opera_phone_ua;
	if (present(h->device_stock_ua))
		return h->device_stock_ua;
	if (present(h->ucbrowser_ua))
		return h->ucbrowser_ua;
	return NULL;
}

void device_detect(const struct device_rules *rules, const struct device_headers *h,
		   struct device_caps *out)
{
	static const struct device_headers none;
	char lua[UA_MAX];
	size_t len = 0;
	struct accept_info acc;
	enum device_profile p;
	size_t budget = 0;

	if (!h)
		h = &none;
	memset(out, 0, sizeof(*out));
	if (present(h->user_agent)) {
		const char *s = h->user_agent;
		while (*s && len < sizeof(lua) - 1)
			lua[len++] = (char)tolower((unsigned char)*s++);
	}
	lua[len] = '\0';

	const struct rule *ur = match_ua(rules, lua, len);
	const char *proxy = proxy_kind(h, lua, len);
	if (proxy)
		out->proxy_phone = proxy_phone(h);
	parse_accept(h->accept, &acc);

	if (device_profile_parse(h->view_param, &p)) {
		out->overridden = out->from_param = true;
		out->rule = "override:param";
	} else if (device_profile_parse(h->view_cookie, &p) && p != PROFILE_WML) {
		out->overridden = true;
		out->rule = "override:cookie";
	} else if (proxy) {
		p = PROFILE_HTML;
		out->rule = proxy;
	} else if ((acc.wml > 0 || acc.wmlc > 0) && acc.html <= 0 && acc.xhtml <= 0 && acc.xhtmlmp <= 0) {
		p = PROFILE_WML;
		out->rule = "accept:wml";
	} else if (acc.xhtmlmp > 0) {
		if (ur && ur->profile == PROFILE_HTML) {
			p = PROFILE_HTML;
			budget = ur->budget;
			out->rule = ur->label;
		} else {
			p = PROFILE_XHTMLMP;
			out->rule = "accept:xhtmlmp";
		}
	} else if (ur) {
		p = ur->profile;
		budget = ur->budget;
		out->rule = ur->label;
	} else if (present(h->wap_profile)) {
		p = PROFILE_XHTMLMP;
		out->rule = "wap-profile";
	} else if (!len) {
		p = PROFILE_HTML;
		out->rule = "no-ua";
	} else {
		p = PROFILE_HTML;
		out->rule = "default";
	}

	out->profile = p;
	out->budget = budget ? budget : device_profile_budget(p);
	size_t sdu = parse_sdu(h->sdu_size);
	if (sdu && sdu < out->budget)
		out->budget = sdu;

	out->content_type = dialect_of(p)->content_type;
	if (p == PROFILE_XHTMLMP && !(acc.xhtmlmp > 0))
		/* Not listed: the generic XHTML type, or even HTML. */
		out->content_type = acc.xhtml > 0 ? dialect_of(p)->alt_content_type : dialect_of(PROFILE_HTML)->content_type;

	out->wmlc_preferred = acc.wmlc > 0 &&
		(acc.wmlc > acc.wml || (acc.wmlc == acc.wml && acc.wmlc_pos < acc.wml_pos));
	out->gzip = accepts_gzip(h->accept_encoding);
}
