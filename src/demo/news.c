/* news.c - the demo's column tree and articles, written through
 * news_add_column / news_put_article. */
#include "core/utf8.h"
#include "demo/demo_int.h"
#include "store/news.h"

/* ------------------------------------------------------------------ */
/* Columns                                                              */
/* ------------------------------------------------------------------ */

static int insert_column(struct demo *d, const struct column *c, int sort)
{
	if (news_add_column(d->st, c->id, c->parent, c->level, c->name, sort) != 0)
		return dm_sql_error(d, "columns");
	return 0;
}

int demo_columns(struct demo *d)
{
	size_t n = ARRAY_LEN(top_columns) + ARRAY_LEN(col2s);
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++)
		n += d->kids[i].n;
	d->cols = xcalloc(n, sizeof *d->cols);
	dm_progress_stage(d, "columns", (long)n);

	for (size_t i = 0; i < ARRAY_LEN(top_columns); i++) {
		struct column *c = &d->cols[d->n_cols++];
		*c = (struct column){ .id = d->n_cols, .level = 1, .cat = 'N', .name = top_columns[i] };
		if (insert_column(d, c, (int)i) != 0)
			return -1;
	}
	int sort[ARRAY_LEN(top_columns)] = { 0 };
	int first2 = d->n_cols;
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++) {
		const struct col2 *p = &col2s[i];
		struct column *c = &d->cols[d->n_cols++];
		bool lf = p->name[0] == '*';
		*c = (struct column){ .id = d->n_cols, .parent = p->top + 1, .level = 2,
			.cat = lf ? 'Y' : p->cat, .longform = lf, .name = p->name + lf };
		if (insert_column(d, c, sort[p->top]++) != 0)
			return -1;
	}
	for (size_t i = 0; i < ARRAY_LEN(col2s); i++) {
		for (size_t k = 0; k < d->kids[i].n; k++) {
			const char *name = d->kids[i].v[k];
			bool lf = name[0] == '*';
			struct column *c = &d->cols[d->n_cols++];
			*c = (struct column){ .id = d->n_cols, .parent = first2 + (int)i + 1, .level = 3,
				.cat = lf ? 'Y' : col2s[i].cat, .longform = lf, .name = name + lf };
			if (insert_column(d, c, (int)k) != 0)
				return -1;
		}
	}
	dm_progress_tick(d, d->n_cols);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Articles                                                             */
/* ------------------------------------------------------------------ */

static const struct list *title_list(struct demo *d, char cat)
{
	for (size_t i = 0; i < ARRAY_LEN(title_sets); i++)
		if (title_sets[i].cat == cat)
			return &d->title_lists[i];
	return &d->title_lists[5]; /* news */
}

static const struct list *cat_list(struct demo *d, char cat)
{
	for (size_t i = 0; i < ARRAY_LEN(cat_sentences); i++)
		if (cat_sentences[i].cat == cat)
			return &d->cat_lists[i];
	return NULL;
}

/* A title of 10 to 30 characters. */
static void make_title(struct demo *d, struct buf *b, const struct column *c)
{
	const struct list *l = title_list(d, c->cat);
	struct list rl = { NULL, NULL, 0 };
	for (size_t i = 0; c->longform && i < ARRAY_LEN(report_titles) && !rl.n; i++)
		if (strstr(c->name, report_titles[i].word))
			dm_list_init(&rl, report_titles[i].titles);
	if (rl.n)
		l = &rl;
	for (int tries = 0; tries < 30; tries++) {
		buf_reset(b);
		dm_expand(d, b, dm_list_pick(d, l), 0);
		size_t n = utf8_count(b->data, b->len);
		if (n >= 10 && n <= 30) {
			dm_list_free(&rl);
			return;
		}
	}
	dm_list_free(&rl);
	buf_reset(b);
	dm_expand(d, b, "湖南省{K}工作动态", 0);
}

/* One paragraph of 60 to 300 characters made of whole sentences. */
static void make_paragraph(struct demo *d, struct buf *b, struct buf *tmp, char cat, const char *lead)
{
	const struct list *extra = cat_list(d, cat);
	size_t target = (size_t)dm_rnd_in(d, 60, 260), chars = 0;
	if (lead) {
		buf_adds(b, lead);
		chars += utf8_count(lead, strlen(lead));
	}
	const char *used[16];
	int n_used = 0;
	while (chars < target) {
		const char *tpl = extra && dm_chance(d, 45) ? dm_list_pick(d, extra) : PICK(d, sentences);
		bool seen = false;
		for (int i = 0; i < n_used && !seen; i++)
			seen = used[i] == tpl;
		if (seen)
			continue;
		if (n_used < (int)ARRAY_LEN(used))
			used[n_used++] = tpl;
		buf_reset(tmp);
		dm_expand(d, tmp, tpl, 0);
		size_t n = utf8_count(tmp->data, tmp->len);
		if (chars + n > 300) {
			if (chars >= 60)
				break;
			continue;
		}
		buf_add(b, tmp->data, tmp->len);
		chars += n;
	}
}

