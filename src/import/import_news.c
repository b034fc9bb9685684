/* import_news.c - `qiao import news`: an RSS 2.0 feed or a <qiao-news>
 * document into the store, checked whole first, then written in short
 * transactions (import/batch.h). */
#include "core/common.h"
#include "core/utf8.h"
#include "import/batch.h"
#include "import/import_news.h"
#include "store/news.h"
#include "store/store.h"
#include "import/xmlsafe.h"

#include <libxml/tree.h>

#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"

#define MAX_GUID 1000        /* bytes */
#define MAX_LINK 2000        /* bytes */
#define MAX_COLUMN_NAME 100  /* characters */

/* --- the guids and column ids seen in this file ------------------------------------ */

/* A hash table from a string to a number (a line, or a column's level). */
struct seen {
	char **keys;
	long *lines;
	size_t cap, n; /* cap is 0 or a power of two */
};

static size_t seen_hash(const char *s)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)h;
}

/* The number kept for key, or 0 when key is not in the table. */
static long seen_get(const struct seen *t, const char *key)
{
	if (!t->cap)
		return 0;
	for (size_t i = seen_hash(key) & (t->cap - 1); t->keys[i]; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->keys[i], key) == 0)
			return t->lines[i];
	return 0;
}

static void seen_put(struct seen *t, char *key, long line)
{
	size_t i = seen_hash(key) & (t->cap - 1);
	while (t->keys[i])
		i = (i + 1) & (t->cap - 1);
	t->keys[i] = key;
	t->lines[i] = line;
	t->n++;
}

/* Remember key; 0 if new, else the line where it was first seen. */
static long seen_add(struct seen *t, const char *key, long line)
{
	if (t->cap) {
		for (size_t i = seen_hash(key) & (t->cap - 1); t->keys[i]; i = (i + 1) & (t->cap - 1))
			if (strcmp(t->keys[i], key) == 0)
				return t->lines[i] > 0 ? t->lines[i] : 1;
	}
	if (2 * (t->n + 1) > t->cap) {
		struct seen old = *t;
		t->cap = old.cap ? old.cap * 2 : 64;
		t->keys = xcalloc(t->cap, sizeof *t->keys);
		t->lines = xcalloc(t->cap, sizeof *t->lines);
		t->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.keys[i])
				seen_put(t, old.keys[i], old.lines[i]);
		free(old.keys);
		free(old.lines);
	}
	seen_put(t, xstrdup(key), line);
	return 0;
}

static void seen_free(struct seen *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->lines);
	memset(t, 0, sizeof *t);
}

/* --- import ------------------------------------------------------------------------ */

struct ctx {
	struct store *st;
	const char *path;
	struct import_result *res;
	char **err;
	int64_t default_column;
	struct seen seen;     /* guids and "\x01" column ids: line first seen */
	struct seen levels;   /* column ids of this file (decimal): level */
	bool write;           /* false: the checking pass, nothing written */
	struct import_batch batch;
	long written_line;    /* the last element committed, 0 before any */
};

static long line_of(const xmlNode *n)
{
	long l = n ? xmlGetLineNo(n) : 1;
	return l > 0 ? l : 0;
}

__attribute__((format(printf, 3, 4)))
static int fail(struct ctx *c, const xmlNode *n, const char *fmt, ...)
{
	if (*c->err)
		return -1;
	struct buf b = BUF_INIT;
	long line = line_of(n);
	if (line > 0)
		buf_addf(&b, "%s:%ld: ", c->path, line);
	else
		buf_addf(&b, "%s: ", c->path);
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	*c->err = buf_detach(&b);
	return -1;
}

static int db_fail(struct ctx *c, const xmlNode *n)
{
	return fail(c, n, "database error: %s", sqlite3_errmsg(store_db(c->st)));
}

static bool parse_int64(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || errno)
		return false;
	*out = v;
	return true;
}

/* The level (1-3) of a live column, 0 when there is none, -1 on error.
 * A column of this file (met earlier in it) counts as live with the
 * level it gets, so the checking pass sees what the writing pass will. */
static int column_level(struct ctx *c, int64_t id)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	long mine = seen_get(&c->levels, key);
	if (mine > 0)
		return (int)mine;
	sqlite3_stmt *s = store_stmt(c->st, "SELECT level FROM columns WHERE id = ?1 AND deleted = 0");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	int level = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : rc == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(s);
	return level;
}

