/* read_pgss.c — pg_stat_statements exported as CSV (`psql --csv -c 'SELECT * FROM
 * pg_stat_statements'`, or the same view joined to pg_roles / pg_database).
 *
 * The first record is the header; columns are found by name, so any column
 * order, PostgreSQL 13–17's names (calls, mean_exec_time, min_exec_time,
 * max_exec_time, total_exec_time, rows) and ≤ 12's (mean_time, min_time,
 * max_time, total_time) are all read, and a joined export may add the user
 * (usename, rolname, user) and database (datname, database) by name. Without a
 * query and a calls column nothing can be read: every line is skipped.
 *
 * Each data row is one pre-aggregated entry: calls, duration_ms = the mean
 * (total / calls when there is no mean column), min/max, rows; no session and
 * no time. A row that never executed (calls 0: planned only) is not a workload
 * entry and is passed over silently; a row whose text the exporting role could
 * not see ("<insufficient privilege>") or whose fields do not line up with the
 * header is skipped.
 *
 * CSV is RFC 4180 as psql writes it: a field in double quotes may hold commas,
 * "" for a quote, and newlines — so a record spans lines, and the parser keeps
 * its state between the lines it is fed. Field text is unescaped as it is read
 * into one buffer reused for every record. */
#include "workload/reader_int.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "base/sb.h"
#include "base/banned.h"

/* A record longer than this (an unclosed quote swallowing the rest of the file)
 * is given up: its lines are skipped and reading restarts at the next line. */
#define PGSS_RECORD_MAX (64u << 20)
/* The view has about 45 columns; extra fields are counted, not stored. */
#define PGSS_FIELDS_MAX 1024

typedef enum { COL_QUERY, COL_CALLS, COL_MEAN, COL_MIN, COL_MAX, COL_TOTAL, COL_ROWS, COL_USER,
               COL_DB, COL_COUNT } pgss_col_t;

static const struct {
    pgss_col_t col;
    const char *name;
} pgss_columns[] = {
    {COL_QUERY, "query"},
    {COL_CALLS, "calls"},
    {COL_MEAN, "mean_exec_time"},  {COL_MEAN, "mean_time"},   /* PostgreSQL 13+ / ≤ 12 */
    {COL_MIN, "min_exec_time"},    {COL_MIN, "min_time"},
    {COL_MAX, "max_exec_time"},    {COL_MAX, "max_time"},
    {COL_TOTAL, "total_exec_time"}, {COL_TOTAL, "total_time"},
    {COL_ROWS, "rows"},
    {COL_USER, "usename"},         {COL_USER, "rolname"},     {COL_USER, "user"},
    {COL_DB, "datname"},           {COL_DB, "database"},
};

typedef enum {
    CSV_FIELD_START,   /* nothing of the field read yet */
    CSV_UNQUOTED,
    CSV_QUOTED,        /* inside "…" */
    CSV_QUOTED_QUOTE,  /* a '"' inside "…": "" (a quote) or the closing one */
} csv_state_t;

typedef struct {
    size_t off, len;   /* in the record buffer */
} csv_field_t;

typedef struct {
    arena_t *arena;
    /* the record being read */
    csv_state_t csv;
    sb_t text;                 /* unescaped field bytes, back to back */
    csv_field_t *fields;
    size_t nfields;            /* may exceed PGSS_FIELDS_MAX: only the first are kept */
    size_t field_start;
    long long first_line, last_line;
    /* the header */
    bool have_header, header_ok;
    size_t ncols;
    int col[COL_COUNT];        /* field index of each column, -1 when absent */
} pgss_state_t;

/* ---- CSV --------------------------------------------------------------------- */

static void field_end(pgss_state_t *st)
{
    if (st->nfields < PGSS_FIELDS_MAX)
        st->fields[st->nfields] = (csv_field_t){st->field_start, st->text.len - st->field_start};
    st->nfields++;
    st->field_start = st->text.len;
}

static void record_reset(pgss_state_t *st)
{
    st->csv = CSV_FIELD_START;
    sb_truncate(&st->text, 0);
    st->nfields = 0;
    st->field_start = 0;
    st->first_line = st->last_line = 0;
}

