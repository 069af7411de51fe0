/* rules.h — the rule table and the context rules run in.
 *
 * A rule is a function that reads the model (and the catalog) and appends
 * findings; where its fix is mechanical it also queues a rewrite, which the task
 * hands to the engine. Adding a rule is one function, one row in rules.def, one
 * section in docs/rules.md, one golden test. */
#ifndef DBAGENT_RULES_H
#define DBAGENT_RULES_H

#include "engine/engine.h"
#include "model/bind.h"
#include "model/catalog.h"
#include "model/indexdef.h"
#include "model/report.h"

typedef enum { RF_QUERY, RF_INDEX, RF_PLAN, RF_SCHEMA, RF_MIGRATION, RF_DIAGNOSTIC } rule_family_t;

typedef enum {
#define RULE(e, id, sev, fam, fn, summary) e,
#include "rules/rules.def"
#undef RULE
    R_COUNT
} rule_id_t;

typedef struct {
    arena_t *arena;
    report_t *report;
    qm_batch_t *batch;
    const catalog_t *catalog;
    const engine_t *engine;
    rewrite_t *rewrites; finding_t **rewrite_findings; int nrewrites, rewrites_cap, rf_cap;
    int n_plus_one_min;      /* repetitions that make an N+1 (default 3) */
    bool only_tables_read;   /* index rules: only tables the batch reads (optimize) */
    long long offset_min;    /* OFFSET at or above this is flagged (default 1000) */
} rule_ctx_t;

typedef void (*rule_fn_t)(rule_ctx_t *c);

typedef struct {
    rule_id_t id_enum;
    const char *id;
    severity_t severity;
    rule_family_t family;
    rule_fn_t check;
    const char *summary;
} rule_def_t;

extern const rule_def_t rule_table[R_COUNT];
const char *rule_family_name(rule_family_t f);
const rule_def_t *rule_find(const char *id);

void rule_ctx_init(rule_ctx_t *c, arena_t *a, report_t *r, qm_batch_t *b, const catalog_t *cat,
                   const engine_t *e);
/* Runs every rule of the family that has a check function. */
void rules_run(rule_ctx_t *c, rule_family_t family);
/* Appends a finding with the rule's default severity. */
finding_t *rule_report(rule_ctx_t *c, rule_id_t rule, qm_loc_t loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Queues a rewrite whose outcome is recorded on the finding. */
void rule_rewrite(rule_ctx_t *c, finding_t *f, rewrite_t rw);

/* Rule functions, one per table row with a check. */
#include "rules/rules_fns.h"

/* Iterates over every block of every statement. */
#define FOR_EACH_BLOCK(c, st, b)                                                   \
    for (int st##_i = 0; st##_i < (c)->batch->nstmts; st##_i++)                    \
        for (qm_stmt_t *st = &(c)->batch->stmts[st##_i]; st; st = NULL)            \
            for (int b##_i = 0; b##_i < st->nblocks; b##_i++)                      \
                for (qm_block_t *b = st->blocks[b##_i]; b; b = NULL)

/* Helpers shared by the rule families. */
/* Should index rules look at this table? (all of them, or those the batch reads) */
bool rule_table_in_scope(const rule_ctx_t *c, const char *table);
/* Does the batch filter or join on table.column? (always true outside optimize) */
bool rule_column_used(const rule_ctx_t *c, const char *table, const char *column);
const char *rule_col_text(rule_ctx_t *c, const qm_stmt_t *st, const qm_colref_t *col);
const cat_column_t *rule_column(rule_ctx_t *c, const qm_stmt_t *st, const qm_colref_t *col);
/* "orders.user_id = 42" style text of a predicate, for messages. */
const char *rule_pred_text(rule_ctx_t *c, const qm_stmt_t *st, const qm_pred_t *p);

#endif
