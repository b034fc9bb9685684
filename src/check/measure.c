#include "core/common.h"
#include "check/measure.h"
#include "core/gz.h"
#include "core/xml.h"
#include "render/dialect.h"
#include "wbxml/wbxml.h"

static void measure_with(const char *markup, size_t n, enum device_profile p, size_t budget, long gzip,
			 struct measure *out)
{
	memset(out, 0, sizeof *out);
	if (!markup)
		markup = "";
	out->raw = n;
	out->gzip = gzip;
	out->wbxml = -1;
	out->budget = budget;
	const struct dialect *d = dialect_of(p);
	if (d->wbxml) {
		struct buf bin = BUF_INIT;
		char *err = NULL;
		if (wbxml_encode_wml(markup, n, &bin, &err) == 0)
			out->wbxml = (long)bin.len;
		else
			out->wbxml_error = err ? err : xstrdup("does not compile");
		buf_release(&bin);
	}
	if (d->budget_gzip) {
		/* The HTML budget stands for the compressed transfer. */
		out->counted = out->gzip >= 0 ? (size_t)out->gzip : n;
		out->wellformed = -1;
	} else {
		out->counted = n;
		struct xml_fault f;
		xmlDoc *doc = xml_read(markup, n, &f);
		if (!doc)
			out->xml_error = xasprintf("line %d: %s", f.line, f.msg);
		xml_fault_release(&f);
		xmlFreeDoc(doc);
		out->wellformed = out->xml_error ? 0 : 1;
	}
	out->within = out->counted <= budget;
}

void measure_markup(const char *markup, size_t n, enum device_profile p, size_t budget,
		    struct measure *out)
{
	measure_with(markup, n, p, budget, gz_size(markup ? markup : "", n), out);
}

void measure_sent(const char *markup, size_t n, enum device_profile p, size_t budget, size_t gzip_sent,
		  struct measure *out)
{
	measure_with(markup, n, p, budget, gzip_sent > LONG_MAX ? -1 : (long)gzip_sent, out);
}

void measure_release(struct measure *m)
{
	free(m->xml_error);
	free(m->wbxml_error);
	m->xml_error = m->wbxml_error = NULL;
}
