/* app.h - state shared by every request of one server process. */
#ifndef QIAO_APP_H
#define QIAO_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "device/device.h"

struct store;
struct tpl_set;
struct device_rules;
struct cache;

struct app {
	struct store *store;
	struct tpl_set *tpl[3];        /* indexed by enum device_profile */
	struct device_rules *rules;
	char *root;                    /* where wml/ xhtml-mp/ html/ db/ live */
	const char *const *trusted_gateways; /* WAP gateway addresses whose phone-number headers we believe */
	size_t n_trusted_gateways;
	struct cache *cache;           /* rendered responses (NULL: off) */
	int64_t cache_generation;      /* the store generation the cache holds */
	int64_t changed_at;            /* when that generation began (Last-Modified) */
};

/* A page rendered inside the process, as a phone of the given profile
 * would get it (for the staff preview): status, content type, markup
 * (uncompressed) and the profile's byte budget.  Release body with
 * buf_release(). */
struct app_page {
	int status;
	const char *content_type;
	struct buf body;
	size_t budget;
};

/* Render GET uri ("/news/12?p=2") for profile. Returns 0. */
int app_render(struct app *app, const char *uri, enum device_profile profile, struct app_page *out);

#endif
