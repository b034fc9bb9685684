/* xmlsafe.h - reading untrusted XML files with libxml2, and reducing
 * markup to plain paragraphs.  Shared by the news and services imports.
 *
 * xmlsafe_read_file() never expands or fetches an entity: it parses
 * without XML_PARSE_NOENT/DTDLOAD/DTDVALID/DTDATTR, with XML_PARSE_NONET,
 * and REJECTS any document with a DOCTYPE (the parser is stopped at the
 * DOCTYPE, before its internal subset is read).  Neither RSS 2.0 nor our
 * own formats need a DTD, and without one the only entities are the five
 * predefined ones and character references, which are always decoded.
 * A reference to any other entity is a well-formedness error.
 *
 * Text helpers return malloc'd UTF-8 strings that the caller frees with
 * free(); C0/C1 control characters and DEL are dropped from all of them. */
#ifndef QIAO_XMLSAFE_H
#define QIAO_XMLSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

/* The largest file either importer reads (bytes); bigger files are
 * refused unread.  The tree of a file takes about twelve times its size
 * (measured: 618 MB for 52 MB of services), so 32 MiB keeps an import
 * under ~400 MB and its transaction short; both imports update in place
 * (news by guid, services by unit id and item code), so a bigger
 * catalogue is imported as several files. */
#define XMLSAFE_MAX_FILE ((size_t)32 * 1024 * 1024)

/* Read and parse the XML file at path (at most max_bytes long).  Returns
 * the document (free with xmlFreeDoc), or NULL with *err set to a malloc'd
 * "PATH:LINE: reason", e.g. "feed.xml:7: not well-formed XML: ...",
 * "feed.xml:2: DOCTYPE not allowed", or "PATH: reason" when no line
 * applies ("feed.xml: file too large (limit 33554432 bytes)"). */
xmlDocPtr xmlsafe_read_file(const char *path, size_t max_bytes, char **err);

/* True when node is an element with this local name and namespace URI
 * (ns NULL: the element must have no namespace). */
bool xmlsafe_is(const xmlNode *node, const char *ns, const char *name);

/* The first child element of parent with this name/namespace, or NULL. */
xmlNodePtr xmlsafe_child(const xmlNode *parent, const char *ns, const char *name);

/* All text inside node (text and CDATA, descendants included), exactly
 * as decoded but without control characters.  Never NULL. */
char *xmlsafe_raw_text(const xmlNode *node);

/* The text inside node as one line: whitespace runs (including U+00A0
 * and U+3000) collapsed to one space, trimmed.  Never NULL. */
char *xmlsafe_line_text(const xmlNode *node);

/* xmlsafe_line_text() of the first matching child, or NULL if none. */
char *xmlsafe_child_text(const xmlNode *parent, const char *ns, const char *name);

/* An attribute (no namespace) exactly as decoded, or NULL if absent. */
char *xmlsafe_raw_attr(const xmlNode *node, const char *name);
/* An attribute (no namespace) as one trimmed line, or NULL if absent. */
char *xmlsafe_attr(const xmlNode *node, const char *name);

/* Collapse whitespace, drop control characters and trim a string. */
char *xmlsafe_clean_line(const char *s);

/* Parse an HTML fragment (UTF-8, len bytes) and reduce it to paragraphs
 * separated by a single '\n': block elements (p, div, br, li, h1-h6, tr,
 * blockquote, section, article, table, ul, ...) end paragraphs; script,
 * style, head and the like are dropped; entities are decoded; whitespace
 * (and &nbsp;) collapses to single spaces; empty paragraphs are dropped.
 * Never NULL ("" for no text). */
char *xmlsafe_html_to_text(const char *html, size_t len);

/* The same reduction applied to the children of an already-parsed XML
 * element (for markup written directly inside an XML document). */
char *xmlsafe_node_to_text(const xmlNode *node);

/* Text that may be HTML or plain: when it contains a tag or an entity
 * reference it goes through xmlsafe_html_to_text(); otherwise each
 * non-blank line becomes one paragraph. */
char *xmlsafe_text_to_paragraphs(const char *s);

#endif
