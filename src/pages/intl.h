/* intl.h - the foreign-language versions' pages (English, French,
 * Japanese, Korean: render/lang.h rows with chinese false).
 *
 * Each version has its own column tree and articles (store/news.h: the
 * _in queries with the language's tag); the service lookup and the
 * messages stay Chinese.  The public handlers of the Chinese portal hand
 * a foreign request over at their first line:
 *
 *   if (page_foreign(r))
 *           return page_intl_home(r);
 *
 * /news, /news/c/ID and /news/ID need no hand-over: news.c serves every
 * version's tree (page_tree).  The pages here use the same templates (home, news_index,
 * news_column, article) with the same view keys, their interface strings
 * coming from the language's catalog, plus two of their own: intl_search
 * (the version's article search) and intl_notice (a service or message
 * URL: what is Chinese-only, a link to the Chinese page and the 12345
 * hotline). */
#ifndef QIAO_PAGES_INTL_H
#define QIAO_PAGES_INTL_H

#include <stdbool.h>

struct req;

/* Whether r's language is a foreign version (not 简体 or 繁體). */
bool page_foreign(const struct req *r);
/* The guards of the public handlers: whether r is answered by the foreign
 * version's page.  A language the URL named always is.  A language only
 * negotiated (the lang cookie, Accept-Language: a link without a prefix,
 * as one shared by someone else) gives way to the Chinese page where
 * that is what the URL names: a service or message page (Chinese only),
 * a column or article of the Chinese tree (args[0]).  Then r's language
 * becomes 简体 (its links, catalog and Content-Language) and false. */
bool page_foreign_page(struct req *r);
bool page_foreign_column(struct req *r);
bool page_foreign_article(struct req *r);
/* The column tree r's pages show: NEWS_ZH, or the foreign version's tag. */
const char *page_tree(const struct req *r);

int page_intl_home(struct req *r);        /* / */
int page_intl_column(struct req *r);      /* /section/ID: the column page (news.c) */
int page_intl_search(struct req *r);      /* /services/search?q= */
int page_intl_services(struct req *r);    /* /services... : Chinese only */
int page_intl_messages(struct req *r);    /* /messages... : Chinese only */

#endif
