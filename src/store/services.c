/* services.c - service guide queries, highlighting and the index upkeep
 * (the search itself: svc_search.c).
 *
 * Notes on the FTS index, used for body matches and the topic/region
 * listings:
 *
 * Search cost.  bm25() scores every row that matches, so ranking all hits
 * of a common two-character query (thousands of rows) costs tens of ms.
 * Instead results come in two tiers, each a cheap FTS5 query:
 *   tier 1  every term in the name: ranked by bm25 (names are short and
 *           name hits are few compared with body hits)
 *   tier 2  the other matches (some term only in the body), in rowid order
 *           (no scoring at all)
 * The page's window is cut from tier 1 then tier 2, knowing tier 1's
 * count.  Region and topic filters are index terms of the tags column
 * ("r<id>", "t<id>"), so narrowing is an intersection of doclists inside
 * FTS5, never a join over the hits. */
#include "core/common.h"

#include "store/fts_zh.h"
#include "store/services.h"
#include "core/utf8.h"
#include "store/svc_lex.h"
#include "text/textnorm.h"

#include <time.h>

void svc_item_rows_free(struct svc_item_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].unit_name);
		free(rows[i].region_name);
	}
	free(rows);
}

/* --- regions and units --------------------------------------------------- */

int svc_region(struct store *st, int64_t id, struct place_row *out)
{
	return store_place_by(st, "SELECT id, coalesce(parent_id, 0), level, 0, name FROM regions WHERE id = ?1", id, out);
}

int svc_region_path(struct store *st, int64_t id, struct place_row **out, size_t *n)
{
	return store_places_by(st,
		"WITH RECURSIVE up(id, depth) AS (SELECT ?1, 0"
		" UNION ALL SELECT r.parent_id, up.depth + 1 FROM regions r JOIN up ON r.id = up.id"
		" WHERE r.parent_id IS NOT NULL AND up.depth < 5)"
		" SELECT r.id, coalesce(r.parent_id, 0), r.level, 0, r.name FROM up JOIN regions r ON r.id = up.id"
		" ORDER BY up.depth DESC", id, out, n);
}

int svc_region_children(struct store *st, int64_t id, struct place_row **out, size_t *n)
{
	return store_places_by(st,
		"SELECT id, coalesce(parent_id, 0), level, 0, name FROM regions WHERE coalesce(parent_id, 0) = ?1 ORDER BY sort, id", id, out, n);
}

int64_t svc_region_unit_count(struct store *st, int64_t region)
{
	return store_int_by(st, "SELECT count(*) FROM units WHERE region_id = ?1", region);
}

int svc_region_units(struct store *st, int64_t region, int64_t offset, int limit,
		     struct place_row **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT u.id, u.region_id, 0, (SELECT count(*) FROM items i WHERE i.unit_id = u.id), u.name"
		" FROM units u WHERE u.region_id = ?1 ORDER BY 4 DESC, u.sort, u.id LIMIT ?2 OFFSET ?3");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, region);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int64(s, 3, offset);
	return store_collect_places(s, out, n);
}

static void fill_unit(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct svc_unit *u = row;
	u->id = sqlite3_column_int64(s, 0);
	u->region_id = sqlite3_column_int64(s, 1);
	u->name = store_col_text(s, 2);
	u->phone = store_col_text(s, 3);
	u->address = store_col_text(s, 4);
	u->region_name = store_col_text(s, 5);
}

int svc_unit(struct store *st, int64_t id, struct svc_unit *out)
{
	memset(out, 0, sizeof *out);
	return store_row_by(st,
		"SELECT u.id, u.region_id, u.name, u.phone, u.address, r.name"
		" FROM units u JOIN regions r ON r.id = u.region_id WHERE u.id = ?1", id, fill_unit, out);
}

void svc_unit_release(struct svc_unit *u)
{
	free(u->name);
	free(u->phone);
	free(u->address);
	free(u->region_name);
	memset(u, 0, sizeof *u);
}

/* --- item lists ------------------------------------------------------------ */

static const char item_row_sql[] =
	"SELECT i.id, i.name, u.name, r.name FROM items i JOIN units u ON u.id = i.unit_id"
	" JOIN regions r ON r.id = u.region_id WHERE i.id = ?1";

/* Statement s yields item ids; look each one up. */
static int collect_item_ids(struct store *st, sqlite3_stmt *s, struct svc_item_row **out, size_t *n)
{
	int64_t ids[256];
	size_t nid = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && nid < ARRAY_LEN(ids))
		ids[nid++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return -1;
	*out = nid ? xcalloc(nid, sizeof **out) : NULL;
	*n = 0;
	for (size_t k = 0; k < nid; k++) {
		sqlite3_stmt *q = store_stmt(st, item_row_sql);
		if (!q)
			goto fail;
		sqlite3_bind_int64(q, 1, ids[k]);
		if (sqlite3_step(q) == SQLITE_ROW) {
			struct svc_item_row *r = &(*out)[(*n)++];
			r->id = sqlite3_column_int64(q, 0);
			r->name = store_col_text(q, 1);
			r->unit_name = store_col_text(q, 2);
			r->region_name = store_col_text(q, 3);
		}
		sqlite3_reset(q);
	}
	return 0;
fail:
	svc_item_rows_free(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}

int64_t svc_name_count(struct store *st, const char *name)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM items WHERE name = ?1");
	if (s)
		sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	return store_one_int(s);
}

