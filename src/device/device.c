/* device.c - device detection: headers in, rendering profile out.
 * See device.h for the decision order and db/devices.rules for the rule
 * syntax. */
#include "core/common.h"

#include "device/device.h"

/* User-Agents are lowercased into a stack buffer of this size before the
 * rules run; bytes past it are not looked at. */
#define UA_MAX 1024
#define RULES_FILE_MAX (1024 * 1024)
#define BUDGET_MAX (16UL * 1024 * 1024)

struct rule {
	char *pat;          /* lowercased, '*' kept as the wildcard, markers removed */
	size_t pat_len;
	bool anchored;      /* written with a leading '^' */
	bool tok_start;     /* leading '<': the match starts a token */
	bool tok_end;       /* trailing '>': the match ends a token */
	bool has_ver;       /* trailing ">=V": a version at least V follows */
	int ver_major, ver_minor;
	enum device_profile profile;
	size_t budget;      /* 0: the profile's default */
	unsigned line;      /* line in the rules file */
	char *label;        /* "ua:" + the pattern as written */
};

struct device_rules {
	struct rule *v;
	size_t n;
};

const char *device_profile_name(enum device_profile p)
{
	switch (p) {
	case PROFILE_WML: return "wml";
	case PROFILE_XHTMLMP: return "xhtmlmp";
	case PROFILE_HTML: break;
	}
	return "html";
}

bool device_profile_parse(const char *s, enum device_profile *out)
{
	if (!s)
		return false;
	if (strcasecmp(s, "wml") == 0)
		*out = PROFILE_WML;
	else if (strcasecmp(s, "xhtml") == 0 || strcasecmp(s, "xhtmlmp") == 0)
		*out = PROFILE_XHTMLMP;
	else if (strcasecmp(s, "html") == 0)
		*out = PROFILE_HTML;
	else
		return false;
	return true;
}

