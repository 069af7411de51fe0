/* index_rules.c — index hygiene over the catalog: duplicate-index,
 * redundant-index, fk-without-index. Locations are lines of the schema
 * (statement 0). */
#include <string.h>

#include "base/sb.h"
#include "rules/rules.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static bool str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool key_eq(const cat_index_key_t *a, const cat_index_key_t *b)
{
    return str_eq(a->column, b->column) && str_eq(a->expr, b->expr) && a->desc == b->desc &&
           a->nulls == b->nulls && str_eq(a->opclass, b->opclass);
}

/* Same method, predicate and INCLUDE list, and the first n keys equal. */
static bool same_shape(const cat_index_t *a, const cat_index_t *b, int n)
{
    if (!str_eq(a->method, b->method) || !str_eq(a->predicate, b->predicate) ||
        a->ninclude != b->ninclude)
        return false;
    for (int i = 0; i < a->ninclude; i++)
        if (!str_eq(a->include[i], b->include[i]))
            return false;
    for (int i = 0; i < n; i++)
        if (!key_eq(&a->keys[i], &b->keys[i]))
            return false;
    return true;
}

static const char *keys_text(arena_t *a, const cat_index_t *ix)
{
    sb_t sb;
    sb_init(&sb, a);
    for (int i = 0; i < ix->nkeys; i++)
        sb_addf(&sb, "%s%s%s", i ? ", " : "", ix->keys[i].column ? ix->keys[i].column
                                                                  : ix->keys[i].expr,
                ix->keys[i].desc ? " DESC" : "");
    return sb_str(&sb);
}

