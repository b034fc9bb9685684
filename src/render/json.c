/* json.c - JSON writing and the API's names for view keys (see json.h). */
#include "core/common.h"
#include "core/utf8.h"
#include "render/json.h"
#include "render/langpick.h"
#include "render/view.h"

/* --- strings ------------------------------------------------------------- */

void json_put_str(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	buf_addc(out, '"');
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			switch (c) {
			case '"': buf_adds(out, "\\\""); break;
			case '\\': buf_adds(out, "\\\\"); break;
			case '\n': buf_adds(out, "\\n"); break;
			case '\r': buf_adds(out, "\\r"); break;
			case '\t': buf_adds(out, "\\t"); break;
			default:
				if (c < 0x20 || c == 0x7f) {
					char e[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
					buf_add(out, e, 6);
				} else {
					buf_addc(out, (char)c);
				}
			}
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (len == 0) {
			/* One U+FFFD per maximal bad sequence. */
			buf_adds(out, "\xEF\xBF\xBD");
			size_t bad = utf8_bad_len(s + i, n - i);
			i += bad ? bad : 1;
			continue;
		}
		if (cp == 0x2028 || cp == 0x2029)  /* line breaks to JavaScript */
			buf_addf(out, "\\u%04x", (unsigned)cp);
		else
			buf_add(out, s + i, len);
		i += len;
	}
	buf_addc(out, '"');
}

void json_put_key(struct buf *out, const char *key, bool first)
{
	if (!first)
		buf_addc(out, ',');
	json_put_str(out, key, strlen(key));
	buf_addc(out, ':');
}

/* --- the API's names ------------------------------------------------------ */

enum json_as {
	AS_TEXT,   /* a string as it is */
	AS_LINK,   /* a path of ours gets the API prefix; anything else as it is */
	AS_NUM,    /* a decimal integer becomes a number (else a string) */
};

struct json_name {
	const char *key;   /* the view's (templates') name */
	const char *name;  /* the API's */
	enum json_as as;
};

/* The one mapping.  Keys not listed are markup only and left out.  Dates
 * are the *_iso twins page_set_date() sets (ISO 8601, +08:00). */
