/* xml.h - the one safe way qiao asks libxml2 whether markup is
 * well-formed XML (rendered pages, WML decks before WBXML, lint).
 *
 * No network (XML_PARSE_NONET), entities never substituted, no DTD loaded,
 * no messages on stderr.  The error reported is the parser's first fatal
 * one (later ones are mostly knock-on effects), else its first error. */
#ifndef QIAO_XML_H
#define QIAO_XML_H

#include <stddef.h>

#include <libxml/tree.h>

struct xml_fault {
	int line;     /* >= 1 */
	char *msg;    /* malloc'd, trailing white space trimmed */
};

/* The document when s[0..n) is well-formed (free with xmlFreeDoc);
 * otherwise NULL with *f filled (release with xml_fault_release). */
xmlDoc *xml_read(const char *s, size_t n, struct xml_fault *f);
void xml_fault_release(struct xml_fault *f);

#endif
