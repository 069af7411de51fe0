/* sb.c — string builder over an arena. */
#include "base/sb.h"

#include <stdio.h>
#include <string.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

void sb_init(sb_t *sb, arena_t *a)
{
    sb->arena = a;
    sb->cap = 64;
    sb->buf = arena_alloc(a, sb->cap);
    sb->len = 0;
}

static void sb_reserve(sb_t *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t cap = sb->cap * 2;
    while (cap < sb->len + extra + 1)
        cap *= 2;
    char *buf = arena_alloc(sb->arena, cap);
    memcpy(buf, sb->buf, sb->len + 1);
    sb->buf = buf;
    sb->cap = cap;
}

void sb_addn(sb_t *sb, const char *s, size_t n)
{
    sb_reserve(sb, n);
    memcpy(sb->buf + sb->len, s, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void sb_add(sb_t *sb, const char *s)
{
    sb_addn(sb, s, strlen(s));
}

void sb_addc(sb_t *sb, char c)
{
    sb_addn(sb, &c, 1);
}

void sb_vaddf(sb_t *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    if ((size_t)n >= sb->cap - sb->len) {
        sb_reserve(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
    }
    sb->len += (size_t)n;
}

void sb_addf(sb_t *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vaddf(sb, fmt, ap);
    va_end(ap);
}

void sb_repeat(sb_t *sb, const char *s, int n)
{
    for (int i = 0; i < n; i++)
        sb_add(sb, s);
}

void sb_truncate(sb_t *sb, size_t len)
{
    if (len < sb->len) {
        sb->len = len;
        sb->buf[len] = '\0';
    }
}

const char *sb_str(const sb_t *sb)
{
    return sb->buf;
}
