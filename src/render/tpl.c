#include "core/common.h"

#include <dirent.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "core/file.h"
#include "render/tpl.h"
#include "render/view.h"

#define MAX_PARTIAL_DEPTH 8
#define MAX_NEST 64        /* sections open at once while compiling */
#define MAX_STACK 256      /* context stack entries while rendering */

enum op_type { OP_TEXT, OP_VAR, OP_RAW, OP_SECTION, OP_INVERTED, OP_PARTIAL };

struct op {
	enum op_type type;
	unsigned line;
	const char *text;      /* OP_TEXT: slice of the template source */
	size_t len;
	const char **seg;      /* name segments (one block, freed at once); */
	unsigned nseg;         /* nseg 0 means "." ; OP_PARTIAL: seg[0] */
	size_t end;            /* OP_SECTION/OP_INVERTED: first op after body */
	long partial;          /* OP_PARTIAL: index in the set, -1 if missing */
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

/* --- errors -------------------------------------------------------------- */

static int fail(char **err, const char *path, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char **err, const char *path, unsigned line, const char *fmt, ...)
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
		*err = buf_detach(&b);
	}
	return -1;
}

/* --- scanning ------------------------------------------------------------ */

struct tag {
	size_t ts, te;         /* the whole tag is src[ts..te) */
	char sigil;            /* 0 (variable) or one of # ^ / > ! & { = */
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
	const char *q = memmem(src + cs, len - cs, close, clen);
	if (!q)
		return -1;
	size_t ce = (size_t)(q - src);
	t->te = ce + clen;
	while (cs < ce && blank(src[cs]))
		cs++;
	if (!t->sigil && cs < ce && strchr("#^/>!&=", src[cs])) {
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
	for (size_t i = 0; i < t->nops; i++)
		free(t->ops[i].seg);
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

static int compile(struct tpl *t, char **err)
{
	const char *src = t->src;
	size_t len = t->len;
	struct linecur lc = { 0, 1 };
	struct { size_t op; const char *name; size_t nlen; unsigned line; } open[MAX_NEST];
	int depth = 0;
	size_t pos = 0;   /* start of text not yet emitted */

	for (;;) {
		struct tag tg;
		int r = next_tag(src, len, pos, &tg);
		if (r < 0)
			return fail(err, t->path, line_at(&lc, src, tg.ts), "unterminated tag");
		if (r == 0) {
			add_text(t, pos, len, 0);
			break;
		}
		unsigned line = line_at(&lc, src, tg.ts);
		size_t text_end = tg.ts, next = tg.te;

		/* standalone line: drop its blanks and newline along with the tag */
		if (tg.sigil && strchr("#^/>!", tg.sigil)) {
			size_t ls = tg.ts, le = tg.te;
			while (ls > pos && (src[ls - 1] == ' ' || src[ls - 1] == '\t'))
				ls--;
			while (le < len && (src[le] == ' ' || src[le] == '\t'))
				le++;
			if (le + 1 < len && src[le] == '\r' && src[le + 1] == '\n')
				le++;
			if ((ls == 0 || src[ls - 1] == '\n') && (le == len || src[le] == '\n')) {
				text_end = ls;
				next = le < len ? le + 1 : len;
			}
		}
		add_text(t, pos, text_end, line);
		pos = next;

		if (tg.sigil == '!')
			continue;
		if (tg.sigil == '=')
			return fail(err, t->path, line, "set-delimiter tags are not supported");
		if (tg.nlen == 0)
			return fail(err, t->path, line, "empty tag name");
		bool partial = tg.sigil == '>';
		if (!name_ok(tg.name, tg.nlen, partial))
			return fail(err, t->path, line, "bad tag name '%.*s'", (int)tg.nlen, tg.name);

		struct op *op;
		switch (tg.sigil) {
		case '#':
		case '^':
			if (depth == MAX_NEST)
				return fail(err, t->path, line, "sections nested too deeply");
			op = op_new(t, tg.sigil == '#' ? OP_SECTION : OP_INVERTED, line);
			set_name(op, tg.name, tg.nlen, false);
			open[depth].op = t->nops - 1;
			open[depth].name = tg.name;
			open[depth].nlen = tg.nlen;
			open[depth].line = line;
			depth++;
			break;
		case '/':
			if (depth == 0)
				return fail(err, t->path, line, "close tag '%.*s' without an open section",
				            (int)tg.nlen, tg.name);
			depth--;
			if (open[depth].nlen != tg.nlen || memcmp(open[depth].name, tg.name, tg.nlen) != 0)
				return fail(err, t->path, line,
				            "close tag '%.*s' does not match open section '%.*s' (line %u)",
				            (int)tg.nlen, tg.name, (int)open[depth].nlen, open[depth].name,
				            open[depth].line);
			t->ops[open[depth].op].end = t->nops;
			break;
		case '>':
			op = op_new(t, OP_PARTIAL, line);
			set_name(op, tg.name, tg.nlen, true);
			break;
		case '{':
		case '&':
			op = op_new(t, OP_RAW, line);
			set_name(op, tg.name, tg.nlen, false);
			break;
		default:
			op = op_new(t, OP_VAR, line);
			set_name(op, tg.name, tg.nlen, false);
			break;
		}
	}
	if (depth > 0)
		return fail(err, t->path, open[depth - 1].line, "unclosed section '%.*s'",
		            (int)open[depth - 1].nlen, open[depth - 1].name);
	return 0;
}

/* --- the XML check ------------------------------------------------------- */

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
		return fail(err, path, 0, "cannot create an XML parser");
	}
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	ctxt->_private = &xe;
	ctxt->sax->serror = on_xml_error;
	xmlParseDocument(ctxt);
	if (xe.seen || !ctxt->wellFormed) {
		if (xe.seen)
			rc = fail(err, path, xe.line > 0 ? (unsigned)xe.line : 1, "%s", xe.msg);
		else
			rc = fail(err, path, 1, "not well-formed XML");
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

static long find_tpl(const struct tpl_set *s, const char *name)
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
			fail(err, t->path, line, "invalid UTF-8");
			goto bad;
		}
		if (memchr(t->src, '\0', t->len)) {
			fail(err, t->path, 0, "NUL byte in template");
			goto bad;
		}
		if (compile(t, err) < 0)
			goto bad;
		if (check_xml && tpl_check_xml(t->path, t->src, t->len, err) < 0)
			goto bad;
	}
	qsort(s->t, s->n, sizeof(*s->t), by_name);
	for (size_t i = 1; i < s->n; i++)
		if (strcmp(s->t[i - 1].name, s->t[i].name) == 0) {
			fail(err, s->t[i].path, 0, "duplicate template '%s'", s->t[i].name);
			goto bad;
		}
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->t[i].nops; k++) {
			struct op *op = &s->t[i].ops[k];
			if (op->type == OP_PARTIAL)
				op->partial = find_tpl(s, op->seg[0]);
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
		return fail(err, path, 0, "%s", why);
	*outlen = b.len;
	*out = buf_detach(&b);
	return 0;
}

