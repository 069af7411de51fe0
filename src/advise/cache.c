/* cache.c — choosing cache-aside keys, TTL and invalidation from the model. */
#include "advise/cache.h"

#include <string.h>

#include "base/sb.h"
#include "model/bind.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

typedef struct {
    const char *tables[16];
    sb_t cols[16]; /* the columns keys depend on, per table */
    int ntables;
} read_set_t;

static int table_slot(arena_t *a, read_set_t *rs, const char *table)
{
    for (int i = 0; i < rs->ntables; i++)
        if (!strcmp(rs->tables[i], table))
            return i;
    if (rs->ntables == 16)
        return -1;
    rs->tables[rs->ntables] = table;
    sb_init(&rs->cols[rs->ntables], a);
    return rs->ntables++;
}

static bool reads_are_cacheable(const qm_batch_t *batch)
{
    for (int s = 0; s < batch->nstmts; s++) {
        const qm_stmt_t *st = &batch->stmts[s];
        if (st->kind != QM_SELECT)
            return false;
        for (int b = 0; b < st->nblocks; b++)
            for (int o = 0; o < st->blocks[b]->norder; o++)
                if (st->blocks[b]->order[o].is_random)
                    return false;
    }
    return true;
}

/* Key parts: the top block's equality conjuncts on a constant or parameter. */
static void key_parts(arena_t *a, const qm_stmt_t *st, sb_t *key, read_set_t *rs, int *nparts)
{
    const qm_block_t *b = st->blocks[0];
    for (int i = 0; i < b->npreds; i++) {
        const qm_pred_t *p = &b->preds[i];
        if (!p->has_col || p->in_or || p->wrap.kind != QW_NONE || !p->col.column ||
            p->col.block != 0 || p->col.rel != 0 ||
            (strcmp(p->op, "=") && strcmp(p->op, "IN") && strcmp(p->op, "=ANY")) ||
            (p->value_kind != QV_CONST && p->value_kind != QV_PARAM && p->value_kind != QV_LIST))
            continue;
        sb_addf(key, ":%s:{%s}", p->col.column, p->col.column);
        const qm_rel_t *r = qm_colref_rel(st, &p->col);
        int slot = r && r->name ? table_slot(a, rs, r->name) : -1;
        if (slot >= 0 && !strstr(sb_str(&rs->cols[slot]), p->col.column))
            sb_addf(&rs->cols[slot], "%s%s", rs->cols[slot].len ? ", " : "", p->col.column);
        (*nparts)++;
    }
}

static bool orders_by_time(const qm_stmt_t *st, const catalog_t *cat)
{
    const qm_block_t *b = st->blocks[0];
    for (int i = 0; i < b->norder; i++) {
        const cat_column_t *c = qm_colref_column(st, cat, &b->order[i].col);
        if (b->order[i].desc && c && catalog_type_is_temporal(c->type))
            return true;
    }
    return false;
}

cache_strategy_t *advise_cache(arena_t *a, const qm_batch_t *batch, const catalog_t *cat)
{
    if (batch->nstmts == 0 || !reads_are_cacheable(batch))
        return NULL;
    read_set_t rs = {0};
    const qm_stmt_t *main = &batch->stmts[0];
    const qm_block_t *b0 = main->blocks[0];
    if (b0->nrels == 0 || !b0->rels[0].name)
        return NULL;
    sb_t key;
    sb_init(&key, a);
    sb_add(&key, b0->rels[0].name);
    int nparts = 0;
    key_parts(a, main, &key, &rs, &nparts);
    if (nparts == 0)
        return NULL; /* no key to cache by: a report over the table, run it when needed */
    if (b0->limit_kind == QLIM_CONST)
        sb_addf(&key, ":limit:%lld", b0->limit);
    for (int s = 0; s < batch->nstmts; s++)
        for (int b = 0; b < batch->stmts[s].nblocks; b++)
            for (int r = 0; r < batch->stmts[s].blocks[b]->nrels; r++) {
                const qm_rel_t *rel = &batch->stmts[s].blocks[b]->rels[r];
                if (rel->name && !rel->is_cte)
                    table_slot(a, &rs, rel->name);
            }
    cache_strategy_t *cs = arena_alloc(a, sizeof(*cs));
    cs->pattern = "cache-aside";
    cs->key = sb_str(&key);
    cs->ttl_seconds = orders_by_time(main, cat) ? 60 : 300;
    cs->invalidate_on = arena_calloc(a, (size_t)rs.ntables * 3 + 1, sizeof(char *));
    for (int i = 0; i < rs.ntables; i++) {
        cs->invalidate_on[cs->ninvalidate++] = arena_printf(a, "INSERT INTO %s", rs.tables[i]);
        cs->invalidate_on[cs->ninvalidate++] =
            rs.cols[i].len ? arena_printf(a, "UPDATE %s (%s)", rs.tables[i], sb_str(&rs.cols[i]))
                           : arena_printf(a, "UPDATE %s", rs.tables[i]);
        cs->invalidate_on[cs->ninvalidate++] = arena_printf(a, "DELETE FROM %s", rs.tables[i]);
    }
    cs->stampede_protection = "lock-and-recheck";
    cs->notes = arena_printf(
        a, "Read the key; on a miss take a short lock (SET %s:lock NX PX 5000), re-check the "
           "key, run the query and SET it with the TTL ±10%% jitter so entries do not expire "
           "together; writers delete the key after their transaction commits.%s",
        cs->key, cs->ttl_seconds == 60 ? " TTL is short because the result is ordered by "
                                         "recency and changes as rows arrive." : "");
    return cs;
}