static void make_body(struct demo *d, struct buf *b, struct buf *tmp, char cat, bool longform)
{
	buf_reset(b);
	if (!longform) {
		int np = dm_rnd_in(d, 3, 12);
		for (int i = 0; i < np; i++) {
			if (i)
				buf_addc(b, '\n');
			make_paragraph(d, b, tmp, cat, NULL);
		}
		return;
	}
	/* A report: numbered parts, 5,200 characters or more. */
	size_t target = (size_t)dm_rnd_in(d, 5200, 9000);
	int part = 0;
	for (int i = 0; utf8_count(b->data ? b->data : "", b->len) < target; i++) {
		if (i)
			buf_addc(b, '\n');
		const char *lead = NULL;
		if (i % 5 == 0 && part < (int)ARRAY_LEN(ordinals))
			lead = ordinals[part++];
		make_paragraph(d, b, tmp, cat, lead);
	}
}

int demo_articles(struct demo *d)
{
	/* Minimums: 3 per third-level column, 5 per childless second-level
	 * one, 1 per top section; the rest anywhere below the top. */
	bool *has_kids = xcalloc((size_t)d->n_cols + 1, 1);
	for (int i = 0; i < d->n_cols; i++)
		if (d->cols[i].parent)
			has_kids[d->cols[i].parent] = true;
	int *col_of = xcalloc(N_ARTICLES, sizeof *col_of);
	int n = 0;
	for (int i = 0; i < d->n_cols; i++) {
		const struct column *c = &d->cols[i];
		int min = c->level == 1 ? 1 : c->level == 3 ? 3 : has_kids[c->id] ? 0 : 5;
		for (int k = 0; k < min && n < N_ARTICLES; k++)
			col_of[n++] = i;
	}
	while (n < N_ARTICLES) {
		int i = dm_rnd_in(d, (int)ARRAY_LEN(top_columns), d->n_cols - 1);
		col_of[n++] = i;
	}
	dm_shuffle_ints(d, col_of, N_ARTICLES);
	free(has_kids);

	dm_progress_stage(d, "articles", N_ARTICLES);
	struct buf title = BUF_INIT, source = BUF_INIT, body = BUF_INIT, tmp = BUF_INIT, guid = BUF_INIT;
	int rc = 0;
	for (int a = 0; a < N_ARTICLES && rc == 0; a++) {
		const struct column *c = &d->cols[col_of[a]];
		int64_t t = DEMO_EPOCH - dm_rnd(d, 730) * DAY - dm_rnd(d, (int)DAY);
		dm_set_date(d, t);
		d->col_name = c->name;
		d->county = NULL;
		bool longform = c->longform || (a + 1) % LONG_EVERY == 0;
		d->fix_s = PICK(d, subjects);
		d->fix_i = dm_random_item(d);
		d->fix_t = PICK(d, spots);
		d->fix_h = PICK(d, industries);
		d->fix_l = PICK(d, heritages);

		d->stick = 100;
		make_title(d, &title, c);
		d->stick = 70;
		buf_reset(&source);
		bool official = strchr("DJARY", c->cat) != NULL;
		dm_expand(d, &source, official ? PICK(d, sources_official) : PICK(d, sources_media), 0);
		make_body(d, &body, &tmp, c->cat, longform);
		buf_reset(&guid);
		buf_addf(&guid, "demo-%d", a + 1);

		struct news_article_rec rec = {
			.guid = buf_cstr(&guid), .title = buf_cstr(&title), .source = buf_cstr(&source),
			.link = "", .body = buf_cstr(&body), .column_id = c->id, .published_at = t,
		};
		if (news_put_article(d->st, &rec) != NEWS_PUT_ADDED)
			rc = dm_sql_error(d, "articles");
		dm_progress_tick(d, a + 1);
	}
	d->col_name = NULL;
	d->stick = 0;
	d->fix_s = d->fix_i = d->fix_t = d->fix_h = d->fix_l = NULL;
	buf_release(&title); buf_release(&source); buf_release(&body);
	buf_release(&tmp); buf_release(&guid);
	free(col_of);
	return rc;
}

