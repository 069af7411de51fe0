/* fuzz_read_mysql_slow.c — bytes → lines → the MySQL/MariaDB slow-log reader.
 *
 * The input is split at '\n' (a trailing '\r' dropped, as the input layer does)
 * and every line is handed over in a heap block of exactly its length, so a
 * read past the end of a line is an ASan report rather than a peek at the next
 * one. The emit callback checks what every entry must satisfy: a non-empty
 * statement, strings whose pointer and length agree (every byte is read), a
 * line number among those fed, one call, times and counts either unknown or
 * sane. The skipped-line bookkeeping is checked at the end; the sniffer and the
 * --jobs entry-start test run on the same bytes. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "workload/reader.h"
#include "workload/reader_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
    long long lines_fed;
    long long entries;
} fuzz_ctx_t;

static void touch(wl_str_t s)
{
    if (!s.s) {
        if (s.len != 0)
            abort();
        return;
    }
    volatile unsigned char sum = 0;
    for (size_t i = 0; i < s.len; i++)
        sum ^= (unsigned char)s.s[i];
    (void)sum;
}

static void check_entry(void *ctx, const wl_entry_t *e)
{
    fuzz_ctx_t *c = ctx;
    touch(e->sql);
    touch(e->session);
    touch(e->user);
    touch(e->db);
    touch(e->app);
    if (!e->sql.s || e->sql.len == 0 || e->dialect != WL_DIALECT_MYSQL)
        abort();
    if (e->line < 1 || e->line > c->lines_fed || e->calls != 1)
        abort();
    if (isnan(e->duration_ms) || (e->duration_ms < 0 && e->duration_ms != -1))
        abort();
    if (e->rows < -1 || e->ts_ms < 0 || e->min_ms != -1 || e->max_ms != -1)
        abort();
    c->entries++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    const char *text = (const char *)data;
    (void)wl_mysql_slow_looks_like(text, size);
    fuzz_ctx_t c = {0};
    wl_reader_t *r = wl_reader_new(WL_FMT_MYSQL_SLOW, NULL, check_entry, &c);
    if (!r)
        abort();
    size_t at = 0;
    while (at < size) {
        const char *nl = memchr(text + at, '\n', size - at);
        size_t end = nl ? (size_t)(nl - text) : size;
        size_t len = end - at;
        if (len > 0 && text[at + len - 1] == '\r')
            len--;
        char *line = malloc(len ? len : 1);
        memcpy(line, text + at, len);
        (void)wl_mysql_slow_starts_entry(line, len);
        c.lines_fed++;
        wl_reader_line(r, line, len);
        free(line);
        at = end + 1;
    }
    wl_reader_finish(r);
    long long kept[WL_SKIPPED_KEEP];
    int n = wl_reader_skipped_lines(r, kept);
    if (wl_reader_skipped(r) > c.lines_fed || n > wl_reader_skipped(r) || c.entries > c.lines_fed)
        abort();
    for (int i = 0; i < n; i++)
        if (kept[i] < 1 || kept[i] > c.lines_fed || (i > 0 && kept[i] <= kept[i - 1]))
            abort();
    wl_reader_free(r);
    return 0;
}