int svc_item_named_near(struct store *st, const char *name, int64_t region, struct svc_item_row *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = store_stmt(st,
		"WITH RECURSIVE up(id, depth) AS (SELECT ?2, 0"
		" UNION ALL SELECT r.parent_id, up.depth + 1 FROM regions r JOIN up ON r.id = up.id"
		" WHERE r.parent_id IS NOT NULL AND up.depth < 3)"
		" SELECT i.id, i.name, u.name, rg.name FROM up JOIN units u ON u.region_id = up.id"
		" JOIN items i ON i.unit_id = u.id AND i.name = ?1 JOIN regions rg ON rg.id = u.region_id"
		" ORDER BY up.depth, i.id LIMIT 1");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, region);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->name = store_col_text(s, 1);
		out->unit_name = store_col_text(s, 2);
		out->region_name = store_col_text(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

void svc_item_row_release(struct svc_item_row *r)
{
	free(r->name);
	free(r->unit_name);
	free(r->region_name);
	memset(r, 0, sizeof *r);
}

int64_t svc_unit_item_count(struct store *st, int64_t unit)
{
	return store_int_by(st, "SELECT count(*) FROM items WHERE unit_id = ?1", unit);
}

int svc_unit_items(struct store *st, int64_t unit, int64_t offset, int limit,
		   struct svc_item_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM items WHERE unit_id = ?1 ORDER BY id LIMIT ?2 OFFSET ?3");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int64(s, 3, offset);
	return collect_item_ids(st, s, out, n);
}

int svc_topics(struct store *st, struct place_row **out, size_t *n)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, 0, 0, 0, name FROM topics ORDER BY sort, id");
	if (!s)
		return -1;
	return store_collect_places(s, out, n);
}

int svc_topic(struct store *st, int64_t id, struct place_row *out)
{
	return store_place_by(st, "SELECT id, 0, 0, 0, name FROM topics WHERE id = ?1", id, out);
}

/* The MATCH expression of the tag filters alone. */
static char *tag_filter(int64_t topic, int64_t region)
{
	if (region > 0 && topic > 0)
		return xasprintf("tags : \"t%lld\" AND tags : \"r%lld\"", (long long)topic, (long long)region);
	if (region > 0)
		return xasprintf("tags : \"r%lld\"", (long long)region);
	return xasprintf("tags : \"t%lld\"", (long long)topic);
}

int64_t svc_topic_item_count(struct store *st, int64_t topic, int64_t region)
{
	if (region <= 0) {
		sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM item_topics WHERE topic_id = ?1");
		if (s)
			sqlite3_bind_int64(s, 1, topic);
		return store_one_int(s);
	}
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM items_fts WHERE items_fts MATCH ?1");
	char *m = tag_filter(topic, region);
	if (s)
		sqlite3_bind_text(s, 1, m, -1, SQLITE_TRANSIENT);
	free(m);
	return store_one_int(s);
}

int svc_topic_items(struct store *st, int64_t topic, int64_t region, int64_t offset, int limit,
		    struct svc_item_row **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (region <= 0) {
		s = store_stmt(st, "SELECT item_id FROM item_topics WHERE topic_id = ?1 ORDER BY item_id LIMIT ?2 OFFSET ?3");
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, topic);
	} else {
		s = store_stmt(st, "SELECT rowid FROM items_fts WHERE items_fts MATCH ?1 LIMIT ?2 OFFSET ?3");
		if (!s)
			return -1;
		char *m = tag_filter(topic, region);
		sqlite3_bind_text(s, 1, m, -1, SQLITE_TRANSIENT);
		free(m);
	}
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int64(s, 3, offset);
	return collect_item_ids(st, s, out, n);
}

static void fill_item(sqlite3_stmt *s, void *row, void *ctx)
{
	(void)ctx;
	struct svc_item *it = row;
	it->id = sqlite3_column_int64(s, 0);
	it->unit_id = sqlite3_column_int64(s, 1);
	it->region_id = sqlite3_column_int64(s, 2);
	char **f[] = { &it->code, &it->name, &it->kind, &it->legal_basis, &it->conditions,
		       &it->materials, &it->procedure, &it->time_limit, &it->fees, &it->place,
		       &it->phone, &it->online_url, &it->unit_name, &it->region_name };
	for (size_t k = 0; k < ARRAY_LEN(f); k++)
		*f[k] = store_col_text(s, 3 + (int)k);
}

int svc_item(struct store *st, int64_t id, struct svc_item *out)
{
	memset(out, 0, sizeof *out);
	return store_row_by(st,
		"SELECT i.id, i.unit_id, u.region_id, i.code, i.name, i.kind, i.legal_basis, i.conditions,"
		" i.materials, i.procedure, i.time_limit, i.fees, i.place, i.phone, i.online_url, u.name, r.name"
		" FROM items i JOIN units u ON u.id = i.unit_id JOIN regions r ON r.id = u.region_id"
		" WHERE i.id = ?1", id, fill_item, out);
}

