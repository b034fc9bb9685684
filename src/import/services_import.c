/* services_import.c - the qiao-services XML importer (libxml2 tree API). */
#include "core/common.h"
#include "core/utf8.h"

#include "import/batch.h"
#include "import/services_import.h"
#include "import/xmlsafe.h"
#include "store/services.h"
#include "store/store.h"

#include <libxml/tree.h>

#define MAX_NAME_CHARS 200
#define MAX_TEXT_BYTES (64 * 1024)

struct ctx {
	struct store *st;
	const char *path;
	char *err;
	struct svc_import_result *res;
	bool write;             /* false: the checking pass, nothing written */
	struct import_batch batch; /* short transactions, the progress line */
	int64_t *units;         /* unit ids defined in the file, sorted */
	size_t nunits;
};

static int failf(struct ctx *c, const xmlNode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int failf(struct ctx *c, const xmlNode *n, const char *fmt, ...)
{
	if (c->err)
		return -1;
	struct buf b = BUF_INIT;
	long line = n ? xmlGetLineNo(n) : -1;
	if (line > 0)
		buf_addf(&b, "%s:%ld: ", c->path, line);
	else
		buf_addf(&b, "%s: ", c->path);
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	c->err = buf_detach(&b);
	return -1;
}

static bool is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* A positive integer attribute: 1 ok, 0 absent, -1 malformed. */
static int attr_id(const xmlNode *n, const char *name, int64_t *out)
{
	char *s = xmlsafe_raw_attr(n, name);
	if (!s)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	bool ok = s[0] >= '1' && s[0] <= '9' && *end == '\0' && errno == 0 && v > 0;
	free(s);
	if (!ok)
		return -1;
	*out = v;
	return 1;
}

/* The text of an element, trimmed of surrounding white space; lines kept. */
static char *text_of(const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	const char *s = v ? (const char *)v : "";
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	/* Paragraphs: one '\n' between non-empty lines, each line trimmed. */
	struct buf b = BUF_INIT;
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && s[e] != '\n')
			e++;
		size_t a = i, z = e;
		while (a < z && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
			a++;
		while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r'))
			z--;
		if (z > a) {
			if (b.len)
				buf_addc(&b, '\n');
			buf_add(&b, s + a, z - a);
		}
		i = e + 1;
	}
	xmlFree(v);
	char *out = buf_detach(&b);
	return out ? out : xstrdup("");
}

/* --- units ------------------------------------------------------------------ */

/* The id of the region with this code, 0 when none, -1 on error. */
static int64_t region_by_code(struct store *st, const char *code)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM regions WHERE code = ?1");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
	int64_t id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return id;
}

static int db_error(struct ctx *c, const xmlNode *n)
{
	return failf(c, n, "database error: %s", sqlite3_errmsg(store_db(c->st)));
}

static int do_unit(struct ctx *c, const xmlNode *n)
{
	struct svc_unit_rec u = { 0 };
	int r = attr_id(n, "id", &u.id);
	if (r <= 0)
		return failf(c, n, "<unit> needs id=\"N\" (a positive integer)");
	if (attr_id(n, "sort", &u.sort) < 0)
		return failf(c, n, "<unit> sort must be a positive integer");
	char *region = xmlsafe_raw_attr(n, "region"), *name = xmlsafe_raw_attr(n, "name");
	char *phone = xmlsafe_raw_attr(n, "phone"), *address = xmlsafe_raw_attr(n, "address");
	int rc = -1;
	bool existed;
	if (!region || !*region)
		failf(c, n, "<unit id=\"%lld\"> needs region=\"CODE\" (a region code like 430100)", (long long)u.id);
	else if (!name || !*name || utf8_count(name, strlen(name)) > MAX_NAME_CHARS)
		failf(c, n, "<unit id=\"%lld\"> needs a name of 1 to %d characters", (long long)u.id, MAX_NAME_CHARS);
	else if ((u.region_id = region_by_code(c->st, region)) < 0)
		db_error(c, n);
	else if (u.region_id == 0)
		failf(c, n, "unknown region code '%s'", region);
	else if (!c->write)
		rc = 0;
	else {
		u.name = name;
		u.phone = phone;
		u.address = address;
		if (svc_put_unit(c->st, &u, &existed) != 0)
			db_error(c, n);
		else
			rc = 0;
	}
	if (rc == 0 && c->write && existed)
		c->res->units_updated++;
	else if (rc == 0 && c->write)
		c->res->units_added++;
	free(region);
	free(name);
	free(phone);
	free(address);
	return rc;
}

