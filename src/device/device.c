/* device.c - device detection: headers in, rendering profile out.
 * See device.h for the decision order and db/devices.rules for the rule
 * syntax; the rules file lives in rules.c, the header readers in accept.c,
 * and what differs per profile (names, budgets, content types) in the
 * dialect table. */
#include "core/common.h"

#include "device/device.h"
#include "device/device_int.h"
#include "render/dialect.h"

/* User-Agents are lowercased into a stack buffer of this size before the
 * rules run; bytes past it are not looked at. */
#define UA_MAX 1024

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

/* One decision in progress. */
struct detect {
	const struct device_headers *h;
	struct device_trace *t;
	struct device_caps *out;
	const struct rule *ur;          /* the first matching User-Agent rule */
	const struct device_uaprof *up; /* the request's UAProf facts */
	struct accept_info acc;
	enum device_profile p;
	size_t budget;                  /* from a rule; 0: the profile's default */
	unsigned used;                  /* DEVICE_DEP_* read so far */
	char lua[UA_MAX];               /* the User-Agent, lowercased */
	size_t len;
};

/* Proxy browsers render pages on their own servers; which one, or NULL. */
static const char *proxy_kind(const struct device_headers *h, const char *lua, size_t len)
{
	if (device_present(h->opera_phone_ua) || (len && (strstr(lua, "opera mini") || strstr(lua, "operamini"))))
		return "proxy:opera-mini";
	if (device_present(h->ucbrowser_ua) || (len && (strstr(lua, "ucweb") || strstr(lua, "ucbrowser") ||
						 strstr(lua, "uc browser"))))
		return "proxy:uc";
	return NULL;
}

