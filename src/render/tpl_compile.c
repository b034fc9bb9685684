/* tpl_compile.c - loading template sets: scanning {{tags}}, compiling
 * each template to ops, the XML well-formedness check of XML dialects,
 * and resolving partials.  Rendering the ops is tpl.c. */
#include "core/common.h"
#include "core/utf8.h"

#include <dirent.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "core/file.h"
#include "render/tpl_internal.h"

/* --- errors -------------------------------------------------------------- */

int tpl_fail(char **err, const char *path, unsigned line, const char *fmt, ...)
{
	if (err) {
		struct buf b = BUF_INIT;
		if (line)
			buf_addf(&b, "%s:%u: ", path, line);
		else
			buf_addf(&b, "%s: ", path);
		va_list ap;
		va_start(ap, fmt);
		buf_vaddf(&b, fmt, ap);
		va_end(ap);
		buf_one_line(&b);   /* even when it quotes a tag that spans lines */
		*err = buf_detach(&b);
	}
	return -1;
}

/* --- scanning ------------------------------------------------------------ */

struct tag {
	size_t ts, te;         /* the whole tag is src[ts..te) */
	char sigil;            /* 0 (variable) or one of # ^ / > ! & { =, or
	                          _ (interface string), N ({{_n ...}}) */
	const char *name;      /* trimmed text after the sigil */
	size_t nlen;
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Find the first tag at or after pos: 1 found, 0 none, -1 unterminated
 * (t->ts says where it starts). */
static int next_tag(const char *src, size_t len, size_t pos, struct tag *t)
{
	const char *p = pos < len ? memmem(src + pos, len - pos, "{{", 2) : NULL;
	if (!p)
		return 0;
	t->ts = (size_t)(p - src);
	size_t cs = t->ts + 2;
	const char *close = "}}";
	t->sigil = 0;
	if (cs < len && src[cs] == '{') {
		t->sigil = '{';
		cs++;
		close = "}}}";
	}
	size_t clen = strlen(close);
	/* An interface string ({{_ text}}, {{_n count text}}) may hold {name}
	 * placeholders, one of them just before the close: its "}}" is the
	 * first one outside braces. */
	size_t j = cs;
	while (j < len && blank(src[j]))
		j++;
	char msg = 0;
	if (!t->sigil && j + 1 < len && src[j] == '_') {
		if (blank(src[j + 1]))
			msg = '_';
		else if (src[j + 1] == 'n' && j + 2 < len && blank(src[j + 2]))
			msg = 'N';
	}
	const char *q = NULL;
	if (msg) {
		unsigned depth = 0;
		for (size_t k = j; k + 1 < len && !q; k++) {
			if (src[k] == '{')
				depth++;
			else if (src[k] == '}' && depth > 0)
				depth--;
			else if (src[k] == '}' && src[k + 1] == '}')
				q = src + k;
		}
	} else {
		q = memmem(src + cs, len - cs, close, clen);
	}
	if (!q)
		return -1;
	size_t ce = (size_t)(q - src);
	t->te = ce + clen;
	while (cs < ce && blank(src[cs]))
		cs++;
	if (msg) {
		t->sigil = msg;
		cs += msg == '_' ? 1 : 2;
		while (cs < ce && blank(src[cs]))
			cs++;
	} else if (!t->sigil && cs < ce && strchr("#^/>!&=", src[cs])) {
		t->sigil = src[cs];
		cs++;
		while (cs < ce && blank(src[cs]))
			cs++;
	}
	while (ce > cs && blank(src[ce - 1]))
		ce--;
	t->name = src + cs;
	t->nlen = ce - cs;
	return 1;
}

/* Line number of position pos, counting forward from a cursor. */
struct linecur {
	size_t pos;
	unsigned line;
};

static unsigned line_at(struct linecur *lc, const char *src, size_t pos)
{
	for (; lc->pos < pos; lc->pos++)
		if (src[lc->pos] == '\n')
			lc->line++;
	return lc->line;
}

/* --- compiling ----------------------------------------------------------- */

static struct op *op_new(struct tpl *t, enum op_type type, unsigned line)
{
	if (t->nops == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->ops = xrealloc(t->ops, t->cap * sizeof(*t->ops));
	}
	struct op *op = &t->ops[t->nops++];
	memset(op, 0, sizeof(*op));
	op->type = type;
	op->line = line;
	op->partial = -1;
	return op;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* Check a name; "." alone is the current item; partial names are one
 * segment that may contain dots. */
static bool name_ok(const char *s, size_t n, bool partial)
{
	if (n == 1 && s[0] == '.')
		return !partial;
	bool seg_start = true;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && !partial) {
			if (seg_start)
				return false;
			seg_start = true;
		} else if (name_char(s[i]) || (partial && s[i] == '.')) {
			seg_start = false;
		} else {
			return false;
		}
	}
	return !seg_start;
}

