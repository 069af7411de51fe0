/* pg_ddl.c — DDL → catalog.
 *
 * Reads what a schema file or `pg_dump --schema-only` holds: tables, columns,
 * constraints, indexes, enum types, extensions. Statements that do not shape the
 * catalog (SET, COMMENT, GRANT, OWNER TO, functions, sequences…) are skipped, not
 * errors. psql meta-commands (lines starting with a backslash, such as pg_dump's
 * \restrict) are blanked before parsing so offsets stay right. */
#include <string.h>

#include "engine/pg/pg_ddl.h"
#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

typedef struct {
    arena_t *a;
    catalog_t *cat;
    const char *text;
    pgt_lines_t lines;
} ddl_t;

static int line_of(ddl_t *D, int offset)
{
    int line, col;
    pgt_lines_pos(&D->lines, offset, &line, &col);
    return line;
}

static const char *type_text(ddl_t *D, PgQuery__TypeName *tn, const char **canonical)
{
    const char *name = tn ? pgt_last_name(tn->names, tn->n_names) : "unknown";
    sb_t sb;
    sb_init(&sb, D->a);
    sb_add(&sb, name ? name : "unknown");
    for (size_t i = 0; tn && i < tn->n_typmods; i++) {
        node_t *m = tn->typmods[i];
        int v = m->node_case == PG_QUERY__NODE__NODE_A_CONST && m->a_const->ival
                    ? m->a_const->ival->ival
                    : 0;
        sb_addf(&sb, "%s%d", i ? "," : "(", v);
        if (i + 1 == tn->n_typmods)
            sb_addc(&sb, ')');
    }
    if (tn && tn->n_array_bounds)
        sb_add(&sb, "[]");
    *canonical = tn && tn->n_array_bounds ? arena_printf(D->a, "%s[]", catalog_canonical_type(D->a, name))
                                          : catalog_canonical_type(D->a, name);
    return sb_str(&sb);
}

static bool is_volatile_default(const char *text)
{
    static const char *const volatile_calls[] = {"random(", "gen_random_uuid(",
                                                 "uuid_generate_v4(", "nextval(",
                                                 "clock_timestamp(", "timeofday("};
    for (size_t i = 0; text && i < sizeof(volatile_calls) / sizeof(volatile_calls[0]); i++)
        if (strstr(text, volatile_calls[i]))
            return true;
    return false;
}

