#include "core/common.h"
#include "wbxml/wml_tokens.h"

static const struct tag_tok tag_tokens[] = {
	{ "a", 0x1C, true },         { "td", 0x1D, false },
	{ "tr", 0x1E, false },       { "table", 0x1F, false },
	{ "p", 0x20, false },        { "postfield", 0x21, false },
	{ "anchor", 0x22, true },    { "access", 0x23, false },
	{ "b", 0x24, true },         { "big", 0x25, true },
	{ "br", 0x26, false },       { "card", 0x27, false },
	{ "do", 0x28, false },       { "em", 0x29, true },
	{ "fieldset", 0x2A, false }, { "go", 0x2B, false },
	{ "head", 0x2C, false },     { "i", 0x2D, true },
	{ "img", 0x2E, true },       { "input", 0x2F, true },
	{ "meta", 0x30, false },     { "noop", 0x31, false },
	{ "prev", 0x32, false },     { "onevent", 0x33, false },
	{ "optgroup", 0x34, false }, { "option", 0x35, false },
	{ "refresh", 0x36, false },  { "select", 0x37, true },
	{ "small", 0x38, true },     { "strong", 0x39, true },
	{ "template", 0x3B, false }, { "timer", 0x3C, false },
	{ "u", 0x3D, true },         { "setvar", 0x3E, false },
	{ "wml", 0x3F, false },
};


static const struct attr_tok attr_tokens[] = {
	{ "accept-charset", "", 0x05 },
	{ "align", "bottom", 0x06 },
	{ "align", "center", 0x07 },
	{ "align", "left", 0x08 },
	{ "align", "middle", 0x09 },
	{ "align", "right", 0x0A },
	{ "align", "top", 0x0B },
	{ "alt", "", 0x0C },
	{ "content", "", 0x0D },
	{ "domain", "", 0x0F },
	{ "emptyok", "false", 0x10 },
	{ "emptyok", "true", 0x11 },
	{ "format", "", 0x12 },
	{ "height", "", 0x13 },
	{ "hspace", "", 0x14 },
	{ "ivalue", "", 0x15 },
	{ "iname", "", 0x16 },
	{ "label", "", 0x18 },
	{ "localsrc", "", 0x19 },
	{ "maxlength", "", 0x1A },
	{ "method", "get", 0x1B },
	{ "method", "post", 0x1C },
	{ "mode", "nowrap", 0x1D },
	{ "mode", "wrap", 0x1E },
	{ "multiple", "false", 0x1F },
	{ "multiple", "true", 0x20 },
	{ "name", "", 0x21 },
	{ "newcontext", "false", 0x22 },
	{ "newcontext", "true", 0x23 },
	{ "onpick", "", 0x24 },
	{ "onenterbackward", "", 0x25 },
	{ "onenterforward", "", 0x26 },
	{ "ontimer", "", 0x27 },
	{ "optional", "false", 0x28 },
	{ "optional", "true", 0x29 },
	{ "path", "", 0x2A },
	{ "scheme", "", 0x2E },
	{ "sendreferer", "false", 0x2F },
	{ "sendreferer", "true", 0x30 },
	{ "size", "", 0x31 },
	{ "src", "", 0x32 },
	{ "ordered", "true", 0x33 },
	{ "ordered", "false", 0x34 },
	{ "tabindex", "", 0x35 },
	{ "title", "", 0x36 },
	{ "type", "", 0x37 },
	{ "type", "accept", 0x38 },
	{ "type", "delete", 0x39 },
	{ "type", "help", 0x3A },
	{ "type", "password", 0x3B },
	{ "type", "onpick", 0x3C },
	{ "type", "onenterbackward", 0x3D },
	{ "type", "onenterforward", 0x3E },
	{ "type", "ontimer", 0x3F },
	{ "type", "options", 0x45 },
	{ "type", "prev", 0x46 },
	{ "type", "reset", 0x47 },
	{ "type", "text", 0x48 },
	{ "type", "vnd.", 0x49 },
	{ "href", "", 0x4A },
	{ "href", "http://", 0x4B },
	{ "href", "https://", 0x4C },
	{ "value", "", 0x4D },
	{ "vspace", "", 0x4E },
	{ "width", "", 0x4F },
	{ "xml:lang", "", 0x50 },
	{ "align", "", 0x52 },
	{ "columns", "", 0x53 },
	{ "class", "", 0x54 },
	{ "id", "", 0x55 },
	{ "forua", "false", 0x56 },
	{ "forua", "true", 0x57 },
	{ "src", "http://", 0x58 },
	{ "src", "https://", 0x59 },
	{ "http-equiv", "", 0x5A },
	{ "http-equiv", "Content-Type", 0x5B },
	{ "content", "application/vnd.wap.wmlc;charset=", 0x5C },
	{ "http-equiv", "Expires", 0x5D },
};