static const struct json_name names[] = {
	/* identity and text */
	{ "title", "title", AS_TEXT },
	{ "headline", "title", AS_TEXT },
	{ "name", "name", AS_TEXT },
	{ "label", "label", AS_TEXT },
	{ "text", "text", AS_TEXT },
	{ "source", "source", AS_TEXT },
	{ "column", "column", AS_TEXT },
	{ "code", "code", AS_TEXT },
	{ "type", "type", AS_TEXT },
	{ "state", "state", AS_TEXT },
	{ "status_text", "status", AS_TEXT },
	{ "sender", "sender", AS_TEXT },
	{ "unit", "unit", AS_TEXT },
	{ "unit_name", "unit", AS_TEXT },
	{ "region", "region", AS_TEXT },
	{ "region_name", "region", AS_TEXT },
	{ "topic", "topic", AS_TEXT },
	{ "section", "section", AS_TEXT },
	{ "section_name", "section", AS_TEXT },
	{ "address", "address", AS_TEXT },
	{ "phone", "phone", AS_TEXT },
	{ "q", "query", AS_TEXT },
	{ "reject_reason", "reject_reason", AS_TEXT },
	{ "kind", "kind", AS_TEXT },
	{ "extension", "extension", AS_TEXT },
	{ "due", "due", AS_TEXT },
	{ "error", "error", AS_TEXT },
	{ "error_title", "error_title", AS_TEXT },
	/* numbers */
	{ "id", "id", AS_NUM },
	{ "count", "count", AS_NUM },
	{ "cap", "count_cap", AS_NUM },
	{ "total", "total", AS_NUM },
	{ "unit_count", "unit_count", AS_NUM },
	{ "others", "others", AS_NUM },
	{ "services", "services", AS_NUM },
	{ "page", "page", AS_NUM },
	{ "pages", "pages", AS_NUM },
	{ "status", "status", AS_NUM },
	/* dates */
	{ "date_iso", "date", AS_TEXT },
	{ "accepted_iso", "accepted", AS_TEXT },
	{ "replied_at_iso", "replied", AS_TEXT },
	/* flags */
	{ "replied", "answered", AS_TEXT },
	{ "anonymous", "anonymous", AS_TEXT },
	{ "found", "found", AS_TEXT },
	{ "not_found", "not_found", AS_TEXT },
	{ "no_results", "no_results", AS_TEXT },
	{ "more", "more", AS_TEXT },
	{ "current", "current", AS_TEXT },
	/* links */
	{ "url", "url", AS_LINK },
	{ "prev_url", "prev", AS_LINK },
	{ "next_url", "next", AS_LINK },
	{ "newer_url", "newer", AS_LINK },
	{ "older_url", "older", AS_LINK },
	{ "parent_url", "parent", AS_LINK },
	{ "column_url", "column_url", AS_LINK },
	{ "unit_url", "unit_url", AS_LINK },
	{ "region_url", "region_url", AS_LINK },
	{ "public_url", "public_url", AS_LINK },
	{ "list_url", "list_url", AS_LINK },
	{ "lookup_url", "lookup_url", AS_LINK },
	{ "services_url", "services_url", AS_LINK },
	{ "news_url", "news_url", AS_LINK },
	{ "others_url", "others_url", AS_LINK },
	{ "section_url", "section_url", AS_LINK },
	{ "section_page_url", "section_page_url", AS_LINK },
	{ "province_url", "province_url", AS_LINK },
	{ "all_regions_url", "all_regions_url", AS_LINK },
	{ "online_url", "online_url", AS_LINK },
	{ "phone_url", "phone_url", AS_LINK },
	{ "feed_url", "feed", AS_TEXT },
	/* lists and objects */
	{ "news", "news", AS_TEXT },
	{ "headlines", "headlines", AS_TEXT },
	{ "articles", "articles", AS_TEXT },
	{ "sections", "columns", AS_TEXT },
	{ "columns", "columns", AS_TEXT },
	{ "section_columns", "section_columns", AS_TEXT },
	{ "children", "children", AS_TEXT },
	{ "crumbs", "breadcrumbs", AS_TEXT },
	{ "messages", "messages", AS_TEXT },
	{ "message", "message", AS_TEXT },
	{ "replies", "replies", AS_TEXT },
	{ "paras", "paragraphs", AS_TEXT },
	{ "fields", "fields", AS_TEXT },
	{ "regions", "regions", AS_TEXT },
	{ "units", "units", AS_TEXT },
	{ "topics", "topics", AS_TEXT },
	{ "items", "items", AS_TEXT },
	{ "types", "types", AS_TEXT },
	{ "filters", "filters", AS_TEXT },
	{ "narrow", "narrow", AS_TEXT },
	{ "lines", "lines", AS_TEXT },
	{ "pager", "pagination", AS_TEXT },
	{ NULL, NULL, AS_TEXT },
};

static const struct json_name *lookup(const char *key)
{
	for (const struct json_name *n = names; n->key; n++)
		if (strcmp(n->key, key) == 0)
			return n;
	return NULL;
}

const char *json_api_name(const char *view_key)
{
	const struct json_name *n = lookup(view_key);
	return n ? n->name : NULL;
}

/* --- views ------------------------------------------------------------------ */