/* --- items ------------------------------------------------------------------ */

/* An item as read from its element: owned strings. */
struct item_in {
	char *code;
	char *val[SVC_NFIELDS];
	int64_t topics[16];
	size_t ntopics;
	bool have_topics;
	int64_t unit;
};

static void item_in_release(struct item_in *it)
{
	free(it->code);
	for (size_t f = 0; f < SVC_NFIELDS; f++)
		free(it->val[f]);
}

/* One <topic id="N"/>. */
static int read_topic(struct ctx *c, const xmlNode *k, struct item_in *it)
{
	int64_t t;
	if (attr_id(k, "id", &t) <= 0)
		return failf(c, k, "<topic> needs id=\"N\"");
	if (it->ntopics == ARRAY_LEN(it->topics))
		return failf(c, k, "too many topics (at most %zu)", ARRAY_LEN(it->topics));
	it->topics[it->ntopics++] = t;
	it->have_topics = true;
	return 0;
}

/* The children of <item>: topics and one element per field. */
static int read_item_children(struct ctx *c, const xmlNode *n, struct item_in *it)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_COMMENT_NODE)
			continue;
		if (k->type != XML_ELEMENT_NODE)
			return failf(c, k, "unexpected content in <item>");
		if (is_el(k, "topic")) {
			if (read_topic(c, k, it) != 0)
				return -1;
			continue;
		}
		size_t f = 0;
		while (f < SVC_NFIELDS && !is_el(k, svc_item_fields[f]))
			f++;
		if (f == SVC_NFIELDS)
			return failf(c, k, "unknown element <%s> in <item>", (const char *)k->name);
		if (it->val[f])
			return failf(c, k, "<%s> given twice", svc_item_fields[f]);
		it->val[f] = text_of(k);
		if (strlen(it->val[f]) > MAX_TEXT_BYTES)
			return failf(c, k, "<%s> is longer than %d bytes", svc_item_fields[f], MAX_TEXT_BYTES);
	}
	return 0;
}

