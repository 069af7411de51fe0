/* plan.h — the access path the model expects, as the report's query_plan text. */
#ifndef DBAGENT_ADVISE_PLAN_H
#define DBAGENT_ADVISE_PLAN_H

#include "advise/index.h"

const char *advise_plan_text(arena_t *a, const qm_batch_t *batch, const index_result_t *ir);

#endif
