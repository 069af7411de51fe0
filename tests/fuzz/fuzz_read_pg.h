/* fuzz_read_pg.h — what the log-reader fuzz targets share: feed bytes to a
 * reader line by line and check every entry it emits.
 *
 * Entries must be sane whatever the input: a string with a length has a
 * pointer, every byte of it is readable (touched, so ASan sees a dangling or
 * short buffer), lengths stay within what the input can produce (the SQL may
 * grow by $n substitution, by at most the input's size per parameter use), the
 * duration is a number, the line is one that was fed. */
#ifndef DBAGENT_FUZZ_READ_PG_H
#define DBAGENT_FUZZ_READ_PG_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "workload/reader.h"

typedef struct {
    size_t size;
    long long first, last;
} fuzz_reader_ctx_t;

static inline void fuzz_check_str(wl_str_t s, size_t bound)
{
    if (s.len > 0 && !s.s)
        abort();
    if (s.len > bound)
        abort();
    volatile unsigned char sum = 0;
    for (size_t i = 0; i < s.len; i++)
        sum ^= (unsigned char)s.s[i];
    (void)sum;
}

static inline void fuzz_check_entry(void *ctx, const wl_entry_t *e)
{
    const fuzz_reader_ctx_t *c = ctx;
    fuzz_check_str(e->sql, c->size + c->size * c->size);
    if (e->sql.len == 0)
        abort();
    fuzz_check_str(e->session, c->size);
    fuzz_check_str(e->user, c->size);
    fuzz_check_str(e->db, c->size);
    fuzz_check_str(e->app, c->size);
    if (isnan(e->duration_ms) || isinf(e->duration_ms) || e->calls != 1)
        abort();
    if (e->line < c->first || e->line > c->last)
        abort();
    if (e->dialect != WL_DIALECT_PG || e->min_ms >= 0 || e->max_ms >= 0 || e->rows < -1)
        abort();
}

/* Splits data at newlines (a trailing '\r' dropped, as wl_input_lines does)
 * and reads the lines with a fmt reader; also asks the detection and cut-point
 * functions about the same bytes. */
static inline void fuzz_read_lines(wl_format_t fmt, const char *prefix, const char *data,
                                   size_t size)
{
    fuzz_reader_ctx_t ctx = {size, 7, 7};
    wl_reader_t *r = wl_reader_new(fmt, prefix, fuzz_check_entry, &ctx);
    if (!r)
        abort();
    wl_reader_set_first_line(r, 7);
    size_t at = 0;
    while (at < size) {
        const char *nl = memchr(data + at, '\n', size - at);
        size_t end = nl ? (size_t)(nl - data) : size;
        size_t len = end - at;
        if (len && data[at + len - 1] == '\r')
            len--;
        (void)wl_line_starts_entry(&fmt, data + at, len);
        wl_reader_line(r, data + at, len);
        ctx.last++;
        at = end + 1;
    }
    wl_reader_finish(r);
    long long lines[WL_SKIPPED_KEEP];
    int n = wl_reader_skipped_lines(r, lines);
    if (n < 0 || n > WL_SKIPPED_KEEP || wl_reader_skipped(r) < n)
        abort();
    for (int i = 0; i < n; i++)
        if (lines[i] < 7 || lines[i] >= ctx.last || (i > 0 && lines[i] <= lines[i - 1]))
            abort();
    const char *p = wl_reader_prefix(r);
    if (p)
        (void)strlen(p);
    wl_reader_free(r);
    wl_format_t f = wl_detect_format(data, size, "fuzz.log");
    if (f == WL_FMT_AUTO)
        abort();
    (void)wl_detect_format(data, size, NULL);
}

#endif
