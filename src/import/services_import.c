/* services_import.c - the qiao-services XML importer (libxml2 tree API). */
#include "core/common.h"

#include "import/services_import.h"
#include "import/xmlsafe.h"
#include "store/services.h"
#include "store/store.h"
#include "text/textnorm.h"

#include <libxml/tree.h>

#define MAX_NAME_CHARS 200
#define MAX_TEXT_BYTES (64 * 1024)

struct ctx {
	struct store *st;
	const char *path;
	char *err;
	struct svc_import_result *res;
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

/* A malloc'd attribute value, or NULL when absent. */
static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* A positive integer attribute: 1 ok, 0 absent, -1 malformed. */
static int attr_id(const xmlNode *n, const char *name, int64_t *out)
{
	char *s = attr(n, name);
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

static int step_done(struct ctx *c, const xmlNode *n, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return failf(c, n, "database error: %s", sqlite3_errmsg(store_db(c->st)));
	return 0;
}

/* --- units ------------------------------------------------------------------ */

/* Reindex every item of a unit: remove (before) or add (after). */
static int unit_items_index(struct ctx *c, const xmlNode *n, int64_t unit, bool add)
{
	sqlite3_stmt *s = store_stmt(c->st, "SELECT id FROM items WHERE unit_id = ?1");
	if (!s)
		return failf(c, n, "database error");
	sqlite3_bind_int64(s, 1, unit);
	int64_t *ids = NULL;
	size_t nid = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		ids = xrealloc(ids, (nid + 1) * sizeof *ids);
		ids[nid++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	int rc = 0;
	for (size_t k = 0; k < nid && rc == 0; k++)
		rc = add ? svc_index_add(c->st, ids[k]) : svc_index_remove(c->st, ids[k]);
	free(ids);
	return rc == 0 ? 0 : failf(c, n, "cannot update the search index");
}

static int do_unit(struct ctx *c, const xmlNode *n)
{
	int64_t id = 0, sort = 0;
	int r = attr_id(n, "id", &id);
	if (r <= 0)
		return failf(c, n, "<unit> needs id=\"N\" (a positive integer)");
	if (attr_id(n, "sort", &sort) < 0)
		return failf(c, n, "<unit> sort must be a positive integer");
	char *region = attr(n, "region"), *name = attr(n, "name");
	char *phone = attr(n, "phone"), *address = attr(n, "address");
	int rc = -1;
	int64_t region_id = 0;
	if (!region || !*region) {
		failf(c, n, "<unit id=\"%lld\"> needs region=\"CODE\" (a region code like 430100)", (long long)id);
		goto out;
	}
	if (!name || !*name || xmlsafe_utf8_len(name) > MAX_NAME_CHARS) {
		failf(c, n, "<unit id=\"%lld\"> needs a name of 1 to %d characters", (long long)id, MAX_NAME_CHARS);
		goto out;
	}
	sqlite3_stmt *s = store_stmt(c->st, "SELECT id FROM regions WHERE code = ?1");
	if (!s) {
		failf(c, n, "database error");
		goto out;
	}
	sqlite3_bind_text(s, 1, region, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		region_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (!region_id) {
		failf(c, n, "unknown region code '%s'", region);
		goto out;
	}
	s = store_stmt(c->st, "SELECT region_id FROM units WHERE id = ?1");
	if (!s) {
		failf(c, n, "database error");
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	int64_t old_region = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	bool moved = old_region && old_region != region_id;
	if (moved && unit_items_index(c, n, id, false) != 0)
		goto out;
	s = store_stmt(c->st,
		"INSERT INTO units (id, region_id, name, phone, address, sort) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT(id) DO UPDATE SET region_id = excluded.region_id, name = excluded.name,"
		" phone = excluded.phone, address = excluded.address, sort = excluded.sort");
	if (!s) {
		failf(c, n, "database error");
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, region_id);
	sqlite3_bind_text(s, 3, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, phone ? phone : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, address ? address : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 6, sort);
	if (step_done(c, n, s) != 0)
		goto out;
	if (moved && unit_items_index(c, n, id, true) != 0)
		goto out;
	if (old_region)
		c->res->units_updated++;
	else
		c->res->units_added++;
	rc = 0;
out:
	free(region);
	free(name);
	free(phone);
	free(address);
	return rc;
}

/* --- items ------------------------------------------------------------------ */

static const char *const item_fields[] = {
	"name", "kind", "legal_basis", "conditions", "materials", "procedure",
	"time_limit", "fees", "place", "phone", "online_url",
};
#define NFIELDS ARRAY_LEN(item_fields)

static int do_item(struct ctx *c, const xmlNode *n)
{
	char *code = attr(n, "code");
	char *val[NFIELDS] = { 0 };
	int64_t topics[16];
	size_t ntopics = 0;
	int64_t unit = 0;
	int rc = -1;
	bool have_topics = false;

	if (!code || !*code || strlen(code) > 64) {
		failf(c, n, "<item> needs code=\"...\" (1 to 64 bytes)");
		goto out;
	}
	if (attr_id(n, "unit", &unit) <= 0) {
		failf(c, n, "<item code=\"%s\"> needs unit=\"N\" (a unit id)", code);
		goto out;
	}
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_COMMENT_NODE)
			continue;
		if (k->type != XML_ELEMENT_NODE) {
			failf(c, k, "unexpected content in <item>");
			goto out;
		}
		if (is_el(k, "topic")) {
			int64_t t;
			if (attr_id(k, "id", &t) <= 0) {
				failf(c, k, "<topic> needs id=\"N\"");
				goto out;
			}
			if (ntopics == ARRAY_LEN(topics)) {
				failf(c, k, "too many topics (at most %zu)", ARRAY_LEN(topics));
				goto out;
			}
			topics[ntopics++] = t;
			have_topics = true;
			continue;
		}
		size_t f = 0;
		while (f < NFIELDS && !is_el(k, item_fields[f]))
			f++;
		if (f == NFIELDS) {
			failf(c, k, "unknown element <%s> in <item>", (const char *)k->name);
			goto out;
		}
		if (val[f]) {
			failf(c, k, "<%s> given twice", item_fields[f]);
			goto out;
		}
		val[f] = text_of(k);
		if (strlen(val[f]) > MAX_TEXT_BYTES) {
			failf(c, k, "<%s> is longer than %d bytes", item_fields[f], MAX_TEXT_BYTES);
			goto out;
		}
	}
	if (!val[0] || !*val[0] || xmlsafe_utf8_len(val[0]) > MAX_NAME_CHARS || strchr(val[0], '\n')) {
		failf(c, n, "<item code=\"%s\"> needs a <name> of 1 to %d characters on one line", code, MAX_NAME_CHARS);
		goto out;
	}
	for (size_t f = 0; f < NFIELDS; f++) {
		if (val[f] && !textnorm_utf8_valid(val[f], strlen(val[f]))) {
			failf(c, n, "<%s> is not valid UTF-8", item_fields[f]);
			goto out;
		}
	}
	const char *url = val[10] ? val[10] : "";
	if (*url && strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
		failf(c, n, "<online_url> must start with http:// or https://");
		goto out;
	}
	sqlite3_stmt *s = store_stmt(c->st, "SELECT 1 FROM units WHERE id = ?1");
	if (!s)
		goto dberr;
	sqlite3_bind_int64(s, 1, unit);
	bool unit_ok = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	if (!unit_ok) {
		failf(c, n, "<item code=\"%s\">: unknown unit %lld", code, (long long)unit);
		goto out;
	}
	for (size_t t = 0; t < ntopics; t++) {
		s = store_stmt(c->st, "SELECT 1 FROM topics WHERE id = ?1");
		if (!s)
			goto dberr;
		sqlite3_bind_int64(s, 1, topics[t]);
		bool ok = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_reset(s);
		if (!ok) {
			failf(c, n, "<item code=\"%s\">: unknown topic %lld", code, (long long)topics[t]);
			goto out;
		}
	}

	s = store_stmt(c->st, "SELECT id FROM items WHERE code = ?1");
	if (!s)
		goto dberr;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
	int64_t id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	bool existed = id != 0;
	if (existed && svc_index_remove(c->st, id) != 0)
		goto dberr;
	s = store_stmt(c->st,
		"INSERT INTO items (code, unit_id, name, kind, legal_basis, conditions, materials, procedure,"
		" time_limit, fees, place, phone, online_url, updated_at)"
		" VALUES (?1, ?2, ?3, coalesce(?4, '行政许可'), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, strftime('%s', 'now'))"
		" ON CONFLICT(code) DO UPDATE SET unit_id = excluded.unit_id, name = excluded.name, kind = excluded.kind,"
		" legal_basis = excluded.legal_basis, conditions = excluded.conditions, materials = excluded.materials,"
		" procedure = excluded.procedure, time_limit = excluded.time_limit, fees = excluded.fees,"
		" place = excluded.place, phone = excluded.phone, online_url = excluded.online_url,"
		" updated_at = excluded.updated_at");
	if (!s)
		goto dberr;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, unit);
	for (size_t f = 0; f < NFIELDS; f++) {
		if (f == 1 && (!val[f] || !*val[f]))
			sqlite3_bind_null(s, 4);
		else
			sqlite3_bind_text(s, 3 + (int)f, val[f] ? val[f] : "", -1, SQLITE_TRANSIENT);
	}
	if (step_done(c, n, s) != 0)
		goto out;
	if (!id)
		id = sqlite3_last_insert_rowid(store_db(c->st));
	if (have_topics) {
		s = store_stmt(c->st, "DELETE FROM item_topics WHERE item_id = ?1");
		if (!s)
			goto dberr;
		sqlite3_bind_int64(s, 1, id);
		if (step_done(c, n, s) != 0)
			goto out;
		for (size_t t = 0; t < ntopics; t++) {
			s = store_stmt(c->st, "INSERT OR IGNORE INTO item_topics (topic_id, item_id) VALUES (?1, ?2)");
			if (!s)
				goto dberr;
			sqlite3_bind_int64(s, 1, topics[t]);
			sqlite3_bind_int64(s, 2, id);
			if (step_done(c, n, s) != 0)
				goto out;
		}
	}
	if (svc_index_add(c->st, id) != 0)
		goto dberr;
	if (existed)
		c->res->items_updated++;
	else
		c->res->items_added++;
	rc = 0;
	goto out;
dberr:
	failf(c, n, "database error: %s", sqlite3_errmsg(store_db(c->st)));
out:
	free(code);
	for (size_t f = 0; f < NFIELDS; f++)
		free(val[f]);
	return rc;
}

/* --- the document -------------------------------------------------------------- */

static int do_doc(struct ctx *c, xmlDoc *doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || !is_el(root, "services"))
		return failf(c, root, "the root element must be <services>");
	char *version = attr(root, "version");
	bool ok = !version || strcmp(version, "1") == 0;
	free(version);
	if (!ok)
		return failf(c, root, "unsupported version (this qiao reads version=\"1\")");
	/* Units first, so items may use units defined later in the file. */
	for (int pass = 0; pass < 2; pass++) {
		for (const xmlNode *n = root->children; n; n = n->next) {
			if (n->type == XML_TEXT_NODE || n->type == XML_COMMENT_NODE)
				continue;
			if (n->type == XML_ENTITY_REF_NODE)
				return failf(c, n, "entity references are not allowed");
			if (is_el(n, "unit")) {
				if (pass == 0 && do_unit(c, n) != 0)
					return -1;
			} else if (is_el(n, "item")) {
				if (pass == 1 && do_item(c, n) != 0)
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
	struct ctx c = { .st = st, .path = path, .res = res };
	*err = NULL;

	/* The same safe reader as the news import: size limit, DOCTYPE
	 * refused before it is read, no network, no entity expansion. */
	xmlDoc *doc = xmlsafe_read_file(path, SVC_IMPORT_MAX_FILE, err);
	if (!doc) {
		/* This importer's errors without a line read "PATH: reason". */
		size_t pl = strlen(path);
		if (strncmp(*err, path, pl) == 0 && strncmp(*err + pl, ":0: ", 4) == 0)
			memmove(*err + pl + 1, *err + pl + 3, strlen(*err + pl + 3) + 1);
		return -1;
	}

	int rc = -1;
	if (store_begin(st) != 0) {
		*err = xasprintf("%s: cannot start a transaction", path);
		xmlFreeDoc(doc);
		return -1;
	}
	if (do_doc(&c, doc) == 0 && store_commit(st) == 0) {
		rc = 0;
	} else {
		store_rollback(st);
		memset(res, 0, sizeof *res);
		if (!c.err)
			c.err = xasprintf("%s: cannot commit", path);
		*err = c.err;
	}
	xmlFreeDoc(doc);
	return rc;
}
