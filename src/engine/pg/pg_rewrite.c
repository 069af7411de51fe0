/* pg_rewrite.c — rewrites as tree edits, then one deparse of the batch. */
#include "engine/pg/pg_rewrite.h"

int pg_rewrite(arena_t *a, qm_batch_t *batch, rewrite_t *rw, int n, const char **sql,
               err_t *err)
{
    for (int i = 0; i < n; i++)
        rw[i].note = "not implemented yet";
    return pgt_deparse(a, batch->src, sql, err);
}
