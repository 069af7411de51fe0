/* entry.h — one statement execution read from a log or a statistics export.
 *
 * Log readers (reader.h) fill one of these per logged statement and hand it to
 * the digest. Every pointer is borrowed: valid only during the emit callback, so
 * the digest copies what it keeps. Lengths are explicit because the text points
 * into reader buffers that are not NUL-terminated where the field ends. */
#ifndef DBAGENT_WL_ENTRY_H
#define DBAGENT_WL_ENTRY_H

#include <stddef.h>

typedef struct {
    const char *s;
    size_t len;   /* 0 with s == NULL: unknown */
} wl_str_t;

typedef enum {
    WL_DIALECT_PG = 0,
    WL_DIALECT_MYSQL = 1,
} wl_dialect_t;

typedef struct {
    wl_str_t sql;          /* the statement as executed; $n parameters already
                            * substituted when the log gave their values */
    wl_dialect_t dialect;
    double duration_ms;    /* < 0 when the source has no timing (.sql, log_statement) */
    long long rows;        /* rows sent/returned; < 0 unknown */
    long long ts_ms;       /* start or log time, Unix epoch milliseconds UTC; 0 unknown */
    wl_str_t session;      /* pid, session id (%c) or connection id: N+1 detection key */
    wl_str_t user, db, app;
    long long line;        /* 1-based line of the entry's first line in its input */
    /* Pre-aggregated sources (pg_stat_statements): calls > 1 and duration_ms is
     * the mean; min_ms/max_ms when given (< 0 unknown). Logs: calls = 1. */
    long long calls;
    double min_ms, max_ms;
} wl_entry_t;

#endif
