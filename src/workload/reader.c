/* reader.c — the common part of every log reader: lines counted, skipped lines
 * remembered, dispatch to the format's functions, and the format guessed from a
 * file's name and first bytes.
 *
 * The formats themselves live in read_*.c; this file knows them only through
 * the init, starts-entry and sniffer functions of reader_int.h. */
#include "workload/reader.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "workload/pg_message.h"
#include "workload/reader_int.h"
#include "workload/wl_time.h"

#include "base/banned.h"

static const struct {
    wl_format_t fmt;
    const char *name;
} format_names[] = {
    {WL_FMT_AUTO, "auto"},
    {WL_FMT_PG_STDERR, "stderr"},
    {WL_FMT_PG_CSV, "csvlog"},
    {WL_FMT_PG_JSON, "jsonlog"},
    {WL_FMT_MYSQL_SLOW, "mysql-slow"},
    {WL_FMT_PGSS_CSV, "pgss-csv"},
    {WL_FMT_SQL, "sql"},
};

#define NFORMATS (sizeof(format_names) / sizeof(format_names[0]))

const char *wl_format_name(wl_format_t f)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (format_names[i].fmt == f)
            return format_names[i].name;
    return "unknown";
}

int wl_format_parse(const char *name)
{
    for (size_t i = 0; name && i < NFORMATS; i++)
        if (strcmp(format_names[i].name, name) == 0)
            return (int)format_names[i].fmt;
    return -1;
}

/* ------------------------------------------------------------------ the reader */

static int init_format(wl_reader_t *r, const char *prefix)
{
    switch (r->fmt) {
    case WL_FMT_PG_STDERR:
        return wl_read_pg_stderr_init(r, prefix);
    case WL_FMT_PG_CSV:
        return wl_read_pg_csv_init(r);
    case WL_FMT_PG_JSON:
        return wl_read_pg_json_init(r);
    case WL_FMT_MYSQL_SLOW:
        return wl_read_mysql_slow_init(r);
    case WL_FMT_PGSS_CSV:
        return wl_read_pgss_csv_init(r);
    case WL_FMT_SQL:
        return wl_read_sql_init(r);
    default:
        return -1;
    }
}

wl_reader_t *wl_reader_new(wl_format_t fmt, const char *prefix, wl_emit_fn emit, void *ctx)
{
    wl_reader_t *r = calloc(1, sizeof(*r));
    if (!r)
        abort();
    r->fmt = fmt;
    r->emit = emit;
    r->ctx = ctx;
    if (init_format(r, prefix) != 0 || !r->on_line) {
        wl_reader_free(r);
        return NULL;
    }
    return r;
}

void wl_reader_set_first_line(wl_reader_t *r, long long first_line)
{
    /* r->line is the number of the line being fed: the next one is line + 1 */
    r->line = first_line - 1;
}

void wl_reader_line(wl_reader_t *r, const char *line, size_t len)
{
    r->line++;
    r->on_line(r, line, len);
}

void wl_reader_finish(wl_reader_t *r)
{
    if (r->on_finish)
        r->on_finish(r);
}

long long wl_reader_skipped(const wl_reader_t *r)
{
    return r->skipped;
}

int wl_reader_skipped_lines(const wl_reader_t *r, long long out[WL_SKIPPED_KEEP])
{
    for (int i = 0; i < r->nskipped_lines; i++)
        out[i] = r->skipped_lines[i];
    return r->nskipped_lines;
}

const char *wl_reader_prefix(const wl_reader_t *r)
{
    return r->get_prefix ? r->get_prefix(r) : NULL;
}

void wl_reader_free(wl_reader_t *r)
{
    if (!r)
        return;
    if (r->on_free)
        r->on_free(r);
    free(r);
}

void wl_reader_skip_line(wl_reader_t *r)
{
    wl_reader_skip_at(r, r->line);
}

/* Keeps the WL_SKIPPED_KEEP smallest line numbers, ascending: a multi-line
 * record found malformed late reports its earlier lines after later ones. */
void wl_reader_skip_at(wl_reader_t *r, long long line)
{
    r->skipped++;
    int n = r->nskipped_lines, at = n;
    while (at > 0 && r->skipped_lines[at - 1] > line)
        at--;
    if (at > 0 && r->skipped_lines[at - 1] == line)
        return;
    if (at >= WL_SKIPPED_KEEP)
        return;
    if (n == WL_SKIPPED_KEEP)
        n--;
    memmove(&r->skipped_lines[at + 1], &r->skipped_lines[at],
            (size_t)(n - at) * sizeof(r->skipped_lines[0]));
    r->skipped_lines[at] = line;
    r->nskipped_lines = n + 1;
}

