/* check_report.c - the report of `qiao check`, as text or JSON. */
#include "core/common.h"
#include "render/dialect.h"
#include "check/crawl.h"
#include "core/utf8.h"

/* --- reports -------------------------------------------------------------- */

void check_json_string(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	const unsigned char *end = p + strlen((const char *)p);
	buf_addc(b, '"');
	while (*p) {
		unsigned char ch = *p;
		if (ch == '"' || ch == '\\') {
			buf_addc(b, '\\');
			buf_addc(b, (char)ch);
			p++;
		} else if (ch == '\n') {
			buf_adds(b, "\\n");
			p++;
		} else if (ch == '\t') {
			buf_adds(b, "\\t");
			p++;
		} else if (ch == '\r') {
			buf_adds(b, "\\r");
			p++;
		} else if (ch < 0x20 || ch == 0x7f) {
			buf_addf(b, "\\u%04x", ch);
			p++;
		} else if (ch < 0x80) {
			buf_addc(b, (char)ch);
			p++;
		} else {
			/* one well-formed UTF-8 sequence, or U+FFFD for one bad byte */
			uint32_t cp;
			size_t n = utf8_decode((const char *)p, (size_t)(end - p), &cp);
			if (n) {
				buf_add(b, p, n);
				p += n;
			} else {
				buf_adds(b, "\\ufffd");
				p++;
			}
		}
	}
	buf_addc(b, '"');
}

struct summary {
	size_t pages, failures, warnings, broken, max_bytes, max_gzip, max_sent;
	long max_wbxml;
};

static void summarize(const struct crawl *c, struct summary s[3], struct summary *total)
{
	memset(s, 0, 3 * sizeof(*s));
	memset(total, 0, sizeof(*total));
	for (int i = 0; i < 3; i++)
		s[i].max_wbxml = -1;
	total->max_wbxml = -1;
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *pg = &c->pages[i];
		struct summary *ps[2] = { &s[pg->profile], total };
		for (int k = 0; k < 2; k++) {
			struct summary *x = ps[k];
			x->pages++;
			x->failures += pg->failed;
			x->warnings += pg->find.warnings;
			x->broken += pg->status >= 400 && pg->failed && lint_has(&pg->find, "BROKEN_LINK");
			if (pg->bytes > x->max_bytes)
				x->max_bytes = pg->bytes;
			if (pg->gzip > x->max_gzip)
				x->max_gzip = pg->gzip;
			if (pg->sent > x->max_sent)
				x->max_sent = pg->sent;
			if (pg->wbxml > x->max_wbxml)
				x->max_wbxml = pg->wbxml;
		}
	}
}


static void json_tri(struct buf *b, int v)
{
	buf_adds(b, v < 0 ? "null" : v ? "true" : "false");
}

