/* atom.c - Atom feeds from views (see atom.h). */
#include "core/common.h"
#include "render/atom.h"
#include "render/esc.h"
#include "render/view.h"

static void text(struct buf *out, const char *s)
{
	esc_text(out, ESC_XHTMLMP, s, strlen(s));
}

static void element(struct buf *out, const char *name, const char *s)
{
	buf_addf(out, "<%s>", name);
	text(out, s);
	buf_addf(out, "</%s>", name);
}

static void link(struct buf *out, const char *rel, const char *type, const char *href)
{
	buf_addf(out, "<link rel=\"%s\"", rel);
	if (type)
		buf_addf(out, " type=\"%s\"", type);
	buf_adds(out, " href=\"");
	text(out, href);
	buf_adds(out, "\"/>");
}

static const char *field(const struct view *v, const char *key)
{
	const char *s = view_get(v, key);
	return s && *s ? s : NULL;
}

/* Does the element pass the feed's flag? */
static bool is_entry(const struct atom_feed *f, const struct view *it)
{
	if (!f->only)
		return true;
	const struct view_value *flag = view_lookup(it, f->only);
	return flag && flag->kind == VIEW_BOOL && flag->u.b;
}

void atom_write(struct buf *out, const struct atom_feed *f, const struct view *v)
{
	/* The newest entry's date, else the given one (ISO 8601 strings of
	 * one offset compare as text). */
	const char *updated = NULL;
	const struct view_value *list = view_lookup(v, f->list);
	const struct view *head = list && list->kind == VIEW_LIST ? list->u.list.head : NULL;
	for (const struct view *it = head; it; it = view_next(it)) {
		const char *d = field(it, "date_iso");
		if (d && is_entry(f, it) && (!updated || strcmp(d, updated) > 0))
			updated = d;
	}
	if (!updated)
		updated = f->updated;

	buf_addf(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n",
		 f->lang ? f->lang : "zh-CN");
	element(out, "title", f->title);
	buf_addc(out, '\n');
	buf_adds(out, "<id>" ATOM_TAG);
	text(out, f->self);
	buf_adds(out, "</id>\n");
	element(out, "updated", updated);
	buf_addc(out, '\n');
	link(out, "self", "application/atom+xml", f->self);
	buf_addc(out, '\n');
	link(out, "alternate", "text/html", f->alternate);
	buf_adds(out, "\n<author>");
	element(out, "name", f->author ? f->author : "湖南省人民政府");
	buf_adds(out, "</author>\n");
	for (const struct view *it = head; it; it = view_next(it)) {
		const char *title = field(it, "title");
		const char *url = field(it, "url");
		if (!title || !url || !is_entry(f, it))
			continue;
		const char *d = field(it, "date_iso");
		buf_adds(out, "<entry>");
		element(out, "title", title);
		buf_adds(out, "<id>" ATOM_TAG);
		text(out, url);
		buf_adds(out, "</id>");
		element(out, "updated", d ? d : updated);
		link(out, "alternate", "text/html", url);
		const char *summary = field(it, "summary");
		if (summary)
			element(out, "summary", summary);
		buf_adds(out, "</entry>\n");
	}
	buf_adds(out, "</feed>\n");
}
