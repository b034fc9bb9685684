/* wml_tokens.h - the WBXML token tables of WML 1.1 (WAP-192 global tokens,
 * WAP-191 code page 0) and the look-ups the encoder makes in them.
 * Data only; wbxml.c is the encoder. */
#ifndef QIAO_WML_TOKENS_H
#define QIAO_WML_TOKENS_H

#include <stdbool.h>
#include <stddef.h>

/* --- WBXML global tokens (WAP-192 section 7.1) ---------------------------- */
enum {
	TOK_END = 0x01,
	TOK_STR_I = 0x03,
	TOK_LITERAL = 0x04,
	TOK_EXT_I_0 = 0x40,
	TOK_EXT_T_0 = 0x80,
	TOK_STR_T = 0x83,
	BIT_CONTENT = 0x40,
	BIT_ATTRS = 0x80,
};

#define WBXML_VERSION_1_3 0x03
#define PUBLIC_ID_WML11 0x04
#define PUBLIC_ID_WML12 0x09
#define PUBLIC_ID_WML13 0x0A
#define CHARSET_UTF8 0x6A /* IANA MIBenum 106 */

/* The WML version a DOCTYPE public identifier names (11, 12, 13), or 0
 * for none of them (NULL included). */
unsigned wml_version_of_public_id(const char *public_id);
/* The WBXML public id of a WML version (11, 12, 13; anything else: 1.1). */
unsigned char wml_public_id(unsigned version);

/* --- WML 1.1 code page 0 (WAP-191 section 14.3) ---------------------------- */
struct tag_tok {
	const char *name;
	unsigned char tok;
	bool is_inline; /* for whitespace trimming */
};

/* Attribute starts; prefix is the part of the value the token stands for. */
struct attr_tok {
	const char *name;
	const char *prefix;
	unsigned char tok;
};

struct val_tok {
	const char *text;
	unsigned char tok;
};

/* The tag token of an element name, or NULL when it is not WML 1.1. */
const struct tag_tok *wml_tag_find(const char *name);
/* The attribute start token for name whose value begins value[0..n) in
 * a deck of WML version (11, 12, 13): the one with the longest matching
 * prefix, or NULL.  Attributes WML 1.2 added (accesskey) have a token only
 * in a 1.2 or 1.3 deck. */
const struct attr_tok *wml_attr_start(const char *name, const char *value, size_t n, unsigned version);
/* The longest URL value token s[0..n) starts with, or NULL. */
const struct val_tok *wml_url_token_at(const char *s, size_t n);
/* The token standing for exactly the whole value s[0..n), or NULL. */
const struct val_tok *wml_word_token(const char *s, size_t n);

#endif
