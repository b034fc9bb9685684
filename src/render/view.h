/* view.h - the data a template sees.
 *
 * A view is an object: a set of named fields, each a string, a boolean, a
 * list of objects or a nested object.  Handlers build one per request:
 *
 *   struct view *v = view_new();
 *   view_set(v, "title", "湖南省人民政府");
 *   struct view *it = view_add(v, "news");   (one list element)
 *   view_set(it, "headline", "...");
 *   tpl_render(set, "home", v, &out, &err);
 *   view_free(v);
 *
 * Every string is copied.  All objects of one tree (lists, nested objects,
 * their strings) live in one arena owned by the root: view_free(root) frees
 * the whole tree at once, and objects returned by view_add/view_obj must
 * never be passed to view_free.  Setting a key again replaces its value
 * (whatever its type).  Objects keep their fields in a small array searched
 * linearly: they are meant to hold tens of fields, not thousands. */
#ifndef QIAO_VIEW_H
#define QIAO_VIEW_H

#include <stdbool.h>
#include <stddef.h>

struct view;

struct view *view_new(void);
/* Frees the root and everything in it; NULL is fine. */
void view_free(struct view *v);

/* A string field.  val NULL sets the field to false (present, so a name
 * lookup from an inner section stops here instead of seeing an outer one). */
void view_set(struct view *v, const char *key, const char *val);
/* n bytes of val (may contain any bytes; escaping cleans them at render). */
void view_setn(struct view *v, const char *key, const char *val, size_t n);
void view_setf(struct view *v, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void view_set_int(struct view *v, const char *key, long long n);
void view_set_bool(struct view *v, const char *key, bool b);
/* Append a new empty object to the list `list_key` (the field becomes a
 * list on first use, replacing any other value) and return it. */
struct view *view_add(struct view *v, const char *list_key);
/* The nested object `key`, created empty if missing or not an object. */
struct view *view_obj(struct view *v, const char *key);

/* The string value of `key` in v itself (no dotted names), or NULL if
 * missing or not a string.  Points into the view: valid until the key is
 * set again or the view is freed. */
const char *view_get(const struct view *v, const char *key);
/* Number of elements of list `key` (0 if missing or not a list). */
size_t view_list_len(const struct view *v, const char *key);

/* --- read access for the template engine ------------------------------- */

enum view_kind { VIEW_STR = 1, VIEW_BOOL, VIEW_LIST, VIEW_OBJ };

struct view_value {
	enum view_kind kind;
	union {
		struct { const char *s; size_t n; } str;   /* NUL-terminated too */
		bool b;
		struct { struct view *head, *tail; size_t count; } list;
		struct view *obj;
	} u;
};

/* The field `key` of v (exact match, no dots), or NULL if v has none. */
const struct view_value *view_lookup(const struct view *v, const char *key);
/* The element after `item` in its list, or NULL. */
const struct view *view_next(const struct view *item);
/* The fields of v in the order first set: the count, and field i's key
 * and value (for writers that walk the whole tree, e.g. render/json.h). */
size_t view_field_count(const struct view *v);
const char *view_field_at(const struct view *v, size_t i, const struct view_value **val);

#endif
