/* pg_message.h — what PostgreSQL's log messages mean, for the three PostgreSQL
 * log readers (read_pg_stderr.c, read_pg_csv.c, read_pg_json.c), interpreted
 * in pg_message.c with the texts inside them read by pg_statement.c. Not for
 * use outside workload/.
 *
 * The readers differ only in how a message reaches them (a log_line_prefix and
 * TAB continuation lines, a CSV record, a JSON object); what the message says is
 * interpreted here, once:
 *
 *   LOG: duration: 1.2 ms  statement: SQL         an entry
 *   LOG: duration: 1.2 ms  execute NAME: SQL      an entry once its DETAIL came:
 *   DETAIL: parameters: $1 = '5', $2 = NULL       … $n replaced by these values
 *   LOG: duration: 1.2 ms  parse|bind NAME: SQL   not an execution
 *   LOG: statement: SQL / execute NAME: SQL       log_statement: an entry, timed by
 *   LOG: duration: 1.2 ms                         … this line if it follows (log_duration)
 *   LOG: duration: 1.2 ms  plan: Query Text: SQL  auto_explain (text, JSON, YAML, XML):
 *                                                 an entry unless the same execution
 *                                                 also logged its statement line
 *
 * Messages of one session that belong together are paired through a small table
 * of pending entries keyed by session (FIFO-evicted when full, so memory stays
 * bounded whatever the number of sessions). Everything else (errors, checkpoints,
 * connections) is a valid message that makes no entry. */
#ifndef DBAGENT_WL_PG_MESSAGE_H
#define DBAGENT_WL_PG_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "workload/reader_int.h"

/* A malloc'd byte buffer that only grows (allocation failure aborts, as the
 * arena does), reused from message to message: no allocation per line. */
typedef struct {
    char *p;
    size_t len, cap;
} pgm_buf_t;

void pgm_buf_reserve(pgm_buf_t *b, size_t extra);
void pgm_buf_add(pgm_buf_t *b, const char *s, size_t n);
void pgm_buf_release(pgm_buf_t *b);

typedef enum {
    PGM_SEV_NONE = 0,
    PGM_SEV_LOG, PGM_SEV_ERROR, PGM_SEV_WARNING, PGM_SEV_FATAL, PGM_SEV_PANIC,
    PGM_SEV_NOTICE, PGM_SEV_INFO, PGM_SEV_DEBUG,
    /* parts of the message before them, never a message of their own */
    PGM_SEV_DETAIL, PGM_SEV_HINT, PGM_SEV_CONTEXT, PGM_SEV_STATEMENT, PGM_SEV_QUERY,
    PGM_SEV_LOCATION,
} pgm_sev_t;

/* Reads "LOG:  " (a severity, its colon and the two spaces PostgreSQL writes)
 * at s; returns the severity and sets *used to the bytes up to the message, or
 * PGM_SEV_NONE. */
pgm_sev_t pgm_severity_parse(const char *s, size_t len, size_t *used);
/* The name as written in csvlog/jsonlog's error_severity ("LOG", "DEBUG2"…). */
pgm_sev_t pgm_severity_name(const char *s, size_t len);
/* True for DETAIL, HINT, CONTEXT, STATEMENT, QUERY, LOCATION. */
bool pgm_severity_is_part(pgm_sev_t sev);

typedef enum {
    PGM_OTHER = 0,      /* nothing to do with statements */
    PGM_DUR_STATEMENT,  /* duration: X ms  statement: SQL */
    PGM_DUR_EXECUTE,    /* duration: X ms  execute NAME: SQL */
    PGM_DUR_PREPARE,    /* duration: X ms  parse|bind NAME: SQL */
    PGM_DUR_PLAN,       /* duration: X ms  plan:\n… */
    PGM_DUR_ONLY,       /* duration: X ms */
    PGM_STATEMENT,      /* statement: SQL */
    PGM_EXECUTE,        /* execute NAME: SQL */
    PGM_PARAMETERS,     /* DETAIL: parameters: $1 = … */
    PGM_ERROR,          /* ERROR/FATAL/PANIC: ends what the session had pending */
} pgm_kind_t;

/* What kind of message this is, from its first line only: readers use it to
 * decide whether continuation lines need keeping. */
pgm_kind_t pgm_classify(pgm_sev_t sev, const char *text, size_t len);
/* Kinds whose whole text (all continuation lines) the interpretation reads. */
bool pgm_kind_needs_text(pgm_kind_t kind);

/* One complete log message. All strings borrowed for the call. */
typedef struct {
    pgm_sev_t sev;
    const char *text;     /* after "SEVERITY:  "; continuation lines joined by '\n' */
    size_t len;
    wl_str_t detail;      /* csvlog/jsonlog's detail field; unused for stderr */
    long long ts_ms;      /* 0 unknown */
    long long line;       /* the message's first line */
    wl_str_t session, user, db, app;
} pgm_msg_t;

typedef struct pgm pgm_t;

/* detail_inline: the DETAIL travels in the same record (csvlog, jsonlog), so
 * an execute never waits for a later message. Entries go to r->emit. */
pgm_t *pgm_new(wl_reader_t *r, bool detail_inline);
/* Interprets one complete message. */
void pgm_message(pgm_t *p, const pgm_msg_t *m);
/* Emits every pending entry (end of input). */
void pgm_finish(pgm_t *p);
void pgm_free(pgm_t *p);

/* A PostgreSQL severity ("LOG:  ", "ERROR:  "…) after whatever may be a
 * log_line_prefix, found without knowing the prefix: for format detection and
 * --jobs cut points (read_pg_stderr.c). Returns the severity, PGM_SEV_NONE if
 * there is none, and sets *msg to the offset of the message text. */
pgm_sev_t wl_pg_stderr_find_severity(const char *line, size_t len, size_t *msg);
/* A stderr line that wl_pg_stderr_find_severity() accepts. */
bool wl_pg_stderr_looks_like(const char *line, size_t len);

/* ---- the texts inside messages (pg_statement.c) ---- */

static inline bool pgm_starts(const char *s, size_t len, const char *lit, size_t n)
{
    return len >= n && memcmp(s, lit, n) == 0;
}

/* Decodes the JSON string whose opening quote is at s[0] into out (UTF-8;
 * \uXXXX with surrogate pairs; a lone surrogate or U+0000 becomes U+FFFD).
 * Returns the bytes consumed including both quotes, or 0 when the string is
 * malformed or unterminated. out must have room for len bytes (decoding never
 * grows). */
size_t pgm_json_string(const char *s, size_t len, char *out, size_t *out_len);

/* Reads "$1 = 'a', $2 = NULL" (a DETAIL after "parameters: ") into
 * (*values)[n - 1], values as PostgreSQL quoted them, pointing into t; a number
 * not given is {NULL, 0}. *values grows as needed (*cap elements). Returns the
 * highest parameter number read. */
size_t pgm_parse_params(const char *t, size_t len, wl_str_t **values, size_t *cap);
/* Appends sql to out with each $n outside strings, quoted identifiers,
 * comments and dollar quotes replaced by values[n - 1]; a $n without a value
 * stays as it is. */
void pgm_replace_params(const char *sql, size_t len, const wl_str_t *values, size_t nvalues,
                        pgm_buf_t *out);
/* The statement of an auto_explain message (t: what follows "plan:") in the
 * text, JSON, YAML or XML format, and the root node's actual rows when the plan
 * was analysed (else -1). Decoded text goes to scratch; text-format statements
 * point into t. False when there is no statement. */
bool pgm_plan_query(pgm_buf_t *scratch, const char *t, size_t len, wl_str_t *q, long long *rows);

#endif
