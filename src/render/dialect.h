/* dialect.h - the one table of what differs between the three dialects.
 *
 * Everything that depends on whether a page is WML 1.1, XHTML-MP 1.0 or
 * HTML5 is a field here: names, template directory and extension, content
 * types, the byte budget and what it counts, list sizes, the switch links.
 * Code asks the table (dialect_of(profile)->field) instead of switching
 * on the profile; a new dialect or variant is one more row.  Device
 * detection (device.c) is the only place that chooses a profile.
 *
 *   const struct dialect *d = dialect_of(r->caps.profile);
 *   ... d->lists.news, d->content_type, d->budget_gzip ...
 *   for (size_t i = 0; i < DIALECT_COUNT; i++) ... dialects[i] ...
 *
 * Pure data: no I/O. */
#ifndef QIAO_DIALECT_H
#define QIAO_DIALECT_H

#include <stdbool.h>
#include <stddef.h>

#include "device/device.h"
#include "render/esc.h"

#define DIALECT_COUNT 3

struct dialect_lists {         /* rows per list page */
	int headlines;             /* the home page's news headlines (at most: fewer when
	                            * long titles would overflow the budget) */
	int news;                  /* a news column */
	int messages;              /* the public message list */
	int service_entries;       /* regions, units and topics of the services */
	int service_items;         /* service guides in a list (unit, topic) */
	int service_results;       /* rows of a service search (at most: they also show
	                            * the department, and WML fits them to the query) */
	int search_section;        /* news / messages rows of the portal search */
};

struct dialect {
	enum device_profile profile;
	const char *name;          /* "html", "xhtmlmp", "wml": logs, `qiao check` */
	const char *view;          /* the ?view= value of the switch links */
	const char *tpl_dir;       /* template directory under the root */
	const char *tpl_ext;       /* template file extension */
	enum esc_dialect esc;      /* escaping rules */
	bool xml;                  /* templates and pages are XML (checked well-formed) */
	const char *content_type;  /* Content-Type sent, with the charset */
	const char *media_type;    /* its media type (what `qiao check` expects) */
	const char *alt_content_type; /* also acceptable: sent to a phone that lists it but
	                            * not media_type (NULL: none) */
	const char *alt_media_type;
	size_t budget;             /* default byte budget of one page */
	bool budget_gzip;          /* the budget counts gzip bytes, not markup */
	bool wbxml;                /* may be sent compiled to WBXML (WMLC) */
	const char *cookie;        /* remembered in the view cookie; NULL: the choice clears it */
	bool view_in_links;        /* a ?view= choice travels in links (cookies are unreliable) */
	bool region_in_links;      /* my region travels as r=ID in links and forms rather
	                            * than in a cookie (cookies are unreliable) */
	bool whole_text;           /* articles and guides are shown whole, not split into pieces */
	bool compact;              /* the smallest decks: one step per page (no breadcrumbs,
	                            * no side lists, a choice before the form), short names
	                            * and short error texts */
	bool rich;                 /* room for extras: a second level of columns, search highlights */
	bool input_vars;           /* the browser keeps typed text in variables that win over
	                            * an input's value (so echoes may be dropped to fit) */
	bool accesskeys;           /* list links carry number keys (accesskey 1-9, 0 for 首页);
	                            * with wml_versions: as the version's row says */
	bool wml_versions;         /* written in one of the WML versions (dialect_wml) */
	const char *switch_key;    /* view key of the link switching to this dialect */
	const char *is_key;        /* view flag set when rendering this dialect */
	const char *tel_scheme;    /* links that dial a number */
	struct dialect_lists lists;
	/* The staff preview's pane. */
	const char *pane_label, *pane_device;
	int pane_width, pane_height; /* the frame around it; 0: the WML viewer */
	const char *pane_ua, *pane_accept; /* the phone it emulates (for the detection explanation) */
};

/* The WML versions a deck is written in (device_caps.wml_version): what
 * its DOCTYPE names and what it may use.  A phone gets the 1.1 row unless
 * device detection found that it reads a later one; another version is
 * one more row. */
struct dialect_wml {
	unsigned version;          /* 11, 12, 13 */
	const char *public_id;     /* the DOCTYPE's public identifier */
	const char *system_id;     /* and its system identifier */
	bool accesskeys;           /* <a accesskey> exists (WML 1.2 on) */
};

#define DIALECT_WML_COUNT 3
extern const struct dialect_wml dialect_wml_versions[DIALECT_WML_COUNT];

/* The row of version v (11, 12, 13); the WML 1.1 row for any other value. */
const struct dialect_wml *dialect_wml_of(unsigned v);
/* The same for a page of profile p: NULL when p's dialect is not WML. */
const struct dialect_wml *dialect_wml_for(enum device_profile p, unsigned v);

/* Whether a page for profile p (and, for wml, WML version wml_version)
 * gives its list links number keys. */
bool dialect_accesskeys(enum device_profile p, unsigned wml_version);

/* Indexed by enum device_profile. */
extern const struct dialect dialects[DIALECT_COUNT];

/* The profiles from the smallest screen to the largest: the order of the
 * preview's panes and of `qiao check`'s reports. */
extern const enum device_profile dialect_order[DIALECT_COUNT];

/* The row of profile p (any value of the enum). */
const struct dialect *dialect_of(enum device_profile p);

/* The row whose lists and texts serve data rather than a screen (the
 * API's JSON and the feeds): the first rich row showing whole texts. */
const struct dialect *dialect_for_data(void);

/* The row whose name or ?view= value is s ("wml", "xhtml", "xhtmlmp",
 * "html", any case); NULL for anything else, including NULL. */
const struct dialect *dialect_find(const char *s);

#endif