static int check_column(struct ctx *c, const xmlNode *n, int64_t id)
{
	int level = id > 0 ? column_level(c, id) : 0;
	if (level < 0)
		return db_fail(c, n);
	if (level == 0)
		return fail(c, n, "unknown column %lld", (long long)id);
	return 0;
}

struct article {
	const char *kind;   /* "item" or "article", for messages */
	const char *guid;
	const char *title;
	const char *source;
	const char *link;
	const char *body;
	int64_t column;
	int64_t date;
};

static int check_article(struct ctx *c, const xmlNode *n, const struct article *a)
{
	if (!*a->title)
		return fail(c, n, "%s has no title", a->kind);
	if (utf8_count(a->title, strlen(a->title)) > IMPORT_MAX_TITLE)
		return fail(c, n, "title longer than %d characters", IMPORT_MAX_TITLE);
	if (strlen(a->body) > IMPORT_MAX_BODY)
		return fail(c, n, "body longer than %d bytes", IMPORT_MAX_BODY);
	if (strlen(a->guid) > MAX_GUID)
		return fail(c, n, "guid longer than %d bytes", MAX_GUID);
	if (strlen(a->link) > MAX_LINK)
		return fail(c, n, "link longer than %d bytes", MAX_LINK);
	if (strlen(a->source) > MAX_LINK)
		return fail(c, n, "source longer than %d bytes", MAX_LINK);
	return 0;
}

static int claim_guid(struct ctx *c, const xmlNode *n, const char *guid)
{
	long first = seen_add(&c->seen, guid, line_of(n));
	if (first)
		return fail(c, n, "duplicate guid '%s' (first at line %ld)", guid, first);
	return 0;
}

/* Insert, update (when a field differs) or leave the article. */
static int put_article(struct ctx *c, const xmlNode *n, const struct article *a)
{
	if (check_article(c, n, a) != 0 || claim_guid(c, n, a->guid) != 0 ||
	    check_column(c, n, a->column) != 0)
		return -1;
	if (!c->write)
		return 0;
	struct news_article_rec rec = {
		.guid = a->guid, .title = a->title, .source = a->source, .link = a->link, .body = a->body,
		.column_id = a->column, .published_at = a->date,
	};
	switch (news_put_article(c->st, &rec)) {
	case NEWS_PUT_ADDED:
		c->res->added++;
		return 0;
	case NEWS_PUT_UPDATED:
		c->res->updated++;
		return 0;
	case NEWS_PUT_UNCHANGED:
		c->res->unchanged++;
		return 0;
	default:
		return db_fail(c, n);
	}
}