size_t device_profile_budget(enum device_profile p)
{
	switch (p) {
	case PROFILE_WML: return DEVICE_BUDGET_WML;
	case PROFILE_XHTMLMP: return DEVICE_BUDGET_XHTMLMP;
	case PROFILE_HTML: break;
	}
	return DEVICE_BUDGET_HTML;
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
	if (!rule_profile(cols[1], &r->profile)) {
		buf_addf(detail, "unknown profile \"%s\" (want wml, xhtmlmp or html)", cols[1]);
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
	char chunk[8192];
	size_t got;
	FILE *f = fopen(path, "rb");

	if (err)
		*err = NULL;
	if (!f) {
		if (err)
			*err = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		buf_add(&b, chunk, got);
		if (b.len > RULES_FILE_MAX)
			break;
	}
	bool bad = ferror(f) != 0;
	fclose(f);
	if (bad || b.len > RULES_FILE_MAX || memchr(buf_cstr(&b), '\0', b.len)) {
		if (err)
			*err = xasprintf("%s: %s", path, bad ? "read error" :
					 b.len > RULES_FILE_MAX ? "file too large" : "NUL byte in file");
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

/* ---- explanation ---------------------------------------------------------- */

static void step(struct device_trace *t, const char *evidence, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void step(struct device_trace *t, const char *evidence, const char *fmt, ...)
{
	if (!t || t->n >= DEVICE_TRACE_STEPS)
		return;
	struct device_step *s = &t->step[t->n++];
	va_list ap;
	s->evidence = evidence;
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof s->text, fmt, ap);
	va_end(ap);
}

/* A q-value in thousandths as "1", "0.5", "0.25". */
static const char *qstr(int q, char *buf, size_t n)
{
	q = q < 0 ? 0 : q > 1000 ? 1000 : q;
	if (q >= 1000)
		snprintf(buf, n, "1");
	else if (q % 100 == 0)
		snprintf(buf, n, "0.%d", q / 100);
	else if (q % 10 == 0)
		snprintf(buf, n, "0.%02d", q / 10);
	else
		snprintf(buf, n, "0.%03d", q);
	return buf;
}

/* ---- detection ----------------------------------------------------------- */

static const char *const CT_WML = "text/vnd.wap.wml; charset=utf-8";
static const char *const CT_WAPXHTML = "application/vnd.wap.xhtml+xml; charset=utf-8";
static const char *const CT_XHTML = "application/xhtml+xml; charset=utf-8";
static const char *const CT_HTML = "text/html; charset=utf-8";

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

/* What Accept says, as the first evidence.  WML listed (q>0) with no XHTML
 * type listed -> wml, whatever else is there (gateways of WAP 1.x phones
 * add text/html), unless an explicit q gives text/html more than WML.
 * The WAP XHTML type listed -> at least xhtmlmp, unless an explicit q
 * gives WML more.  Anything else decides nothing. */
enum accept_says { ACCEPT_NOTHING, ACCEPT_WML, ACCEPT_XHTMLMP };

static enum accept_says accept_evidence(const struct accept_info *a, struct device_trace *t)
{
	char q1[16], q2[16];
	int wml = a->wml > a->wmlc ? a->wml : a->wmlc;
	int xhtml = a->xhtmlmp > a->xhtml ? a->xhtmlmp : a->xhtml;
	if (wml <= 0 && a->xhtmlmp <= 0) {
		if (t && (a->html > 0 || a->xhtml > 0))
			step(t, "accept", "lists no WAP type: says nothing about the device");
		else if (t)
			step(t, "accept", "absent or lists no markup type we know");
		return ACCEPT_NOTHING;
	}
	if (wml > 0 && xhtml <= 0) {
		if (a->html > wml) {
			step(t, "accept", "lists WML (q=%s) but text/html with a higher q (%s): not conclusive",
			     qstr(wml, q1, sizeof q1), qstr(a->html, q2, sizeof q2));
			return ACCEPT_NOTHING;
		}
		if (a->html > 0)
			step(t, "accept", "lists WML (q=%s) and no XHTML type; text/html beside it does not count -> wml",
			     qstr(wml, q1, sizeof q1));
		else
			step(t, "accept", "lists WML (q=%s) and no XHTML or HTML type -> wml", qstr(wml, q1, sizeof q1));
		return ACCEPT_WML;
	}
	if (a->xhtmlmp > 0) {
		if (wml > a->xhtmlmp) {
			step(t, "accept", "lists WML (q=%s) above the WAP XHTML type (q=%s) -> wml",
			     qstr(wml, q1, sizeof q1), qstr(a->xhtmlmp, q2, sizeof q2));
			return ACCEPT_WML;
		}
		step(t, "accept", "lists application/vnd.wap.xhtml+xml (q=%s) -> at least xhtmlmp",
		     qstr(a->xhtmlmp, q1, sizeof q1));
		return ACCEPT_XHTMLMP;
	}
	/* WML and application/xhtml+xml, no WAP XHTML type. */
	if (wml > a->xhtml) {
		step(t, "accept", "lists WML (q=%s) above application/xhtml+xml (q=%s) -> wml",
		     qstr(wml, q1, sizeof q1), qstr(a->xhtml, q2, sizeof q2));
		return ACCEPT_WML;
	}
	step(t, "accept", "lists WML and application/xhtml+xml (q=%s) at least as high: not conclusive",
	     qstr(a->xhtml, q1, sizeof q1));
	return ACCEPT_NOTHING;
}

static void rule_step(struct device_trace *t, const struct rule *r, const char *note)
{
	step(t, "rule", "devices.rules line %u: %s -> %s%s", r->line, r->label + 3,
	     device_profile_name(r->profile), note ? note : "");
}

void device_detect_explain(const struct device_rules *rules, const struct device_headers *h,
			   struct device_caps *out, struct device_trace *t)
{
	static const struct device_headers none;
	char lua[UA_MAX];
	size_t len = 0;
	struct accept_info acc;
	enum device_profile p = PROFILE_HTML;
	size_t budget = 0;
	unsigned used = 0;

	if (!h)
		h = &none;
	memset(out, 0, sizeof(*out));
	if (t)
		t->n = 0;
	if (present(h->user_agent)) {
		const char *s = h->user_agent;
		while (*s && len < sizeof(lua) - 1)
			lua[len++] = (char)tolower((unsigned char)*s++);
		used |= DEVICE_DEP_UA;
	}
	lua[len] = '\0';
	if (len)
		step(t, "user-agent", "%.160s%s", h->user_agent, strlen(h->user_agent) > 160 ? "..." : "");
	else
		step(t, "user-agent", "absent");

	const struct rule *ur = match_ua(rules, lua, len);
	const char *proxy = proxy_kind(h, lua, len);
	if (proxy) {
		if (present(h->opera_phone_ua))
			out->proxy_phone = h->opera_phone_ua;
		else if (present(h->device_stock_ua))
			out->proxy_phone = h->device_stock_ua;
		else if (present(h->ucbrowser_ua))
			out->proxy_phone = h->ucbrowser_ua;
	}
	if (present(h->opera_phone_ua) || present(h->ucbrowser_ua) || present(h->device_stock_ua))
		used |= DEVICE_DEP_PROXY;
	parse_accept(h->accept, &acc);
	const struct device_uaprof *up = h->uaprof;

	if (device_profile_parse(h->view_param, &p)) {
		out->overridden = out->from_param = true;
		out->rule = "override:param";
		step(t, "override", "?view=%s asks for %s", h->view_param, device_profile_name(p));
	} else if (device_profile_parse(h->view_cookie, &p) && p != PROFILE_WML) {
		out->overridden = true;
		out->rule = "override:cookie";
		used |= DEVICE_DEP_COOKIE;
		step(t, "override", "the view cookie asks for %s", device_profile_name(p));
	} else if (proxy) {
		p = PROFILE_HTML;
		out->rule = proxy;
		step(t, "proxy", "%s renders pages on its own servers -> html%s%s",
		     strcmp(proxy, "proxy:uc") == 0 ? "UC Browser" : "Opera Mini",
		     out->proxy_phone ? "; the phone: " : "", out->proxy_phone ? out->proxy_phone : "");
	} else {
		enum accept_says as = accept_evidence(&acc, t);
		if (present(h->accept))
			used |= DEVICE_DEP_ACCEPT;
		if (up)
			used |= DEVICE_DEP_PROFILE;
		if (as == ACCEPT_WML) {
			p = PROFILE_WML;
			out->rule = "accept:wml";
		} else if (as == ACCEPT_XHTMLMP) {
			if (ur && ur->profile == PROFILE_HTML) {
				p = PROFILE_HTML;
				budget = ur->budget;
				out->rule = ur->label;
				rule_step(t, ur, " (a full browser: raises xhtmlmp to html)");
			} else {
				p = PROFILE_XHTMLMP;
				out->rule = "accept:xhtmlmp";
				if (ur)
					step(t, "rule", "devices.rules line %u (%s -> %s) does not name a full browser: stays xhtmlmp",
					     ur->line, ur->label + 3, device_profile_name(ur->profile));
			}
		} else if (up && (up->xhtml || up->wml)) {
			step(t, "uaprof", "%s: %s%s%s", up->url ? up->url : "(profile)",
			     up->xhtml ? "an XHTML browser" : "", up->xhtml && up->wml ? " and " : "",
			     up->wml ? "a WML browser" : "");
			if (up->xhtml) {
				if (ur && ur->profile == PROFILE_HTML) {
					p = PROFILE_HTML;
					budget = ur->budget;
					out->rule = ur->label;
					rule_step(t, ur, " (a full browser: raises xhtmlmp to html)");
				} else {
					p = PROFILE_XHTMLMP;
					out->rule = "uaprof:xhtmlmp";
				}
			} else {
				p = PROFILE_WML;
				out->rule = "uaprof:wml";
			}
		} else if (ur) {
			if (up)
				step(t, "uaprof", "%s names no browser markup: not used", up->url ? up->url : "(profile)");
			p = ur->profile;
			budget = ur->budget;
			out->rule = ur->label;
			rule_step(t, ur, NULL);
		} else if (present(h->wap_profile)) {
			p = PROFILE_XHTMLMP;
			out->rule = "wap-profile";
			used |= DEVICE_DEP_PROFILE;
			step(t, "wap-profile", "no rule matched; a UAProf header (profile not in the store) marks a WAP 2.0 phone -> xhtmlmp");
		} else if (!len) {
			p = PROFILE_HTML;
			out->rule = "no-ua";
			step(t, "default", "no User-Agent -> html");
		} else {
			p = PROFILE_HTML;
			out->rule = "default";
			step(t, "default", "no rule matched -> html");
		}
	}
	if (present(h->wap_profile))
		used |= DEVICE_DEP_PROFILE;

	out->profile = p;
	out->budget = budget ? budget : device_profile_budget(p);
	if (budget)
		step(t, "budget", "%zu bytes from the rule", budget);
	else
		step(t, "budget", "%zu bytes, the %s default", out->budget, device_profile_name(p));
	if (up && !out->overridden) {
		if (p == PROFILE_WML && up->wml_deck_size && up->wml_deck_size < out->budget) {
			out->budget = up->wml_deck_size;
			step(t, "budget", "UAProf WmlDeckSize %zu caps it -> %zu", up->wml_deck_size, out->budget);
		}
		if (up->max_sdu_size && up->max_sdu_size < out->budget) {
			out->budget = up->max_sdu_size;
			step(t, "budget", "UAProf MaxSduSize %zu caps it -> %zu", up->max_sdu_size, out->budget);
		}
	}
	size_t sdu = parse_sdu(h->sdu_size);
	if (present(h->sdu_size))
		used |= DEVICE_DEP_SDU;
	if (sdu && sdu < out->budget) {
		out->budget = sdu;
		step(t, "budget", "X-WAP-Client-SDU-Size %zu caps it -> %zu", sdu, out->budget);
	}

	if (p == PROFILE_WML)
		out->content_type = CT_WML;
	else if (p == PROFILE_XHTMLMP)
		out->content_type = acc.xhtmlmp > 0 ? CT_WAPXHTML : acc.xhtml > 0 ? CT_XHTML : CT_HTML;
	else
		out->content_type = CT_HTML;
	if (present(h->accept))
		used |= DEVICE_DEP_ACCEPT;

	out->wmlc_preferred = acc.wmlc > 0 &&
		(acc.wmlc > acc.wml || (acc.wmlc == acc.wml && acc.wmlc_pos < acc.wml_pos));
	out->gzip = accepts_gzip(h->accept_encoding);
	used |= DEVICE_DEP_ENCODING;
	step(t, "result", "%s, %zu bytes, %s%s%s", device_profile_name(p), out->budget, out->content_type,
	     out->gzip ? ", gzip" : "", p == PROFILE_WML && out->wmlc_preferred ? ", WBXML (wmlc) preferred" : "");
	out->used = used;
}

void device_detect(const struct device_rules *rules, const struct device_headers *h,
		   struct device_caps *out)
{
	device_detect_explain(rules, h, out, NULL);
}

/* ---- what the answer depends on --------------------------------------------- */

static const struct {
	unsigned bit;
	const char *names;
} dep_names[] = {
	{ DEVICE_DEP_UA, "User-Agent" },
	{ DEVICE_DEP_ACCEPT, "Accept" },
	{ DEVICE_DEP_ENCODING, "Accept-Encoding" },
	{ DEVICE_DEP_PROFILE, "X-Wap-Profile, Profile, Wap-Profile" },
	{ DEVICE_DEP_SDU, "X-WAP-Client-SDU-Size" },
	{ DEVICE_DEP_PROXY, "X-OperaMini-Phone-UA, X-UCBrowser-UA, Device-Stock-UA" },
	{ DEVICE_DEP_COOKIE, "Cookie" },
};

size_t device_depends(unsigned mask, char *buf, size_t size)
{
	size_t n = 0;
	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(dep_names); i++) {
		if (!(mask & dep_names[i].bit))
			continue;
		int w = snprintf(buf + (n < size ? n : size), n < size ? size - n : 0, "%s%s",
				 n ? ", " : "", dep_names[i].names);
		if (w > 0)
			n += (size_t)w;
	}
	return n;
}

const char *device_vary(void)
{
	return "User-Agent, Accept, Accept-Encoding, X-Wap-Profile, Profile, Wap-Profile, "
	       "X-WAP-Client-SDU-Size, X-OperaMini-Phone-UA, X-UCBrowser-UA, Device-Stock-UA, Cookie";
}

/* ---- UAProf header values ------------------------------------------------- */

size_t device_profile_urls(const char *value, const char **urls, size_t *lens, size_t max)
{
	size_t n = 0;
	const char *p = value;
	if (!p)
		return 0;
	while (*p && n < max) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			break;
		const char *s, *e;
		if (*p == '"') {
			s = p + 1;
			e = strchr(s, '"');
			if (!e)
				e = s + strlen(s);
			p = *e ? e + 1 : e;
		} else {
			s = p;
			while (*p && *p != ',')
				p++;
			e = p;
		}
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		/* Profile-Diff digests ("1-Ab3...") and the like are not URLs. */
		if ((size_t)(e - s) > 7 && e - s < 1024 &&
		    (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0)) {
			urls[n] = s;
			lens[n] = (size_t)(e - s);
			n++;
		}
		while (*p && *p != ',')
			p++;
	}
	return n;
}