static void add_const_list(ddl_t *D, cat_column_t *c, node_t **items, size_t n)
{
    c->enum_values = arena_calloc(D->a, n + 1, sizeof(char *));
    c->nenum = 0;
    for (size_t i = 0; i < n; i++) {
        node_t *v = items[i];
        while (v && v->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
            v = v->type_cast->arg;
        if (v && v->node_case == PG_QUERY__NODE__NODE_A_CONST && v->a_const->sval)
            c->enum_values[c->nenum++] = v->a_const->sval->sval;
    }
}

static const char *check_column(node_t *n)
{
    while (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        n = n->type_cast->arg;
    if (!n || n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
        return NULL;
    PgQuery__ColumnRef *cr = n->column_ref;
    return cr->n_fields ? pgt_str(cr->fields[cr->n_fields - 1]) : NULL;
}

/* CHECK (c IN ('a','b')) or pg_dump's CHECK ((c)::text = ANY (ARRAY['a'::…])):
 * the column's values become known, which makes it a partial-index candidate. */
static void read_check(ddl_t *D, cat_table_t *t, node_t *expr)
{
    if (!expr || expr->node_case != PG_QUERY__NODE__NODE_A_EXPR)
        return;
    PgQuery__AExpr *e = expr->a_expr;
    cat_column_t *c = catalog_column(t, check_column(e->lexpr));
    if (!c)
        return;
    if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_IN && e->rexpr &&
        e->rexpr->node_case == PG_QUERY__NODE__NODE_LIST) {
        add_const_list(D, c, e->rexpr->list->items, e->rexpr->list->n_items);
        return;
    }
    node_t *arr = e->rexpr;
    while (arr && arr->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        arr = arr->type_cast->arg;
    if (e->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY && arr &&
        arr->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
        add_const_list(D, c, arr->a_array_expr->elements, arr->a_array_expr->n_elements);
}

static const char **name_list(ddl_t *D, node_t **items, size_t n)
{
    const char **out = arena_calloc(D->a, n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        out[i] = pgt_str(items[i]);
    return out;
}

static cat_index_t *constraint_index(ddl_t *D, cat_table_t *t, const char *name,
                                     const char **cols, int n, bool primary)
{
    cat_index_t *ix = arena_alloc(D->a, sizeof(*ix));
    ix->table = t->name;
    ix->method = "btree";
    ix->unique = true;
    ix->primary = primary;
    ix->constraint_backed = true;
    ix->valid = true;
    ix->idx_scan = ix->size_bytes = -1;
    ix->keys = arena_calloc(D->a, (size_t)n, sizeof(cat_index_key_t));
    ix->nkeys = n;
    sb_t nm;
    sb_init(&nm, D->a);
    sb_add(&nm, t->name);
    for (int i = 0; i < n; i++) {
        ix->keys[i].column = cols[i];
        if (!primary)
            sb_addf(&nm, "_%s", cols[i]);
    }
    sb_add(&nm, primary ? "_pkey" : "_key");
    ix->name = name && name[0] ? name : sb_str(&nm);
    catalog_add_index(D->cat, t, ix);
    return ix;
}

static void read_constraint(ddl_t *D, cat_table_t *t, cat_column_t *col, PgQuery__Constraint *c)
{
    const char *one[1] = {col ? col->name : NULL};
    const char **keys = col ? one : name_list(D, c->keys, c->n_keys);
    int nkeys = col ? 1 : (int)c->n_keys;
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
        if (col) col->not_null = true;
        return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        if (col) {
            col->has_default = true;
            col->default_text = pgt_deparse_expr(D->a, c->raw_expr);
            col->default_volatile = is_volatile_default(col->default_text);
        }
        return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
        if (col) col->identity = col->not_null = true;
        return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: {
        const char **pk = arena_calloc(D->a, (size_t)nkeys + 1, sizeof(char *));
        for (int i = 0; i < nkeys; i++) {
            pk[i] = keys[i];
            cat_column_t *kc = catalog_column(t, keys[i]);
            if (kc) kc->not_null = true;
        }
        t->pk = pk;
        t->npk = nkeys;
        constraint_index(D, t, c->conname, pk, nkeys, true);
        return;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: {
        const char **k = arena_calloc(D->a, (size_t)nkeys + 1, sizeof(char *));
        memcpy(k, keys, (size_t)nkeys * sizeof(char *));
        constraint_index(D, t, c->conname, k, nkeys, false);
        return;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: {
        cat_fk_t fk = {.name = c->conname && c->conname[0] ? c->conname : NULL, .line = line_of(D, c->location)};
        if (col) {
            fk.columns = arena_calloc(D->a, 2, sizeof(char *));
            fk.columns[0] = col->name;
            fk.ncolumns = 1;
        } else {
            fk.columns = name_list(D, c->fk_attrs, c->n_fk_attrs);
            fk.ncolumns = (int)c->n_fk_attrs;
        }
        fk.ref_table = c->pktable ? c->pktable->relname : NULL;
        fk.ref_columns = name_list(D, c->pk_attrs, c->n_pk_attrs);
        fk.nref_columns = (int)c->n_pk_attrs;
        ARENA_PUSH(D->a, t->fks, t->nfks, t->fks_cap, fk);
        return;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        read_check(D, t, c->raw_expr);
        return;
    default:
        return;
    }
}

static void read_column(ddl_t *D, cat_table_t *t, PgQuery__ColumnDef *cd)
{
    cat_column_t *c = catalog_add_column(D->cat, t, cd->colname);
    const char *canonical;
    c->type_text = type_text(D, cd->type_name, &canonical);
    c->type = canonical;
    c->line = line_of(D, cd->location);
    const char *written = cd->type_name ? pgt_last_name(cd->type_name->names,
                                                        cd->type_name->n_names) : NULL;
    c->serial = written && strstr(written, "serial");
    c->not_null = cd->is_not_null || c->serial;
    c->is_enum_type = catalog_enum(D->cat, c->type) != NULL;
    for (size_t i = 0; i < cd->n_constraints; i++)
        if (cd->constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
            read_constraint(D, t, c, cd->constraints[i]->constraint);
}

static void read_create(ddl_t *D, PgQuery__CreateStmt *cs)
{
    PgQuery__RangeVar *rv = cs->relation;
    cat_table_t *t = catalog_table(D->cat, pgt_opt(rv->schemaname), rv->relname);
    if (!t)
        t = catalog_add_table(D->cat, pgt_opt(rv->schemaname),
                              rv->relname);
    t->line = line_of(D, rv->location);
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        node_t *e = cs->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            read_column(D, t, e->column_def);
    }
    /* Table constraints after the columns, so CHECKs can name them. */
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        node_t *e = cs->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
            read_constraint(D, t, NULL, e->constraint);
    }
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        node_t *e = cs->table_elts[i];
        if (e->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
            continue;
        for (size_t k = 0; k < e->column_def->n_constraints; k++) {
            node_t *cn = e->column_def->constraints[k];
            if (cn->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
                cn->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
                read_check(D, t, cn->constraint->raw_expr);
        }
    }
}

static void read_index(ddl_t *D, PgQuery__IndexStmt *is, int offset)
{
    cat_table_t *t = catalog_table(D->cat, pgt_opt(is->relation->schemaname), is->relation->relname);
    if (!t)
        return;
    cat_index_t *ix = arena_alloc(D->a, sizeof(*ix));
    ix->table = t->name;
    ix->method = is->access_method && is->access_method[0] ? is->access_method : "btree";
    ix->unique = is->unique;
    ix->valid = true;
    ix->idx_scan = ix->size_bytes = -1;
    ix->line = line_of(D, offset);
    ix->keys = arena_calloc(D->a, is->n_index_params ? is->n_index_params : 1,
                            sizeof(cat_index_key_t));
    sb_t nm;
    sb_init(&nm, D->a);
    sb_add(&nm, t->name);
    for (size_t i = 0; i < is->n_index_params; i++) {
        PgQuery__IndexElem *el = is->index_params[i]->index_elem;
        cat_index_key_t *k = &ix->keys[ix->nkeys++];
        k->column = pgt_opt(el->name);
        k->expr = k->column ? NULL : pgt_deparse_expr(D->a, el->expr);
        k->desc = el->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
        k->nulls = el->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST ? 1
                   : el->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST ? 2 : 0;
        k->opclass = el->n_opclass ? pgt_last_name(el->opclass, el->n_opclass) : NULL;
        sb_addf(&nm, "_%s", k->column ? k->column : "expr");
    }
    sb_add(&nm, "_idx");
    ix->name = is->idxname && is->idxname[0] ? is->idxname : sb_str(&nm);
    ix->include = arena_calloc(D->a, is->n_index_including_params + 1, sizeof(char *));
    for (size_t i = 0; i < is->n_index_including_params; i++)
        ix->include[ix->ninclude++] = is->index_including_params[i]->index_elem->name;
    ix->predicate = is->where_clause ? pgt_deparse_expr(D->a, is->where_clause) : NULL;
    catalog_add_index(D->cat, t, ix);
}

static void read_alter(ddl_t *D, PgQuery__AlterTableStmt *as)
{
    cat_table_t *t = as->relation ? catalog_table(D->cat, pgt_opt(as->relation->schemaname),
                                                  as->relation->relname) : NULL;
    if (!t)
        return;
    for (size_t i = 0; i < as->n_cmds; i++) {
        PgQuery__AlterTableCmd *cmd = as->cmds[i]->alter_table_cmd;
        node_t *def = cmd->def;
        cat_column_t *col = catalog_column(t, cmd->name);
        switch (cmd->subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
            if (def && def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
                read_constraint(D, t, NULL, def->constraint);
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
            if (def && def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
                read_column(D, t, def->column_def);
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
            if (col) col->identity = col->not_null = true;
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
            if (col) col->not_null = true;
            break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
            if (col && def) {
                col->has_default = true;
                col->default_text = pgt_deparse_expr(D->a, def);
                col->default_volatile = is_volatile_default(col->default_text);
                col->serial |= col->default_text && strstr(col->default_text, "nextval(");
            }
            break;
        default:
            break;
        }
    }
}

static void read_enum(ddl_t *D, PgQuery__CreateEnumStmt *es)
{
    cat_enum_t e = {.name = pgt_last_name(es->type_name, es->n_type_name)};
    e.values = name_list(D, es->vals, es->n_vals);
    e.nvalues = (int)es->n_vals;
    ARENA_PUSH(D->a, D->cat->enums, D->cat->nenums, D->cat->enums_cap, e);
}

/* Blanks psql meta-command lines (\connect, \restrict …) in a copy of text. */
static char *blank_meta_commands(arena_t *a, const char *text)
{
    char *copy = arena_strdup(a, text);
    for (char *p = copy; *p;) {
        char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (*p == '\\')
            memset(p, ' ', len);
        p += len + (eol ? 1 : 0);
    }
    return copy;
}

int pg_load_ddl(arena_t *a, const char *ddl, catalog_t *cat, err_t *err)
{
    const char *text = blank_meta_commands(a, ddl);
    PgQuery__ParseResult *pr;
    if (pgt_parse(a, text, &pr, NULL, err) < 0)
        return -1;
    ddl_t D = {.a = a, .cat = cat, .text = text};
    pgt_lines_init(a, &D.lines, text);
    cat->loaded = true;
    for (size_t i = 0; i < pr->n_stmts; i++) {
        node_t *n = pr->stmts[i]->stmt;
        int start = pr->stmts[i]->stmt_location;
        int end = pr->stmts[i]->stmt_len ? start + pr->stmts[i]->stmt_len : (int)strlen(text);
        int offset = pgt_skip_space(text, start, end);
        switch (n ? n->node_case : 0) {
        case PG_QUERY__NODE__NODE_CREATE_STMT: read_create(&D, n->create_stmt); break;
        case PG_QUERY__NODE__NODE_INDEX_STMT: read_index(&D, n->index_stmt, offset); break;
        case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: read_alter(&D, n->alter_table_stmt); break;
        case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: read_enum(&D, n->create_enum_stmt); break;
        case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
            ARENA_PUSH(a, cat->extensions, cat->nextensions, cat->extensions_cap,
                       n->create_extension_stmt->extname);
            break;
        default:
            break;
        }
    }
    /* Columns declared before their enum type was known are fixed up here. */
    for (int i = 0; i < cat->ntables; i++)
        for (int k = 0; k < cat->tables[i]->ncolumns; k++) {
            cat_column_t *c = &cat->tables[i]->columns[k];
            c->is_enum_type = catalog_enum(cat, c->type) != NULL;
        }
    return 0;
}