/* Split a checked name into op->seg: one allocation holding the pointer
 * array and the NUL-terminated segments. */
static void set_name(struct op *op, const char *s, size_t n, bool partial)
{
	if (n == 1 && s[0] == '.' && !partial) {
		op->seg = NULL;
		op->nseg = 0;
		return;
	}
	unsigned nseg = 1;
	if (!partial)
		for (size_t i = 0; i < n; i++)
			nseg += s[i] == '.';
	const char **seg = xmalloc(nseg * sizeof(*seg) + n + 1);
	char *str = (char *)(seg + nseg);
	memcpy(str, s, n);
	str[n] = '\0';
	unsigned k = 0;
	seg[k++] = str;
	if (!partial)
		for (size_t i = 0; i < n; i++)
			if (str[i] == '.') {
				str[i] = '\0';
				seg[k++] = str + i + 1;
			}
	op->seg = seg;
	op->nseg = nseg;
}

static void tpl_clear(struct tpl *t)
{
	for (size_t i = 0; i < t->nops; i++) {
		free(t->ops[i].seg);
		free(t->ops[i].msgid);
		free(t->ops[i].msgbuf);
	}
	free(t->ops);
	free(t->name);
	free(t->path);
	free(t->src);
}

static void add_text(struct tpl *t, size_t from, size_t to, unsigned line)
{
	if (to <= from)
		return;
	struct op *op = op_new(t, OP_TEXT, line);
	op->text = t->src + from;
	op->len = to - from;
}

/* A section tag ({{#x}} or {{^x}}) waiting for its close tag. */
struct open_sec {
	size_t op;
	const char *name;
	size_t nlen;
	unsigned line;
};

struct cstate {
	struct tpl *t;
	enum esc_dialect dialect;
	char **err;
	struct open_sec open[MAX_NEST];
	int depth;
};

/* A section, partial or comment tag alone on its line takes the line's
 * blanks and newline with it: widen [*text_end, *next) to cover them. */
static void standalone(const char *src, size_t len, size_t pos, const struct tag *tg, size_t *text_end,
		       size_t *next)
{
	if (!tg->sigil || !strchr("#^/>!", tg->sigil))
		return;
	size_t ls = tg->ts, le = tg->te;
	while (ls > pos && (src[ls - 1] == ' ' || src[ls - 1] == '\t'))
		ls--;
	while (le < len && (src[le] == ' ' || src[le] == '\t'))
		le++;
	if (le + 1 < len && src[le] == '\r' && src[le + 1] == '\n')
		le++;
	if ((ls == 0 || src[ls - 1] == '\n') && (le == len || src[le] == '\n')) {
		*text_end = ls;
		*next = le < len ? le + 1 : len;
	}
}

static int close_section(struct cstate *c, const struct tag *tg, unsigned line)
{
	struct tpl *t = c->t;
	if (c->depth == 0)
		return tpl_fail(c->err, t->path, line, "close tag '%.*s' without an open section",
				(int)tg->nlen, tg->name);
	const struct open_sec *o = &c->open[--c->depth];
	if (o->nlen != tg->nlen || memcmp(o->name, tg->name, tg->nlen) != 0)
		return tpl_fail(c->err, t->path, line,
				"close tag '%.*s' does not match open section '%.*s' (line %u)",
				(int)tg->nlen, tg->name, (int)o->nlen, o->name, o->line);
	t->ops[o->op].end = t->nops;
	return 0;
}

/* An interface string: {{_ text}} or {{_n count text}}.  The text is
 * the msgid; {name} in it is a placeholder (a name as in {{name}}), and
 * no other brace may appear. */
