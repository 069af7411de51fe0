/* pg_explain.h — EXPLAIN, hypothetical indexes (HypoPG) and plan text, over a
 * live read-only session (private to engine/pg). */
#ifndef DBAGENT_PG_EXPLAIN_H
#define DBAGENT_PG_EXPLAIN_H

#include "engine/engine.h"

int pg_explain(live_t *l, const char *sql, const explain_opts_t *o, const char **plan_json,
               err_t *err);
int pg_whatif(live_t *l, const char *sql, whatif_index_t *ix, int n, double *cost_before,
              int *calls, err_t *err);
bool pg_has_hypopg(live_t *l);
/* EXPLAIN (FORMAT JSON) text → an indented tree, one line per node. */
const char *pg_plan_text(arena_t *a, const char *plan_json);

#endif