/* Every catalog table the rules should look at (all, or those the batch reads). */
#define FOR_EACH_TABLE_IN_SCOPE(c, tab)                                                  \
    for (int tab##_i = 0; (c)->catalog && tab##_i < (c)->catalog->ntables; tab##_i++)     \
        for (const cat_table_t *tab = (c)->catalog->tables[tab##_i]; tab; tab = NULL)      \
            if (rule_table_in_scope((c), tab->name))

static qm_loc_t schema_loc(int line)
{
    return (qm_loc_t){.statement = 0, .line = line, .column = line ? 1 : 0, .offset = -1};
}

/* The one to drop of two equal indexes: never the constraint-backed one. */
static const cat_index_t *droppable(const cat_index_t *a, const cat_index_t *b)
{
    if (a->constraint_backed != b->constraint_backed)
        return a->constraint_backed ? b : a;
    return strcmp(a->name, b->name) > 0 ? a : b;
}

void rule_duplicate_index(rule_ctx_t *c)
{
    FOR_EACH_TABLE_IN_SCOPE(c, tab) {
        for (int i = 0; i < tab->nindexes; i++)
            for (int k = i + 1; k < tab->nindexes; k++) {
                const cat_index_t *a = tab->indexes[i], *b = tab->indexes[k];
                if (a->nkeys != b->nkeys || !same_shape(a, b, a->nkeys))
                    continue;
                const cat_index_t *drop = droppable(a, b), *keep = drop == a ? b : a;
                finding_t *f = rule_report(c, R_DUPLICATE_INDEX, schema_loc(drop->line),
                                           "%s duplicates %s on %s (%s): every write maintains "
                                           "both, reads use one",
                                           drop->name, keep->name, tab->name,
                                           keys_text(c->arena, a));
                f->fix = arena_printf(c->arena, "DROP INDEX CONCURRENTLY %s;",
                                      c->engine->quote_ident(c->arena, drop->name));
                finding_evidence(f, c->arena, "index", drop->name);
                finding_evidence(f, c->arena, "duplicate_of", keep->name);
            }
    }
}

void rule_redundant_index(rule_ctx_t *c)
{
    FOR_EACH_TABLE_IN_SCOPE(c, tab) {
        for (int i = 0; i < tab->nindexes; i++) {
            const cat_index_t *a = tab->indexes[i];
            if (strcmp(a->method, "btree") || a->unique || a->constraint_backed)
                continue;
            for (int k = 0; k < tab->nindexes; k++) {
                const cat_index_t *b = tab->indexes[k];
                if (k == i || b->nkeys <= a->nkeys || strcmp(b->method, "btree") ||
                    !str_eq(a->predicate, b->predicate) || !same_shape(a, b, a->nkeys) ||
                    a->ninclude)
                    continue;
                finding_t *f = rule_report(c, R_REDUNDANT_INDEX, schema_loc(a->line),
                                           "%s (%s) is a leading prefix of %s (%s): the wider "
                                           "index serves the same lookups",
                                           a->name, keys_text(c->arena, a), b->name,
                                           keys_text(c->arena, b));
                f->fix = arena_printf(c->arena, "DROP INDEX CONCURRENTLY %s; (check first that "
                                                "no query relies on its smaller size)",
                                      c->engine->quote_ident(c->arena, a->name));
                finding_evidence(f, c->arena, "index", a->name);
                finding_evidence(f, c->arena, "covered_by", b->name);
                break;
            }
        }
    }
}

/* An index whose leading keys are exactly the FK's columns, in any order. */
static bool fk_served(const cat_table_t *tab, const cat_fk_t *fk)
{
    for (int i = 0; i < tab->nindexes; i++) {
        const cat_index_t *ix = tab->indexes[i];
        if (strcmp(ix->method, "btree") || ix->predicate || ix->nkeys < fk->ncolumns)
            continue;
        int matched = 0;
        for (int k = 0; k < fk->ncolumns; k++)
            for (int j = 0; j < fk->ncolumns; j++)
                if (ix->keys[j].column && !strcmp(ix->keys[j].column, fk->columns[k])) {
                    matched++;
                    break;
                }
        if (matched == fk->ncolumns)
            return true;
    }
    return false;
}

void rule_fk_without_index(rule_ctx_t *c)
{
    FOR_EACH_TABLE_IN_SCOPE(c, tab) {
        for (int i = 0; i < tab->nfks; i++) {
            const cat_fk_t *fk = &tab->fks[i];
            if (fk->ncolumns < 1 || fk->ncolumns > 8 || fk_served(tab, fk) ||
                !rule_column_used(c, tab->name, fk->columns[0]))
                continue;
            indexdef_t d = {.schema = tab->schema, .table = tab->name, .method = "btree"};
            sb_t cols;
            sb_init(&cols, c->arena);
            for (int k = 0; k < fk->ncolumns; k++) {
                d.keys[d.nkeys++].column = fk->columns[k];
                sb_addf(&cols, "%s%s", k ? ", " : "", fk->columns[k]);
            }
            finding_t *f = rule_report(c, R_FK_WITHOUT_INDEX, schema_loc(fk->line),
                                       "foreign key %s.(%s) → %s has no index: joins on it scan "
                                       "%s, and every DELETE or key UPDATE on %s scans it too",
                                       tab->name, sb_str(&cols), fk->ref_table ? fk->ref_table : "?",
                                       tab->name, fk->ref_table ? fk->ref_table : "the parent");
            f->fix = indexdef_advice(c->arena, c->engine->quote_ident, &d)->ddl;
            finding_evidence(f, c->arena, "table", tab->name);
            finding_evidence(f, c->arena, "columns", sb_str(&cols));
            finding_evidence(f, c->arena, "references", fk->ref_table);
        }
    }
}

void rule_unused_index(rule_ctx_t *c)
{
    FOR_EACH_TABLE_IN_SCOPE(c, tab) {
        for (int i = 0; i < tab->nindexes; i++) {
            const cat_index_t *ix = tab->indexes[i];
            if (ix->idx_scan != 0 || ix->unique || ix->constraint_backed || !ix->valid)
                continue;
            finding_t *f = rule_report(c, R_UNUSED_INDEX, schema_loc(ix->line),
                                       "%s on %s has not been scanned since statistics were "
                                       "reset, yet every write maintains it%s",
                                       ix->name, tab->name,
                                       ix->size_bytes > 0
                                           ? arena_printf(c->arena, " (%.1f MB)",
                                                          ix->size_bytes / 1048576.0)
                                           : "");
            f->fix = arena_printf(c->arena, "Check replicas and rare jobs first, then DROP INDEX "
                                            "CONCURRENTLY %s;",
                                  c->engine->quote_ident(c->arena, ix->name));
            finding_evidence(f, c->arena, "index", ix->name);
            finding_evidence_num(f, c->arena, "idx_scan", 0);
            if (ix->size_bytes >= 0)
                finding_evidence_num(f, c->arena, "size_bytes", (double)ix->size_bytes);
        }
    }
}

void rule_invalid_index(rule_ctx_t *c)
{
    FOR_EACH_TABLE_IN_SCOPE(c, tab) {
        for (int i = 0; i < tab->nindexes; i++) {
            const cat_index_t *ix = tab->indexes[i];
            if (ix->valid)
                continue;
            finding_t *f = rule_report(c, R_INVALID_INDEX, schema_loc(ix->line),
                                       "%s on %s is invalid (a failed CREATE INDEX CONCURRENTLY "
                                       "leaves it): queries cannot use it, but writes still "
                                       "maintain it",
                                       ix->name, tab->name);
            f->fix = arena_printf(c->arena, "DROP INDEX CONCURRENTLY %s; then create it again "
                                            "(or REINDEX INDEX CONCURRENTLY %s;)",
                                  c->engine->quote_ident(c->arena, ix->name),
                                  c->engine->quote_ident(c->arena, ix->name));
            finding_evidence(f, c->arena, "index", ix->name);
            finding_evidence(f, c->arena, "valid", "false");
        }
    }
}
