/* plan.h — the access path the model expects, as the report's query_plan text. */
#ifndef DBAGENT_ADVISE_PLAN_H
#define DBAGENT_ADVISE_PLAN_H

#include "advise/index.h"
#include "model/plan.h"

const char *advise_plan_text(arena_t *a, const qm_batch_t *batch, const index_result_t *ir);

/* A real plan (analysed) as the report's query_plan: one line per node with its
 * exclusive time, share bar, rows actual/estimated and a misestimate marker
 * (plans without ANALYZE show cost and estimated rows instead). */
const char *advise_plan_tree(arena_t *a, const plan_t *p);

#endif