static bool is_int(const char *s, size_t n)
{
	size_t i = s[0] == '-' ? 1 : 0;
	if (n == i || n - i > 15 || (s[i] == '0' && n - i > 1))
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool our_path(const char *s)
{
	return s[0] == '/' && s[1] != '/';
}

static void write_link(struct buf *out, const char *s, size_t n, const char *prefix)
{
	if (our_path(s) && *prefix) {
		struct buf b = BUF_INIT;
		/* A page's language segment stays first: /zh-hant/api/v1/news. */
		enum lang_id id;
		size_t lp = lang_prefix_len(s, &id);
		if (lp > n)
			lp = 0;
		buf_add(&b, s, lp);
		s += lp;
		n -= lp;
		buf_adds(&b, prefix);
		/* "/" is the home page: /api/v1 itself. */
		if (n > 0 && !(n == 1 && s[0] == '/'))
			buf_add(&b, s, n);
		json_put_str(out, b.data, b.len);
		buf_release(&b);
	} else {
		json_put_str(out, s, n);
	}
}

/* "id" from the last segment of our own page's path when it is a number
 * (not for a link with a query: that names a filtered list). */
static void write_id(struct buf *out, const char *s, size_t n)
{
	if (memchr(s, '?', n))
		return;
	size_t len = n;
	const char *slash = len ? memrchr(s, '/', len) : NULL;
	if (!slash)
		return;
	const char *seg = slash + 1;
	size_t sl = len - (size_t)(seg - s);
	if (sl && is_int(seg, sl) && seg[0] != '-') {
		json_put_key(out, "id", false);
		buf_add(out, seg, sl);
	}
}

static void write_obj(struct buf *out, const struct view *v, const char *prefix);

static void write_value(struct buf *out, const struct json_name *nm, const struct view_value *val,
			const char *prefix)
{
	switch (val->kind) {
	case VIEW_STR:
		if (nm->as == AS_NUM && is_int(val->u.str.s, val->u.str.n))
			buf_add(out, val->u.str.s, val->u.str.n);
		else if (nm->as == AS_LINK)
			write_link(out, val->u.str.s, val->u.str.n, prefix);
		else
			json_put_str(out, val->u.str.s, val->u.str.n);
		break;
	case VIEW_BOOL:
		buf_adds(out, val->u.b ? "true" : "false");
		break;
	case VIEW_LIST:
		buf_addc(out, '[');
		for (const struct view *it = val->u.list.head; it; it = view_next(it)) {
			if (it != val->u.list.head)
				buf_addc(out, ',');
			write_obj(out, it, prefix);
		}
		buf_addc(out, ']');
		break;
	case VIEW_OBJ:
		write_obj(out, val->u.obj, prefix);
		break;
	}
}

/* Has an earlier field of v the same API name (e.g. headline and title)? */
static bool name_taken(const struct view *v, size_t upto, const char *name)
{
	for (size_t i = 0; i < upto; i++) {
		const struct view_value *val;
		const struct json_name *nm = lookup(view_field_at(v, i, &val));
		if (nm && strcmp(nm->name, name) == 0)
			return true;
	}
	return false;
}

static void write_obj(struct buf *out, const struct view *v, const char *prefix)
{
	buf_addc(out, '{');
	bool first = true;
	size_t n = view_field_count(v);
	for (size_t i = 0; i < n; i++) {
		const struct view_value *val;
		const char *key = view_field_at(v, i, &val);
		const struct json_name *nm = lookup(key);
		if (!nm || name_taken(v, i, nm->name))
			continue;
		json_put_key(out, nm->name, first);
		first = false;
		write_value(out, nm, val, prefix);
		if (nm->as == AS_LINK && strcmp(key, "url") == 0 && val->kind == VIEW_STR &&
		    our_path(val->u.str.s)) {
			json_put_key(out, "web_url", false);
			json_put_str(out, val->u.str.s, val->u.str.n);
			if (!view_lookup(v, "id"))
				write_id(out, val->u.str.s, val->u.str.n);
		}
	}
	buf_addc(out, '}');
}

void json_write_view(struct buf *out, const struct view *v, const char *api_prefix)
{
	write_obj(out, v, api_prefix ? api_prefix : "");
}
