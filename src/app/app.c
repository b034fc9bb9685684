/* app.c - the application context and the server hooks over it (see
 * app.h): root finding, templates, device rules, the store per worker,
 * rendering a route's page in its dialect, in-process rendering. */
#include "core/common.h"
#include "app/app.h"
#include "app/hant.h"
#include "core/charset.h"
#include "store/news_edit.h"
#include "device/memo.h"
#include "http/req.h"
#include "http/route.h"
#include "http/server.h"
#include "pages/api.h"
#include "render/langpick.h"
#include "render/page.h"
#include "render/tpl.h"
#include "render/view.h"
#include "store/store.h"
#include "store/uaprof.h"

#include <sys/stat.h>
#include <unistd.h>

/* --- the root directory ------------------------------------------------ */

static void in_language(const struct req *r, struct buf *out);

static bool has_templates(const char *dir)
{
	char *p = xasprintf("%s/html/layout.html", dir);
	struct stat sb;
	bool ok = stat(p, &sb) == 0;
	free(p);
	return ok;
}

/* The source tree when run from it (or from its build directory), else
 * the installed share directory. */
static char *find_root(const char *configured)
{
	if (configured)
		return xstrdup(configured);
	if (has_templates("."))
		return xstrdup(".");
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash)
				break;
			*slash = '\0';
			if (has_templates(exe))
				return xstrdup(exe);
			/* An installed tree moved as a whole: PREFIX/bin/qiao finds
			 * PREFIX/share/qiao. */
			char *share = xasprintf("%s/share/qiao", exe);
			if (has_templates(share))
				return share;
			free(share);
		}
	}
	return xstrdup(QIAO_SHAREDIR);
}

/* --- opening ----------------------------------------------------------- */

static int load_templates(struct app *app, char **err)
{
	for (size_t i = 0; i < DIALECT_COUNT; i++) {
		const struct dialect *d = &dialects[i];
		char *dir = xasprintf("%s/%s", app->root, d->tpl_dir);
		app->tpl[i] = tpl_set_load(dir, d->tpl_ext, d->esc, d->xml, err);
		free(dir);
		if (!app->tpl[i])
			return -1;
		if (!tpl_exists(app->tpl[i], "layout") || !tpl_exists(app->tpl[i], "error")) {
			*err = xasprintf("%s/%s: the layout and error templates are required", app->root, d->tpl_dir);
			return -1;
		}
	}
	return 0;
}

int app_open(struct app *app, const char *db_path, const char *root, char **err)
{
	memset(app, 0, sizeof *app);
	app->db_path = db_path;
	app->root = find_root(root);
	page_set_convert(in_language);
	if (load_templates(app, err) != 0)
		return -1;
	char *rules = xasprintf("%s/db/devices.rules", app->root);
	app->rules = device_rules_load(rules, err);
	free(rules);
	if (!app->rules)
		return -1;
	struct store *probe = store_open(db_path, STORE_READWRITE, err);
	if (!probe)
		return -1;
	store_close(probe);
	return 0;
}

int app_open_store(struct app *app, char **err)
{
	app->store = store_open(app->db_path, STORE_READWRITE, err);
	return app->store ? 0 : -1;
}

void app_close(struct app *app)
{
	for (size_t i = 0; i < DIALECT_COUNT; i++)
		tpl_set_free(app->tpl[i]);
	device_memo_free();
	device_rules_free(app->rules);
	store_close(app->store);
	hant_close();
	free(app->root);
	memset(app, 0, sizeof *app);
}

/* --- the server hooks -------------------------------------------------- */

/* A worker's writes (form tokens, posts) wait at most this long for a
 * lock held by another process (an import commits in batches shorter
 * than this), then fail with 503 instead of stalling the event loop. */
#define WORKER_BUSY_MS 500

static int hook_worker_open(struct app *app, char **err)
{
	if (app_open_store(app, err) != 0)
		return -1;
	store_set_busy_ms(app->store, WORKER_BUSY_MS);
	return 0;
}