static int add_msg(struct cstate *c, const struct tag *tg, unsigned line)
{
	struct tpl *t = c->t;
	const char *s = tg->name;
	size_t n = tg->nlen, cn = 0;
	if (tg->sigil == 'N') {
		while (cn < n && !blank(s[cn]))
			cn++;
		if (cn == 0 || !name_ok(s, cn, false) || (cn == 1 && s[0] == '.'))
			return tpl_fail(c->err, t->path, line, "bad count name in '{{_n %.*s}}'", (int)n, s);
		s += cn;
		n -= cn;
		while (n > 0 && blank(*s))
			s++, n--;
	}
	if (n == 0)
		return tpl_fail(c->err, t->path, line, "empty interface string");
	bool ph = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '}')
			return tpl_fail(c->err, t->path, line, "stray '}' in interface string '%.*s'", (int)n, s);
		if (s[i] != '{')
			continue;
		size_t e = i + 1;
		while (e < n && s[e] != '}' && s[e] != '{')
			e++;
		if (e == n || s[e] != '}' || !name_ok(s + i + 1, e - i - 1, false) ||
		    (e - i - 1 == 1 && s[i + 1] == '.'))
			return tpl_fail(c->err, t->path, line, "bad placeholder in interface string '%.*s'",
					(int)n, s);
		ph = true;
		i = e;
	}
	struct op *op = op_new(t, tg->sigil == 'N' ? OP_NMSG : OP_MSG, line);
	if (tg->sigil == 'N')
		set_name(op, tg->name, cn, false);
	op->msgid = xstrndup(s, n);
	op->placeholders = ph;
	struct buf b = BUF_INIT;
	esc_text(&b, c->dialect, s, n);
	op->len = b.len;
	op->msgbuf = buf_detach(&b);
	op->text = op->msgbuf;
	return 0;
}

/* The op of one tag (comments excepted). */
static int add_tag(struct cstate *c, const struct tag *tg, unsigned line)
{
	struct tpl *t = c->t;
	if (tg->sigil == '_' || tg->sigil == 'N')
		return add_msg(c, tg, line);
	if (tg->sigil == '=')
		return tpl_fail(c->err, t->path, line, "set-delimiter tags are not supported");
	if (tg->nlen == 0)
		return tpl_fail(c->err, t->path, line, "empty tag name");
	bool partial = tg->sigil == '>';
	if (!name_ok(tg->name, tg->nlen, partial))
		return tpl_fail(c->err, t->path, line, "bad tag name '%.*s'", (int)tg->nlen, tg->name);

	enum op_type type;
	switch (tg->sigil) {
	case '/':
		return close_section(c, tg, line);
	case '#':
	case '^':
		if (c->depth == MAX_NEST)
			return tpl_fail(c->err, t->path, line, "sections nested too deeply");
		c->open[c->depth++] = (struct open_sec){ t->nops, tg->name, tg->nlen, line };
		type = tg->sigil == '#' ? OP_SECTION : OP_INVERTED;
		break;
	case '>':
		type = OP_PARTIAL;
		break;
	case '{':
	case '&':
		type = OP_RAW;
		break;
	default:
		type = OP_VAR;
		break;
	}
	set_name(op_new(t, type, line), tg->name, tg->nlen, partial);
	return 0;
}

static int compile(struct tpl *t, enum esc_dialect d, char **err)
{
	const char *src = t->src;
	size_t len = t->len;
	struct linecur lc = { 0, 1 };
	struct cstate c = { .t = t, .dialect = d, .err = err, .depth = 0 };
	size_t pos = 0;   /* start of text not yet emitted */

	for (;;) {
		struct tag tg;
		int r = next_tag(src, len, pos, &tg);
		if (r < 0)
			return tpl_fail(err, t->path, line_at(&lc, src, tg.ts), "unterminated tag");
		if (r == 0) {
			add_text(t, pos, len, 0);
			break;
		}
		unsigned line = line_at(&lc, src, tg.ts);
		size_t text_end = tg.ts, next = tg.te;
		standalone(src, len, pos, &tg, &text_end, &next);
		add_text(t, pos, text_end, line);
		pos = next;
		if (tg.sigil != '!' && add_tag(&c, &tg, line) < 0)
			return -1;
	}
	if (c.depth > 0)
		return tpl_fail(err, t->path, c.open[c.depth - 1].line, "unclosed section '%.*s'",
				(int)c.open[c.depth - 1].nlen, c.open[c.depth - 1].name);
	return 0;
}

/* --- the XML check ------------------------------------------------------- */

