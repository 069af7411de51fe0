/* pg_lower.h — lowering libpg_query trees into the query model (private). */
#ifndef DBAGENT_PG_LOWER_H
#define DBAGENT_PG_LOWER_H

#include "base/sb.h"
#include "engine/pg/pg_tree.h"
#include "model/query.h"

#include <stdlib.h>

/* Lowers every statement of pr (parsed from text) into a batch. */
int pg_lower(arena_t *a, const char *text, PgQuery__ParseResult *pr, qm_batch_t **out);

#endif
