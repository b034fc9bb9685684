/* data.c - the demo's data files (the files of db/demo/, db/demo/README.md),
 * compiled into the binary by tools/embed.c so that `qiao init --demo`
 * works from an installed binary without its share directory.  Here they
 * are split into cells, and departments.tsv and services.tsv are read into
 * the generator's tables; a file that breaks its format is an error that
 * names the file and line (the data is edited by hand). */
#include "demo/demo_int.h"
#include "store/embedded.h"

static int fail(char **err, const char *file, int line, const char *why)
{
	*err = xasprintf("demo: db/demo/%s:%d: %s", file, line, why);
	return -1;
}

/* Fields of one line into out (at most max, the line cut at its tabs);
 * their number. */
static size_t split_tabs(char *line, char **out, size_t max)
{
	size_t n = 0;
	for (char *p = line;;) {
		char *t = strchr(p, '\t');
		if (n < max)
			out[n] = p;
		n++;
		if (!t)
			break;
		if (max)
			*t = '\0';
		p = t + 1;
	}
	return n;
}

int tsv_load(struct tsv *t, const char *name, char **err)
{
	memset(t, 0, sizeof *t);
	t->file = name;
	const struct embedded_file *f = demo_data;
	while (f->name && strcmp(f->name, name) != 0)
		f++;
	if (!f->name)
		for (f = demo_i18n; f->name && strcmp(f->name, name) != 0;)
			f++;
	if (!f->name) {
		*err = xasprintf("demo: db/demo/%s is not built into this qiao", name);
		return -1;
	}
	t->mem = xstrdup(f->data);
	size_t cap = 0;
	int lineno = 0;
	for (char *line = t->mem; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		char *next = nl ? nl + 1 : NULL;
		if (*line == '#' || *line == '\0') {
			line = next;
			continue;
		}
		if (!t->head) {
			t->ncols = split_tabs(line, NULL, 0);
			t->head = xcalloc(t->ncols, sizeof *t->head);
			split_tabs(line, t->head, t->ncols);
			line = next;
			continue;
		}
		if (t->nrows == cap) {
			cap = cap ? cap * 2 : 128;
			t->cell = xrealloc(t->cell, cap * t->ncols * sizeof *t->cell);
		}
		char **row = t->cell + t->nrows * t->ncols;
		size_t n = split_tabs(line, row, t->ncols);
		if (n != t->ncols) {
			char *why = xasprintf("%zu fields, the header has %zu", n, t->ncols);
			fail(err, name, lineno, why);
			free(why);
			return -1;
		}
		for (size_t k = 0; k < n; k++)
			if (!*row[k])
				return fail(err, name, lineno, "an empty field (write - for none)");
		t->nrows++;
		line = next;
	}
	if (!t->head || !t->nrows)
		return fail(err, name, lineno, "no header or no rows");
	return 0;
}

void tsv_free(struct tsv *t)
{
	free(t->mem);
	free(t->cell);
	free(t->head);
	memset(t, 0, sizeof *t);
}

int tsv_col(const struct tsv *t, const char *name, char **err)
{
	for (size_t k = 0; k < t->ncols; k++)
		if (strcmp(t->head[k], name) == 0)
			return (int)k;
	if (!*err)
		*err = xasprintf("demo: db/demo/%s has no column %s", t->file, name);
	return -1;
}

void dm_list_init(struct list *l, const char *s)
{
	l->mem = xstrdup(s);
	l->n = *s ? 1 : 0;
	for (const char *p = s; *p; p++)
		if (*p == '|')
			l->n++;
	l->v = xcalloc(l->n ? l->n : 1, sizeof *l->v);
	if (!l->n)
		return;
	size_t i = 0;
	char *p = l->mem;
	l->v[i++] = p;
	for (; *p; p++) {
		if (*p == '|') {
			*p = '\0';
			l->v[i++] = p + 1;
		}
	}
}