void check_report_json(const struct crawl *c, FILE *f, long long elapsed)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\n\"base\": ");
	check_json_string(&b, c->o->base);
	buf_addf(&b, ",\n\"validated\": %s,\n\"catalog\": ", c->validate ? "true" : "false");
	if (c->o->catalog)
		check_json_string(&b, c->o->catalog);
	else
		buf_adds(&b, "null");
	buf_adds(&b, ",\n\"pages\": [");
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *pg = &c->pages[i];
		buf_adds(&b, i ? ",\n  {" : "\n  {");
		buf_adds(&b, "\"profile\": ");
		check_json_string(&b, device_profile_name(pg->profile));
		buf_adds(&b, ", \"path\": ");
		check_json_string(&b, pg->target);
		buf_adds(&b, ", \"from\": ");
		if (pg->from)
			check_json_string(&b, pg->from);
		else
			buf_adds(&b, "null");
		buf_addf(&b, ", \"kind\": \"%s\"",
			 pg->kind == LINK_PAGE ? "page" : pg->kind == LINK_FORM ? "form" : "resource");
		buf_addf(&b, ", \"page_kind\": \"%s\"", pg->kind == LINK_RESOURCE ? "resource" : check_kind_name(pg->page_kind));
		buf_addf(&b, ", \"status\": %d, \"content_type\": ", pg->status);
		check_json_string(&b, pg->content_type);
		buf_adds(&b, ", \"charset\": ");
		check_json_string(&b, pg->charset);
		buf_addf(&b, ", \"sent\": %zu, \"bytes\": %zu, \"gzip\": %zu, \"wbxml\": ", pg->sent, pg->bytes,
			 pg->gzip);
		if (pg->wbxml >= 0)
			buf_addf(&b, "%ld", pg->wbxml);
		else
			buf_adds(&b, "null");
		buf_addf(&b, ", \"budget\": %zu, \"budget_measure\": ", pg->budget);
		check_json_string(&b, pg->measure);
		buf_adds(&b, ", \"wellformed\": ");
		json_tri(&b, pg->wellformed);
		buf_adds(&b, ", \"valid\": ");
		json_tri(&b, pg->valid);
		buf_addf(&b, ", \"result\": \"%s\", \"findings\": [", pg->failed ? "fail" : "ok");
		for (size_t k = 0; k < pg->find.n; k++) {
			const struct lint_finding *fd = &pg->find.items[k];
			buf_adds(&b, k ? ", {\"rule\": " : "{\"rule\": ");
			check_json_string(&b, fd->rule);
			buf_addf(&b, ", \"severity\": \"%s\", \"message\": ", fd->severity == LINT_ERROR ? "error" : "warning");
			check_json_string(&b, fd->message);
			buf_addc(&b, '}');
		}
		buf_adds(&b, "]}");
	}
	struct summary s[3], total;
	summarize(c, s, &total);
	buf_adds(&b, "\n],\n\"summary\": {\"profiles\": {");
	for (int i = 0; i < 3; i++) {
		const struct summary *x = &s[dialect_order[i]];
		buf_addf(&b, "%s\"%s\": {\"pages\": %zu, \"failures\": %zu, \"warnings\": %zu, \"broken_links\": %zu, "
			 "\"max_bytes\": %zu, \"max_sent\": %zu, \"max_gzip\": %zu, \"max_wbxml\": ",
			 i ? ", " : "", device_profile_name(dialect_order[i]), x->pages, x->failures, x->warnings, x->broken,
			 x->max_bytes, x->max_sent, x->max_gzip);
		if (x->max_wbxml >= 0)
			buf_addf(&b, "%ld", x->max_wbxml);
		else
			buf_adds(&b, "null");
		buf_addf(&b, ", \"page_limit_reached\": %s, \"page_kinds\": {", c->limited[dialect_order[i]] ? "true" : "false");
		for (int k = 0; k < CHECK_NKINDS; k++)
			buf_addf(&b, "%s\"%s\": %zu", k ? ", " : "", check_kind_name(k), c->kind_pages[dialect_order[i]][k]);
		buf_adds(&b, "}, \"unreached_kinds\": [");
		for (int k = 0, n = 0; k < CHECK_NKINDS && c->kinds_judged; k++)
			if (!c->kind_pages[dialect_order[i]][k])
				buf_addf(&b, "%s\"%s\"", n++ ? ", " : "", check_kind_name(k));
		buf_adds(&b, "]}");
	}
	buf_addf(&b, "}, \"pages\": %zu, \"failures\": %zu, \"warnings\": %zu, \"broken_links\": %zu, "
		 "\"elapsed_ms\": %lld, \"timed_out\": %s, \"kinds_judged\": %s, \"unreached_kinds\": %zu}\n}\n",
		 total.pages, total.failures, total.warnings, total.broken, elapsed, c->truncated ? "true" : "false",
		 c->kinds_judged ? "true" : "false", c->unreached);
	fwrite(b.data, 1, b.len, f);
	buf_release(&b);
}

static void page_row(FILE *f, const struct page *pg)
{
	char wb[24] = "-";
	if (pg->wbxml >= 0)
		snprintf(wb, sizeof(wb), "%ld", pg->wbxml);
	fprintf(f, "%-8s %4d %7zu %7zu %7zu %6s %7zu  %-4s %s\n", device_profile_name(pg->profile), pg->status,
		pg->sent, pg->bytes, pg->gzip, wb, pg->budget, pg->failed ? "FAIL" : "ok", pg->target);
}

/* Pages per page kind and profile; each kind a profile did not reach,
 * named with the reason (never linked, or linked but not fetched). */
static void kinds_text(const struct crawl *c, FILE *f)
{
	fprintf(f, "\n%-12s %7s %7s %7s  %s\n", "page kind", device_profile_name(dialect_order[0]),
		device_profile_name(dialect_order[1]), device_profile_name(dialect_order[2]), "path");
	for (int k = 0; k < CHECK_NKINDS; k++)
		fprintf(f, "%-12s %7zu %7zu %7zu  %s%s\n", check_kind_name(k), c->kind_pages[dialect_order[0]][k],
			c->kind_pages[dialect_order[1]][k], c->kind_pages[dialect_order[2]][k], check_kind_path(k),
			check_kind_path(k)[strlen(check_kind_path(k)) - 1] == '/' && k ? "…" : "");
	if (!c->kinds_judged) {
		if (c->truncated)
			fprintf(f, "page kinds not judged: the time limit cut the crawl short\n");
		else
			fprintf(f, "page kinds not judged: --max-pages below %d\n", CHECK_KINDS_MIN_PAGES);
		return;
	}
	for (int k = 0; k < CHECK_NKINDS; k++) {
		char who[40] = "";
		bool linked = false;
		for (int i = 0; i < 3; i++) {
			enum device_profile p = dialect_order[i];
			if (c->kind_pages[p][k])
				continue;
			linked |= c->kind_linked[p][k];
			snprintf(who + strlen(who), sizeof who - strlen(who), "%s%s", *who ? "," : "",
				 device_profile_name(p));
		}
		if (*who)
			fprintf(f, "UNREACHED %s (%s) as %s: %s\n", check_kind_name(k), check_kind_path(k), who,
				linked ? "linked, but the page limit came first"
				       : "no page links to it on the way from the start page");
	}
}

