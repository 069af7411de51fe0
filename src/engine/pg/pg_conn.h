/* pg_conn.h — the libpq wrapper of the PostgreSQL engine (private to engine/pg).
 *
 * Responsibilities: opening a read-only session with the agent definition's retry
 * policy and the replica fallback (DESIGN.md §5), running statements and copying
 * their results into the request's arena, and keeping passwords out of every
 * string it hands back (descriptions, errors, logs).
 *
 * Ownership: a live_t and everything it returns (rows, descriptions, error
 * strings) live in the arena given to pgc_connect. The PGconn is owned by the
 * live_t and released by pgc_close, which the caller must call before freeing the
 * arena (the arena cannot close sockets). PGresults never escape pg_conn.c: each
 * is copied and PQclear'ed in the function that obtained it.
 *
 * Only pg_conn.c includes libpq-fe.h; this header names the connection through
 * libpq's struct tag so its users need not. Not thread-safe: one live_t is used
 * by one thread at a time (like its arena). */
#ifndef DBAGENT_PG_CONN_H
#define DBAGENT_PG_CONN_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/err.h"
#include "engine/engine.h"

struct pg_conn; /* libpq's PGconn */

/* The engine's live_t (engine.h) for PostgreSQL. */
struct live {
    struct pg_conn *conn;     /* NULL once closed */
    arena_t *arena;           /* where results and strings go */
    const char *desc;         /* "127.0.0.1:5432/shop (primary)": host, port, db only */
    bool replica;             /* connected through o->replica_dsn */
    int server_version_num;   /* e.g. 150020 */
};

/* A result copied out of libpq. values is row-major (values[row * ncols + col]),
 * NULL for SQL NULL; all strings live in the live_t's arena. sqlstate is the
 * server's SQLSTATE when a statement failed (NULL on success or when the failure
 * was not the server's, e.g. a lost connection). */
typedef struct {
    int nrows, ncols;
    const char **names;
    const char **values;
    const char *sqlstate;
} pgc_rows_t;

/* Opens a session: the primary (o->dsn; NULL or "" = libpq's PG* variables), then
 * o->replica_dsn when the primary cannot be reached. Each target is tried up to
 * o->retry.attempts times, sleeping retry_delay_ms between tries, but only while
 * the failure is transient (see pgc_transient_sqlstate; a failure with no
 * SQLSTATE — refused, unreachable, timeout — is transient). Every failed attempt
 * and every delay is logged at WARN with the redacted target. DSNs may be URIs or
 * keyword strings; connect_timeout=5 is added when neither the DSN nor
 * PGCONNECT_TIMEOUT sets one. A connected session has run
 *   SET default_transaction_read_only = on, statement_timeout, lock_timeout
 *   (o's values; 5000 and 1000 ms when <= 0), application_name = 'dbagent'.
 * On failure: ERR_UNREACHABLE, and a message naming every target tried with its
 * last reason and attempt count; no password appears in it. *out is unchanged. */
int pgc_connect(arena_t *a, const live_opts_t *o, live_t **out, err_t *err) MUST_CHECK;

/* Runs one statement with text parameters ($1…; params may be NULL when nparams
 * is 0) and copies its result into rows (rows may be NULL to discard it). On
 * failure rows->sqlstate is set when the server gave one, and err has the
 * server's message, SQLSTATE and the start of the statement, with code
 * ERR_UNREACHABLE when the connection is gone (or class 08/57P0x),
 * ERR_SYNTAX for 42601, ERR_INVALID_REQUEST for classes 22 and 42, else
 * ERR_INTERNAL. */
int pgc_query(live_t *l, const char *sql, int nparams, const char *const *params,
              pgc_rows_t *rows, err_t *err) MUST_CHECK;
/* pgc_query without parameters or rows: BEGIN, ROLLBACK, SET, PREPARE. Not
 * MUST_CHECK: best-effort cleanup (ROLLBACK, RESET, hypopg_reset()) may ignore it. */
int pgc_exec(live_t *l, const char *sql, err_t *err);

/* The value at (row, column name), NULL for SQL NULL, an unknown column or a row
 * out of range. */
const char *pgc_get(const pgc_rows_t *r, int row, const char *column);
/* The index of a column by name, -1 when absent. */
int pgc_column(const pgc_rows_t *r, const char *name);

/* "host:port/db (primary|replica)"; never contains a password. */
const char *pgc_describe(live_t *l);
/* Closes the connection (NULL-safe, idempotent). Arena memory stays valid. */
void pgc_close(live_t *l);

/* A copy of dsn (in a) with every password replaced by "***": the userinfo
 * password and ?password= of URIs, password=… of keyword strings (quoted or
 * not). Other values are kept byte for byte. Errs on the side of hiding: in a
 * URI, everything between the first ':' of the userinfo and its last '@' is
 * treated as the password. NULL for NULL. */
const char *pgc_redact(arena_t *a, const char *dsn);
/* True for the SQLSTATEs worth retrying: class 08, 40001, 40P01, 53300,
 * 57P01, 57P02, 57P03. False for NULL. */
bool pgc_transient_sqlstate(const char *sqlstate);

#endif