struct tpl_set *tpl_set_load(const char *dir, const char *ext, enum esc_dialect d,
                             bool check_xml, char **err)
{
	DIR *dh = opendir(dir);
	if (!dh) {
		fail(err, dir, 0, "%s", strerror(errno));
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
		fail(err, dir, 0, "no templates ending in %s", ext);
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
	return find_tpl(s, name) >= 0;
}

/* --- rendering ----------------------------------------------------------- */

struct frame {
	const struct view *obj;   /* NULL: a string pushed by a section */
	const char *s;
	size_t n;
};

struct rstate {
	const struct tpl_set *set;
	struct buf *out;
	char **err;
	unsigned depth, pdepth;
	struct frame st[MAX_STACK];
};

static const struct view_value *resolve(const struct rstate *r, const struct op *op,
                                        struct view_value *tmp)
{
	if (op->nseg == 0) {                  /* {{.}} */
		if (r->depth == 0)
			return NULL;
		const struct frame *f = &r->st[r->depth - 1];
		if (f->obj) {
			tmp->kind = VIEW_OBJ;
			tmp->u.obj = (struct view *)f->obj;
		} else {
			tmp->kind = VIEW_STR;
			tmp->u.str.s = f->s;
			tmp->u.str.n = f->n;
		}
		return tmp;
	}
	const struct view_value *v = NULL;
	for (unsigned i = r->depth; i-- > 0;)
		if (r->st[i].obj && (v = view_lookup(r->st[i].obj, op->seg[0])) != NULL)
			break;
	for (unsigned k = 1; v && k < op->nseg; k++)
		v = v->kind == VIEW_OBJ ? view_lookup(v->u.obj, op->seg[k]) : NULL;
	return v;
}

static bool truthy(const struct view_value *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VIEW_STR: return v->u.str.n > 0;
	case VIEW_BOOL: return v->u.b;
	case VIEW_LIST: return v->u.list.count > 0;
	case VIEW_OBJ: return true;
	}
	return false;
}

