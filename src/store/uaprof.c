/* uaprof.c - UAProf profiles in the store: writing one and looking one up
 * (see uaprof.h); reading a profile file is import/uaprof_import.c. */
#include "core/common.h"

#include "store/uaprof.h"
#include "store/store.h"

bool uaprof_has_type(const char *list, const char *type)
{
	size_t n = strlen(type);
	for (const char *p = list; p && (p = strcasestr(p, type)); p += n) {
		bool start = p == list || p[-1] == ' ' || p[-1] == ',';
		char e = p[n];
		if (start && (e == '\0' || e == ',' || e == ';' || e == ' '))
			return true;
	}
	return false;
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *t)
{
	if (t && *t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void bind_num_or_null(sqlite3_stmt *s, int i, long v)
{
	if (v > 0)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

int uaprof_store(struct store *st, const struct uaprof_record *f, bool *replaced, char **err)
{
	const char *path = f->source, *key = f->url;
	sqlite3_stmt *q = store_stmt(st, "SELECT 1 FROM uaprof WHERE url = ?1");
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO uaprof (url, vendor, model, wml_versions, xhtml_version, accept, screen_w, screen_h,"
		" wml_deck_size, max_sdu_size, source, imported_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, CAST(strftime('%s', 'now') AS INTEGER))"
		" ON CONFLICT(url) DO UPDATE SET vendor = excluded.vendor, model = excluded.model,"
		" wml_versions = excluded.wml_versions, xhtml_version = excluded.xhtml_version, accept = excluded.accept,"
		" screen_w = excluded.screen_w, screen_h = excluded.screen_h, wml_deck_size = excluded.wml_deck_size,"
		" max_sdu_size = excluded.max_sdu_size, source = excluded.source, imported_at = excluded.imported_at");
	if (!q || !s) {
		*err = xasprintf("%s: %s", path, sqlite3_errmsg(store_db(st)));
		return -1;
	}
	sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
	*replaced = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	bind_text_or_null(s, 2, f->vendor);
	bind_text_or_null(s, 3, f->model);
	bind_text_or_null(s, 4, f->wml_versions);
	bind_text_or_null(s, 5, f->xhtml_version);
	bind_text_or_null(s, 6, f->accept);
	bind_num_or_null(s, 7, f->screen_w);
	bind_num_or_null(s, 8, f->screen_h);
	bind_num_or_null(s, 9, f->deck);
	bind_num_or_null(s, 10, f->sdu);
	sqlite3_bind_text(s, 11, path, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (step != SQLITE_DONE) {
		*err = xasprintf("%s: cannot store the profile: %s", path, sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

bool uaprof_lookup(struct store *st, const char *url, size_t len, struct uaprof_hit *hit)
{
	if (!st || !url || len == 0 || len >= sizeof hit->url)
		return false;
	sqlite3_stmt *s = store_stmt(st,
		"SELECT wml_versions, xhtml_version, accept, screen_w, screen_h, wml_deck_size, max_sdu_size"
		" FROM uaprof WHERE url = ?1");
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, url, (int)len, SQLITE_TRANSIENT);
	bool found = false;
	if (sqlite3_step(s) == SQLITE_ROW) {
		memset(hit, 0, sizeof *hit);
		memcpy(hit->url, url, len);
		hit->url[len] = '\0';
		const char *acc = (const char *)sqlite3_column_text(s, 2);
		hit->prof.url = hit->url;
		hit->prof.wml_version = device_wml_version((const char *)sqlite3_column_text(s, 0));
		hit->prof.wml = sqlite3_column_type(s, 0) != SQLITE_NULL ||
				uaprof_has_type(acc, "text/vnd.wap.wml") || uaprof_has_type(acc, "application/vnd.wap.wmlc");
		hit->prof.xhtml = sqlite3_column_type(s, 1) != SQLITE_NULL ||
				  uaprof_has_type(acc, "application/vnd.wap.xhtml+xml") || uaprof_has_type(acc, "application/xhtml+xml");
		hit->prof.screen_w = (unsigned)sqlite3_column_int(s, 3);
		hit->prof.screen_h = (unsigned)sqlite3_column_int(s, 4);
		hit->prof.wml_deck_size = (size_t)sqlite3_column_int64(s, 5);
		hit->prof.max_sdu_size = (size_t)sqlite3_column_int64(s, 6);
		found = true;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return found;
}

bool uaprof_for_headers(struct store *st, struct device_headers *h, struct uaprof_hit *hit)
{
	const char *urls[8];
	size_t lens[8];
	size_t n = device_profile_urls(h->wap_profile, urls, lens, ARRAY_LEN(urls));
	for (size_t i = 0; i < n; i++)
		if (uaprof_lookup(st, urls[i], lens[i], hit)) {
			h->uaprof = &hit->prof;
			return true;
		}
	return false;
}
