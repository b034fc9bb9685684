#include "core/common.h"
#include "core/xml.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

struct firsts {
	int fatal_line, error_line;
	char *fatal, *error;
};

static char *trimmed(const char *m)
{
	if (!m)
		m = "syntax error";
	size_t l = strlen(m);
	while (l && (m[l - 1] == '\n' || m[l - 1] == '\r' || m[l - 1] == ' '))
		l--;
	return xstrndup(m, l);
}

static void on_error(void *data, xmlErrorPtr xe)
{
	xmlParserCtxtPtr ctxt = data;
	struct firsts *f = ctxt ? ctxt->_private : NULL;
	if (!f || !xe || xe->level < XML_ERR_ERROR)
		return;
	if (xe->level == XML_ERR_FATAL && !f->fatal) {
		f->fatal = trimmed(xe->message);
		f->fatal_line = xe->line;
	} else if (xe->level == XML_ERR_ERROR && !f->error) {
		f->error = trimmed(xe->message);
		f->error_line = xe->line;
	}
}

static void fault(struct xml_fault *f, int line, char *msg)
{
	f->line = line > 0 ? line : 1;
	f->msg = msg;
}

xmlDoc *xml_read(const char *s, size_t n, struct xml_fault *f)
{
	f->line = 0;
	f->msg = NULL;
	if (n > INT_MAX) {
		fault(f, 1, xstrdup("too large to parse"));
		return NULL;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt) {
		fault(f, 1, xstrdup("cannot create an XML parser"));
		return NULL;
	}
	struct firsts fs = { 0, 0, NULL, NULL };
	ctxt->_private = &fs;
	ctxt->sax->serror = on_error;
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, s ? s : "", (int)n, NULL, NULL,
					  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					  XML_PARSE_BIG_LINES);
	if (!doc || !ctxt->wellFormed) {
		xmlFreeDoc(doc);
		doc = NULL;
		if (fs.fatal) {
			fault(f, fs.fatal_line, fs.fatal);
			fs.fatal = NULL;
		} else if (fs.error) {
			fault(f, fs.error_line, fs.error);
			fs.error = NULL;
		} else {
			fault(f, 1, xstrdup("parse failed"));
		}
	}
	free(fs.fatal);
	free(fs.error);
	ctxt->_private = NULL;
	xmlFreeParserCtxt(ctxt);
	return doc;
}

void xml_fault_release(struct xml_fault *f)
{
	free(f->msg);
	f->msg = NULL;
}