/* Why this does not call core/xml.h's xml_read: a template is a fragment
 * with {{tags}} in it, so the check strips the tags and wraps the rest in
 * a made-up element, and then words libxml2's tag-mismatch errors that
 * involve the wrapper itself ("element <p> is never closed", "close tag
 * </p> without an open element" instead of "Opening and ending tag
 * mismatch: p line 3 and qiao-fragment").  That needs the error's code,
 * names and the opening line (xmlError's str1, str2, int1), which
 * xml_read does not keep; and a template fails on the first error of any
 * level (a namespace error included), where xml_read answers only whether
 * a whole page is well-formed.  The parser options are the same (no
 * network, no messages). */

#define FRAGMENT "qiao-fragment"

struct xml_err {
	bool seen;
	int line;
	char msg[200];
};

static void on_xml_error(void *data, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = data;   /* libxml2 passes ctxt->userData == ctxt */
	struct xml_err *xe = ctxt ? ctxt->_private : NULL;
	if (!xe || xe->seen || !e)
		return;
	xe->seen = true;
	xe->line = e->line;
	/* a tag mismatch involving our fragment wrapper: say what it means */
	if (e->code == XML_ERR_TAG_NAME_MISMATCH && e->str1 && e->str2) {
		if (strcmp(e->str2, FRAGMENT) == 0) {
			xe->line = e->int1;
			snprintf(xe->msg, sizeof(xe->msg), "element <%s> is never closed", e->str1);
			return;
		}
		if (strcmp(e->str1, FRAGMENT) == 0) {
			snprintf(xe->msg, sizeof(xe->msg), "close tag </%s> without an open element", e->str2);
			return;
		}
	}
	const char *m = e->message ? e->message : "XML error";
	size_t n = strcspn(m, "\r\n");
	while (n > 0 && m[n - 1] == ' ')
		n--;
	if (n >= sizeof(xe->msg))
		n = sizeof(xe->msg) - 1;
	memcpy(xe->msg, m, n);
	xe->msg[n] = '\0';
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	return n >= pl && memcmp(s, prefix, pl) == 0;
}

int tpl_check_xml(const char *path, const char *text, size_t len, char **err)
{
	static const char open_w[] = "<" FRAGMENT ">", close_w[] = "</" FRAGMENT ">";
	struct buf x = BUF_INIT;
	size_t pos = 0;
	struct tag tg;

	/* remove the tags, keeping the newlines inside them */
	buf_add(&x, open_w, strlen(open_w));
	size_t start = x.len;
	while (next_tag(text, len, pos, &tg) > 0) {
		buf_add(&x, text + pos, tg.ts - pos);
		for (size_t i = tg.ts; i < tg.te; i++)
			if (text[i] == '\n')
				buf_addc(&x, '\n');
		pos = tg.te;
	}
	buf_add(&x, text + pos, len - pos);

	const char *doc = x.data;
	size_t dlen = x.len;
	const char *body = x.data + start;
	size_t blen = x.len - start;
	if (starts_with(body, blen, "<?xml") || starts_with(body, blen, "<!DOCTYPE")) {
		doc = body;
		dlen = blen;
	} else {
		buf_add(&x, close_w, strlen(close_w));
		doc = x.data;
		dlen = x.len;
	}

	xmlInitParser();
	int rc = 0;
	struct xml_err xe = { false, 0, "" };
	xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(doc, (int)dlen);
	if (!ctxt) {
		buf_release(&x);
		return tpl_fail(err, path, 0, "cannot create an XML parser");
	}
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	ctxt->_private = &xe;
	ctxt->sax->serror = on_xml_error;
	xmlParseDocument(ctxt);
	if (xe.seen || !ctxt->wellFormed) {
		if (xe.seen)
			rc = tpl_fail(err, path, xe.line > 0 ? (unsigned)xe.line : 1, "%s", xe.msg);
		else
			rc = tpl_fail(err, path, 1, "not well-formed XML");
	}
	xmlFreeDoc(ctxt->myDoc);
	ctxt->myDoc = NULL;
	xmlFreeParserCtxt(ctxt);
	buf_release(&x);
	return rc;
}

/* --- sets ---------------------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct tpl *)a)->name, ((const struct tpl *)b)->name);
}

void tpl_set_free(struct tpl_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		tpl_clear(&s->t[i]);
	free(s->t);
	free(s);
}

long tpl_set_find(const struct tpl_set *s, const char *name)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, s->t[mid].name);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Compile and check the s->n templates whose name/path/src are filled in,
 * then sort them and resolve partials.  Frees s on error. */