/* Feeds one line; true when it completed the record. */
static bool csv_feed_line(pgss_state_t *st, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        char c = s[i];
        switch (st->csv) {
        case CSV_FIELD_START:
            if (c == '"') {
                st->csv = CSV_QUOTED;
                i++;
                continue;
            }
            st->csv = CSV_UNQUOTED;
            continue;
        case CSV_UNQUOTED:
        case CSV_QUOTED_QUOTE: { /* bytes after a closing quote are kept, as psql would not write them */
            if (c == '"' && st->csv == CSV_QUOTED_QUOTE) {
                sb_addc(&st->text, '"');
                st->csv = CSV_QUOTED;
                i++;
                continue;
            }
            const char *comma = memchr(s + i, ',', len - i);
            size_t end = comma ? (size_t)(comma - s) : len;
            sb_addn(&st->text, s + i, end - i);
            i = end;
            st->csv = CSV_UNQUOTED;
            if (comma) {
                field_end(st);
                st->csv = CSV_FIELD_START;
                i++; /* "a," at the end of the line: an empty last field follows */
            }
            continue;
        }
        case CSV_QUOTED: {
            const char *q = memchr(s + i, '"', len - i);
            size_t end = q ? (size_t)(q - s) : len;
            sb_addn(&st->text, s + i, end - i);
            i = end;
            if (q) {
                st->csv = CSV_QUOTED_QUOTE;
                i++;
            }
            continue;
        }
        }
    }
    if (st->csv == CSV_QUOTED) { /* a newline inside quotes: the record goes on */
        sb_addc(&st->text, '\n');
        return false;
    }
    field_end(st);
    return true;
}

static wl_str_t field(const pgss_state_t *st, int idx)
{
    wl_str_t out = {NULL, 0};
    if (idx < 0 || (size_t)idx >= st->nfields || (size_t)idx >= PGSS_FIELDS_MAX)
        return out;
    const csv_field_t *f = &st->fields[idx];
    if (f->len > 0) {
        out.s = st->text.buf + f->off;
        out.len = f->len;
    }
    return out;
}

/* ---- values ------------------------------------------------------------------ */

static bool parse_count(wl_str_t v, long long *out)
{
    if (v.len == 0 || v.len > 18)
        return false;
    long long n = 0;
    for (size_t i = 0; i < v.len; i++) {
        if (v.s[i] < '0' || v.s[i] > '9')
            return false;
        n = n * 10 + (v.s[i] - '0');
    }
    *out = n;
    return true;
}

