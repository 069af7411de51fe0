/* query_batch.c — n-plus-one: one statement shape repeated across a batch with
 * one key varying, usually after the parent query that produced the keys. */
#include <string.h>

#include "base/sb.h"
#include "rules/rules.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* The `column = constant` conjunct of a single-table SELECT, the candidate key. */
static const qm_pred_t *key_pred(const qm_stmt_t *st)
{
    if (st->kind != QM_SELECT || st->nblocks < 1)
        return NULL;
    const qm_block_t *b = st->blocks[0];
    if (b->nrels != 1 || !b->rels[0].name || b->setop != QS_NONE)
        return NULL;
    const qm_pred_t *key = NULL;
    for (int i = 0; i < b->npreds; i++) {
        const qm_pred_t *p = &b->preds[i];
        if (p->has_col && !p->in_or && p->wrap.kind == QW_NONE && !strcmp(p->op, "=") &&
            p->value_kind == QV_CONST && p->col.column) {
            if (key)
                return NULL; /* two literal keys: not the simple lookup shape */
            key = p;
        }
    }
    return key;
}

/* The parent: the nearest earlier SELECT of another shape over one table that the
 * child's key references (by foreign key, or by the <table>_id naming habit). */
static int find_parent(rule_ctx_t *c, int first_child, const char *child_table,
                       const char *child_col, const char **parent_key)
{
    const cat_table_t *ct = catalog_table(c->catalog, NULL, child_table);
    for (int i = first_child - 1; i >= 0; i--) {
        const qm_stmt_t *st = &c->batch->stmts[i];
        if (st->kind != QM_SELECT || st->blocks[0]->nrels != 1 || !st->blocks[0]->rels[0].name)
            continue;
        const char *ptable = st->blocks[0]->rels[0].name;
        for (int k = 0; ct && k < ct->nfks; k++) {
            const cat_fk_t *fk = &ct->fks[k];
            if (fk->ncolumns == 1 && !strcmp(fk->columns[0], child_col) && fk->ref_table &&
                !strcmp(fk->ref_table, ptable)) {
                const cat_table_t *pt = catalog_table(c->catalog, NULL, ptable);
                *parent_key = fk->nref_columns ? fk->ref_columns[0]
                              : pt && pt->npk == 1 ? pt->pk[0] : "id";
                return i;
            }
        }
        if (!ct) { /* no schema: users → user_id */
            size_t n = strlen(ptable);
            if (n > 1 && ptable[n - 1] == 's' && !strncmp(child_col, ptable, n - 1) &&
                !strcmp(child_col + n - 1, "_id")) {
                *parent_key = "id";
                return i;
            }
        }
    }
    return -1;
}

static void report_group(rule_ctx_t *c, int *members, int n)
{
    const qm_stmt_t *first = &c->batch->stmts[members[0]];
    const qm_pred_t *key = key_pred(first);
    const char *table = first->blocks[0]->rels[0].name;
    const char *parent_key = NULL;
    int parent = find_parent(c, members[0], table, key->col.column, &parent_key);
    sb_t keys;
    sb_init(&keys, c->arena);
    for (int i = 0; i < n && i < 5; i++)
        sb_addf(&keys, "%s%s", i ? ", " : "", key_pred(&c->batch->stmts[members[i]])->value_text);
    if (n > 5)
        sb_add(&keys, ", …");
    finding_t *f = rule_report(
        c, R_N_PLUS_ONE, first->loc,
        "N+1: the same query on %s ran %d times with only %s varying (%s)%s; %d round trips "
        "where one would do",
        table, n, key->col.column, sb_str(&keys),
        parent >= 0 ? arena_printf(c->arena, ", after statement %d read %s", parent + 1,
                                   c->batch->stmts[parent].blocks[0]->rels[0].name)
                    : "",
        parent >= 0 ? n : n - 1);
    f->fix = parent >= 0
                 ? arena_printf(c->arena, "One query: statement %d LEFT JOIN %s ON %s.%s = "
                                          "%s.%s with json_agg of the child rows (in "
                                          "optimized_query)",
                                parent + 1, table, table, key->col.column,
                                c->batch->stmts[parent].blocks[0]->rels[0].label, parent_key)
                 : arena_printf(c->arena, "One query for all keys: WHERE %s = ANY($1) with the "
                                          "keys as an array (in optimized_query)",
                                key->col.column);
    finding_evidence(f, c->arena, "table", table);
    finding_evidence(f, c->arena, "varying_column", key->col.column);
    finding_evidence_num(f, c->arena, "repetitions", n);
    if (first->fingerprint)
        finding_evidence(f, c->arena, "fingerprint", first->fingerprint);
    if (parent >= 0)
        finding_evidence_num(f, c->arena, "parent_statement", parent + 1);
    int *children = arena_calloc(c->arena, (size_t)n, sizeof(int));
    for (int i = 0; i < n; i++)
        children[i] = members[i] + 1;
    rule_rewrite(c, f, (rewrite_t){.kind = RW_BATCH, .statement = first->index,
                                   .parent_stmt = parent >= 0 ? parent + 1 : 0,
                                   .children = children, .nchildren = n,
                                   .child_column = key->col.column, .parent_key = parent_key,
                                   .child_table = table});
}

void rule_n_plus_one(rule_ctx_t *c)
{
    int nst = c->batch->nstmts;
    if (nst < c->n_plus_one_min)
        return;
    bool *done = arena_calloc(c->arena, (size_t)nst, sizeof(bool));
    int *members = arena_calloc(c->arena, (size_t)nst, sizeof(int));
    for (int i = 0; i < nst; i++) {
        const qm_stmt_t *si = &c->batch->stmts[i];
        if (done[i] || !si->fingerprint || !key_pred(si))
            continue;
        int n = 0;
        for (int k = i; k < nst; k++) {
            const qm_stmt_t *sk = &c->batch->stmts[k];
            if (!done[k] && sk->fingerprint && !strcmp(sk->fingerprint, si->fingerprint) &&
                key_pred(sk) && !strcmp(key_pred(sk)->col.column, key_pred(si)->col.column)) {
                members[n++] = k;
                done[k] = true;
            }
        }
        if (n >= c->n_plus_one_min)
            report_group(c, members, n);
    }
}
