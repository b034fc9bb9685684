/* check.c - crawl the portal as three phones and check each page (see check.h). */
#include "core/common.h"
#include "check/crawl.h"

#include <libxml/catalog.h>

#define REQ_TIMEOUT_MS 10000

/* The phones of tests/e2e/lib.sh, one per profile. */
static const struct phone {
	enum device_profile profile;
	const char *headers[4];
} phones[] = {
	{ PROFILE_WML, { "User-Agent: Nokia7110/1.0 (05.01)", "Accept: text/vnd.wap.wml", NULL, NULL } },
	{ PROFILE_XHTMLMP,
	  { "User-Agent: SonyEricssonK750i/R1AA Browser/SEMC-Browser/4.2 Profile/MIDP-2.0 Configuration/CLDC-1.1",
	    "Accept: application/vnd.wap.xhtml+xml,application/xhtml+xml;q=0.9,text/vnd.wap.wml;q=0.8,*/*;q=0.5",
	    NULL, NULL } },
	{ PROFILE_HTML,
	  { "User-Agent: Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
	    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
	    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
	    "Accept-Encoding: gzip", NULL } },
};

/* A set of strings (open addressing), for the targets seen per profile. */
struct strset {
	char **slots;
	size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Adds s (copied); false when it was already there. */
static bool strset_add(struct strset *set, const char *s)
{
	if ((set->n + 1) * 2 > set->cap) {
		size_t ncap = set->cap ? set->cap * 2 : 256;
		char **ns = xcalloc(ncap, sizeof(*ns));
		for (size_t i = 0; i < set->cap; i++) {
			if (!set->slots[i])
				continue;
			size_t j = hash_str(set->slots[i]) & (ncap - 1);
			while (ns[j])
				j = (j + 1) & (ncap - 1);
			ns[j] = set->slots[i];
		}
		free(set->slots);
		set->slots = ns;
		set->cap = ncap;
	}
	size_t j = hash_str(s) & (set->cap - 1);
	while (set->slots[j]) {
		if (strcmp(set->slots[j], s) == 0)
			return false;
		j = (j + 1) & (set->cap - 1);
	}
	set->slots[j] = xstrdup(s);
	set->n++;
	return true;
}

static void strset_free(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void check_add_finding(struct page *pg, enum lint_severity sev, const char *rule, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_one_line(&b);
	lint_result_add(&pg->find, sev, rule, buf_detach(&b));
}

/* --- crawl ---------------------------------------------------------------- */

static void progress(const struct crawl *c, enum device_profile p, size_t n, const char *target)
{
	if (!c->o->progress)
		return;
	fprintf(stderr, "\r\033[K[%s] %zu  %.60s", device_profile_name(p), n, target);
	fflush(stderr);
}

static struct page *new_page(struct crawl *c)
{
	c->pages = xrealloc(c->pages, (c->npages + 1) * sizeof(*c->pages));
	struct page *pg = &c->pages[c->npages++];
	memset(pg, 0, sizeof(*pg));
	pg->wbxml = -1;
	pg->wellformed = -1;
	pg->valid = -1;
	pg->measure = "";
	return pg;
}

/* The queues: images and style sheets first, checked as soon as a page
 * names them (so a page limit does not hide a broken image of an early
 * page); then one queue per page kind (and one for other pages), taken
 * in turn, so that the page limit is shared among the kinds and a small
 * crawl still reaches each kind the portal links to. */
#define NQUEUES (2 + CHECK_NKINDS)

struct fifo {
	struct queued *v;
	size_t n, head;
};

static void fifo_push(struct fifo *q, struct queued item)
{
	q->v = xrealloc(q->v, (q->n + 1) * sizeof(*q->v));
	q->v[q->n++] = item;
}

/* The queue of a target: 0 resources, 1 + kind for pages (kind -1: 1). */
static int queue_of(const struct queued *it)
{
	return it->kind == LINK_RESOURCE ? 0 : 2 + check_kind_of(it->target);
}

/* Queue the links not seen before; free the others.  Every link found
 * marks its kind as linked. */
static void enqueue(struct crawl *c, enum device_profile p, struct fifo qs[NQUEUES], struct strset *seen,
		    struct linkset *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		int k = ls->items[i].kind == LINK_RESOURCE ? -1 : check_kind_of(ls->items[i].target);
		if (k >= 0)
			c->kind_linked[p][k] = true;
		if (strset_add(seen, ls->items[i].target)) {
			fifo_push(&qs[queue_of(&ls->items[i])], ls->items[i]);
		} else {
			free(ls->items[i].target);
			free(ls->items[i].from);
		}
	}
	free(ls->items);
}

/* Fetch and check one queued target (the page takes item's strings);
 * -1 when it is the very first request and it failed (*err set). */
static int visit(struct crawl *c, const struct phone *ph, struct queued item, long long left,
		 struct fifo qs[NQUEUES], struct strset *seen, char **err)
{
	struct httpc_limits lim = HTTPC_LIMITS_DEFAULT;
	lim.max_body = MAX_BODY;
	lim.timeout_ms = left < REQ_TIMEOUT_MS ? (int)left : REQ_TIMEOUT_MS;
	struct httpc_response res;
	char *ferr = NULL;
	int got = httpc_get(&c->origin, item.target, ph->headers, &lim, &res, &ferr);
	if (got != 0 && c->npages == 0) {
		*err = xasprintf("%s%s: %s", c->o->base, item.target, ferr);
		free(ferr);
		free(item.target);
		free(item.from);
		httpc_response_free(&res);
		return -1;
	}
	struct page *pg = new_page(c);
	pg->profile = ph->profile;
	pg->target = item.target;
	pg->from = item.from;
	pg->kind = item.kind;
	pg->page_kind = item.kind == LINK_RESOURCE ? -1 : check_kind_of(item.target);
	if (got != 0) {
		check_add_finding(pg, LINT_ERROR, "FETCH", "%s", ferr);
		free(ferr);
	} else {
		pg->status = res.status;
		struct linkset ls = { NULL, 0 };
		check_page(c, pg, &res, &ls);
		enqueue(c, ph->profile, qs, seen, &ls);
	}
	httpc_response_free(&res);
	pg->failed = pg->find.errors > 0;
	if (pg->page_kind >= 0 && pg->status > 0 && pg->status < 400)
		c->kind_pages[ph->profile][pg->page_kind]++;
	return 0;
}

/* Crawl one profile.  Returns -1 when the very first request cannot be
 * made (the server is not there), with *err set. */
static int crawl_profile(struct crawl *c, const struct phone *ph, char **err)
{
	struct strset seen = { 0 };
	struct fifo qs[NQUEUES];
	memset(qs, 0, sizeof qs);
	size_t fetched = 0;
	int rc = 0, turn = 1;
	struct queued start = { xstrdup(c->origin.target), NULL, LINK_PAGE };
	fifo_push(&qs[queue_of(&start)], start);
	strset_add(&seen, c->origin.target);

	for (;;) {
		/* resources first, then the next page queue in turn that has any */
		struct fifo *q = NULL;
		if (qs[0].head < qs[0].n) {
			q = &qs[0];
		} else {
			for (int k = 0; k < NQUEUES - 1 && !q; k++) {
				int i = 1 + (turn - 1 + k) % (NQUEUES - 1);
				if (qs[i].head < qs[i].n) {
					q = &qs[i];
					turn = 1 + i % (NQUEUES - 1);
				}
			}
		}
		if (!q)
			break;
		if (fetched >= c->o->max_pages) {
			c->limited[ph->profile] = true;
			break;
		}
		long long left = c->deadline_ms - now_ms();
		if (left <= 0) {
			c->truncated = true;
			break;
		}
		struct queued item = q->v[q->head++];
		progress(c, ph->profile, fetched + 1, item.target);
		fetched++;
		if (visit(c, ph, item, left, qs, &seen, err) < 0) {
			rc = -1;
			break;
		}
	}
	for (int k = 0; k < NQUEUES; k++) {
		for (size_t i = qs[k].head; i < qs[k].n; i++) {
			free(qs[k].v[i].target);
			free(qs[k].v[i].from);
		}
		free(qs[k].v);
	}
	strset_free(&seen);
	return rc;
}

/* --- entry ------------------------------------------------------------------ */

int check_run(const struct check_options *o, char **err)
{
	*err = NULL;
	struct crawl c = { .o = o };
	if (httpc_url_parse(o->base, &c.origin, err) != 0)
		return -1;
	int rc = -1;
	if (o->catalog) {
		if (xmlLoadCatalog(o->catalog) != 0) {
			*err = xasprintf("cannot load the XML catalog %s", o->catalog);
			goto out;
		}
		c.validate = true;
	} else {
		const char *env = getenv("XML_CATALOG_FILES");
		c.validate = env && *env;
	}
	c.start_ms = now_ms();
	c.deadline_ms = c.start_ms + (long long)(o->timeout_secs > 0 ? o->timeout_secs : 120) * 1000;
	for (size_t i = 0; i < ARRAY_LEN(phones); i++) {
		if (crawl_profile(&c, &phones[i], err) != 0)
			goto out;
	}
	if (o->progress)
		fputs("\r\033[K", stderr);
	/* Coverage: every page kind reached in every profile, judged when the
	 * crawl was large enough and not cut short by the time limit. */
	c.kinds_judged = o->max_pages >= CHECK_KINDS_MIN_PAGES && !c.truncated;
	for (int p = 0; p < 3 && c.kinds_judged; p++)
		for (int k = 0; k < CHECK_NKINDS; k++)
			c.unreached += c.kind_pages[p][k] == 0;
	long long elapsed = now_ms() - c.start_ms;
	if (o->json)
		check_report_json(&c, o->out, elapsed);
	else
		check_report_text(&c, o->out, elapsed);
	fflush(o->out);
	rc = c.unreached > 0;
	for (size_t i = 0; i < c.npages; i++)
		if (c.pages[i].failed)
			rc = 1;
out:
	if (o->progress && rc < 0)
		fputs("\r\033[K", stderr);
	for (size_t i = 0; i < c.npages; i++) {
		free(c.pages[i].target);
		free(c.pages[i].from);
		free(c.pages[i].content_type);
		lint_result_free(&c.pages[i].find);
	}
	free(c.pages);
	httpc_url_free(&c.origin);
	if (o->catalog)
		xmlCatalogCleanup();
	return rc;
}
