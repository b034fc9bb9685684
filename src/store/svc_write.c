/* svc_write.c - writing units and service items: the one place that
 * INSERTs or UPDATEs them, for the services import and the demo alike.
 * Both run inside the caller's transaction. */
#include "core/common.h"
#include "store/services.h"

const char *const svc_item_fields[SVC_NFIELDS] = {
	"name", "kind", "legal_basis", "conditions", "materials", "procedure",
	"time_limit", "fees", "place", "phone", "online_url", "audience",
};

/* Reindex every item of a unit: remove (before) or add (after). */
static int unit_items_index(struct store *st, int64_t unit, bool add)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM items WHERE unit_id = ?1");
	if (!s)
		return -1;
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
		rc = add ? svc_index_add(st, ids[k]) : svc_index_remove(st, ids[k]);
	free(ids);
	return rc;
}

int svc_put_unit(struct store *st, const struct svc_unit_rec *u, bool *existed)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT region_id FROM units WHERE id = ?1");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, u->id);
	int64_t old_region = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	*existed = old_region != 0;
	bool moved = old_region && old_region != u->region_id;
	if (moved && unit_items_index(st, u->id, false) != 0)
		return -1;
	s = store_stmt(st,
		"INSERT INTO units (id, region_id, name, phone, address, sort) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT(id) DO UPDATE SET region_id = excluded.region_id, name = excluded.name,"
		" phone = excluded.phone, address = excluded.address, sort = excluded.sort");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, u->id);
	sqlite3_bind_int64(s, 2, u->region_id);
	sqlite3_bind_text(s, 3, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, u->phone ? u->phone : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, u->address ? u->address : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, u->sort);
	if (store_step_done(s) != 0)
		return -1;
	return moved ? unit_items_index(st, u->id, true) : 0;
}

/* Replace the item's topics with it->topics. */
static int put_topics(struct store *st, const struct svc_item_rec *it, int64_t id, bool existed)
{
	sqlite3_stmt *s;
	if (existed) {
		s = store_stmt(st, "DELETE FROM item_topics WHERE item_id = ?1");
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, id);
		if (store_step_done(s) != 0)
			return -1;
	}
	for (size_t t = 0; t < it->ntopics; t++) {
		s = store_stmt(st, "INSERT OR IGNORE INTO item_topics (topic_id, item_id) VALUES (?1, ?2)");
		if (!s)
			return -1;
		sqlite3_bind_int64(s, 1, it->topics[t]);
		sqlite3_bind_int64(s, 2, id);
		if (store_step_done(s) != 0)
			return -1;
	}
	return 0;
}

int svc_put_item(struct store *st, const struct svc_item_rec *it, bool index, int64_t *id, bool *existed)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM items WHERE code = ?1");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, it->code, -1, SQLITE_STATIC);
	*id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	*existed = *id != 0;
	if (*existed && index && svc_index_remove(st, *id) != 0)
		return -1;
	s = store_stmt(st,
		"INSERT INTO items (code, unit_id, name, kind, legal_basis, conditions, materials, procedure,"
		" time_limit, fees, place, phone, online_url, audience, updated_at)"
		" VALUES (?1, ?2, ?3, coalesce(?4, '行政许可'), ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
		" ON CONFLICT(code) DO UPDATE SET unit_id = excluded.unit_id, name = excluded.name, kind = excluded.kind,"
		" legal_basis = excluded.legal_basis, conditions = excluded.conditions, materials = excluded.materials,"
		" procedure = excluded.procedure, time_limit = excluded.time_limit, fees = excluded.fees,"
		" place = excluded.place, phone = excluded.phone, online_url = excluded.online_url, audience = excluded.audience,"
		" updated_at = excluded.updated_at");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, it->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, it->unit_id);
	for (int f = 0; f < SVC_NFIELDS; f++) {
		const char *v = it->field[f];
		if (f == SVC_F_KIND && (!v || !*v))
			sqlite3_bind_null(s, 4);
		else
			sqlite3_bind_text(s, 3 + f, v ? v : "", -1, SQLITE_STATIC);
	}
	sqlite3_bind_int64(s, 15, it->updated_at);
	if (store_step_done(s) != 0)
		return -1;
	if (!*existed)
		*id = sqlite3_last_insert_rowid(store_db(st));
	if (it->set_topics && put_topics(st, it, *id, *existed) != 0)
		return -1;
	return index ? svc_index_add(st, *id) : 0;
}