/* The real phone's User-Agent a proxy browser passes on, or NULL. */
static const char *proxy_phone(const struct device_headers *h)
{
	if (device_present(h->opera_phone_ua))
		return h->opera_phone_ua;
	if (device_present(h->device_stock_ua))
		return h->device_stock_ua;
	if (device_present(h->ucbrowser_ua))
		return h->ucbrowser_ua;
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

/* The User-Agent, lowercased into d->lua. */
static void read_ua(struct detect *d)
{
	const struct device_headers *h = d->h;
	d->len = 0;
	if (device_present(h->user_agent)) {
		const char *s = h->user_agent;
		while (*s && d->len < sizeof(d->lua) - 1)
			d->lua[d->len++] = (char)tolower((unsigned char)*s++);
		d->used |= DEVICE_DEP_UA;
	}
	d->lua[d->len] = '\0';
	if (d->len)
		step(d->t, "user-agent", "%.160s%s", h->user_agent, strlen(h->user_agent) > 160 ? "..." : "");
	else
		step(d->t, "user-agent", "absent");
}

/* ?view=, the view cookie and proxy browsers decide before any evidence
 * about the phone; true when one of them did. */
static bool choose_override(struct detect *d, const char *proxy)
{
	const struct device_headers *h = d->h;
	struct device_caps *out = d->out;
	if (device_profile_parse(h->view_param, &d->p)) {
		out->overridden = out->from_param = true;
		out->rule = "override:param";
		step(d->t, "override", "?view=%s asks for %s", h->view_param, device_profile_name(d->p));
		return true;
	}
	if (device_profile_parse(h->view_cookie, &d->p) && d->p != PROFILE_WML) {
		out->overridden = true;
		out->rule = "override:cookie";
		d->used |= DEVICE_DEP_COOKIE;
		step(d->t, "override", "the view cookie asks for %s", device_profile_name(d->p));
		return true;
	}
	if (proxy) {
		d->p = PROFILE_HTML;
		out->rule = proxy;
		step(d->t, "proxy", "%s renders pages on its own servers -> html%s%s",
		     strcmp(proxy, "proxy:uc") == 0 ? "UC Browser" : "Opera Mini",
		     out->proxy_phone ? "; the phone: " : "", out->proxy_phone ? out->proxy_phone : "");
		return true;
	}
	return false;
}

/* An XHTML browser: xhtmlmp, or html when the User-Agent rule names a
 * full browser.  why: the rule label when it stays xhtmlmp. */
static void xhtml_or_full(struct detect *d, const char *why)
{
	const struct rule *ur = d->ur;
	if (ur && ur->profile == PROFILE_HTML) {
		d->p = PROFILE_HTML;
		d->budget = ur->budget;
		d->out->rule = ur->label;
		rule_step(d->t, ur, " (a full browser: raises xhtmlmp to html)");
		return;
	}
	d->p = PROFILE_XHTMLMP;
	d->out->rule = why;
	if (ur && strcmp(why, "accept:xhtmlmp") == 0)
		step(d->t, "rule", "devices.rules line %u (%s -> %s) does not name a full browser: stays xhtmlmp",
		     ur->line, ur->label + 3, device_profile_name(ur->profile));
}

/* The UAProf profile names browser markup: it decides. */
static void choose_by_uaprof(struct detect *d)
{
	const struct device_uaprof *up = d->up;
	step(d->t, "uaprof", "%s: %s%s%s", up->url ? up->url : "(profile)",
	     up->xhtml ? "an XHTML browser" : "", up->xhtml && up->wml ? " and " : "",
	     up->wml ? "a WML browser" : "");
	if (up->xhtml) {
		xhtml_or_full(d, "uaprof:xhtmlmp");
	} else {
		d->p = PROFILE_WML;
		d->out->rule = "uaprof:wml";
	}
}

/* No Accept or UAProf answer: the User-Agent rule, a bare profile header,
 * or html. */
static void choose_by_rule(struct detect *d)
{
	const struct rule *ur = d->ur;
	if (ur) {
		if (d->up)
			step(d->t, "uaprof", "%s names no browser markup: not used",
			     d->up->url ? d->up->url : "(profile)");
		d->p = ur->profile;
		d->budget = ur->budget;
		d->out->rule = ur->label;
		rule_step(d->t, ur, NULL);
	} else if (device_present(d->h->wap_profile)) {
		d->p = PROFILE_XHTMLMP;
		d->out->rule = "wap-profile";
		d->used |= DEVICE_DEP_PROFILE;
		step(d->t, "wap-profile",
		     "no rule matched; a UAProf header (profile not in the store) marks a WAP 2.0 phone -> xhtmlmp");
	} else if (!d->len) {
		d->p = PROFILE_HTML;
		d->out->rule = "no-ua";
		step(d->t, "default", "no User-Agent -> html");
	} else {
		d->p = PROFILE_HTML;
		d->out->rule = "default";
		step(d->t, "default", "no rule matched -> html");
	}
}

/* The evidence about the phone, strongest first: Accept, UAProf, rules. */
static void choose_by_evidence(struct detect *d)
{
	enum accept_says as = accept_evidence(&d->acc, d->t);
	if (device_present(d->h->accept))
		d->used |= DEVICE_DEP_ACCEPT;
	if (d->up)
		d->used |= DEVICE_DEP_PROFILE;
	if (as == ACCEPT_WML) {
		d->p = PROFILE_WML;
		d->out->rule = "accept:wml";
	} else if (as == ACCEPT_XHTMLMP) {
		xhtml_or_full(d, "accept:xhtmlmp");
	} else if (d->up && (d->up->xhtml || d->up->wml)) {
		choose_by_uaprof(d);
	} else {
		choose_by_rule(d);
	}
}

/* The profile's byte budget, capped by the UAProf facts (unless the choice
 * was overridden) and by X-WAP-Client-SDU-Size. */
static void set_budget(struct detect *d)
{
	struct device_caps *out = d->out;
	const struct device_uaprof *up = d->up;
	out->budget = d->budget ? d->budget : device_profile_budget(d->p);
	if (d->budget)
		step(d->t, "budget", "%zu bytes from the rule", d->budget);
	else
		step(d->t, "budget", "%zu bytes, the %s default", out->budget, device_profile_name(d->p));
	if (up && !out->overridden) {
		if (d->p == PROFILE_WML && up->wml_deck_size && up->wml_deck_size < out->budget) {
			out->budget = up->wml_deck_size;
			step(d->t, "budget", "UAProf WmlDeckSize %zu caps it -> %zu", up->wml_deck_size, out->budget);
		}
		if (up->max_sdu_size && up->max_sdu_size < out->budget) {
			out->budget = up->max_sdu_size;
			step(d->t, "budget", "UAProf MaxSduSize %zu caps it -> %zu", up->max_sdu_size, out->budget);
		}
	}
	size_t sdu = device_parse_sdu(d->h->sdu_size);
	if (device_present(d->h->sdu_size))
		d->used |= DEVICE_DEP_SDU;
	if (sdu && sdu < out->budget) {
		out->budget = sdu;
		step(d->t, "budget", "X-WAP-Client-SDU-Size %zu caps it -> %zu", sdu, out->budget);
	}
}

/* The WML version of a wml answer: 1.1 unless the browser is known to
 * read a later one (its UAProf WmlVersion, else its User-Agent rule).  An
 * override is no evidence about the browser. */
static void set_wml_version(struct detect *d)
{
	struct device_caps *out = d->out;
	const struct device_uaprof *up = d->up;
	const struct rule *ur = d->ur;
	out->wml_version = 0;
	if (d->p != PROFILE_WML)
		return;
	out->wml_version = 11;
	if (out->overridden) {
		step(d->t, "wml", "WML 1.1: ?view=wml says nothing about what the browser reads");
	} else if (up && up->wml_version) {
		if (up->wml_version >= 12)
			out->wml_version = up->wml_version >= 13 ? 13 : up->wml_version;
		if (out->wml_version >= 12)
			step(d->t, "wml", "UAProf WmlVersion lists WML %u.%u -> WML %u.%u decks, accesskeys on links",
			     up->wml_version / 10, up->wml_version % 10, out->wml_version / 10, out->wml_version % 10);
		else
			step(d->t, "wml", "UAProf WmlVersion lists nothing after WML 1.1 -> WML 1.1, no accesskeys");
	} else if (ur && ur->wml_version) {
		out->wml_version = ur->wml_version;
		step(d->t, "wml", "devices.rules line %u: %s reads WML %u.%u -> WML %u.%u decks, accesskeys on links",
		     ur->line, ur->label + 3, ur->wml_version / 10, ur->wml_version % 10,
		     ur->wml_version / 10, ur->wml_version % 10);
	} else {
		step(d->t, "wml", "no evidence of WML 1.2 or later (UAProf WmlVersion, a wml1.2/wml1.3 rule)"
		     " -> WML 1.1, no accesskeys");
	}
}

unsigned device_wml_version(const char *list)
{
	unsigned best = 0;
	const char *p = list;
	while (p && *p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		/* an item: "1.3", "1.2.1/June 2000", "WML1.2" is not one */
		if (p[0] == '1' && p[1] == '.' && p[2] >= '0' && p[2] <= '9' &&
		    !(p[3] >= '0' && p[3] <= '9')) {
			unsigned v = 10 + (unsigned)(p[2] - '0');
			if (v > 13)
				v = 13;
			if (v > best)
				best = v;
		}
		while (*p && *p != ',')
			p++;
	}
	return best;
}

/* The content type from the dialect table; XHTML-MP under the type the
 * phone listed (the WAP one, else the generic one, else text/html).  A
 * phone whose UAProf names XHTML gets the WAP type: its profile, not a
 * bare Accept, says what it takes. */
static const char *content_type(enum device_profile p, const struct accept_info *acc,
				const struct device_uaprof *up)
{
	const struct dialect *dl = dialect_of(p);
	if (p != PROFILE_XHTMLMP || acc->xhtmlmp > 0 || !dl->alt_content_type || (up && up->xhtml))
		return dl->content_type;
	return acc->xhtml > 0 ? dl->alt_content_type : dialect_of(PROFILE_HTML)->content_type;
}

void device_detect_explain(const struct device_rules *rules, const struct device_headers *h,
			   struct device_caps *out, struct device_trace *t)
{
	static const struct device_headers none;
	struct detect d = { .h = h ? h : &none, .t = t, .out = out, .p = PROFILE_HTML };

	h = d.h;
	memset(out, 0, sizeof(*out));
	if (t)
		t->n = 0;
	read_ua(&d);
	d.ur = device_match_ua(rules, d.lua, d.len);
	const char *proxy = proxy_kind(h, d.lua, d.len);
	if (proxy)
		out->proxy_phone = proxy_phone(h);
	if (device_present(h->opera_phone_ua) || device_present(h->ucbrowser_ua) ||
	    device_present(h->device_stock_ua))
		d.used |= DEVICE_DEP_PROXY;
	device_parse_accept(h->accept, &d.acc);
	d.up = h->uaprof;
	if (!choose_override(&d, proxy))
		choose_by_evidence(&d);
	if (device_present(h->wap_profile))
		d.used |= DEVICE_DEP_PROFILE;

	out->profile = d.p;
	set_wml_version(&d);
	set_budget(&d);
	out->content_type = content_type(d.p, &d.acc, d.up);
	if (device_present(h->accept))
		d.used |= DEVICE_DEP_ACCEPT;
	out->wmlc_preferred = d.acc.wmlc > 0 && (d.acc.wmlc > d.acc.wml ||
						 (d.acc.wmlc == d.acc.wml && d.acc.wmlc_pos < d.acc.wml_pos));
	out->gzip = device_accepts_gzip(h->accept_encoding);
	d.used |= DEVICE_DEP_ENCODING;
	char wv[16] = "";
	if (out->wml_version > 11)
		snprintf(wv, sizeof wv, " %u.%u", out->wml_version / 10, out->wml_version % 10);
	step(t, "result", "%s%s, %zu bytes, %s%s%s", device_profile_name(d.p), wv, out->budget, out->content_type,
	     out->gzip ? ", gzip" : "",
	     d.p == PROFILE_WML && out->wmlc_preferred ? ", WBXML (wmlc) preferred" : "");
	out->used = d.used;
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