/* The fields' own rules. */
static int check_item_fields(struct ctx *c, const xmlNode *n, const struct item_in *it)
{
	const char *name = it->val[SVC_F_NAME];
	if (!name || !*name || utf8_count(name, strlen(name)) > MAX_NAME_CHARS || strchr(name, '\n'))
		return failf(c, n, "<item code=\"%s\"> needs a <name> of 1 to %d characters on one line",
			     it->code, MAX_NAME_CHARS);
	for (size_t f = 0; f < SVC_NFIELDS; f++)
		if (it->val[f] && !utf8_valid(it->val[f], strlen(it->val[f])))
			return failf(c, n, "<%s> is not valid UTF-8", svc_item_fields[f]);
	const char *aud = it->val[SVC_F_AUDIENCE];
	if (aud && *aud && strcmp(aud, "个人") != 0 && strcmp(aud, "法人") != 0)
		return failf(c, n, "<audience> must be 个人 or 法人 (or left out)");
	const char *url = it->val[SVC_F_ONLINE_URL] ? it->val[SVC_F_ONLINE_URL] : "";
	if (*url && strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return failf(c, n, "<online_url> must start with http:// or https://");
	return 0;
}

/* 1 when the table has a row with this id, 0 when not, -1 on error. */
static int row_exists(struct store *st, const char *sql, int64_t id)
{
	sqlite3_stmt *s = store_stmt(st, sql);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* The unit (stored, or defined in the file) and the topics must exist. */
static int check_item_refs(struct ctx *c, const xmlNode *n, const struct item_in *it)
{
	int ok = c->units && bsearch(&it->unit, c->units, c->nunits, sizeof *c->units, id_cmp) ? 1
	         : row_exists(c->st, "SELECT 1 FROM units WHERE id = ?1", it->unit);
	if (ok < 0)
		return db_error(c, n);
	if (!ok)
		return failf(c, n, "<item code=\"%s\">: unknown unit %lld", it->code, (long long)it->unit);
	for (size_t t = 0; t < it->ntopics; t++) {
		ok = row_exists(c->st, "SELECT 1 FROM topics WHERE id = ?1", it->topics[t]);
		if (ok < 0)
			return db_error(c, n);
		if (!ok)
			return failf(c, n, "<item code=\"%s\">: unknown topic %lld", it->code, (long long)it->topics[t]);
	}
	return 0;
}

static int write_item(struct ctx *c, const xmlNode *n, const struct item_in *it)
{
	struct svc_item_rec rec = {
		.code = it->code, .unit_id = it->unit, .topics = it->topics, .ntopics = it->ntopics,
		.set_topics = it->have_topics, .updated_at = (int64_t)time(NULL),
	};
	for (size_t f = 0; f < SVC_NFIELDS; f++)
		rec.field[f] = it->val[f];
	int64_t id;
	bool existed;
	if (svc_put_item(c->st, &rec, true, &id, &existed) != 0)
		return db_error(c, n);
	if (existed)
		c->res->items_updated++;
	else
		c->res->items_added++;
	return 0;
}

static int do_item(struct ctx *c, const xmlNode *n)
{
	struct item_in it = { .code = xmlsafe_raw_attr(n, "code") };
	int rc = -1;
	if (!it.code || !*it.code || strlen(it.code) > 64)
		failf(c, n, "<item> needs code=\"...\" (1 to 64 bytes)");
	else if (attr_id(n, "unit", &it.unit) <= 0)
		failf(c, n, "<item code=\"%s\"> needs unit=\"N\" (a unit id)", it.code);
	else if (read_item_children(c, n, &it) == 0 && check_item_fields(c, n, &it) == 0 &&
		 check_item_refs(c, n, &it) == 0)
		rc = c->write ? write_item(c, n, &it) : 0;
	item_in_release(&it);
	return rc;
}

/* --- the document -------------------------------------------------------------- */

/* A unit id or an item code, with the line it is on. */
struct seen {
	char *key;
	long line;
};

static int seen_cmp(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Two units with one id, or two items with one code, in the same file:
 * an error at the second (the import would otherwise keep the last one
 * silently).  Sorting keeps this O(n log n) for any file. */
static int check_duplicates(struct ctx *c, const xmlNode *root)
{
	size_t n = 0, cap = 0;
	struct seen *v = NULL;
	for (const xmlNode *k = root->children; k; k = k->next) {
		bool unit = is_el(k, "unit"), item = is_el(k, "item");
		if (!unit && !item)
			continue;
		int64_t id = 0;
		char *a = unit ? NULL : xmlsafe_raw_attr(k, "code");
		if (unit ? attr_id(k, "id", &id) <= 0 : !a)
			continue;   /* reported by do_unit / do_item */
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n].key = unit ? xasprintf("u%lld", (long long)id) : xasprintf("i%s", a);
		if (unit) {
			c->units = xrealloc(c->units, (c->nunits + 1) * sizeof *c->units);
			c->units[c->nunits++] = id;
		}
		v[n].line = xmlGetLineNo(k);
		n++;
		free(a);
	}
	if (n > 1)
		qsort(v, n, sizeof *v, seen_cmp);
	const struct seen *dup = NULL, *first = NULL;
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i].key, v[i - 1].key) == 0) {
			size_t f = i - 1;
			while (f > 0 && strcmp(v[f - 1].key, v[i].key) == 0)
				f--;
			if (!dup || v[i].line < dup->line) {
				dup = &v[i];
				first = &v[f];
			}
		}
	int rc = 0;
	if (dup) {
		const char *key = dup->key + 1;
		if (dup->key[0] == 'u')
			c->err = xasprintf("%s:%ld: duplicate unit id %s (first at line %ld)", c->path, dup->line, key, first->line);
		else
			c->err = xasprintf("%s:%ld: duplicate item code '%s' (first at line %ld)", c->path, dup->line, key, first->line);
		rc = -1;
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].key);
	free(v);
	if (c->nunits > 1)
		qsort(c->units, c->nunits, sizeof *c->units, id_cmp);
	return rc;
}