/* Body text of an element: markup inside it, or text that may be HTML. */
static char *body_of(const xmlNode *n)
{
	for (const xmlNode *k = n->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			return xmlsafe_node_to_text(n);
	char *raw = xmlsafe_raw_text(n);
	char *body = xmlsafe_text_to_paragraphs(raw);
	free(raw);
	return body;
}

static int date_of(struct ctx *c, const xmlNode *n, const char *text, int64_t *out)
{
	if (!news_parse_date(text, out))
		return fail(c, n, "cannot parse date '%.80s'", text);
	return 0;
}

/* After each top-level element: the progress line, and in the writing
 * pass a commit when the batch is long enough. */
static int element_done(struct ctx *c, const xmlNode *n)
{
	import_progress_tick(&c->batch);
	if (!c->write)
		return 0;
	int r = import_batch_step(&c->batch);
	if (r < 0)
		return db_fail(c, n);
	if (r > 0)
		c->written_line = line_of(n);
	return 0;
}

/* --- RSS 2.0 ---------------------------------------------------------------------------- */

static int rss_item(struct ctx *c, const xmlNode *it, const char *channel_title)
{
	char *title = xmlsafe_child_text(it, NULL, "title");
	char *link = xmlsafe_child_text(it, NULL, "link");
	char *guid = xmlsafe_child_text(it, NULL, "guid");
	char *source = xmlsafe_child_text(it, NULL, "source");
	char *body = NULL, *date = NULL;
	int rc = -1;
	struct article a = { .kind = "item", .title = title ? title : "", .link = link ? link : "",
			     .column = c->default_column };

	a.guid = guid && *guid ? guid : a.link;
	if (!*a.guid) {
		fail(c, it, "item has neither guid nor link");
		goto out;
	}
	a.source = source && *source ? source : channel_title;

	const xmlNode *dn = xmlsafe_child(it, NULL, "pubDate");
	if (!dn)
		dn = xmlsafe_child(it, NS_DC, "date");
	if (!dn) {
		fail(c, it, "item has no pubDate");
		goto out;
	}
	date = xmlsafe_line_text(dn);
	if (date_of(c, dn, date, &a.date) != 0)
		goto out;

	const xmlNode *bn = xmlsafe_child(it, NS_CONTENT, "encoded");
	if (bn)
		body = body_of(bn);
	if (!body || !*body) {
		free(body);
		bn = xmlsafe_child(it, NULL, "description");
		body = bn ? body_of(bn) : xstrdup("");
	}
	a.body = body;
	rc = put_article(c, it, &a);
out:
	free(title);
	free(link);
	free(guid);
	free(source);
	free(body);
	free(date);
	return rc;
}

static int import_rss(struct ctx *c, const xmlNode *root)
{
	const xmlNode *ch = xmlsafe_child(root, NULL, "channel");
	if (!ch)
		return fail(c, root, "rss has no channel");
	if (check_column(c, NULL, c->default_column) != 0)
		return -1;
	char *channel_title = xmlsafe_child_text(ch, NULL, "title");
	int rc = 0;
	for (const xmlNode *it = ch->children; it && rc == 0; it = it->next)
		if (xmlsafe_is(it, NULL, "item"))
			rc = rss_item(c, it, channel_title ? channel_title : "") == 0 ? element_done(c, it) : -1;
	free(channel_title);
	return rc;
}

/* --- <qiao-news> ------------------------------------------------------------------------- */

/* A <column>'s attributes, parsed. */
struct column_in {
	int64_t id, parent, sort;
	bool has_sort;
	int level;
	const char *name;
};

static int parse_column(struct ctx *c, const xmlNode *n, const char *ids, const char *parents,
			const char *sorts, struct column_in *col)
{
	if (!ids || !*ids)
		return fail(c, n, "column has no id");
	if (!parse_int64(ids, &col->id) || col->id <= 0)
		return fail(c, n, "bad column id '%.40s'", ids);
	/* A column named twice in one file would leave the later one standing
	 * and make a second import of the same file change it.  (\x01 cannot
	 * occur in an XML attribute, so these keys never meet a guid.) */
	char key[32];
	snprintf(key, sizeof key, "\x01%lld", (long long)col->id);
	long first = seen_add(&c->seen, key, line_of(n));
	if (first)
		return fail(c, n, "duplicate column id %lld (first at line %ld)", (long long)col->id, first);
	if (!col->name || !*col->name)
		return fail(c, n, "column %lld has no name", (long long)col->id);
	if (utf8_count(col->name, strlen(col->name)) > MAX_COLUMN_NAME)
		return fail(c, n, "column name longer than %d characters", MAX_COLUMN_NAME);
	col->level = 1;
	if (parents && *parents) {
		if (!parse_int64(parents, &col->parent) || col->parent <= 0)
			return fail(c, n, "bad parent '%.40s'", parents);
		if (col->parent == col->id)
			return fail(c, n, "column %lld cannot be its own parent", (long long)col->id);
		if (check_column(c, n, col->parent) != 0)
			return -1;
		col->level = column_level(c, col->parent) + 1;
		if (col->level > 3)
			return fail(c, n, "column %lld would be at level %d (at most 3)", (long long)col->id, col->level);
	}
	col->has_sort = sorts && *sorts;
	if (col->has_sort && (!parse_int64(sorts, &col->sort) || col->sort < INT_MIN || col->sort > INT_MAX))
		return fail(c, n, "bad sort '%.40s'", sorts);
	return 0;
}

/* An existing column: rename or re-sort it in place (never move it). */
static int update_column(struct ctx *c, const xmlNode *n, const struct column_in *col, sqlite3_stmt *s)
{
	int64_t old_parent = sqlite3_column_int64(s, 0);
	char *old_name = store_col_text(s, 1);
	int64_t old_sort = sqlite3_column_int64(s, 2);
	bool deleted = sqlite3_column_int(s, 3) != 0;
	sqlite3_reset(s);
	bool changed = strcmp(old_name, col->name) != 0 || deleted || (col->has_sort && col->sort != old_sort);
	free(old_name);
	if (old_parent != col->parent) {
		if (old_parent)
			return fail(c, n, "column %lld already exists under column %lld (moving is not supported)",
				    (long long)col->id, (long long)old_parent);
		return fail(c, n, "column %lld already exists at the top level (moving is not supported)",
			    (long long)col->id);
	}
	if (!changed || !c->write)
		return 0;
	if (news_update_column(c->st, col->id, col->name, col->has_sort ? col->sort : old_sort) != 0)
		return db_fail(c, n);
	c->res->columns++;
	return 0;
}

/* A new column; without a sort it goes after its siblings. */
static int add_column(struct ctx *c, const xmlNode *n, struct column_in *col)
{
	if (!c->write)
		return 0;
	if (!col->has_sort) {
		sqlite3_stmt *s = store_stmt(c->st, "SELECT coalesce(max(sort) + 1, 0) FROM columns WHERE parent_id IS ?1");
		if (!s)
			return db_fail(c, n);
		if (col->parent)
			sqlite3_bind_int64(s, 1, col->parent);
		bool ok = sqlite3_step(s) == SQLITE_ROW;
		if (ok)
			col->sort = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		if (!ok)
			return db_fail(c, n);
	}
	if (news_add_column(c->st, col->id, col->parent, col->level, col->name, col->sort) != 0)
		return db_fail(c, n);
	c->res->columns++;
	return 0;
}

static int import_column(struct ctx *c, const xmlNode *n)
{
	char *ids = xmlsafe_attr(n, "id"), *name = xmlsafe_attr(n, "name");
	char *parents = xmlsafe_attr(n, "parent"), *sorts = xmlsafe_attr(n, "sort");
	struct column_in col = { .name = name };
	int rc = parse_column(c, n, ids, parents, sorts, &col);
	if (rc == 0) {
		sqlite3_stmt *s = store_stmt(c->st,
			"SELECT coalesce(parent_id, 0), name, sort, deleted FROM columns WHERE id = ?1");
		int step = SQLITE_ERROR;
		if (s) {
			sqlite3_bind_int64(s, 1, col.id);
			step = sqlite3_step(s);
		}
		if (step == SQLITE_ROW)
			rc = update_column(c, n, &col, s);
		else if (s)
			sqlite3_reset(s);
		if (step == SQLITE_DONE)
			rc = add_column(c, n, &col);
		else if (step != SQLITE_ROW)
			rc = db_fail(c, n);
	}
	if (rc == 0) {   /* for the columns and articles after it */
		char key[24];
		snprintf(key, sizeof key, "%lld", (long long)col.id);
		seen_add(&c->levels, key, col.level);
	}
	free(ids);
	free(name);
	free(parents);
	free(sorts);
	return rc;
}

static int import_article(struct ctx *c, const xmlNode *n)
{
	char *guid = xmlsafe_attr(n, "guid"), *cols = xmlsafe_attr(n, "column");
	char *date = xmlsafe_attr(n, "date"), *source = xmlsafe_attr(n, "source");
	char *link = xmlsafe_attr(n, "link");
	char *title = NULL, *body = NULL;
	int rc = -1;
	struct article a = { .kind = "article", .guid = guid, .source = source ? source : "",
			     .link = link ? link : "", .column = c->default_column };

	if (!guid || !*guid) {
		fail(c, n, "article has no guid");
		goto out;
	}
	if (cols && *cols && (!parse_int64(cols, &a.column) || a.column <= 0)) {
		fail(c, n, "bad column '%.40s'", cols);
		goto out;
	}
	if (a.column <= 0) {
		fail(c, n, "article has no column (give column= or --column)");
		goto out;
	}
	if (!date || !*date) {
		fail(c, n, "article has no date");
		goto out;
	}
	if (date_of(c, n, date, &a.date) != 0)
		goto out;
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (xmlsafe_is(k, NULL, "title") && !title) {
			title = xmlsafe_line_text(k);
		} else if (xmlsafe_is(k, NULL, "body") && !body) {
			body = body_of(k);
		} else {
			fail(c, k, "unexpected <%s> in article", (const char *)k->name);
			goto out;
		}
	}
	a.title = title ? title : "";
	a.body = body ? body : "";
	rc = put_article(c, n, &a);
out:
	free(guid);
	free(cols);
	free(date);
	free(source);
	free(link);
	free(title);
	free(body);
	return rc;
}