void dm_list_free(struct list *l)
{
	free(l->mem);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* --- departments.tsv and services.tsv ------------------------------------- */

static const char *const topic_names[N_TOPICS + 1] = {
	"", "教育", "社保", "就业", "医疗", "住房", "交通", "婚育收养", "公用事业", "证件办理",
	"企业开办", "经营纳税", "资质认定", "招商引资",
};

static const char *const kinds[] = { "行政许可", "行政确认", "行政给付", "公共服务", "其他行政权力" };

static int load_dtypes(struct demo *d)
{
	struct tsv *t = &d->f_dept;
	const char *cols[] = { "key", "province", "city", "district", "county" };
	int c[5];
	for (int k = 0; k < 5; k++)
		if ((c[k] = tsv_col(t, cols[k], d->err)) < 0)
			return -1;
	d->n_dtypes = (int)t->nrows;
	d->dtypes = xcalloc(t->nrows, sizeof *d->dtypes);
	for (size_t r = 0; r < t->nrows; r++) {
		struct dtype *p = &d->dtypes[r];
		p->key = tsv_get(t, r, c[0]);
		for (int k = 0; k < 4; k++) {
			const char *v = tsv_get(t, r, c[k + 1]);
			p->form[k] = strcmp(v, "-") == 0 ? NULL : v;
		}
		if (!p->form[1]) {
			*d->err = xasprintf("demo: departments.tsv: %s has no city unit", p->key);
			return -1;
		}
	}
	return 0;
}

static int dtype_index(const struct demo *d, const char *key)
{
	for (int i = 0; i < d->n_dtypes; i++)
		if (strcmp(d->dtypes[i].key, key) == 0)
			return i;
	return -1;
}

static int load_services(struct demo *d)
{
	struct tsv *t = &d->f_svc;
	const char *names[] = { "name", "levels", "dept", "audience", "kind", "topic", "conditions",
				"materials", "legal_basis", "statutory_limit", "promised_limit", "fee", "channel" };
	int c[ARRAY_LEN(names)];
	for (size_t k = 0; k < ARRAY_LEN(names); k++)
		if ((c[k] = tsv_col(t, names[k], d->err)) < 0)
			return -1;
	d->n_svcs = (int)t->nrows;
	d->svcs = xcalloc(t->nrows, sizeof *d->svcs);
	for (size_t r = 0; r < t->nrows; r++) {
		struct service *s = &d->svcs[r];
		const char **f[] = { &s->name, NULL, &s->dept, &s->audience, &s->kind, &s->topic, &s->cond,
				     &s->mat, &s->basis, &s->statutory, &s->promised, &s->fee, &s->channel };
		for (size_t k = 0; k < ARRAY_LEN(names); k++)
			if (f[k])
				*f[k] = tsv_get(t, r, c[k]);
		const char *levels = tsv_get(t, r, c[1]);
		s->at[1] = strstr(levels, "省") != NULL;
		s->at[2] = strstr(levels, "市") != NULL;
		s->at[3] = strstr(levels, "县") != NULL;
		s->dtype = dtype_index(d, s->dept);
		s->topic_id = 0;
		for (int k = 1; k <= N_TOPICS; k++)
			if (strcmp(s->topic, topic_names[k]) == 0)
				s->topic_id = k;
		bool kind_ok = false;
		for (size_t k = 0; k < ARRAY_LEN(kinds); k++)
			kind_ok |= strcmp(s->kind, kinds[k]) == 0;
		bool twice = false;
		for (size_t k = 0; k < r && !twice; k++)
			twice = strcmp(d->svcs[k].name, s->name) == 0;
		const char *why = twice ? "the name is already used by an earlier row"
			: s->dtype < 0 ? "an unknown dept"
			: !s->topic_id ? "an unknown topic"
			: !kind_ok ? "an unknown kind"
			: strcmp(s->audience, "个人") != 0 && strcmp(s->audience, "法人") != 0 ? "audience is not 个人 or 法人"
			: !(s->at[1] || s->at[2] || s->at[3]) ? "no level"
			: s->at[1] && !d->dtypes[s->dtype].form[0] ? "a province level its dept lacks"
			: NULL;
		if (why) {
			*d->err = xasprintf("demo: services.tsv: %s: %s", s->name, why);
			return -1;
		}
	}
	return 0;
}

int demo_load_data(struct demo *d)
{
	if (tsv_load(&d->f_dept, "departments.tsv", d->err) != 0 ||
	    tsv_load(&d->f_svc, "services.tsv", d->err) != 0 ||
	    tsv_load(&d->f_art, "articles.tsv", d->err) != 0 ||
	    tsv_load(&d->f_msg, "messages.tsv", d->err) != 0)
		return -1;
	return load_dtypes(d) == 0 && load_services(d) == 0 ? 0 : -1;
}