/* After each element: the progress line, and in the writing pass a
 * commit once the batch is long enough (import/batch.h). */
static int batch_step(struct ctx *c, const xmlNode *n)
{
	import_progress_tick(&c->batch);
	if (c->write && import_batch_step(&c->batch) < 0)
		return db_error(c, n);
	return 0;
}

/* The <unit> and <item> elements, for the progress line. */
static long count_elements(const xmlNode *root)
{
	long n = 0;
	for (const xmlNode *k = root ? root->children : NULL; k; k = k->next)
		n += is_el(k, "unit") || is_el(k, "item");
	return n;
}

static int do_doc(struct ctx *c, xmlDoc *doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || !is_el(root, "services"))
		return failf(c, root, "the root element must be <services>");
	char *version = xmlsafe_raw_attr(root, "version");
	bool ok = !version || strcmp(version, "1") == 0;
	free(version);
	if (!ok)
		return failf(c, root, "unsupported version (this qiao reads version=\"1\")");
	if (!c->write && check_duplicates(c, root) != 0)
		return -1;
	import_progress_stage(&c->batch, c->write ? "writing" : "checking", count_elements(root));
	/* Units first, so items may use units defined later in the file. */
	for (int pass = 0; pass < 2; pass++) {
		for (const xmlNode *n = root->children; n; n = n->next) {
			if (n->type == XML_TEXT_NODE || n->type == XML_COMMENT_NODE)
				continue;
			if (n->type == XML_ENTITY_REF_NODE)
				return failf(c, n, "entity references are not allowed");
			if (is_el(n, "unit")) {
				if (pass == 0 && (do_unit(c, n) != 0 || batch_step(c, n) != 0))
					return -1;
			} else if (is_el(n, "item")) {
				if (pass == 1 && (do_item(c, n) != 0 || batch_step(c, n) != 0))
					return -1;
			} else if (n->type == XML_ELEMENT_NODE) {
				return failf(c, n, "unknown element <%s> (expected <unit> or <item>)", (const char *)n->name);
			} else if (n->type != XML_PI_NODE) {
				return failf(c, n, "unexpected content in <services>");
			}
		}
	}
	return 0;
}

int svc_import(struct store *st, const char *path, struct svc_import_result *res, char **err)
{
	struct svc_import_result dummy;
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	char *label = xasprintf("services %s", path);
	struct ctx c = { .st = st, .path = path, .res = res, .batch = { .st = st, .label = label } };
	*err = NULL;
	import_progress_stage(&c.batch, "reading", 0);

	/* The same safe reader as the news import: size limit, DOCTYPE
	 * refused before it is read, no network, no entity expansion. */
	xmlDoc *doc = xmlsafe_read_file(path, SVC_IMPORT_MAX_FILE, err);
	if (!doc) {
		import_progress_done(&c.batch);
		free(label);
		return -1;
	}

	/* First the whole file is checked without writing anything (so a
	 * bad file leaves the store as it was); then it is written in
	 * short transactions (import/batch.h). */
	int rc = -1;
	if (do_doc(&c, doc) != 0) {
		*err = c.err;
	} else if (import_batch_begin(&c.batch) != 0) {
		*err = xasprintf("%s: cannot start a transaction", path);
	} else {
		c.write = true;
		if (do_doc(&c, doc) == 0 && import_batch_commit(&c.batch) == 0) {
			rc = 0;
		} else {
			/* Only a database failure gets here: what earlier batches
			 * wrote stays, and importing the file again completes it. */
			import_batch_rollback(&c.batch);
			if (!c.err)
				c.err = xasprintf("%s: cannot commit", path);
			*err = xasprintf("%s (the file was imported in part; import it again to complete it)", c.err);
			free(c.err);
		}
	}
	import_progress_done(&c.batch);
	free(c.units);
	xmlFreeDoc(doc);
	free(label);
	return rc;
}
