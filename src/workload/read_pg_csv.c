/* read_pg_csv.c — PostgreSQL's csvlog (log_destination = 'csvlog').
 *
 * One record per message, in the column order PostgreSQL has kept since 9.0
 * (13–17 append backend_type, leader_pid and query_id, which are not read):
 *
 *   0 log_time  1 user_name  2 database_name  3 process_id  4 connection_from
 *   5 session_id  6 session_line_num  7 command_tag  8 session_start_time
 *   9 virtual_transaction_id  10 transaction_id  11 error_severity
 *   12 sql_state_code  13 message  14 detail  15 hint  16 internal_query
 *   17 internal_query_pos  18 context  19 query  20 query_pos  21 location
 *   22 application_name
 *
 * Quoted fields double their quotes and may hold newlines, so a record spans
 * lines: a line with an odd number of quotes opens a record that the next
 * line with an odd number closes. A record whose quotes never close is given
 * up (its lines skipped) when a line that can only start a record arrives, or
 * when it outgrows RECORD_MAX. The message and detail go to pg_message.c with
 * the detail inline: an execute needs no later record. */
#include "workload/reader_int.h"

#include <stdlib.h>
#include <string.h>

#include "workload/pg_message.h"
#include "workload/wl_time.h"

#include "base/banned.h"

enum {
    NFIELDS = 32,              /* columns looked at; later ones are ignored */
    COL_TIME = 0, COL_USER = 1, COL_DB = 2, COL_PID = 3, COL_SESSION = 5,
    COL_SEVERITY = 11, COL_MESSAGE = 13, COL_DETAIL = 14, COL_APP = 22,
    RECORD_MAX = 256 << 20,
};

typedef struct {
    size_t off, len;
    bool quoted, escaped;      /* escaped: holds "" to undouble */
} csv_field_t;

typedef struct {
    pgm_t *pgm;
    bool open;                 /* a record spans lines and is not closed yet */
    pgm_buf_t rec;
    long long rec_first;
    pgm_buf_t unq;             /* undoubled field values */
} csv_state_t;

/* Splits a record into fields; -1 when a quoted field is not followed by a
 * comma or the end. */
static int split_fields(const char *s, size_t len, csv_field_t *f)
{
    int n = 0;
    size_t i = 0;
    for (;;) {
        csv_field_t cur = {i, 0, false, false};
        if (i < len && s[i] == '"') {
            cur.quoted = true;
            size_t j = i + 1;
            for (;;) {
                const char *q = memchr(s + j, '"', len - j);
                if (!q)
                    return -1;
                j = (size_t)(q - s);
                if (j + 1 < len && s[j + 1] == '"') {
                    cur.escaped = true;
                    j += 2;
                    continue;
                }
                break;
            }
            cur.off = i + 1;
            cur.len = j - i - 1;
            i = j + 1;
            if (i < len && s[i] != ',')
                return -1;
        } else {
            const char *c = memchr(s + i, ',', len - i);
            size_t end = c ? (size_t)(c - s) : len;
            cur.len = end - i;
            i = end;
        }
        if (n < NFIELDS)
            f[n] = cur;
        n++;
        if (i >= len)
            return n;
        i++;   /* the comma */
    }
}

/* A field's value: NULL for an empty unquoted field (a NULL column). */
static wl_str_t field_value(csv_state_t *st, const char *s, const csv_field_t *f, int n, int col)
{
    wl_str_t r = {NULL, 0};
    if (col >= n || (!f[col].quoted && f[col].len == 0))
        return r;
    const csv_field_t *c = &f[col];
    if (!c->escaped) {
        r.s = s + c->off;
        r.len = c->len;
        return r;
    }
    /* st->unq was sized for the whole record, so it never moves here */
    char *out = st->unq.p + st->unq.len;
    size_t o = 0;
    for (size_t i = c->off; i < c->off + c->len; i++) {
        out[o++] = s[i];
        if (s[i] == '"')
            i++;
    }
    st->unq.len += o;
    r.s = out;
    r.len = o;
    return r;
}

static void skip_lines(wl_reader_t *r, long long first, long long last)
{
    for (long long l = first; l <= last; l++)
        wl_reader_skip_at(r, l);
}

static bool odd_quotes(const char *s, size_t len)
{
    bool odd = false;
    for (const char *q = memchr(s, '"', len); q; q = memchr(q + 1, '"', len - (size_t)(q + 1 - s)))
        odd = !odd;
    return odd;
}

