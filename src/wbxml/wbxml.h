/* wbxml.h - compile WML 1.1 (and 1.2, 1.3) decks into binary WML (WBXML 1.3,
 * application/vnd.wap.wmlc), the form a WAP gateway hands to a phone.
 *
 *   struct buf out = BUF_INIT;
 *   char *err = NULL;
 *   if (wbxml_encode_wml(deck, strlen(deck), &out, &err) < 0) {
 *           log_warn("wmlc: %s", err);          (err is "line N: reason")
 *           free(err);
 *   }
 *
 * Output header: version 0x03 (WBXML 1.3), public id 0x04
 * ("-//WAPFORUM//DTD WML 1.1//EN"; 0x09 when the DOCTYPE names WML 1.2,
 * 0x0A for WML 1.3), charset 0x6A (MIBenum 106, UTF-8),
 * then the string table and the body.  All text is emitted as UTF-8
 * whatever the input encoding was.
 *
 * What the encoder does (WAP-192 WBXML, WAP-191 WML section 14):
 *  - Parsing: libxml2 with XML_PARSE_NONET and no entity substitution or DTD
 *    loading; the DOCTYPE only chooses the public id and whether the
 *    attributes of WML 1.2 (accesskey) have their token.  The five predefined entities and
 *    numeric references are decoded by the parser; &nbsp; and &shy; become
 *    U+00A0 / U+00AD; any other named entity is an error.  Comments and
 *    processing instructions are dropped.
 *  - Elements: the WML 1.1 tag tokens (code page 0) with bit 0x40 when the
 *    element has content left after whitespace handling and 0x80 when it has
 *    attributes.  An element not in WML 1.1 is an error, and so is a root
 *    element other than <wml>.
 *  - Attributes: the attribute-start token with the longest matching value
 *    prefix (href="http://..." -> HREF_HTTP, type="accept" -> TYPE_ACCEPT);
 *    the rest of the value uses the value tokens: the URL pieces ("http://",
 *    "http://www.", "https://", "https://www.", "www.", ".com/", ".edu/",
 *    ".net/", ".org/") wherever they occur - each always saves bytes - and
 *    the word tokens (accept, bottom, clear, delete, help, middle, nowrap,
 *    onpick, onenterbackward, onenterforward, ontimer, options, password,
 *    reset, text, top, unknown, wrap) only when they are the whole
 *    remaining value.  An attribute that WML 1.1 does not
 *    define (or a value that fits none of a fixed-value attribute's tokens,
 *    e.g. method="POST") is kept as LITERAL (0x04) + its name in the string
 *    table, followed by its value: phones skip attributes they don't know.
 *  - Variables, in text and attribute values: $name, $(name) and
 *    $(name:n|N|noesc) -> EXT_I_2 (no conversion); $(name:e|E|escape) ->
 *    EXT_I_0; $(name:u|U|unesc) -> EXT_I_1 (EXT_T_x with a string-table
 *    offset when the name is tabled).  "$$" is a literal "$"; a "$" not
 *    followed by "(", "$" or a name character is kept as a literal "$"; a
 *    malformed "$(...)" is an error.
 *  - Whitespace (as a gateway would): runs of space/tab/CR/LF in text
 *    collapse to one space.  A space at the start of a text run is dropped
 *    when what comes before it is a block element (anything but a, anchor,
 *    b, big, em, i, img, input, select, small, strong, u) or the start of a
 *    block parent; likewise at the end.  So whitespace-only text between
 *    block elements (indentation) disappears, while "<b>x</b> <i>y</i>"
 *    keeps its single space.  Attribute values are left as the parser
 *    normalised them.
 *  - String table: each whole text piece, variable name or unknown
 *    attribute name is a candidate.  One used at least twice and at least 3
 *    bytes long is put in the table (most bytes saved first) when, with the
 *    offset it would get, STR_T/EXT_T references plus its table copy are
 *    smaller than repeating it inline.  Unknown attribute names always go in
 *    the table (LITERAL needs it).
 *
 * No per-element validation of which attributes are allowed is done.
 */
#ifndef QIAO_WBXML_H
#define QIAO_WBXML_H

#include <stddef.h>

#include "core/buf.h"

/* Encode a WML 1.1 deck (XML text, normally UTF-8) into WBXML.  Returns 0
 * and appends the binary deck to out; or returns -1, leaves out as it was
 * and sets *err (if err is not NULL) to a malloc'd "line N: reason" that the
 * caller frees. */
int wbxml_encode_wml(const char *xml, size_t len, struct buf *out, char **err);

/* Compiled size in bytes of the same deck, or -1 when it does not compile. */
long wbxml_wml_size(const char *xml, size_t len);

#endif