void check_report_text(const struct crawl *c, FILE *f, long long elapsed)
{
	fprintf(f, "qiao check %s: DTD validation %s\n", c->o->base,
		c->validate ? (c->o->catalog ? c->o->catalog : "via XML_CATALOG_FILES")
			    : "off (no --catalog and no XML_CATALOG_FILES)");
	if (c->o->all) {
		fprintf(f, "\n%-8s %4s %7s %7s %7s %6s %7s  %-4s %s\n", "profile", "code", "sent", "bytes", "gzip",
			"wbxml", "budget", "res", "path");
		for (size_t i = 0; i < c->npages; i++)
			page_row(f, &c->pages[i]);
	}
	size_t nfail = 0;
	for (size_t i = 0; i < c->npages; i++) {
		const struct page *pg = &c->pages[i];
		if (!pg->failed)
			continue;
		if (nfail++ == 0)
			fprintf(f, "\nFailing pages:\n");
		fprintf(f, "FAIL %s %s (status %d, %zu bytes%s%s)\n", device_profile_name(pg->profile), pg->target,
			pg->status, pg->bytes, pg->from ? ", linked from " : "", pg->from ? pg->from : "");
		for (size_t k = 0; k < pg->find.n; k++)
			if (pg->find.items[k].severity == LINT_ERROR)
				fprintf(f, "     %s: %s\n", pg->find.items[k].rule, pg->find.items[k].message);
	}
	/* Warnings grouped by profile and rule, with a first example. */
	bool header = false;
	for (int oi = 0; oi < 3; oi++) {
		enum device_profile p = dialect_order[oi];
		const char *done[32];
		size_t ndone = 0;
		for (size_t i = 0; i < c->npages; i++) {
			const struct page *pg = &c->pages[i];
			if (pg->profile != p)
				continue;
			for (size_t k = 0; k < pg->find.n; k++) {
				const struct lint_finding *fd = &pg->find.items[k];
				if (fd->severity != LINT_WARNING)
					continue;
				bool seen = false;
				for (size_t d = 0; d < ndone; d++)
					seen |= strcmp(done[d], fd->rule) == 0;
				if (seen || ndone == ARRAY_LEN(done))
					continue;
				done[ndone++] = fd->rule;
				size_t count = 0;
				for (size_t j = i; j < c->npages; j++)
					if (c->pages[j].profile == p)
						for (size_t m = 0; m < c->pages[j].find.n; m++)
							count += c->pages[j].find.items[m].severity == LINT_WARNING &&
								 strcmp(c->pages[j].find.items[m].rule, fd->rule) == 0;
				if (!header) {
					fprintf(f, "\nWarnings (do not fail a page):\n");
					header = true;
				}
				fprintf(f, "warn %s %s x%zu, first on %s: %s\n", device_profile_name(p), fd->rule, count,
					pg->target, fd->message);
			}
		}
	}

	struct summary s[3], total;
	summarize(c, s, &total);
	fprintf(f, "\n%-8s %6s %6s %6s %6s %9s %9s %9s\n", "profile", "pages", "failed", "warn", "broken", "max bytes",
		"max gzip", "max wbxml");
	for (int i = 0; i < 4; i++) {
		const struct summary *x = i < 3 ? &s[dialect_order[i]] : &total;
		char wb[24] = "-";
		if (x->max_wbxml >= 0)
			snprintf(wb, sizeof(wb), "%ld", x->max_wbxml);
		fprintf(f, "%-8s %6zu %6zu %6zu %6zu %9zu %9zu %9s%s\n", i < 3 ? device_profile_name(dialect_order[i]) : "total",
			x->pages, x->failures, x->warnings, x->broken, x->max_bytes, x->max_gzip, wb,
			i < 3 && c->limited[dialect_order[i]] ? "  (page limit reached)" : "");
	}
	kinds_text(c, f);
	fprintf(f, "\n%zu pages checked in %.1fs: %zu failed", total.pages, (double)elapsed / 1000.0, total.failures);
	if (c->kinds_judged)
		fprintf(f, ", %zu page kinds unreached", c->unreached);
	fprintf(f, "%s\n", c->truncated ? " (time limit reached: crawl incomplete)" : "");
}

