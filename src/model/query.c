/* query.c — small helpers over the query model. */
#include "model/query.h"

#include <stdio.h>
#include <string.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

const char *qm_stmt_kind_name(qm_stmt_kind_t kind)
{
    static const char *const names[] = {"SELECT", "INSERT", "UPDATE", "DELETE", "UTILITY"};
    return names[kind];
}

const qm_rel_t *qm_colref_rel(const qm_stmt_t *st, const qm_colref_t *c)
{
    if (c->rel < 0 || c->block < 0 || c->block >= st->nblocks)
        return NULL;
    const qm_block_t *b = st->blocks[c->block];
    return c->rel < b->nrels ? &b->rels[c->rel] : NULL;
}

const char *qm_colref_text(const qm_stmt_t *st, const qm_colref_t *c, char *buf, int size)
{
    const qm_rel_t *r = qm_colref_rel(st, c);
    const char *table = r && r->name ? r->name : c->qualifier;
    if (table)
        snprintf(buf, (size_t)size, "%s.%s", table, c->column ? c->column : "*");
    else
        snprintf(buf, (size_t)size, "%s", c->column ? c->column : "*");
    return buf;
}

bool qm_op_is_equality(const char *op)
{
    return op && (!strcmp(op, "=") || !strcmp(op, "IN") || !strcmp(op, "=ANY") ||
                  !strcmp(op, "IS NULL"));
}

bool qm_op_is_range(const char *op)
{
    static const char *const ops[] = {"<", "<=", ">", ">=", "BETWEEN"};
    for (size_t i = 0; op && i < sizeof(ops) / sizeof(ops[0]); i++)
        if (!strcmp(op, ops[i]))
            return true;
    return false;
}
