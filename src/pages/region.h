/* region.h - my region (我的地区): the region a citizen chose once, shown
 * and changeable on every service page, narrowing topic lists and search.
 *
 * Chosen by following a link with ?r=ID (r=0 forgets it).  XHTML-MP and
 * HTML phones keep it in a cookie (the answer that sets it is private);
 * WML phones, whose gateways often drop cookies, carry r=ID in the links
 * back to the services (req_link does that; the dialect table's
 * region_in_links says which dialect does what). */
#ifndef QIAO_PAGES_REGION_H
#define QIAO_PAGES_REGION_H

#include <stdint.h>

struct req;

/* Read the request's region choice and fill view.my_region (its name),
 * view.my_region_url (its service page) and view.region_change_url.
 * Returns the region id, 0 when none is chosen, or -1 after answering a
 * malformed or unknown ?r= (the status is in *status). */
int64_t page_my_region(struct req *r, int *status);

/* view[key] = the link that makes region id my region from this page. */
void page_choose_region_link(struct req *r, const char *key, int64_t id);

#endif
