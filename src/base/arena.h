/* arena.h — one arena per request.
 *
 * Everything a request builds (model, catalog, findings, report, rewritten trees)
 * is allocated here and freed in one call to arena_free(). Allocation never fails
 * from the caller's point of view: the arena aborts the process when the system is
 * out of memory, so callers do not check for NULL. Not thread-safe: one arena is
 * used by one thread at a time. */
#ifndef DBAGENT_ARENA_H
#define DBAGENT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena arena_t;

arena_t *arena_new(void);
void arena_free(arena_t *a);

/* Zeroed, aligned for any type. */
void *arena_alloc(arena_t *a, size_t size);
/* Zeroed array of n elements of size each; aborts on overflow. */
void *arena_calloc(arena_t *a, size_t n, size_t size);
/* Grows an array allocated in this arena to new_n elements (old contents kept). */
void *arena_grow(arena_t *a, void *old, size_t old_n, size_t new_n, size_t size);
char *arena_strdup(arena_t *a, const char *s);
char *arena_strndup(arena_t *a, const char *s, size_t n);
char *arena_printf(arena_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena_t *a, const char *fmt, va_list ap);
/* Bytes handed out so far (for metrics and tests). */
size_t arena_used(const arena_t *a);

/* A growable array of pointers or values in an arena: the common "append" case. */
#define ARENA_PUSH(a, arr, n, cap, value)                                          \
    do {                                                                           \
        if ((n) == (cap)) {                                                        \
            size_t new_cap_ = (cap) ? (size_t)(cap) * 2 : 8;                       \
            (arr) = arena_grow((a), (arr), (cap), new_cap_, sizeof(*(arr)));       \
            (cap) = new_cap_;                                                      \
        }                                                                          \
        (arr)[(n)++] = (value);                                                    \
    } while (0)

#endif
