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
#include "model/catalog.h"
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
} engine_t;

/* The engine for a database type name ("postgresql"), or NULL when not built. */
const engine_t *engine_find(const char *name);

#endif
