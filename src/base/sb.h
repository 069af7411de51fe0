/* sb.h — a string builder whose storage lives in an arena.
 *
 * Growing abandons the old buffer inside the arena (freed with it), so the total
 * cost is at most twice the final length. The string is always NUL-terminated. */
#ifndef DBAGENT_SB_H
#define DBAGENT_SB_H

#include <stdarg.h>
#include <stddef.h>

#include "base/arena.h"

typedef struct {
    arena_t *arena;
    char *buf;
    size_t len, cap;
} sb_t;

void sb_init(sb_t *sb, arena_t *a);
void sb_add(sb_t *sb, const char *s);
void sb_addn(sb_t *sb, const char *s, size_t n);
void sb_addc(sb_t *sb, char c);
void sb_addf(sb_t *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(sb_t *sb, const char *fmt, va_list ap);
/* Appends n copies of s. */
void sb_repeat(sb_t *sb, const char *s, int n);
void sb_truncate(sb_t *sb, size_t len);
/* The built string; stays valid for the arena's lifetime. */
const char *sb_str(const sb_t *sb);

#endif