static void read_record(wl_reader_t *r, csv_state_t *st, const char *s, size_t len,
                        long long first)
{
    csv_field_t f[NFIELDS];
    int n = split_fields(s, len, f);
    size_t used;
    long long ts = n > COL_MESSAGE ? wl_parse_time(s + f[COL_TIME].off, f[COL_TIME].len, &used)
                                   : -1;
    if (ts < 0) {
        skip_lines(r, first, r->line);
        return;
    }
    st->unq.len = 0;
    pgm_buf_reserve(&st->unq, len);
    wl_str_t sev = field_value(st, s, f, n, COL_SEVERITY);
    wl_str_t text = field_value(st, s, f, n, COL_MESSAGE);
    pgm_msg_t m = {
        .sev = sev.s ? pgm_severity_name(sev.s, sev.len) : PGM_SEV_NONE,
        .text = text.s ? text.s : "",
        .len = text.len,
        .detail = field_value(st, s, f, n, COL_DETAIL),
        .ts_ms = ts,
        .line = first,
        .session = field_value(st, s, f, n, COL_SESSION),
        .user = field_value(st, s, f, n, COL_USER),
        .db = field_value(st, s, f, n, COL_DB),
        .app = field_value(st, s, f, n, COL_APP),
    };
    if (!m.session.s)
        m.session = field_value(st, s, f, n, COL_PID);
    pgm_message(st->pgm, &m);
}

/* A line that begins with a log_time and its comma. */
static bool starts_record(const char *line, size_t len)
{
    size_t used;
    return wl_parse_time(line, len, &used) >= 0 && used < len && line[used] == ',';
}

/* A record's first line, unless it is a log_duration record finishing the
 * log_statement record before it. */
bool wl_pg_csv_starts_entry(const char *line, size_t len)
{
    if (!starts_record(line, len))
        return false;
    csv_field_t f[NFIELDS];
    int n = odd_quotes(line, len) ? -1 : split_fields(line, len, f);
    if (n <= COL_MESSAGE || f[COL_MESSAGE].escaped)
        return true;
    const csv_field_t *sev = &f[COL_SEVERITY], *msg = &f[COL_MESSAGE];
    return pgm_classify(pgm_severity_name(line + sev->off, sev->len), line + msg->off,
                        msg->len) != PGM_DUR_ONLY;
}

static void on_line(wl_reader_t *r, const char *line, size_t len)
{
    csv_state_t *st = r->state;
    bool odd = odd_quotes(line, len);
    if (st->open && starts_record(line, len)) {
        /* the open record's quotes never closed: give it up, read this one */
        skip_lines(r, st->rec_first, r->line - 1);
        st->open = false;
    }
    if (st->open) {
        pgm_buf_reserve(&st->rec, len + 1);
        st->rec.p[st->rec.len++] = '\n';
        pgm_buf_add(&st->rec, line, len);
        if (odd) {
            st->open = false;
            read_record(r, st, st->rec.p, st->rec.len, st->rec_first);
        } else if (st->rec.len > RECORD_MAX) {
            st->open = false;
            skip_lines(r, st->rec_first, r->line);
        }
        return;
    }
    if (len == 0)
        return;
    if (!odd) {
        read_record(r, st, line, len, r->line);
        return;
    }
    st->open = true;
    st->rec_first = r->line;
    st->rec.len = 0;
    pgm_buf_add(&st->rec, line, len);
}

static void on_finish(wl_reader_t *r)
{
    csv_state_t *st = r->state;
    if (st->open) {
        st->open = false;
        skip_lines(r, st->rec_first, r->line);
    }
    pgm_finish(st->pgm);
}

static void on_free(wl_reader_t *r)
{
    csv_state_t *st = r->state;
    if (!st)
        return;
    pgm_free(st->pgm);
    pgm_buf_release(&st->rec);
    pgm_buf_release(&st->unq);
    free(st);
}

int wl_read_pg_csv_init(wl_reader_t *r)
{
    csv_state_t *st = calloc(1, sizeof(*st));
    if (!st)
        abort();
    st->pgm = pgm_new(r, true);
    r->state = st;
    r->on_line = on_line;
    r->on_finish = on_finish;
    r->on_free = on_free;
    return 0;
}
