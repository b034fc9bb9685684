/* tpl.h - logic-less (Mustache-style) templates, one set per dialect.
 *
 * A set holds every template of one directory (wml/, xhtml-mp/, html/),
 * each compiled once at load into an op list; rendering walks the ops and
 * allocates nothing but the growth of the output buffer.
 *
 * Syntax (a Mustache subset):
 *   {{name}}            value escaped for the set's dialect (esc_text)
 *   {{{name}}} {{&name}} raw value: only for markup our own code built
 *   {{a.b.c}}           dotted name: a found on the context stack, then
 *                       b inside a, c inside b
 *   {{.}}               the current string (inside a section on a string)
 *   {{#name}}..{{/name}} section: list -> once per element, element pushed;
 *                       object -> once, pushed; true / non-empty string ->
 *                       once (a string is pushed as {{.}}); false, missing,
 *                       empty list, empty string -> skipped
 *   {{^name}}..{{/name}} inverted section: rendered only when falsy
 *   {{>name}}           another template of the same set (nesting <= 8)
 *   {{! comment }}      dropped; may span lines
 *   {{_ 首页}}          an interface string: its text is the msgid (the
 *                       简体 source), shown translated into the page's
 *                       language (tpl_render_in's catalog) and escaped;
 *                       {name} inside is a placeholder for the value of
 *                       {{name}}: {{_ 第 {page}/{pages} 页}}
 *   {{_n count 共 {count} 条}} the same with plural forms chosen by the
 *                       number in count (ngettext; the msgid is its own
 *                       plural, 简体 having one form)
 * (docs/i18n.md: the catalogs, tools/pot.pl extracts these tags.)
 * Names are [A-Za-z0-9_-] segments joined by dots (partial names may hold
 * dots too).  A name is looked up from the innermost context outward, so a
 * list element lacking a field sees its parent's: set it to NULL/false in
 * the element to stop that (e.g. a leaf's "kids" in a recursive partial).
 * A line holding nothing but one section, inverted, close, partial or
 * comment tag and blanks is removed entirely (newline included); partials
 * are not re-indented.  Set-delimiter tags are not supported.
 *
 * A loaded set is immutable: render from any number of threads.
 * Errors are "path:line: reason" ("path: reason" when no line applies),
 * malloc'ed, freed by the caller. */
#ifndef QIAO_TPL_H
#define QIAO_TPL_H

#include <stdbool.h>
#include <stddef.h>

#include "render/esc.h"

struct buf;
struct catalog;
struct view;
struct tpl_set;

/* Load every regular file in dir whose name ends in ext (".wml", ".xhtml",
 * ".html"); a template's name is its file name without ext.  With
 * check_xml each template must be well-formed XML once its tags are
 * removed: a text starting with "<?xml" or "<!DOCTYPE" as a whole
 * document, anything else as a fragment (content of one element).  So a
 * layout must begin with "<?xml" itself, before any {{! comment }}.
 * Templates must be valid UTF-8 without NUL bytes.
 * Returns NULL with *err set on the first error (unreadable file, invalid
 * UTF-8, template syntax, XML), or if dir holds no such file. */
struct tpl_set *tpl_set_load(const char *dir, const char *ext, enum esc_dialect d,
                             bool check_xml, char **err);
/* The same from memory: n templates names[i] with texts[i]; the name
 * doubles as the path in error messages.  n == 0 gives an empty set. */
struct tpl_set *tpl_set_from_strings(size_t n, const char *const *names,
                                     const char *const *texts, enum esc_dialect d,
                                     bool check_xml, char **err);
void tpl_set_free(struct tpl_set *s);

enum esc_dialect tpl_set_dialect(const struct tpl_set *s);
/* name without extension: "home" */
bool tpl_exists(const struct tpl_set *s, const char *name);

/* Append template `name` rendered with v (NULL = empty view) to out.
 * Returns 0, or -1 with *err set (unknown template, missing partial,
 * partials nested too deep); on error out may hold a partial page. */
int tpl_render(const struct tpl_set *s, const char *name, const struct view *v,
               struct buf *out, char **err);

/* The same with the interface strings ({{_ ...}}) translated by cat
 * (render/catalog.h); NULL shows them as written (简体). */
int tpl_render_in(const struct tpl_set *s, const char *name, const struct view *v,
                  const struct catalog *cat, struct buf *out, char **err);

/* The XML check alone, for one text (used by load; handy for tests):
 * 0, or -1 with *err = "path:line: reason". */
int tpl_check_xml(const char *path, const char *text, size_t len, char **err);

#endif
