/* fuzz_read_sql.c — bytes → lines → the plain .sql reader (statements split at ';').
 *
 * The input is split at '\n' (a trailing '\r' dropped, as the input layer does)
 * and every line is handed over in a heap block of exactly its length, so a
 * read past the end of a line is an ASan report rather than a peek at the next
 * one. The emit callback checks what every entry must satisfy: a non-empty
 * statement that neither starts nor ends with a blank, strings whose pointer
 * and length agree (every byte is read), a line number among those fed, one
 * call and no timing. The skipped-line bookkeeping is checked at the end. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_lines.h"
#include "workload/reader.h"
#include "workload/reader_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    long long lines_fed;
    long long entries;
} fuzz_ctx_t;

static int is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static void check_entry(void *ctx, const wl_entry_t *e)
{
    fuzz_ctx_t *c = ctx;
    fuzz_touch_str(e->sql);
    fuzz_touch_str(e->session);
    fuzz_touch_str(e->user);
    fuzz_touch_str(e->db);
    fuzz_touch_str(e->app);
    if (!e->sql.s || e->sql.len == 0 || is_blank(e->sql.s[0]) || is_blank(e->sql.s[e->sql.len - 1]))
        abort();
    if (e->line < 1 || e->line > c->lines_fed || e->calls != 1 || e->session.s || e->user.s)
        abort();
    if (e->duration_ms != -1 || e->rows != -1 || e->ts_ms != 0 || e->min_ms != -1 || e->max_ms != -1)
        abort();
    c->entries++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    const char *text = (const char *)data;
    fuzz_ctx_t c = {0};
    wl_reader_t *r = wl_reader_new(WL_FMT_SQL, NULL, check_entry, &c);
    if (!r)
        abort();
    fuzz_feed_lines(r, text, size, &c.lines_fed);
    wl_reader_free(r);
    return 0;
}