/* Attribute starts WML 1.2 added to code page 0 (WAP-191 of 2000, section
 * 14.3.3; the same in WML 1.3). */
static const struct attr_tok attr_tokens_12[] = {
	{ "accesskey", "", 0x5E },
};

static const struct {
	const char *public_id;
	unsigned version;
	unsigned char token;
} public_ids[] = {
	{ "-//WAPFORUM//DTD WML 1.1//EN", 11, PUBLIC_ID_WML11 },
	{ "-//WAPFORUM//DTD WML 1.2//EN", 12, PUBLIC_ID_WML12 },
	{ "-//WAPFORUM//DTD WML 1.3//EN", 13, PUBLIC_ID_WML13 },
};

unsigned wml_version_of_public_id(const char *public_id)
{
	for (size_t i = 0; public_id && i < ARRAY_LEN(public_ids); i++)
		if (strcmp(public_ids[i].public_id, public_id) == 0)
			return public_ids[i].version;
	return 0;
}

unsigned char wml_public_id(unsigned version)
{
	for (size_t i = 0; i < ARRAY_LEN(public_ids); i++)
		if (public_ids[i].version == version)
			return public_ids[i].token;
	return PUBLIC_ID_WML11;
}

/* Attribute value tokens usable anywhere in a value (all >= 4 bytes, so
 * splitting a string around one always saves at least a byte). */
static const struct val_tok url_tokens[] = {
	{ ".com/", 0x85 },       { ".edu/", 0x86 },
	{ ".net/", 0x87 },       { ".org/", 0x88 },
	{ "http://", 0x8E },     { "http://www.", 0x8F },
	{ "https://", 0x90 },    { "https://www.", 0x91 },
	{ "www.", 0xA1 },
};

/* Attribute value tokens used only for a whole value. */
static const struct val_tok word_tokens[] = {
	{ "accept", 0x89 },          { "bottom", 0x8A },
	{ "clear", 0x8B },           { "delete", 0x8C },
	{ "help", 0x8D },            { "middle", 0x93 },
	{ "nowrap", 0x94 },          { "onpick", 0x95 },
	{ "onenterbackward", 0x96 }, { "onenterforward", 0x97 },
	{ "ontimer", 0x98 },         { "options", 0x99 },
	{ "password", 0x9A },        { "reset", 0x9B },
	{ "text", 0x9D },            { "top", 0x9E },
	{ "unknown", 0x9F },         { "wrap", 0xA0 },
};

static bool has_prefix(const char *s, size_t n, const char *p)
{
	size_t pl = strlen(p);
	return pl <= n && memcmp(s, p, pl) == 0;
}

const struct tag_tok *wml_tag_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(tag_tokens); i++)
		if (strcmp(tag_tokens[i].name, name) == 0)
			return &tag_tokens[i];
	return NULL;
}

static const struct attr_tok *longest(const struct attr_tok *tab, size_t ntab, const struct attr_tok *best,
				     const char *name, const char *value, size_t n)
{
	for (size_t i = 0; i < ntab; i++) {
		const struct attr_tok *t = &tab[i];
		if (strcmp(t->name, name) == 0 && has_prefix(value, n, t->prefix) &&
		    (!best || strlen(t->prefix) > strlen(best->prefix)))
			best = t;
	}
	return best;
}

const struct attr_tok *wml_attr_start(const char *name, const char *value, size_t n, unsigned version)
{
	const struct attr_tok *best = longest(attr_tokens, ARRAY_LEN(attr_tokens), NULL, name, value, n);
	if (version >= 12)
		best = longest(attr_tokens_12, ARRAY_LEN(attr_tokens_12), best, name, value, n);
	return best;
}

const struct val_tok *wml_url_token_at(const char *s, size_t n)
{
	const struct val_tok *best = NULL;
	size_t best_len = 0;
	for (size_t k = 0; k < ARRAY_LEN(url_tokens); k++) {
		size_t tl = strlen(url_tokens[k].text);
		if (tl > best_len && has_prefix(s, n, url_tokens[k].text)) {
			best = &url_tokens[k];
			best_len = tl;
		}
	}
	return best;
}

const struct val_tok *wml_word_token(const char *s, size_t n)
{
	for (size_t k = 0; k < ARRAY_LEN(word_tokens); k++)
		if (strlen(word_tokens[k].text) == n && memcmp(word_tokens[k].text, s, n) == 0)
			return &word_tokens[k];
	return NULL;
}
