/* json.h - JSON text (RFC 8259) from strings and views (pure: no I/O).
 *
 * The API's answers are the page's view written as JSON instead of
 * through a template: one content model, two outputs.  The view's keys
 * are the templates' names; json_write_view() renames them to the API's
 * stable English names through one table (json.c) and leaves out what is
 * only for markup (dialect switches, flags, form echoes).  Links to our
 * own pages ("/news/12") are written as API links under the prefix given
 * ("/api/v1/news/12"); an object's own "url" also keeps the page's address
 * as "web_url" and, when its last segment is a number, gives "id".
 *
 *   struct buf out = BUF_INIT;
 *   json_write_view(&out, r->view, "/api/v1");
 *
 * Strings are written as valid UTF-8 whatever the input: invalid
 * sequences become U+FFFD, control characters \u00XX escapes. */
#ifndef QIAO_JSON_H
#define QIAO_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

struct view;

/* s[0..n) as a quoted JSON string. */
void json_put_str(struct buf *out, const char *s, size_t n);
/* "key": (a quoted key and the colon), preceded by a comma unless first. */
void json_put_key(struct buf *out, const char *key, bool first);

/* The API name of a view key, or NULL when the key is not part of the
 * API (dropped).  Exposed for the tests and the OpenAPI document's check. */
const char *json_api_name(const char *view_key);

/* The whole view as a JSON object (see above).  api_prefix: what is put
 * before our own paths in links ("" for none). */
void json_write_view(struct buf *out, const struct view *v, const char *api_prefix);

#endif
