/* reader.h — log readers: lines in, wl_entry_t out.
 *
 * Every format is read the same way: the input layer (input.h) hands over one
 * line at a time (without its newline), the reader keeps whatever state spans
 * lines (a multi-line statement, an `execute` waiting for its DETAIL parameters,
 * a MySQL slow-log header) and emits an entry once it is complete — at the next
 * entry's first line, or at wl_reader_finish().
 *
 * Readers never fail: a line they cannot make sense of is counted as skipped
 * (with its line number, the first WL_SKIPPED_KEEP of them kept) and reading goes
 * on. Memory is bounded by the longest entry, not by the input. */
#ifndef DBAGENT_WL_READER_H
#define DBAGENT_WL_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "workload/entry.h"

typedef enum {
    WL_FMT_AUTO = 0,
    WL_FMT_PG_STDERR,   /* stderr/syslog-style text with a log_line_prefix */
    WL_FMT_PG_CSV,      /* csvlog */
    WL_FMT_PG_JSON,     /* jsonlog (PostgreSQL 15+) */
    WL_FMT_MYSQL_SLOW,  /* MySQL / MariaDB slow query log */
    WL_FMT_PGSS_CSV,    /* pg_stat_statements exported with psql --csv */
    WL_FMT_SQL,         /* plain SQL: statements separated by ';' */
} wl_format_t;

#define WL_SKIPPED_KEEP 5

typedef void (*wl_emit_fn)(void *ctx, const wl_entry_t *e);

typedef struct wl_reader wl_reader_t;

/* "stderr", "csvlog", "jsonlog", "mysql-slow", "pgss-csv", "sql". */
const char *wl_format_name(wl_format_t f);
/* Parses a name above (and "auto"); -1 when unknown. */
int wl_format_parse(const char *name);

/* Guesses the format from the first bytes of the (decompressed) input and the
 * file name (may be NULL, e.g. stdin). Never returns WL_FMT_AUTO: falls back to
 * WL_FMT_PG_STDERR for text that looks like a log, WL_FMT_SQL otherwise. */
wl_format_t wl_detect_format(const char *head, size_t len, const char *filename);

/* For WL_FMT_PG_STDERR, prefix is the server's log_line_prefix (PostgreSQL's
 * escapes: %m %t %n %p %c %l %u %d %a %h %r %x %v %e %q %i %b %s %Q %%), or NULL to
 * detect it from the first lines (common prefixes). Ignored by other formats. */
wl_reader_t *wl_reader_new(wl_format_t fmt, const char *prefix, wl_emit_fn emit, void *ctx);
/* The first line fed gets number first_line (1 for a whole file; chunked reads
 * pass their own start so skipped-line numbers stay true). */
void wl_reader_set_first_line(wl_reader_t *r, long long first_line);
void wl_reader_line(wl_reader_t *r, const char *line, size_t len);
/* Emits whatever entry is still pending. */
void wl_reader_finish(wl_reader_t *r);
long long wl_reader_skipped(const wl_reader_t *r);
/* The smallest skipped line numbers, ascending (at most WL_SKIPPED_KEEP);
 * returns how many. */
int wl_reader_skipped_lines(const wl_reader_t *r, long long out[WL_SKIPPED_KEEP]);
/* The prefix in use (detected or given), NULL for other formats or undetected. */
const char *wl_reader_prefix(const wl_reader_t *r);
void wl_reader_free(wl_reader_t *r);

/* True when a line can begin a new entry of this format (a stderr line that is
 * not a continuation nor a DETAIL/HINT/CONTEXT/STATEMENT of the entry before; a
 * csvlog line starting with a timestamp; a slow-log "# Time:" or "# User@Host:"
 * line …): where --jobs may cut a file. ctx points to a wl_format_t. False
 * where unsure: pgss-csv and sql, whose entries span lines with nothing marking
 * where one starts, always answer false (their files are never cut). */
bool wl_line_starts_entry(void *ctx, const char *line, size_t len);

#endif
