/* engine.h — the interface every database engine implements.
 *
 * A task calls the engine of the request's database_type. An engine lowers its
 * input into the query model, loads its catalog, and applies rewrites that the
 * engine-neutral advisors decided on. Engines never print; they fill err_t. */
#ifndef DBAGENT_ENGINE_H
#define DBAGENT_ENGINE_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/retry.h"
#include "model/catalog.h"
#include "model/migration.h"
#include "model/plan.h"
#include "model/query.h"

typedef enum {
    RW_RANGE,            /* wrapped column = X  →  col >= lo AND col < hi */
    RW_SHIFT,            /* col + k = X  →  col = value */
    RW_NOT_EXISTS,       /* x NOT IN (SELECT y …)  →  NOT EXISTS (… AND y = x) */
    RW_EXISTS,           /* (SELECT count(*) …) > 0  →  EXISTS (SELECT 1 …) */
    RW_HAVING_TO_WHERE,  /* HAVING conjunct without aggregate → WHERE */
    RW_LIKE_TO_EQ,       /* col LIKE 'abc'  →  col = 'abc' */
    RW_IS_NULL,          /* col = NULL  →  col IS NULL */
    RW_LATERAL,          /* correlated scalar subquery in SELECT → LEFT JOIN LATERAL */
    RW_BATCH,            /* N+1: the children replaced by one batched query */
} rewrite_kind_t;

typedef struct {
    rewrite_kind_t kind;
    int statement;             /* 1-based */
    int block;
    const qm_pred_t *pred;     /* the predicate edited, where there is one */
    const char *lo, *hi;       /* RW_RANGE: inclusive low and exclusive high literal */
    const char *value;         /* RW_SHIFT: the new constant */
    bool negate;               /* RW_EXISTS: = 0 → NOT EXISTS */
    int target;                /* RW_LATERAL: index of the select-list entry */
    const char *outer_qualifier; /* RW_NOT_EXISTS: how to name the outer column inside */
    /* RW_BATCH */
    int parent_stmt;           /* 0 when there is no parent: then `= ANY($1)` */
    const int *children; int nchildren;
    const char *child_column;  /* the varying key column */
    const char *parent_key;    /* the parent's column the key comes from */
    const char *child_table;
    bool applied;              /* set by the engine */
    const char *note;          /* set by the engine when not applied */
} rewrite_t;

/* ---- live connections (DESIGN.md §5: read-only by construction) ---------- */

typedef struct live live_t; /* an engine's open, read-only session */

typedef struct {
    const char *dsn;              /* primary: URI or keyword string; NULL = PG* variables */
    const char *replica_dsn;      /* tried when the primary is unreachable, or NULL */
    int statement_timeout_ms;     /* default 5000 */
    int lock_timeout_ms;          /* default 1000 */
    retry_policy_t retry;
} live_opts_t;

typedef struct {
    bool analyze;                 /* EXPLAIN (ANALYZE, BUFFERS) inside BEGIN … ROLLBACK */
    bool analyze_writes;          /* allow ANALYZE of INSERT/UPDATE/DELETE/MERGE */
    bool generic_plan;            /* $n parameters: PREPARE + force_generic_plan */
} explain_opts_t;

/* One candidate index for what-if validation. */
typedef struct {
    const char *create_sql;       /* CREATE INDEX … without CONCURRENTLY */
    const char *name;             /* the advice's name, to find it in plans */
    bool simulable;               /* HypoPG can create it (btree, brin, hash) */
    /* results */
    bool used;                    /* the planner's plan uses it */
    double cost_after;            /* total cost with it, -1 when not measured */
    long long size_bytes;         /* hypopg_relation_size, -1 unknown */
    const char *note;
} whatif_index_t;

/* One row of the server's statement statistics (pg_stat_statements). */
typedef struct {
    const char *query, *user, *db;  /* user/db NULL when unknown */
    long long calls, rows;
    double total_ms, min_ms, max_ms, mean_ms;
} stat_statement_t;

typedef struct engine {
    const char *name;
    /* Lowers the text into a batch. A syntax error fills err with line/column. */
    int (*parse)(arena_t *a, const char *text, qm_batch_t **out, err_t *err);
    /* Adds the DDL's tables, indexes, constraints, enums, extensions to cat. */
    int (*load_ddl)(arena_t *a, const char *ddl, catalog_t *cat, err_t *err);
    /* Applies the rewrites (marking each applied or not) and renders the batch. */
    int (*rewrite)(arena_t *a, qm_batch_t *batch, rewrite_t *rw, int n, const char **sql,
                   err_t *err);
    /* A whole-input fingerprint (16 hex digits), NULL when unavailable. */
    const char *(*fingerprint)(arena_t *a, const char *text);
    /* An identifier as the engine needs it written. */
    const char *(*quote_ident)(arena_t *a, const char *ident);

    /* Live mode; NULL where the engine has none. connect retries transient
     * failures per the policy, then tries the replica; when all fail, err has
     * ERR_UNREACHABLE and a message listing what was tried (passwords redacted). */
    int (*connect)(arena_t *a, const live_opts_t *o, live_t **out, err_t *err);
    /* "127.0.0.1:5432/shop (primary)": never contains a password. */
    const char *(*live_describe)(live_t *l);
    /* Tables, columns, constraints, indexes and statistics into cat. */
    int (*load_live)(live_t *l, catalog_t *cat, err_t *err);
    /* The plan as EXPLAIN (FORMAT JSON) text. */
    int (*explain)(live_t *l, const char *sql, const explain_opts_t *o, const char **plan_json,
                   err_t *err);
    /* Measures each candidate with hypothetical indexes; *cost_before is the plan's
     * cost without them. *calls counts the EXPLAINs run. */
    int (*whatif)(live_t *l, const char *sql, whatif_index_t *ix, int n, double *cost_before,
                  int *calls, err_t *err);
    bool (*has_hypopg)(live_t *l);
    /* A migration file into m (statements continue across calls), its locks for
     * pg_version; cat (may be empty) gives old column types and table sizes. */
    int (*lower_migration)(arena_t *a, const char *file, const char *text, int pg_version,
                           const catalog_t *cat, migration_t *m, err_t *err);
    /* The safe version of a migration, as SQL with comments. */
    const char *(*safe_migration)(arena_t *a, const migration_t *m);
    /* EXPLAIN output (JSON or text, detected; psql's decorations and auto_explain
     * log lines tolerated) into plans. */
    int (*parse_plan)(arena_t *a, const char *text, size_t len, plan_set_t *out, err_t *err);
    /* An EXPLAIN (FORMAT JSON) document as an indented tree, NULL when unreadable. */
    const char *(*plan_text)(arena_t *a, const char *plan_json);
    /* The statement statistics the server keeps (pg_stat_statements), most total
     * time first, at most limit rows; an error that says how to enable them when
     * the extension is missing. */
    int (*stat_statements)(live_t *l, int limit, stat_statement_t **out, int *n, err_t *err);
    void (*disconnect)(live_t *l);
} engine_t;

/* The engine for a database type name ("postgresql"), or NULL when not built. */
const engine_t *engine_find(const char *name);

#endif
