/* index.h — index advice from the query model (validated_by: model).
 *
 * For each relation a statement reads, the advisor derives the index that would
 * serve its filters, joins and sort — btree composites ordered equality → sort →
 * range, partial indexes for constants on low-cardinality columns, INCLUDE for
 * index-only scans, GIN for trigram, jsonb containment and full-text search,
 * expression indexes for wrapped columns — and keeps it only when no existing
 * index already serves. It records the access path it expects per relation for
 * the report's query_plan. */
#ifndef DBAGENT_ADVISE_INDEX_H
#define DBAGENT_ADVISE_INDEX_H

#include "engine/engine.h"
#include "model/catalog.h"
#include "model/report.h"

typedef struct {
    int statement;
    const char *table, *label;
    const char *conditions;      /* what the relation is filtered/joined on, "" when nothing */
    const char *sort;            /* sort keys when the block orders by this relation, or NULL */
    const char *existing;        /* an existing index that serves, or NULL */
    const index_advice_t *advised; /* the advice, or NULL */
    bool sort_served_existing, sort_served_advised;
    long long limit;             /* LIMIT constant, -1 when none */
} access_path_t;

typedef struct {
    access_path_t *paths; int npaths, paths_cap;
} index_result_t;

typedef struct {
    /* A plan showed the conditions are selective and today's indexes discard rows:
     * a constant on a low-cardinality column may lead an index, and a total index
     * no longer counts as serving a partial candidate. */
    bool plan_evidence;
} advise_opts_t;

/* rewrites are those the rules queued (and the engine applied): a predicate with
 * an applied range or shift rewrite is advised as its bare-column form. opts may
 * be NULL (offline defaults). */
void advise_indexes(arena_t *a, report_t *r, qm_batch_t *batch, const catalog_t *cat,
                    const engine_t *eng, const rewrite_t *rewrites, int nrewrites,
                    const advise_opts_t *opts, index_result_t *out);

#endif