static struct tpl_set *set_finish(struct tpl_set *s, bool check_xml, char **err)
{
	for (size_t i = 0; i < s->n; i++) {
		struct tpl *t = &s->t[i];
		size_t ok = utf8_valid_prefix(t->src, t->len);
		if (ok != t->len) {
			unsigned line = 1;
			for (size_t k = 0; k < ok; k++)
				line += t->src[k] == '\n';
			tpl_fail(err, t->path, line, "invalid UTF-8");
			goto bad;
		}
		if (memchr(t->src, '\0', t->len)) {
			tpl_fail(err, t->path, 0, "NUL byte in template");
			goto bad;
		}
		if (compile(t, s->dialect, err) < 0)
			goto bad;
		if (check_xml && tpl_check_xml(t->path, t->src, t->len, err) < 0)
			goto bad;
	}
	qsort(s->t, s->n, sizeof(*s->t), by_name);
	for (size_t i = 1; i < s->n; i++)
		if (strcmp(s->t[i - 1].name, s->t[i].name) == 0) {
			tpl_fail(err, s->t[i].path, 0, "duplicate template '%s'", s->t[i].name);
			goto bad;
		}
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->t[i].nops; k++) {
			struct op *op = &s->t[i].ops[k];
			if (op->type == OP_PARTIAL)
				op->partial = tpl_set_find(s, op->seg[0]);
		}
	return s;
bad:
	tpl_set_free(s);
	return NULL;
}

struct tpl_set *tpl_set_from_strings(size_t n, const char *const *names,
                                     const char *const *texts, enum esc_dialect d,
                                     bool check_xml, char **err)
{
	struct tpl_set *s = xcalloc(1, sizeof(*s));
	s->dialect = d;
	s->t = xcalloc(n ? n : 1, sizeof(*s->t));
	for (size_t i = 0; i < n; i++) {
		struct tpl *t = &s->t[s->n++];
		t->name = xstrdup(names[i]);
		t->path = xstrdup(names[i]);
		t->len = strlen(texts[i]);
		t->src = xstrndup(texts[i], t->len);
	}
	return set_finish(s, check_xml, err);
}

static int read_file(const char *path, char **out, size_t *outlen, char **err)
{
	struct buf b = BUF_INIT;
	const char *why;
	if (file_read(path, 0, &b, &why) != FILE_OK)
		return tpl_fail(err, path, 0, "%s", why);
	*outlen = b.len;
	*out = buf_detach(&b);
	return 0;
}

struct tpl_set *tpl_set_load(const char *dir, const char *ext, enum esc_dialect d,
                             bool check_xml, char **err)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		tpl_fail(err, dir, 0, "%s", strerror(errno));
		return NULL;
	}
	struct tpl_set *s = xcalloc(1, sizeof(*s));
	s->dialect = d;
	size_t cap = 0, extlen = strlen(ext);
	struct dirent *de;
	while ((de = readdir(dh)) != NULL) {
		size_t nl = strlen(de->d_name);
		if (de->d_name[0] == '.' || nl <= extlen || strcmp(de->d_name + nl - extlen, ext) != 0)
			continue;
		char *path = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		if (s->n == cap) {
			cap = cap ? cap * 2 : 32;
			s->t = xrealloc(s->t, cap * sizeof(*s->t));
		}
		struct tpl *t = &s->t[s->n];
		memset(t, 0, sizeof(*t));
		t->path = path;
		t->name = xstrndup(de->d_name, nl - extlen);
		s->n++;
		if (read_file(path, &t->src, &t->len, err) < 0) {
			closedir(dh);
			tpl_set_free(s);
			return NULL;
		}
	}
	closedir(dh);
	if (s->n == 0) {
		tpl_set_free(s);
		tpl_fail(err, dir, 0, "no templates ending in %s", ext);
		return NULL;
	}
	/* compile in name order so the first error reported is stable */
	qsort(s->t, s->n, sizeof(*s->t), by_name);
	return set_finish(s, check_xml, err);
}

enum esc_dialect tpl_set_dialect(const struct tpl_set *s)
{
	return s->dialect;
}

bool tpl_exists(const struct tpl_set *s, const char *name)
{
	return tpl_set_find(s, name) >= 0;
}