static int import_delete(struct ctx *c, const xmlNode *n)
{
	char *guid = xmlsafe_attr(n, "guid");
	int rc = -1;
	if (!guid || !*guid) {
		fail(c, n, "delete has no guid");
		goto out;
	}
	if (claim_guid(c, n, guid) != 0)
		goto out;
	if (!c->write) {
		rc = 0;
		goto out;
	}
	sqlite3_stmt *s = store_stmt(c->st, "UPDATE articles SET deleted = 1 WHERE guid = ?1 AND deleted = 0");
	if (!s) {
		db_fail(c, n);
		goto out;
	}
	sqlite3_bind_text(s, 1, guid, -1, SQLITE_STATIC);
	int step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		db_fail(c, n);
		goto out;
	}
	if (sqlite3_changes(store_db(c->st)) > 0)
		c->res->updated++;
	else
		c->res->unchanged++;
	rc = 0;
out:
	free(guid);
	return rc;
}

static int import_qiao(struct ctx *c, const xmlNode *root)
{
	int rc = 0;
	for (const xmlNode *n = root->children; n && rc == 0; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlsafe_is(n, NULL, "column"))
			rc = import_column(c, n);
		else if (xmlsafe_is(n, NULL, "article"))
			rc = import_article(c, n);
		else if (xmlsafe_is(n, NULL, "delete"))
			rc = import_delete(c, n);
		else
			rc = fail(c, n, "unexpected <%s> in qiao-news", (const char *)n->name);
		if (rc == 0)
			rc = element_done(c, n);
	}
	return rc;
}