void svc_item_release(struct svc_item *it)
{
	char *f[] = { it->code, it->name, it->kind, it->legal_basis, it->conditions, it->materials,
		      it->procedure, it->time_limit, it->fees, it->place, it->phone, it->online_url,
		      it->unit_name, it->region_name };
	for (size_t k = 0; k < ARRAY_LEN(f); k++)
		free(f[k]);
	memset(it, 0, sizeof *it);
}

/* --- synonyms ------------------------------------------------------------- */

void svc_strings_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

char **svc_synonyms(struct store *st, const char *term)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT synonym FROM synonyms WHERE term = ?1"
		" UNION SELECT term FROM synonyms WHERE synonym = ?1");
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, term, -1, SQLITE_TRANSIENT);
	char **v = NULL;
	size_t n = 0;
	while (sqlite3_step(s) == SQLITE_ROW && n < 32) {
		v = xrealloc(v, (n + 2) * sizeof *v);
		v[n++] = store_col_text(s, 0);
		v[n] = NULL;
	}
	sqlite3_reset(s);
	return v;
}

int svc_item_row_get(struct store *st, int64_t id, struct svc_item_row *r)
{
	sqlite3_stmt *s = store_stmt(st, item_row_sql);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		r->id = sqlite3_column_int64(s, 0);
		r->name = store_col_text(s, 1);
		r->unit_name = store_col_text(s, 2);
		r->region_name = store_col_text(s, 3);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}


/* --- highlighting ------------------------------------------------------------ */

void svc_highlight(const char *text, size_t len, char *const *terms, size_t nterms,
		   svc_segment_fn fn, void *ctx)
{
	if (len == 0)
		return;
	/* Fold text, remembering for each folded byte the source range of the
	 * character it came from. */
	struct buf norm = BUF_INIT;
	size_t *src_start = xmalloc((len * 4 + 4) * sizeof *src_start);
	size_t *src_end = xmalloc((len * 4 + 4) * sizeof *src_end);
	bool *hit = xcalloc(len, sizeof *hit);
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_next(text + i, len - i, &cp);
		uint32_t f = cp == UTF8_REPLACEMENT ? TEXTNORM_DROP : textnorm_fold(cp);
		if (f != TEXTNORM_DROP) {
			char enc[4];
			size_t e = utf8_encode(f, enc);
			for (size_t b = 0; b < e; b++) {
				src_start[norm.len + b] = i;
				src_end[norm.len + b] = i + k;
			}
			buf_add(&norm, enc, e);
		}
		i += k;
	}
	const char *nz = buf_cstr(&norm);
	for (size_t t = 0; t < nterms; t++) {
		size_t tl = strlen(terms[t]);
		if (tl == 0)
			continue;
		const char *p = nz;
		while ((p = memmem(p, norm.len - (size_t)(p - nz), terms[t], tl)) != NULL) {
			size_t a = (size_t)(p - nz), z = a + tl - 1;
			for (size_t b = src_start[a]; b < src_end[z]; b++)
				hit[b] = true;
			p++;
		}
	}
	size_t start = 0;
	for (size_t b = 1; b <= len; b++) {
		if (b == len || hit[b] != hit[start]) {
			fn(text + start, b - start, hit[start], ctx);
			start = b;
		}
	}
	free(src_start);
	free(src_end);
	free(hit);
	buf_release(&norm);
}

/* --- index maintenance ---------------------------------------------------- */

static int run_id(sqlite3_stmt *s, int64_t id)
{
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

int svc_index_remove(struct store *st, int64_t id)
{
	if (run_id(store_stmt(st, "INSERT INTO items_fts (items_fts, rowid, name, body, tags)"
				  " SELECT 'delete', id, name, body, tags FROM items_search WHERE id = ?1"), id) != 0)
		return -1;
	return run_id(store_stmt(st, "INSERT INTO items_name_fts (items_name_fts, rowid, name, tags)"
				     " SELECT 'delete', id, name, tags FROM items_search WHERE id = ?1"), id);
}

int svc_index_add(struct store *st, int64_t id)
{
	if (run_id(store_stmt(st, "INSERT INTO items_fts (rowid, name, body, tags)"
				  " SELECT id, name, body, tags FROM items_search WHERE id = ?1"), id) != 0)
		return -1;
	return run_id(store_stmt(st, "INSERT INTO items_name_fts (rowid, name, tags)"
				     " SELECT id, name, tags FROM items_search WHERE id = ?1"), id);
}

int svc_reindex_all(struct store *st)
{
	if (store_exec(st, "INSERT INTO items_fts (items_fts) VALUES ('rebuild')") != 0 ||
	    store_exec(st, "INSERT INTO items_name_fts (items_name_fts) VALUES ('rebuild')") != 0 ||
	    store_exec(st, "INSERT INTO items_fts (items_fts) VALUES ('optimize')") != 0)
		return -1;
	return store_exec(st, "INSERT INTO items_name_fts (items_name_fts) VALUES ('optimize')");
}
