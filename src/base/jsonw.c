/* jsonw.c — the streaming JSON writer. */
#include "base/jsonw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

void jw_init(jsonw_t *w, sb_t *sb, bool pretty)
{
    memset(w, 0, sizeof(*w));
    w->sb = sb;
    w->pretty = pretty;
}

static void newline(jsonw_t *w)
{
    if (!w->pretty)
        return;
    sb_addc(w->sb, '\n');
    for (int i = 0; i < w->depth; i++)
        sb_add(w->sb, "  ");
}

/* Separator and indentation before a value or a key. */
static void before_item(jsonw_t *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (!w->empty[w->depth])
        sb_addc(w->sb, ',');
    w->empty[w->depth] = false;
    newline(w);
}

static void container_open(jsonw_t *w, char c)
{
    before_item(w);
    sb_addc(w->sb, c);
    if (w->depth + 1 < JSONW_MAX_DEPTH)
        w->depth++;
    w->empty[w->depth] = true;
}

static void container_close(jsonw_t *w, char c)
{
    bool was_empty = w->empty[w->depth];
    w->depth--;
    if (!was_empty)
        newline(w);
    sb_addc(w->sb, c);
}

void jw_object(jsonw_t *w) { container_open(w, '{'); }
void jw_object_end(jsonw_t *w) { container_close(w, '}'); }
void jw_array(jsonw_t *w) { container_open(w, '['); }
void jw_array_end(jsonw_t *w) { container_close(w, ']'); }

/* Length of a valid UTF-8 sequence at s (1 for ASCII), 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80) return 1;
    size_t n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || (n == 2 && s[0] < 0xC2) || (n == 4 && s[0] > 0xF4))
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
        return 0; /* overlong, or a UTF-16 surrogate */
    if (n == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
        return 0;
    return n;
}

static void escaped(sb_t *sb, const char *s)
{
    sb_addc(sb, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *run = p; /* copy plain bytes in one go */
        while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            p++;
        if (p > run)
            sb_addn(sb, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        if (*p >= 0x80) {
            size_t n = utf8_len(p);
            if (n)
                sb_addn(sb, (const char *)p, n);
            else
                sb_add(sb, "\xEF\xBF\xBD");
            p += n ? n : 1;
            continue;
        }
        switch (*p) {
        case '"': sb_add(sb, "\\\""); break;
        case '\\': sb_add(sb, "\\\\"); break;
        case '\n': sb_add(sb, "\\n"); break;
        case '\t': sb_add(sb, "\\t"); break;
        case '\r': sb_add(sb, "\\r"); break;
        case '\b': sb_add(sb, "\\b"); break;
        case '\f': sb_add(sb, "\\f"); break;
        default: sb_addf(sb, "\\u%04x", *p); break;
        }
        p++;
    }
    sb_addc(sb, '"');
}

void jw_key(jsonw_t *w, const char *key)
{
    before_item(w);
    escaped(w->sb, key);
    sb_add(w->sb, w->pretty ? ": " : ":");
    w->after_key = true;
}

void jw_string(jsonw_t *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    before_item(w);
    escaped(w->sb, s);
}

void jw_int(jsonw_t *w, long long v)
{
    before_item(w);
    sb_addf(w->sb, "%lld", v);
}

static void write_real(jsonw_t *w, double v, const char *fmt)
{
    if (!isfinite(v)) {
        jw_null(w);
        return;
    }
    before_item(w);
    char buf[64];
    snprintf(buf, sizeof(buf), fmt, v);
    sb_add(w->sb, buf);
    if (!strpbrk(buf, ".eE"))
        sb_add(w->sb, ".0"); /* stays a real for readers that type numbers */
}

void jw_real(jsonw_t *w, double v)
{
    write_real(w, v, "%.10g");
}

void jw_real_exact(jsonw_t *w, double v)
{
    write_real(w, v, "%.17g");
}

void jw_bool(jsonw_t *w, bool v)
{
    before_item(w);
    sb_add(w->sb, v ? "true" : "false");
}

void jw_null(jsonw_t *w)
{
    before_item(w);
    sb_add(w->sb, "null");
}

void jw_kv_string(jsonw_t *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_string(w, s);
}

void jw_kv_int(jsonw_t *w, const char *key, long long v)
{
    jw_key(w, key);
    jw_int(w, v);
}

void jw_kv_bool(jsonw_t *w, const char *key, bool v)
{
    jw_key(w, key);
    jw_bool(w, v);
}

void jw_kv_strings(jsonw_t *w, const char *key, const char *const *items, int n)
{
    jw_key(w, key);
    jw_array(w);
    for (int i = 0; i < n; i++)
        jw_string(w, items[i]);
    jw_array_end(w);
}
