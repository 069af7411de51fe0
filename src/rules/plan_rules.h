/* plan_rules.h — the plan rules of docs/rules.md ("Plan rules"), run over one
 * analysed plan (plan_analyze must have run).
 *
 * Each rule reads the derived fields of plan.h (times, shares, row factors,
 * paths) and appends findings to the report. Every finding carries the evidence
 * `node` (the node's path), `share` (the node's exclusive share of the total
 * time, 0..1, only when the plan has timings) and the numbers the rule used;
 * its rank is the share × 1000, so bottlenecks sort by impact.
 *
 * Fix placeholders. Rules that want an index cannot write its DDL: that is the
 * index advisor's job (the same one `optimize` uses). They write a fix line
 *
 *     INDEX:<relation>:<condition>
 *
 * where <relation> is the relation name as the plan model holds it (unquoted),
 * running up to the first ':' after the prefix, and <condition> is the rest of
 * the line: the plan's condition text (it may itself contain ':' as in
 * `'x'::text`). A fix is one or more lines separated by '\n'; placeholder lines
 * sit among runnable ones (`ANALYZE products;`). plan_fix_expand() replaces each
 * placeholder line with the advisor's DDL, or with readable text when there is
 * none. The same relation and condition are also in the finding's evidence
 * (`relation`, and `filter`, `join_condition` or `index_cond` + `filter`). */
#ifndef DBAGENT_PLAN_RULES_H
#define DBAGENT_PLAN_RULES_H

#include "engine/engine.h"
#include "model/catalog.h"
#include "model/plan.h"
#include "model/report.h"

#define PLAN_FIX_INDEX_PREFIX "INDEX:"
#define PLAN_LARGE_ROWS_DEFAULT 10000

typedef struct {
    arena_t *arena;
    report_t *report;
    const plan_t *plan;
    int statement;              /* 1-based, for finding locations */
    double large_rows;          /* a table is large above this many rows (≤ 0: default 10000) */
    const catalog_t *catalog;   /* may be NULL or empty */
    const engine_t *engine;     /* for quote_ident in DDL; NULL: a built-in PostgreSQL quoting */
} plan_rule_ctx_t;

/* The plan rules, in the order they run (slow-node first). */
typedef enum {
    PR_SLOW_NODE,
    PR_SEQ_SCAN_LARGE_FILTER,
    PR_ROW_MISESTIMATE,
    PR_SORT_SPILL,
    PR_HASH_SPILL,
    PR_NESTED_LOOP_MANY_LOOPS,
    PR_INDEX_FILTER_DISCARDS,
    PR_HEAP_FETCHES_INDEX_ONLY,
    PR_LOSSY_BITMAP,
    PR_WORKERS_NOT_LAUNCHED,
    PR_COUNT
} plan_rule_t;

typedef struct {
    const char *id;             /* public rule id, as in docs/rules.md */
    severity_t severity;        /* the documented default */
} plan_rule_info_t;

extern const plan_rule_info_t plan_rule_info[PR_COUNT];

/* Fills c with the defaults (large_rows 10000, no catalog, no engine). */
void plan_rule_ctx_init(plan_rule_ctx_t *c, arena_t *a, report_t *r, const plan_t *p,
                        int statement);

/* Runs every plan rule over c->plan, slow-node first. Appends findings only;
 * never fails. A plan without a root adds nothing. */
void plan_rules_run(plan_rule_ctx_t *c);

/* ---- helpers, public for the explain task and the unit tests ---------------- */

/* work_mem in MB that holds need_kb kilobytes with headroom: the smallest power
 * of two ≥ 1.5 × need_kb / 1024, at least 1 (17 MB → 32, 1 MB → 2, 100 MB →
 * 256). Returns -1 when that exceeds PLAN_WORK_MEM_MAX_MB: past that, raising
 * work_mem is not a fix one would run. */
#define PLAN_WORK_MEM_MAX_MB 2048
int plan_work_mem_mb(double need_kb);

/* The columns of `relation` (known in the plan as `alias`, may be NULL) that
 * `cond` compares with a constant or parameter in AND-ed conditions, in order
 * of appearance, unquoted, without duplicates. The condition is EXPLAIN's text
 * (`((status = 'paid'::order_status) AND (user_id = 42))`); table qualifiers
 * other than the relation's own and comparisons inside an OR are ignored, casts
 * like `(status)::text` are looked through, bare boolean columns count. Returns
 * the number written to out (at most max). */
int plan_cond_columns(arena_t *a, const char *cond, const char *relation, const char *alias,
                      const char **out, int max);

/* Supplies index DDL for a placeholder, or NULL when the advisor has none. */
typedef const char *(*plan_index_ddl_fn)(void *ctx, const char *relation,
                                         const char *condition);

/* Splits one placeholder line; false when the line is not a placeholder. */
bool plan_fix_index_parse(arena_t *a, const char *line, const char **relation,
                          const char **condition);

/* The fix with each placeholder line replaced by ddl(ctx, relation, condition),
 * or by "-- index on <relation> for: <condition>" when ddl is NULL or returns
 * NULL. Other lines are kept as they are. NULL in, NULL out. */
const char *plan_fix_expand(arena_t *a, const char *fix, plan_index_ddl_fn ddl, void *ctx);

#endif