static int render_ops(struct rstate *r, const struct tpl *t, size_t from, size_t to);

static int push(struct rstate *r, const struct tpl *t, const struct op *op,
                const struct view *obj, const char *s, size_t n)
{
	if (r->depth == MAX_STACK)
		return fail(r->err, t->path, op->line, "sections nested too deeply");
	r->st[r->depth].obj = obj;
	r->st[r->depth].s = s;
	r->st[r->depth].n = n;
	r->depth++;
	return 0;
}

static int render_section(struct rstate *r, const struct tpl *t, size_t i)
{
	const struct op *op = &t->ops[i];
	struct view_value tmp;
	const struct view_value *v = resolve(r, op, &tmp);
	if (op->type == OP_INVERTED)
		return truthy(v) ? 0 : render_ops(r, t, i + 1, op->end);
	if (!truthy(v))
		return 0;
	int rc = 0;
	switch (v->kind) {
	case VIEW_LIST:
		for (const struct view *it = v->u.list.head; it && rc == 0; it = view_next(it)) {
			if (push(r, t, op, it, NULL, 0) < 0)
				return -1;
			rc = render_ops(r, t, i + 1, op->end);
			r->depth--;
		}
		return rc;
	case VIEW_OBJ:
		if (push(r, t, op, v->u.obj, NULL, 0) < 0)
			return -1;
		break;
	case VIEW_STR:
		if (push(r, t, op, NULL, v->u.str.s, v->u.str.n) < 0)
			return -1;
		break;
	case VIEW_BOOL:
		return render_ops(r, t, i + 1, op->end);
	}
	rc = render_ops(r, t, i + 1, op->end);
	r->depth--;
	return rc;
}

static int render_ops(struct rstate *r, const struct tpl *t, size_t from, size_t to)
{
	struct view_value tmp;
	const struct view_value *v;
	size_t i = from;
	while (i < to) {
		const struct op *op = &t->ops[i];
		switch (op->type) {
		case OP_TEXT:
			buf_add(r->out, op->text, op->len);
			i++;
			break;
		case OP_VAR:
		case OP_RAW:
			v = resolve(r, op, &tmp);
			if (v && v->kind == VIEW_STR) {
				if (op->type == OP_VAR)
					esc_text(r->out, r->set->dialect, v->u.str.s, v->u.str.n);
				else
					buf_add(r->out, v->u.str.s, v->u.str.n);
			}
			i++;
			break;
		case OP_SECTION:
		case OP_INVERTED:
			if (render_section(r, t, i) < 0)
				return -1;
			i = op->end;
			break;
		case OP_PARTIAL:
			if (op->partial < 0)
				return fail(r->err, t->path, op->line, "missing partial '%s'", op->seg[0]);
			if (r->pdepth >= MAX_PARTIAL_DEPTH)
				return fail(r->err, t->path, op->line,
				            "partials nested deeper than %d at '%s'", MAX_PARTIAL_DEPTH,
				            op->seg[0]);
			r->pdepth++;
			const struct tpl *pt = &r->set->t[op->partial];
			int rc = render_ops(r, pt, 0, pt->nops);
			r->pdepth--;
			if (rc < 0)
				return -1;
			i++;
			break;
		}
	}
	return 0;
}

int tpl_render(const struct tpl_set *s, const char *name, const struct view *v,
               struct buf *out, char **err)
{
	long idx = find_tpl(s, name);
	if (idx < 0) {
		if (err)
			*err = xasprintf("unknown template '%s'", name);
		return -1;
	}
	struct rstate r;
	r.set = s;
	r.out = out;
	r.err = err;
	r.depth = 0;
	r.pdepth = 0;
	if (v) {
		r.st[0].obj = v;
		r.st[0].s = NULL;
		r.st[0].n = 0;
		r.depth = 1;
	}
	const struct tpl *t = &s->t[idx];
	buf_grow(out, t->len);
	out->data[out->len] = '\0';   /* buf_grow alone leaves it unterminated */
	return render_ops(&r, t, 0, t->nops);
}
