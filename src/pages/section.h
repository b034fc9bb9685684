/* section.h - the portal's eight top sections and where each one leads.
 *
 * The sections are the top columns of the column tree.  Three of them are
 * more than a column of articles on the real portal: 网上办事 is the
 * service lookup (/services), 互动交流 the messages (/messages), and
 * 公共服务 the topic guides with its columns (/section/ID).  The others
 * are content sections: their column page. */
#ifndef QIAO_PAGES_SECTION_H
#define QIAO_PAGES_SECTION_H

#include <stdint.h>

struct req;
struct view;

/* The section names with a page of their own. */
#define SECTION_SERVICES "网上办事"
#define SECTION_MESSAGES "互动交流"
#define SECTION_PUBLIC "公共服务"

/* view[key] = the link to the top section id named name. */
void section_link(struct req *r, struct view *v, const char *key, int64_t id, const char *name);

/* For a page that belongs to the section named name (whose page is url;
 * that page sets view.on_section_page so the layout does not link it to
 * itself, while its error pages still do):
 * view.section_name, view.section_url, view.section_page_url (/section/ID,
 * its columns), and except in WML the columns themselves in
 * view.section_columns ({name, url}). */
void section_add(struct req *r, const char *name, const char *url);

#endif
