/* pg_rewrite.h — applying rewrites by editing libpg_query trees (private). */
#ifndef DBAGENT_PG_REWRITE_H
#define DBAGENT_PG_REWRITE_H

#include "engine/engine.h"
#include "engine/pg/pg_tree.h"

/* Applies each rewrite it can to the batch's trees (marking rw[i].applied, or
 * setting rw[i].note when it cannot) and deparses the whole batch into *sql. */
int pg_rewrite(arena_t *a, qm_batch_t *batch, rewrite_t *rw, int n, const char **sql,
               err_t *err);

#endif