/* Milliseconds as PostgreSQL prints a double: "0.0021", "6e-05", "94.050541". */
static bool parse_ms(wl_str_t v, double *out)
{
    char buf[64];
    if (v.len == 0 || v.len >= sizeof(buf))
        return false;
    for (size_t i = 0; i < v.len; i++) {
        char c = v.s[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+'))
            return false;
    }
    memcpy(buf, v.s, v.len);
    buf[v.len] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (end != buf + v.len || !(d >= 0 && d < 1e300))
        return false;
    *out = d;
    return true;
}

static double ms_or_unknown(const pgss_state_t *st, pgss_col_t col)
{
    double ms;
    return parse_ms(field(st, st->col[col]), &ms) ? ms : -1;
}

static bool str_is(wl_str_t v, const char *lit)
{
    return v.len == strlen(lit) && memcmp(v.s, lit, v.len) == 0;
}

/* ---- records ----------------------------------------------------------------- */

static void skip_record(wl_reader_t *r, const pgss_state_t *st)
{
    for (long long l = st->first_line; l <= st->last_line; l++)
        wl_reader_skip_at(r, l);
}

static void read_header(pgss_state_t *st)
{
    for (int c = 0; c < COL_COUNT; c++)
        st->col[c] = -1;
    for (size_t i = 0; i < st->nfields && i < PGSS_FIELDS_MAX; i++) {
        wl_str_t name = field(st, (int)i);
        if (i == 0 && name.len >= 3 && memcmp(name.s, "\xEF\xBB\xBF", 3) == 0) {
            name.s += 3; /* a spreadsheet's byte-order mark */
            name.len -= 3;
        }
        for (size_t k = 0; k < sizeof(pgss_columns) / sizeof(pgss_columns[0]); k++) {
            const char *want = pgss_columns[k].name;
            if (st->col[pgss_columns[k].col] < 0 && name.len == strlen(want) &&
                strncasecmp(name.s, want, name.len) == 0)
                st->col[pgss_columns[k].col] = (int)i;
        }
    }
    st->have_header = true;
    st->ncols = st->nfields;
    st->header_ok = st->col[COL_QUERY] >= 0 && st->col[COL_CALLS] >= 0;
}

static void read_row(wl_reader_t *r, pgss_state_t *st)
{
    wl_str_t query = field(st, st->col[COL_QUERY]);
    wl_str_t calls_text = field(st, st->col[COL_CALLS]);
    if (str_is(query, "query") && str_is(calls_text, "calls")) { /* a second export appended */
        read_header(st);
        return;
    }
    long long calls;
    if (st->nfields != st->ncols || query.len == 0 || str_is(query, "<insufficient privilege>") ||
        !parse_count(calls_text, &calls)) {
        skip_record(r, st);
        return;
    }
    if (calls == 0)
        return;
    double mean = ms_or_unknown(st, COL_MEAN);
    double total = ms_or_unknown(st, COL_TOTAL);
    if (mean < 0 && total >= 0)
        mean = total / (double)calls;
    long long rows = -1;
    if (!parse_count(field(st, st->col[COL_ROWS]), &rows))
        rows = -1;
    wl_entry_t e = {
        .sql = query,
        .dialect = WL_DIALECT_PG,
        .duration_ms = mean,
        .rows = rows,
        .ts_ms = 0,
        .user = field(st, st->col[COL_USER]),
        .db = field(st, st->col[COL_DB]),
        .line = st->first_line,
        .calls = calls,
        .min_ms = ms_or_unknown(st, COL_MIN),
        .max_ms = ms_or_unknown(st, COL_MAX),
    };
    r->emit(r->ctx, &e);
}

static void record_done(wl_reader_t *r, pgss_state_t *st)
{
    if (!st->have_header) {
        read_header(st);
        if (!st->header_ok)
            skip_record(r, st);
    } else if (!st->header_ok) {
        skip_record(r, st);
    } else {
        read_row(r, st);
    }
    record_reset(st);
}

static void pgss_on_line(wl_reader_t *r, const char *s, size_t len)
{
    pgss_state_t *st = r->state;
    if (st->first_line == 0) {
        if (len == 0) /* blank lines between records */
            return;
        st->first_line = r->line;
    }
    st->last_line = r->line;
    if (csv_feed_line(st, s, len)) {
        record_done(r, st);
    } else if (st->text.len > PGSS_RECORD_MAX) {
        skip_record(r, st);
        record_reset(st);
    }
}

/* A record still open at the end has an unclosed quote: its lines are skipped. */
static void pgss_on_finish(wl_reader_t *r)
{
    pgss_state_t *st = r->state;
    if (st->first_line != 0)
        skip_record(r, st);
    record_reset(st);
}

static void pgss_on_free(wl_reader_t *r)
{
    pgss_state_t *st = r->state;
    if (st)
        arena_free(st->arena);
    r->state = NULL;
}

int wl_read_pgss_csv_init(wl_reader_t *r)
{
    arena_t *a = arena_new();
    pgss_state_t *st = arena_alloc(a, sizeof(*st));
    st->arena = a;
    sb_init(&st->text, a);
    st->fields = arena_calloc(a, PGSS_FIELDS_MAX, sizeof(*st->fields));
    record_reset(st);
    r->state = st;
    r->on_line = pgss_on_line;
    r->on_finish = pgss_on_finish;
    r->on_free = pgss_on_free;
    r->get_prefix = NULL;
    return 0;
}

/* ---- detection --------------------------------------------------------------- */

/* The first line is a header naming query, calls and a time column. Header
 * names hold no newline, so the first line is the whole header. */
bool wl_pgss_csv_looks_like(const char *head, size_t len)
{
    const char *nl = memchr(head, '\n', len);
    size_t end = nl ? (size_t)(nl - head) : len;
    bool query = false, calls = false, timing = false;
    size_t at = 0;
    while (at <= end) {
        const char *comma = memchr(head + at, ',', end - at);
        size_t stop = comma ? (size_t)(comma - head) : end;
        const char *s = head + at;
        size_t l = stop - at;
        if (l > 0 && s[l - 1] == '\r')
            l--;
        if (l >= 2 && s[0] == '"' && s[l - 1] == '"') {
            s++;
            l -= 2;
        }
        query |= l == 5 && memcmp(s, "query", 5) == 0;
        calls |= l == 5 && memcmp(s, "calls", 5) == 0;
        timing |= (l == 15 && memcmp(s, "total_exec_time", 15) == 0) ||
                (l == 14 && memcmp(s, "mean_exec_time", 14) == 0) ||
                (l == 10 && memcmp(s, "total_time", 10) == 0) ||
                (l == 9 && memcmp(s, "mean_time", 9) == 0);
        at = stop + 1;
    }
    return query && calls && timing;
}