static void hook_worker_close(struct app *app)
{
	store_close(app->store);
	app->store = NULL;
	device_memo_free();
	hant_close();
}

static void hook_detect(struct app *app, const struct device_headers *h, struct device_caps *caps)
{
	if (!h->wap_profile) {
		device_detect_memo(app->rules, h, caps);
		return;
	}
	/* The profile the phone names, if imported (never fetched).  The
	 * answer then depends on the imported profiles too, which an import
	 * may change at any time: not remembered. */
	struct device_headers with = *h;
	struct uaprof_hit hit;
	uaprof_for_headers(app->store, &with, &hit);
	device_detect(app->rules, &with, caps);
}

/* The content changes when the store does, and also when a scheduled
 * article's time comes (nothing is written then): the generation counts
 * those moments too. */
static bool hook_generation(struct app *app, bool first, int64_t *gen, int64_t *changed_at)
{
	int64_t now = (int64_t)time(NULL);
	bool due = app->next_publish && now >= app->next_publish;
	if (!store_changed(app->store) && !first && !due)
		return false;
	if (due)
		app->publish_epoch++;
	app->next_publish = news_next_scheduled(app->store, now);
	*gen = store_generation(app->store) * 4096 + app->publish_epoch % 4096;
	*changed_at = store_changed_at(app->store);
	if (due && now > *changed_at)
		*changed_at = now;
	return true;
}

/* What the layout shows on every page of this site: the demonstration
 * data notice. */
static void site_flags(struct app *app, struct req *r)
{
	view_set_bool(r->view, "demo", app->store && store_is_demo(app->store));
}

/* A page asked for in 繁體 is the 简体 page converted, here, in one
 * place for every page kind (page_render calls it before the charset)
 * and the data answers (app/hant.h). */
static void in_language(const struct req *r, struct buf *out)
{
	if (lang_content(r->lang) == LANG_ZH_HANT)
		hant_convert(out, r->caps.charset == CHARSET_BIG5 ? HANT_BIG5 : HANT_HK);
}

static int hook_render(struct app *app, struct req *r, int status, struct buf *out)
{
	site_flags(app, r);
	if (r->format != REQ_FMT_PAGE && api_render(r, status, out) == 0) {
		in_language(r, out);
		return 0;
	}
	return page_render(app->tpl[r->caps.profile], r, status, out) != 0 ? -1 : 0;
}

void app_server_hooks(struct app *app, struct server_app *out)
{
	memset(out, 0, sizeof *out);
	out->ctx = app;
	out->worker_open = hook_worker_open;
	out->worker_close = hook_worker_close;
	out->detect = hook_detect;
	out->generation = hook_generation;
	out->render = hook_render;
}

/* --- for handlers and in-process rendering ----------------------------- */

struct store *req_store(const struct req *r)
{
	return r->app->store;
}

size_t req_render_size(struct req *r)
{
	site_flags(r->app, r);
	return page_render_size(r->app->tpl[r->caps.profile], r);
}

int app_render(struct app *app, const struct route *routes, const char *uri, enum device_profile profile,
	       struct app_page *out)
{
	struct req r;
	memset(out, 0, sizeof *out);
	int status = req_local(&r, app, uri);
	/* As that phone would ask: the choice, and its media type (which
	 * decides the XHTML-MP content type). */
	r.hdrs.view_param = dialect_of(profile)->name;
	r.hdrs.accept = dialect_of(profile)->media_type;
	device_detect(app->rules, &r.hdrs, &r.caps);
	req_lang_budget(&r);
	r.view = view_new();
	if (status == 200)
		status = route_dispatch(&r, routes);
	site_flags(app, &r);
	if (r.text && status == 200) {
		buf_adds(&out->body, r.text);
		out->content_type = "text/plain; charset=utf-8";
	} else if (page_render(app->tpl[r.caps.profile], &r, status, &out->body) == 0) {
		out->content_type = r.caps.content_type;
	} else {
		status = 500;
		out->content_type = "text/plain; charset=utf-8";
	}
	out->status = status;
	out->budget = r.caps.budget;
	req_release(&r);
	return 0;
}
