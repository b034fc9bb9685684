/* arena.h - a bump allocator for strings and small objects that live
 * exactly as long as one piece of work (a request, one render).
 *
 *   struct arena a = ARENA_INIT;
 *   const char *msg = arena_printf(&a, "最多%d条", n);
 *   ...                          // use msg while the work lasts
 *   arena_release(&a);           // frees everything at once
 *
 * Allocations are never freed one by one.  Out of memory aborts (xmalloc).
 * Memory is 16-byte aligned, uninitialised except where said. */
#ifndef QIAO_ARENA_H
#define QIAO_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* the block being filled; older ones behind */
	size_t used;              /* bytes of head already handed out */
	size_t total;             /* bytes handed out in all blocks (for tests) */
};

#define ARENA_INIT { NULL, 0, 0 }

/* n bytes (n may be 0: a valid, unique pointer). */
void *arena_alloc(struct arena *a, size_t n);
/* n zeroed bytes. */
void *arena_zalloc(struct arena *a, size_t n);
/* A NUL-terminated copy of s, or of its first n bytes. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Free every block; the arena is empty and reusable afterwards. */
void arena_release(struct arena *a);

#endif
