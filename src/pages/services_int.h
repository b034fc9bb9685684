/* services_int.h - what the service pages (services.c) share with the
 * service search (services_search.c).  Internal to pages/. */
#ifndef QIAO_PAGES_SERVICES_INT_H
#define QIAO_PAGES_SERVICES_INT_H

#include <stdbool.h>
#include <stdint.h>

struct req;
struct view;

/* Every services page links back to the entry page and shows my region;
 * *my is the region chosen (0: none).  0, or the status of an answer to a
 * bad region choice. */
int services_init(struct req *r, int64_t *my);

/* A positive id from the query, 0 when absent; false when malformed. */
bool services_id_param(struct req *r, const char *name, int64_t *out);

/* view[key] = name, shortened in the compact dialect (a WML list line). */
void services_set_name(struct req *r, struct view *v, const char *key, const char *name);

/* view.topics: the topics, narrowed to region when region > 0. */
void services_add_topics(struct req *r, int64_t region);

/* The link listing every region's item of this name (malloc'd). */
char *services_others_link(const char *name);

#endif
