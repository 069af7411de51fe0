/* reader_int.h — what the format readers share (not for use outside workload/).
 *
 * reader.c owns wl_reader_t: the common part (emit callback, line counter,
 * skipped lines) and dispatch to a format's functions; each read_*.c file fills
 * the function pointers and its own state in its init function. */
#ifndef DBAGENT_WL_READER_INT_H
#define DBAGENT_WL_READER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "workload/reader.h"

struct wl_reader {
    wl_format_t fmt;
    wl_emit_fn emit;
    void *ctx;
    long long line;        /* number of the line being fed (1-based) */
    long long skipped;
    long long skipped_lines[WL_SKIPPED_KEEP];
    int nskipped_lines;
    /* the format's functions; finish and free may be NULL */
    void (*on_line)(wl_reader_t *r, const char *line, size_t len);
    void (*on_finish)(wl_reader_t *r);
    void (*on_free)(wl_reader_t *r);
    const char *(*get_prefix)(const wl_reader_t *r);
    void *state;           /* the format's own state (malloc'd, freed by on_free) */
};

/* Counts the line being fed (r->line) as skipped. */
void wl_reader_skip_line(wl_reader_t *r);
/* Counts an earlier line (a multi-line entry that turned out malformed); the
 * kept numbers stay the smallest ones, ascending, whatever the call order. */
void wl_reader_skip_at(wl_reader_t *r, long long line);

/* Format init functions: fill r->on_* and r->state; 0 on success. */
int wl_read_pg_stderr_init(wl_reader_t *r, const char *prefix);
int wl_read_pg_csv_init(wl_reader_t *r);
int wl_read_pg_json_init(wl_reader_t *r);
int wl_read_mysql_slow_init(wl_reader_t *r);
int wl_read_pgss_csv_init(wl_reader_t *r);
int wl_read_sql_init(wl_reader_t *r);

/* Per-format "can a new entry begin on this line" (wl_line_starts_entry). */
bool wl_pg_stderr_starts_entry(const char *line, size_t len);
bool wl_pg_csv_starts_entry(const char *line, size_t len);
bool wl_mysql_slow_starts_entry(const char *line, size_t len);

/* Format sniffers for wl_detect_format: head is the input's first bytes. */
bool wl_mysql_slow_looks_like(const char *head, size_t len);
bool wl_pgss_csv_looks_like(const char *head, size_t len);

#endif