/* The elements a pass goes through, for the progress line. */
static long count_elements(const xmlNode *root, bool rss)
{
	const xmlNode *parent = rss ? xmlsafe_child(root, NULL, "channel") : root;
	long n = 0;
	for (const xmlNode *k = parent ? parent->children : NULL; k; k = k->next)
		n += rss ? xmlsafe_is(k, NULL, "item") : k->type == XML_ELEMENT_NODE;
	return n;
}

/* One pass over the document: checking (c->write false) or writing. */
static int import_pass(struct ctx *c, const xmlNode *root, bool rss)
{
	seen_free(&c->seen);
	seen_free(&c->levels);
	import_progress_stage(&c->batch, c->write ? "writing" : "checking", count_elements(root, rss));
	return rss ? import_rss(c, root) : import_qiao(c, root);
}

/* The writing pass, in short transactions.  Only the database can fail
 * here (the file passed the check): what the committed batches wrote
 * stays, whole elements in file order, and importing again completes it. */
static int import_write(struct ctx *c, const xmlNode *root, bool rss)
{
	if (import_batch_begin(&c->batch) != 0)
		return fail(c, NULL, "cannot start a transaction: %s", sqlite3_errmsg(store_db(c->st)));
	int rc = import_pass(c, root, rss);
	if (rc == 0 && import_batch_commit(&c->batch) != 0)
		rc = db_fail(c, NULL);
	if (rc == 0)
		return 0;
	import_batch_rollback(&c->batch);
	char *why = *c->err ? *c->err : xasprintf("%s: cannot write", c->path);
	if (c->written_line > 0)
		*c->err = xasprintf("%s (imported in part: the elements up to line %ld are written; "
				    "importing the file again completes it)", why, c->written_line);
	else
		*c->err = xasprintf("%s (nothing was written)", why);
	free(why);
	return -1;
}

int import_news(struct store *st, const char *path, int64_t default_column,
		struct import_result *res, char **err)
{
	memset(res, 0, sizeof *res);
	*err = NULL;
	char *label = xasprintf("news %s", path);
	struct ctx c = { .st = st, .path = path, .res = res, .err = err, .default_column = default_column,
			 .batch = { .st = st, .label = label } };
	import_progress_stage(&c.batch, "reading", 0);
	xmlDocPtr doc = xmlsafe_read_file(path, IMPORT_MAX_FILE, err);
	if (!doc) {
		import_progress_done(&c.batch);
		free(label);
		return -1;
	}

	const xmlNode *root = xmlDocGetRootElement(doc);
	bool rss = xmlsafe_is(root, NULL, "rss");
	int rc = -1;
	if (!rss && !xmlsafe_is(root, NULL, "qiao-news")) {
		fail(&c, root, "unsupported document <%s> (expected <rss> or <qiao-news>)", (const char *)root->name);
	} else if (rss && default_column == 0) {
		fail(&c, NULL, "RSS needs --column ID");
	} else if (import_pass(&c, root, rss) == 0) {   /* else refused: nothing written */
		c.write = true;
		rc = import_write(&c, root, rss);
	}
	import_progress_done(&c.batch);
	if (rc != 0)
		memset(res, 0, sizeof *res);
	seen_free(&c.seen);
	seen_free(&c.levels);
	xmlFreeDoc(doc);
	free(label);
	return rc;
}
