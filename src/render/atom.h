/* atom.h - an Atom feed (RFC 4287) from a list of a page's view (pure).
 *
 * A feed is the list a page already shows (a column's articles, the
 * latest headlines, the answered letters): each element's title, url and
 * date_iso become an entry.  Links stay relative to the site (resolved
 * against the feed's own address); ids are tag URIs made from the paths,
 * so they do not depend on the host name the feed was fetched under.
 *
 *   struct atom_feed f = { .title = "要闻动态", .self = "/news/c/3/feed.atom",
 *                          .alternate = "/news/c/3", .list = "articles",
 *                          .updated = "2026-12-01T08:00:00+08:00" };
 *   atom_write(&out, &f, r->view);
 */
#ifndef QIAO_ATOM_H
#define QIAO_ATOM_H

#include "core/buf.h"

struct view;

#define ATOM_CONTENT_TYPE "application/atom+xml; charset=utf-8"
/* The authority and date of the feeds' tag URIs (RFC 4151). */
#define ATOM_TAG "tag:www.hunan.gov.cn,2026:"

struct atom_feed {
	const char *title;
	const char *self;       /* the feed's path */
	const char *alternate;  /* the page it follows */
	const char *list;       /* the view list whose elements are entries */
	const char *only;       /* NULL, or a flag an element must have set to be an entry */
	const char *updated;    /* ISO 8601: used when no entry has a date */
	const char *author;     /* the feed's author name */
	const char *lang;       /* xml:lang of the feed (NULL: "zh-CN") */
};

void atom_write(struct buf *out, const struct atom_feed *f, const struct view *v);

#endif
