/* bind.c — column references → relations. */
#include "model/bind.h"

#include <string.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

const cat_table_t *qm_rel_table(const catalog_t *cat, const qm_rel_t *r)
{
    if (!r || !r->name || r->is_cte)
        return NULL;
    return catalog_table(cat, r->schema, r->name);
}

/* Does the relation have this column? *known is false when we cannot tell. */
static bool rel_has_column(const qm_stmt_t *st, const catalog_t *cat, const qm_rel_t *r,
                           const char *column, bool *known)
{
    const cat_table_t *t = qm_rel_table(cat, r);
    if (t) {
        *known = true;
        return catalog_column(t, column) != NULL;
    }
    if (r->sub_block >= 0 && r->sub_block < st->nblocks) {
        const qm_block_t *sb = st->blocks[r->sub_block];
        while (sb->setop != QS_NONE && sb->nset_arms > 0)
            sb = st->blocks[sb->set_arms[0]];
        *known = true;
        for (int i = 0; i < sb->ntargets; i++) {
            if (sb->targets[i].is_star) {
                *known = false;
                return false;
            }
            if (sb->targets[i].name && !strcmp(sb->targets[i].name, column))
                return true;
        }
        return false;
    }
    *known = false;
    return false;
}

static int find_by_label(const qm_block_t *b, const char *qualifier)
{
    for (int i = 0; i < b->nrels; i++)
        if (b->rels[i].label && !strcmp(b->rels[i].label, qualifier))
            return i;
    for (int i = 0; i < b->nrels; i++) /* schema.table.col written with an aliased table */
        if (b->rels[i].name && !b->rels[i].alias && !strcmp(b->rels[i].name, qualifier))
            return i;
    return -1;
}

static int find_by_column(const qm_stmt_t *st, const catalog_t *cat, const qm_block_t *b,
                          const char *column, bool innermost)
{
    int found = -1, matches = 0, unknown = 0;
    for (int i = 0; i < b->nrels; i++) {
        bool known;
        if (rel_has_column(st, cat, &b->rels[i], column, &known)) {
            found = i;
            matches++;
        } else if (!known) {
            unknown++;
        }
    }
    if (matches == 1 && unknown == 0)
        return found;
    if (matches == 0 && unknown == 1 && b->nrels == 1 && innermost)
        return 0;
    return -1;
}

static void mark_correlated(qm_stmt_t *st, int from, int to)
{
    for (int b = from; b >= 0 && b != to; b = st->blocks[b]->parent)
        st->blocks[b]->correlated = true;
}

static void resolve(qm_stmt_t *st, const catalog_t *cat, int block, qm_colref_t *c)
{
    if (!c->column && !c->qualifier)
        return;
    for (int b = block; b >= 0; b = st->blocks[b]->parent) {
        const qm_block_t *blk = st->blocks[b];
        if (blk->nrels == 0)
            continue;
        int rel = c->qualifier ? find_by_label(blk, c->qualifier)
                               : find_by_column(st, cat, blk, c->column, b == block);
        if (rel >= 0) {
            c->block = b;
            c->rel = rel;
            if (b != block)
                mark_correlated(st, block, b);
            return;
        }
        /* An unqualified column that exists nowhere we know stops at the first
         * block whose relations are all known not to have it. */
    }
}

static void resolve_pred(qm_stmt_t *st, const catalog_t *cat, int b, qm_pred_t *p)
{
    if (p->has_col)
        resolve(st, cat, b, &p->col);
    if (p->value_kind == QV_COLUMN)
        resolve(st, cat, b, &p->value_col);
}

void qm_bind(qm_stmt_t *st, const catalog_t *cat)
{
    for (int b = 0; b < st->nblocks; b++) {
        qm_block_t *blk = st->blocks[b];
        for (int i = 0; i < blk->npreds; i++)
            resolve_pred(st, cat, b, &blk->preds[i]);
        for (int i = 0; i < blk->nhaving; i++)
            resolve_pred(st, cat, b, &blk->having[i]);
        for (int i = 0; i < blk->ntargets; i++)
            if (blk->targets[i].col.column || blk->targets[i].col.qualifier)
                resolve(st, cat, b, &blk->targets[i].col);
        for (int i = 0; i < blk->norder; i++)
            if (blk->order[i].col.column)
                resolve(st, cat, b, &blk->order[i].col);
        for (int i = 0; i < blk->ngroup; i++)
            resolve(st, cat, b, &blk->group[i]);
    }
}

const cat_table_t *qm_colref_table(const qm_stmt_t *st, const catalog_t *cat,
                                   const qm_colref_t *c)
{
    return qm_rel_table(cat, qm_colref_rel(st, c));
}

const cat_column_t *qm_colref_column(const qm_stmt_t *st, const catalog_t *cat,
                                     const qm_colref_t *c)
{
    return c->column ? catalog_column(qm_colref_table(st, cat, c), c->column) : NULL;
}