/* ------------------------------------------------------------------ entry starts */

static bool json_starts_entry(const char *line, size_t len)
{
    /* one record per line: every object starts one */
    return len > 0 && line[0] == '{';
}

/* --jobs cuts a file only where this says true, so a format answers false
 * wherever a cut could split an entry:
 *  - pgss-csv: a quoted query may span lines and a line alone cannot tell
 *    whether it is inside one — never cut (such exports are small);
 *  - sql: a statement spans lines up to its ';' — never cut. */
bool wl_line_starts_entry(void *ctx, const char *line, size_t len)
{
    switch (*(const wl_format_t *)ctx) {
    case WL_FMT_PG_STDERR:
        return wl_pg_stderr_starts_entry(line, len);
    case WL_FMT_PG_CSV:
        return wl_pg_csv_starts_entry(line, len);
    case WL_FMT_PG_JSON:
        return json_starts_entry(line, len);
    case WL_FMT_MYSQL_SLOW:
        return wl_mysql_slow_starts_entry(line, len);
    default:
        return false;
    }
}

/* ------------------------------------------------------------------ detection */

enum { SNIFF_LINES = 50 };

/* Calls fn on each of the first complete lines of head (a last line cut by
 * the end of head is left out unless it is all there is). */
static int count_lines(const char *head, size_t len, bool (*fn)(const char *, size_t))
{
    int hits = 0, seen = 0;
    size_t at = 0;
    while (at < len && seen < SNIFF_LINES) {
        const char *nl = memchr(head + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - head) : len;
        if (!nl && seen > 0)
            break;
        size_t n = end - at;
        if (n && head[at + n - 1] == '\r')
            n--;
        if (n > 0) {
            seen++;
            hits += fn(head + at, n);
        }
        at = end + 1;
    }
    return hits;
}

static bool csv_line(const char *s, size_t n)
{
    size_t used;
    return wl_parse_time(s, n, &used) >= 0 && used < n && s[used] == ',';
}

static bool json_line(const char *s, size_t n)
{
    return n >= 13 && memcmp(s, "{\"timestamp\":", 13) == 0;
}

static bool stderr_line(const char *s, size_t n)
{
    return wl_pg_stderr_looks_like(s, n);
}

/* The extension after the last '.', ignoring a final ".gz" (already inflated). */
static const char *extension(const char *filename, char *buf, size_t cap)
{
    if (!filename)
        return "";
    const char *base = strrchr(filename, '/');
    base = base ? base + 1 : filename;
    size_t len = strlen(base);
    if (len > 3 && strcasecmp(base + len - 3, ".gz") == 0)
        len -= 3;
    const char *dot = NULL;
    for (size_t i = 0; i < len; i++)
        if (base[i] == '.')
            dot = base + i;
    if (!dot || (size_t)(base + len - dot) >= cap)
        return "";
    size_t n = (size_t)(base + len - dot);
    memcpy(buf, dot, n);
    buf[n] = '\0';
    return buf;
}

wl_format_t wl_detect_format(const char *head, size_t len, const char *filename)
{
    char buf[16];
    const char *ext = extension(filename, buf, sizeof(buf));
    if (strcasecmp(ext, ".csv") == 0)
        return wl_pgss_csv_looks_like(head, len) ? WL_FMT_PGSS_CSV : WL_FMT_PG_CSV;
    if (strcasecmp(ext, ".json") == 0)
        return WL_FMT_PG_JSON;
    if (strcasecmp(ext, ".sql") == 0)
        return WL_FMT_SQL;
    if (count_lines(head, len, json_line) > 0)
        return WL_FMT_PG_JSON;
    if (count_lines(head, len, csv_line) > 0)
        return WL_FMT_PG_CSV;
    if (wl_mysql_slow_looks_like(head, len))
        return WL_FMT_MYSQL_SLOW;
    if (wl_pgss_csv_looks_like(head, len))
        return WL_FMT_PGSS_CSV;
    if (count_lines(head, len, stderr_line) > 0)
        return WL_FMT_PG_STDERR;
    return WL_FMT_SQL;
}
