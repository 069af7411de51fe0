/* pg_migrate.c — lowering of a PostgreSQL migration file into migration_t.
 *
 * One pass over libpg_query's statements. Each statement kind has a lowering
 * function (the table `lowerers`) that appends actions with the lock PostgreSQL
 * takes; the file's context (created tables, transaction, lock_timeout, CHECK
 * (col IS NOT NULL) constraints that let SET NOT NULL skip its scan) is updated
 * as statements are read, so each statement sees what came before it. Lock
 * levels follow the PostgreSQL 15 documentation ("Explicit Locking", and the
 * notes of ALTER TABLE, CREATE/DROP INDEX, REINDEX, VACUUM, CLUSTER); version
 * differences are handled where they change a lock or a rewrite (ADD COLUMN …
 * DEFAULT before 11, SET NOT NULL proven by a CHECK from 12, ALTER INDEX RENAME
 * from 12). Each statement's tree is also walked once for the relations and
 * identifiers it names (mig_stmt_t.relations / names), which the safe rewrite
 * uses to keep dependent statements in order. Everything allocated lives in the
 * caller's arena. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pg/pg_migrate.h"
#include "engine/pg/pg_tree.h"
#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

typedef struct {
    const char *name, *table;
} name_pair_t;

/* A CHECK (col IS NOT NULL) added in this file; once validated it lets SET NOT
 * NULL skip its scan (PG ≥ 12). */
typedef struct {
    const char *table, *name, *column;
    bool validated;
} nn_check_t;

typedef struct {
    arena_t *a;
    const char *file, *text;
    pgt_lines_t lines;
    int pg;
    const catalog_t *cat;
    migration_t *m;
    mig_stmt_t *st;                                   /* the statement being lowered */
    const char **new_tables; int nnew, new_cap;       /* created earlier in this file */
    name_pair_t *indexes; int nidx, idx_cap;          /* CREATE INDEX name → table */
    nn_check_t *checks; int nchecks, checks_cap;
    const char **sequences; int nseq, seq_cap;        /* created (or renamed to) in this file */
    const char **file_ignored; int nfile_ignored, file_ignored_cap;
    bool in_tx, timeout_session, timeout_local;
} lower_t;

/* ---- small helpers ------------------------------------------------------------- */

static bool in_list(const char *const *list, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

static const char *q(lower_t *L, const char *ident)
{
    return pgt_quote_ident(L->a, ident);
}

static const char *rv_name(const PgQuery__RangeVar *rv)
{
    return rv ? pgt_opt(rv->relname) : NULL;
}

static mig_action_t *add_action(lower_t *L, mig_action_kind_t kind, const char *table,
                                lock_level_t lock)
{
    mig_stmt_t *st = L->st;
    mig_action_t act = {.kind = kind, .table = table, .lock = lock};
    ARENA_PUSH(L->a, st->actions, st->nactions, st->actions_cap, act);
    return &st->actions[st->nactions - 1];
}

/* An action on the relation rv names, keeping its schema. */
static mig_action_t *add_rv_action(lower_t *L, mig_action_kind_t kind, const PgQuery__RangeVar *rv,
                                   lock_level_t lock)
{
    const char *table = rv_name(rv);
    mig_action_t *act = add_action(L, kind, table, lock);
    act->schema = table ? pgt_opt(rv->schemaname) : NULL;
    return act;
}

static bool defelem_true(const PgQuery__DefElem *d)
{
    const node_t *v = d->arg;
    if (!v)
        return true;
    if (v->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
        return v->boolean->boolval;
    if (v->node_case == PG_QUERY__NODE__NODE_INTEGER)
        return v->integer->ival != 0;
    const char *s = pgt_str(v);
    return !s || (strcmp(s, "false") && strcmp(s, "off") && strcmp(s, "0"));
}

/* True when the option list (VACUUM, REINDEX, CLUSTER) holds `name` switched on. */
static bool has_option(node_t **opts, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
            !strcmp(opts[i]->def_elem->defname, name))
            return defelem_true(opts[i]->def_elem);
    return false;
}

/* "(a, b)" from a list of String nodes, quoted. */
static const char *key_list(lower_t *L, node_t **items, size_t n)
{
    sb_t sb;
    sb_init(&sb, L->a);
    sb_addc(&sb, '(');
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", q(L, pgt_str(items[i]) ? pgt_str(items[i]) : "?"));
    sb_addc(&sb, ')');
    return sb_str(&sb);
}

/* "a_b" from a list of String nodes, for PostgreSQL's default constraint names. */
static const char *key_names(lower_t *L, node_t **items, size_t n)
{
    sb_t sb;
    sb_init(&sb, L->a);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? "_" : "", pgt_str(items[i]) ? pgt_str(items[i]) : "");
    return sb_str(&sb);
}

/* ---- trees ---------------------------------------------------------------------- */

typedef void (*visit_fn)(ProtobufCMessage *m, void *ctx);

static void walk_field(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, visit_fn fn,
                       void *ctx);

/* Calls fn on m and every message under it, parents first, using protobuf-c's
 * descriptors so that no node type is forgotten. A Node visits only the member
 * its node_case says is set (oneof members are numbered as the cases). */
static void walk(ProtobufCMessage *m, visit_fn fn, void *ctx)
{
    fn(m, ctx);
    const ProtobufCMessageDescriptor *d = m->descriptor;
    if (d == &pg_query__node__descriptor) {
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field(d, (unsigned)((node_t *)m)->node_case);
        if (f)
            walk_field(m, f, fn, ctx);
        return;
    }
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)((const char *)m + f->quantifier_offset) != f->id)
            continue;
        walk_field(m, f, fn, ctx);
    }
}

static void walk_field(ProtobufCMessage *m, const ProtobufCFieldDescriptor *f, visit_fn fn,
                       void *ctx)
{
    if (f->type != PROTOBUF_C_TYPE_MESSAGE)
        return;
    char *base = (char *)m;
    if (f->label == PROTOBUF_C_LABEL_REPEATED) {
        size_t n = *(size_t *)(base + f->quantifier_offset);
        ProtobufCMessage **items = *(ProtobufCMessage ***)(base + f->offset);
        for (size_t k = 0; k < n; k++)
            if (items[k])
                walk(items[k], fn, ctx);
    } else if (*(ProtobufCMessage **)(base + f->offset)) {
        walk(*(ProtobufCMessage **)(base + f->offset), fn, ctx);
    }
}

/* ---- what a statement names ------------------------------------------------------ */

static void add_unique(arena_t *a, const char ***list, int *n, int *cap, const char *name)
{
    if (name && name[0] && !in_list(*list, *n, name))
        ARENA_PUSH(a, *list, *n, *cap, name);
}

static void name_relation(lower_t *L, const char *name)
{
    mig_stmt_t *st = L->st;
    add_unique(L->a, &st->relations, &st->nrelations, &st->relations_cap, name);
}

static void name_identifier(lower_t *L, const char *name)
{
    mig_stmt_t *st = L->st;
    add_unique(L->a, &st->names, &st->nnames, &st->names_cap, name);
}

/* The identifier fields that are plain strings rather than String nodes. */
static const struct {
    const ProtobufCMessageDescriptor *msg;
    size_t offset;
    bool relation;
} name_fields[] = {
    {&pg_query__column_def__descriptor, offsetof(PgQuery__ColumnDef, colname), false},
    {&pg_query__index_elem__descriptor, offsetof(PgQuery__IndexElem, name), false},
    {&pg_query__res_target__descriptor, offsetof(PgQuery__ResTarget, name), false},
    {&pg_query__alter_table_cmd__descriptor, offsetof(PgQuery__AlterTableCmd, name), false},
    {&pg_query__rename_stmt__descriptor, offsetof(PgQuery__RenameStmt, subname), false},
    {&pg_query__rename_stmt__descriptor, offsetof(PgQuery__RenameStmt, newname), false},
    {&pg_query__index_stmt__descriptor, offsetof(PgQuery__IndexStmt, idxname), true},
    {&pg_query__constraint__descriptor, offsetof(PgQuery__Constraint, indexname), true},
};

static void collect_names(ProtobufCMessage *m, void *ctx)
{
    lower_t *L = ctx;
    const ProtobufCMessageDescriptor *d = m->descriptor;
    if (d == &pg_query__node__descriptor) {
        name_identifier(L, pgt_str((const node_t *)m)); /* names, keys, column refs */
        return;
    }
    if (d == &pg_query__range_var__descriptor) {
        name_relation(L, pgt_opt(((PgQuery__RangeVar *)m)->relname));
        return;
    }
    for (size_t i = 0; i < sizeof(name_fields) / sizeof(name_fields[0]); i++) {
        if (name_fields[i].msg != d)
            continue;
        const char *name = pgt_opt(*(char **)((char *)m + name_fields[i].offset));
        if (name_fields[i].relation)
            name_relation(L, name);
        else
            name_identifier(L, name);
    }
}

/* The relations the lowering resolved (a dropped index's table, a rename's new
 * name) join those the tree names. */
static void collect_action_relations(lower_t *L)
{
    for (int i = 0; i < L->st->nactions; i++) {
        const mig_action_t *act = &L->st->actions[i];
        name_relation(L, act->table);
        name_relation(L, act->ref_table);
        if (act->kind == MA_CREATE_INDEX || act->kind == MA_DROP_INDEX ||
            act->kind == MA_REINDEX || act->kind == MA_RENAME_TABLE)
            name_relation(L, act->name);
    }
}

/* Every ColumnRef as NEW.col, for the body of a row trigger. */
static void to_new_row(ProtobufCMessage *m, void *ctx)
{
    lower_t *L = ctx;
    if (m->descriptor != &pg_query__column_ref__descriptor)
        return;
    PgQuery__ColumnRef *cr = (PgQuery__ColumnRef *)m;
    const char *col = cr->n_fields ? pgt_str(cr->fields[cr->n_fields - 1]) : NULL;
    if (!col)
        return; /* table.* has no single value */
    cr->fields = arena_alloc(L->a, 2 * sizeof(*cr->fields));
    cr->fields[0] = pgt_string(L->a, "new");
    cr->fields[1] = pgt_string(L->a, col);
    cr->n_fields = 2;
}

static const char *row_expression(lower_t *L, const node_t *expr)
{
    node_t *copy = pgt_copy(L->a, expr);
    if (!copy)
        return NULL;
    walk(&copy->base, to_new_row, L);
    return pgt_deparse_expr(L->a, copy);
}

/* ---- file context --------------------------------------------------------------- */

static bool is_new_table(const lower_t *L, const char *table)
{
    return in_list(L->new_tables, L->nnew, table);
}

static void mark_new(lower_t *L, const char *table)
{
    if (table && !is_new_table(L, table))
        ARENA_PUSH(L->a, L->new_tables, L->nnew, L->new_cap, table);
}

static void mark_sequence(lower_t *L, const char *name)
{
    if (name && !in_list(L->sequences, L->nseq, name))
        ARENA_PUSH(L->a, L->sequences, L->nseq, L->seq_cap, name);
}

/* The implicit sequence of a serial or identity column: PostgreSQL names it
 * <table>_<column>_seq. */
static void mark_column_sequence(lower_t *L, const char *table, const char *column)
{
    if (table && column)
        mark_sequence(L, arena_printf(L->a, "%s_%s_seq", table, column));
}

static bool is_known_table(const lower_t *L, const char *name)
{
    return is_new_table(L, name) || catalog_table(L->cat, NULL, name) != NULL;
}

/* ALTER TABLE also renames sequences, so the statement alone does not tell. A
 * relation is taken as a sequence when this file created one by that name
 * (CREATE SEQUENCE, a serial or identity column), or when its name ends in
 * "_seq", as PostgreSQL names the sequences it creates, and no table of that
 * name is known. */
static bool is_sequence(const lower_t *L, const char *name)
{
    if (!name)
        return false;
    if (in_list(L->sequences, L->nseq, name))
        return true;
    size_t n = strlen(name);
    return n > 4 && !strcmp(name + n - 4, "_seq") && !is_known_table(L, name);
}

/* The table an index belongs to: created in this file, else from the catalog. */
static const char *index_table(const lower_t *L, const char *index)
{
    for (int i = L->nidx - 1; index && i >= 0; i--)
        if (!strcmp(L->indexes[i].name, index))
            return L->indexes[i].table;
    for (int t = 0; index && L->cat && t < L->cat->ntables; t++)
        for (int k = 0; k < L->cat->tables[t]->nindexes; k++)
            if (!strcmp(L->cat->tables[t]->indexes[k]->name, index))
                return L->cat->tables[t]->name;
    return NULL;
}

static nn_check_t *find_check(lower_t *L, const char *table, const char *name)
{
    for (int i = 0; i < L->nchecks; i++)
        if (!strcmp(L->checks[i].table, table) && !strcmp(L->checks[i].name, name))
            return &L->checks[i];
    return NULL;
}

static bool not_null_proven(const lower_t *L, const char *table, const char *column)
{
    for (int i = 0; L->pg >= 12 && i < L->nchecks; i++)
        if (L->checks[i].validated && !strcmp(L->checks[i].table, table) &&
            column && !strcmp(L->checks[i].column, column))
            return true;
    return false;
}

/* ---- types ------------------------------------------------------------------------ */

typedef struct {
    const char *base;   /* canonical */
    int mods[2], nmods;
} ptype_t;

static const char *type_name_text(lower_t *L, const PgQuery__TypeName *tn)
{
    const char *name = tn ? pgt_last_name(tn->names, tn->n_names) : NULL;
    sb_t sb;
    sb_init(&sb, L->a);
    sb_add(&sb, catalog_canonical_type(L->a, name ? name : "unknown"));
    for (size_t i = 0; tn && i < tn->n_typmods; i++) {
        const node_t *m = tn->typmods[i];
        int v = m->node_case == PG_QUERY__NODE__NODE_A_CONST && m->a_const->ival
                    ? m->a_const->ival->ival : 0;
        sb_addf(&sb, "%s%d%s", i ? "," : "(", v, i + 1 == tn->n_typmods ? ")" : "");
    }
    for (size_t i = 0; tn && i < tn->n_array_bounds; i++)
        sb_add(&sb, "[]");
    return sb_str(&sb);
}

/* Reads "varchar(20)", "character varying(20)", "numeric(12,2)". */
static void parse_type(arena_t *a, const char *text, ptype_t *t)
{
    memset(t, 0, sizeof(*t));
    t->base = catalog_canonical_type(a, text);
    const char *p = strchr(text, '(');
    while (p && t->nmods < 2) {
        char *endp;
        long v = strtol(p + 1, &endp, 10);
        if (endp == p + 1)
            break;
        t->mods[t->nmods++] = (int)v;
        p = *endp == ',' ? endp : NULL;
    }
}

/* The binary-coercible changes ALTER COLUMN TYPE makes without a rewrite. */
static bool type_change_is_free(arena_t *a, const char *old_text, const char *new_text)
{
    if (!old_text || !new_text || strchr(old_text, '[') || strchr(new_text, '['))
        return old_text && new_text && !strcmp(old_text, new_text);
    ptype_t o, n;
    parse_type(a, old_text, &o);
    parse_type(a, new_text, &n);
    if (!strcmp(o.base, n.base) && o.nmods == n.nmods &&
        !memcmp(o.mods, n.mods, sizeof(o.mods)))
        return true;
    if (!strcmp(o.base, "varchar") && !strcmp(n.base, "text"))
        return true;
    if (!strcmp(o.base, "varchar") && !strcmp(n.base, "varchar"))
        return n.nmods == 0 || (o.nmods == 1 && n.mods[0] >= o.mods[0]);
    if (!strcmp(o.base, "text") && !strcmp(n.base, "varchar"))
        return n.nmods == 0;
    if (!strcmp(o.base, "numeric") && !strcmp(n.base, "numeric")) {
        if (n.nmods == 0)
            return true;
        int os = o.nmods == 2 ? o.mods[1] : 0, ns = n.nmods == 2 ? n.mods[1] : 0;
        return o.nmods >= 1 && n.mods[0] >= o.mods[0] && os == ns;
    }
    return false;
}

/* Functions PostgreSQL marks VOLATILE that appear in column defaults. A default
 * calling anything else is taken as non-volatile (stored once, no rewrite). */
static bool is_volatile_expr(const char *text)
{
    static const char *const calls[] = {"random", "gen_random_uuid", "uuid_generate_v1",
                                        "uuid_generate_v1mc", "uuid_generate_v4", "nextval",
                                        "clock_timestamp", "timeofday", "setseed"};
    for (size_t i = 0; text && i < sizeof(calls) / sizeof(calls[0]); i++) {
        size_t n = strlen(calls[i]);
        for (const char *p = strstr(text, calls[i]); p; p = strstr(p + 1, calls[i])) {
            bool word_start = p == text || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
                                             (p[-1] >= '0' && p[-1] <= '9'));
            if (word_start && p[n] == '(')
                return true;
        }
    }
    return false;
}

static bool is_serial_name(const char *name)
{
    static const char *const serials[] = {"serial", "serial2", "serial4", "serial8",
                                          "smallserial", "bigserial"};
    return in_list(serials, (int)(sizeof(serials) / sizeof(serials[0])), name);
}

/* ---- constraints ------------------------------------------------------------------ */

static const char *fk_action_text(const char *code)
{
    switch (code && code[0] ? code[0] : 'a') {
    case 'r': return "RESTRICT";
    case 'c': return "CASCADE";
    case 'n': return "SET NULL";
    case 'd': return "SET DEFAULT";
    default: return NULL;
    }
}

static const char *fk_text(lower_t *L, const PgQuery__Constraint *c, const char *column)
{
    sb_t sb;
    sb_init(&sb, L->a);
    if (column)
        sb_addf(&sb, "FOREIGN KEY (%s)", q(L, column));
    else
        sb_addf(&sb, "FOREIGN KEY %s", key_list(L, c->fk_attrs, c->n_fk_attrs));
    const PgQuery__RangeVar *rv = c->pktable;
    if (rv && pgt_opt(rv->schemaname))
        sb_addf(&sb, " REFERENCES %s.%s", q(L, rv->schemaname), q(L, rv->relname));
    else
        sb_addf(&sb, " REFERENCES %s", rv ? q(L, rv->relname) : "?");
    if (c->n_pk_attrs)
        sb_addf(&sb, " %s", key_list(L, c->pk_attrs, c->n_pk_attrs));
    if (c->fk_matchtype && c->fk_matchtype[0] == 'f')
        sb_add(&sb, " MATCH FULL");
    if (fk_action_text(c->fk_upd_action))
        sb_addf(&sb, " ON UPDATE %s", fk_action_text(c->fk_upd_action));
    if (fk_action_text(c->fk_del_action))
        sb_addf(&sb, " ON DELETE %s", fk_action_text(c->fk_del_action));
    if (c->deferrable)
        sb_add(&sb, c->initdeferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
    return sb_str(&sb);
}

/* The column of CHECK (col IS NOT NULL), else NULL. */
static const char *not_null_check_column(const node_t *e)
{
    if (!e || e->node_case != PG_QUERY__NODE__NODE_NULL_TEST ||
        e->null_test->nulltesttype != PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL)
        return NULL;
    const node_t *arg = e->null_test->arg;
    if (!arg || arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
        return NULL;
    const PgQuery__ColumnRef *cr = arg->column_ref;
    return cr->n_fields ? pgt_str(cr->fields[cr->n_fields - 1]) : NULL;
}

/* A foreign key takes SHARE ROW EXCLUSIVE on the table it references too (to add
 * its triggers there), for the rest of the transaction, even when its own table
 * is new: writes to the referenced table wait. Nothing to add when that table is
 * its own or was created in this file. */
static void lock_referenced(lower_t *L, const char *table, const PgQuery__RangeVar *ref)
{
    const char *name = rv_name(ref);
    if (!name || (table && !strcmp(name, table)) || is_new_table(L, name))
        return;
    add_rv_action(L, MA_LOCK_REFERENCED, ref, LOCK_SHARE_ROW_EXCLUSIVE);
}

static void lower_fk(lower_t *L, const char *table, const PgQuery__Constraint *c,
                     const char *column)
{
    mig_action_t *act = add_action(L, MA_ADD_FOREIGN_KEY, table, LOCK_SHARE_ROW_EXCLUSIVE);
    act->ref_table = rv_name(c->pktable);
    act->ref_schema = act->ref_table ? pgt_opt(c->pktable->schemaname) : NULL;
    act->column = column ? column
                  : c->n_fk_attrs == 1 ? pgt_str(c->fk_attrs[0]) : NULL;
    act->name = pgt_opt(c->conname)
                    ? c->conname
                    : arena_printf(L->a, "%s_%s_fkey", table,
                                   column ? column : key_names(L, c->fk_attrs, c->n_fk_attrs));
    act->not_valid = c->skip_validation;
    act->scans_table = !act->not_valid;
    act->detail = fk_text(L, c, column);
    lock_referenced(L, table, c->pktable);
}

static void lower_check(lower_t *L, const char *table, const PgQuery__Constraint *c)
{
    mig_action_t *act = add_action(L, MA_ADD_CHECK, table, LOCK_ACCESS_EXCLUSIVE);
    const char *expr = pgt_deparse_expr(L->a, c->raw_expr);
    act->detail = arena_printf(L->a, "CHECK (%s)", expr ? expr : "?");
    act->column = not_null_check_column(c->raw_expr);
    act->name = pgt_opt(c->conname) ? c->conname
                : act->column ? arena_printf(L->a, "%s_%s_check", table, act->column)
                              : arena_printf(L->a, "%s_check", table);
    act->not_valid = c->skip_validation;
    act->scans_table = !act->not_valid;
    if (act->column) {
        nn_check_t ck = {table, act->name, act->column, !act->not_valid};
        ARENA_PUSH(L->a, L->checks, L->nchecks, L->checks_cap, ck);
    }
}

static void lower_key(lower_t *L, const char *table, const PgQuery__Constraint *c,
                      const char *column, bool primary)
{
    mig_action_t *act = add_action(L, primary ? MA_ADD_PRIMARY_KEY : MA_ADD_UNIQUE, table,
                                   LOCK_ACCESS_EXCLUSIVE);
    act->column = column ? column : c->n_keys == 1 ? pgt_str(c->keys[0]) : NULL;
    act->detail = column ? arena_printf(L->a, "(%s)", q(L, column))
                         : key_list(L, c->keys, c->n_keys);
    act->using_index = pgt_opt(c->indexname) != NULL;
    const char *keys = column ? column : key_names(L, c->keys, c->n_keys);
    act->name = pgt_opt(c->conname) ? c->conname
                : primary ? arena_printf(L->a, "%s_pkey", table)
                          : arena_printf(L->a, "%s_%s_key", table, keys);
    act->scans_table = !act->using_index; /* builds the index under the lock */
}

/* A table or column constraint; column is set for a column constraint. */
static void lower_constraint(lower_t *L, const char *table, const PgQuery__Constraint *c,
                             const char *column)
{
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: lower_fk(L, table, c, column); return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: lower_check(L, table, c); return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: lower_key(L, table, c, column, false); return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: lower_key(L, table, c, column, true); return;
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: {
        mig_action_t *act = add_action(L, MA_OTHER, table, LOCK_ACCESS_EXCLUSIVE);
        act->name = pgt_opt(c->conname);
        act->scans_table = true;
        return;
    }
    default:
        return;
    }
}

/* ---- ALTER TABLE ------------------------------------------------------------------ */

static void add_column_default(lower_t *L, mig_action_t *act, const node_t *expr)
{
    if (expr && expr->node_case == PG_QUERY__NODE__NODE_A_CONST && expr->a_const->isnull)
        return; /* DEFAULT NULL is no default */
    act->has_default = true;
    act->detail = pgt_deparse_expr(L->a, (node_t *)expr);
    act->default_volatile = is_volatile_expr(act->detail);
}

static const PgQuery__Constraint *column_constraint(const PgQuery__ColumnDef *cd, size_t i)
{
    const node_t *n = cd->constraints[i];
    return n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT ? n->constraint : NULL;
}

/* The column constraint at i with the DEFERRABLE / INITIALLY DEFERRED clauses
 * that follow it applied: the grammar gives those as constraints of their own
 * (PostgreSQL's transformConstraintAttrs joins them the same way). */
static const PgQuery__Constraint *with_attributes(lower_t *L, const PgQuery__ColumnDef *cd,
                                                  size_t i)
{
    PgQuery__Constraint *c = arena_alloc(L->a, sizeof(*c));
    *c = *column_constraint(cd, i);
    for (size_t k = i + 1; k < cd->n_constraints; k++) {
        const PgQuery__Constraint *attr = column_constraint(cd, k);
        if (!attr)
            continue;
        if (attr->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE)
            c->deferrable = true;
        else if (attr->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE)
            c->deferrable = c->initdeferred = false;
        else if (attr->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED)
            c->deferrable = c->initdeferred = true; /* INITIALLY DEFERRED implies DEFERRABLE */
        else if (attr->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE)
            c->initdeferred = false;
        else
            break; /* the next constraint's attributes are its own */
    }
    return c;
}

/* ADD COLUMN: instant since PG 11 unless the default is volatile; a serial or
 * identity column needs a nextval() per row, so it rewrites. Column constraints
 * that validate (REFERENCES, CHECK, UNIQUE, PRIMARY KEY) become their own actions. */
static void lower_add_column(lower_t *L, const char *table, const PgQuery__ColumnDef *cd)
{
    mig_action_t *act = add_action(L, MA_ADD_COLUMN, table, LOCK_ACCESS_EXCLUSIVE);
    const char *written = cd->type_name ? pgt_last_name(cd->type_name->names,
                                                        cd->type_name->n_names) : NULL;
    act->column = pgt_opt(cd->colname);
    act->type = type_name_text(L, cd->type_name);
    act->serial = is_serial_name(written);
    act->not_null = cd->is_not_null || act->serial;
    int first = L->st->nactions;
    if (cd->raw_default)
        add_column_default(L, act, cd->raw_default);
    for (size_t i = 0; i < cd->n_constraints; i++) {
        const PgQuery__Constraint *c = column_constraint(cd, i);
        if (!c)
            continue;
        act = &L->st->actions[first - 1]; /* the array may have grown */
        if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT)
            add_column_default(L, act, c->raw_expr);
        else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY)
            act->serial = act->not_null = true;
        else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL)
            act->not_null = true;
        else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED)
            act->generated = act->rewrites_table = true; /* computed and stored per row */
        else if (c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
            lower_fk(L, table, with_attributes(L, cd, i), act->column);
        else
            lower_constraint(L, table, c, act->column);
    }
    act = &L->st->actions[first - 1];
    if (act->serial) {
        act->has_default = act->default_volatile = true;
        mark_column_sequence(L, table, act->column);
    }
    act->rewrites_table |= act->default_volatile || (L->pg < 11 && act->has_default);
}

static const cat_column_t *cat_column(const lower_t *L, const char *table, const char *col)
{
    return catalog_column(catalog_table(L->cat, NULL, table), col);
}

static void lower_alter_type(lower_t *L, const char *table, const PgQuery__AlterTableCmd *cmd)
{
    mig_action_t *act = add_action(L, MA_ALTER_COLUMN_TYPE, table, LOCK_ACCESS_EXCLUSIVE);
    act->column = pgt_opt(cmd->name);
    const PgQuery__ColumnDef *cd = cmd->def && cmd->def->node_case ==
                                   PG_QUERY__NODE__NODE_COLUMN_DEF ? cmd->def->column_def : NULL;
    act->type = type_name_text(L, cd ? cd->type_name : NULL);
    const cat_column_t *col = cat_column(L, table, act->column);
    act->old_type = col ? (col->type_text ? col->type_text : col->type) : NULL;
    act->detail = cd && cd->raw_default ? pgt_deparse_expr(L->a, cd->raw_default) : NULL;
    act->row_detail = act->detail ? row_expression(L, cd->raw_default) : NULL;
    act->rewrites_table = act->detail || !type_change_is_free(L->a, act->old_type, act->type);
}

static void lower_validate(lower_t *L, const char *table, const char *name)
{
    mig_action_t *act = add_action(L, MA_VALIDATE_CONSTRAINT, table,
                                   LOCK_SHARE_UPDATE_EXCLUSIVE);
    act->name = name;
    act->scans_table = true;
    nn_check_t *ck = name ? find_check(L, table, name) : NULL;
    if (ck)
        ck->validated = true;
}

static void lower_set_not_null(lower_t *L, const char *table, const char *column)
{
    mig_action_t *act = add_action(L, MA_SET_NOT_NULL, table, LOCK_ACCESS_EXCLUSIVE);
    act->column = column;
    act->scans_table = !not_null_proven(L, table, column);
}

/* Locks of the ALTER TABLE forms that have no action kind of their own
 * (ALTER TABLE's documentation, per subcommand); the rest take ACCESS EXCLUSIVE. */
static const struct {
    PgQuery__AlterTableType subtype;
    lock_level_t lock;
    bool rewrites;
} other_alters[] = {
    {PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics, LOCK_SHARE_UPDATE_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions, LOCK_SHARE_UPDATE_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions, LOCK_SHARE_UPDATE_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions, LOCK_SHARE_UPDATE_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions, LOCK_SHARE_UPDATE_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn, LOCK_SHARE_UPDATE_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster, LOCK_SHARE_UPDATE_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition, LOCK_SHARE_UPDATE_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig, LOCK_SHARE_ROW_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig, LOCK_SHARE_ROW_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll, LOCK_SHARE_ROW_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll, LOCK_SHARE_ROW_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser, LOCK_SHARE_ROW_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser, LOCK_SHARE_ROW_EXCLUSIVE, false},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged, LOCK_ACCESS_EXCLUSIVE, true},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged, LOCK_ACCESS_EXCLUSIVE, true},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod, LOCK_ACCESS_EXCLUSIVE, true},
    {PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace, LOCK_ACCESS_EXCLUSIVE, true},
};

static void lower_other_alter(lower_t *L, const char *table, const PgQuery__AlterTableCmd *cmd)
{
    mig_action_t *act = add_action(L, MA_OTHER, table, LOCK_ACCESS_EXCLUSIVE);
    act->column = pgt_opt(cmd->name);
    for (size_t i = 0; i < sizeof(other_alters) / sizeof(other_alters[0]); i++)
        if (other_alters[i].subtype == cmd->subtype) {
            act->lock = other_alters[i].lock;
            act->rewrites_table = other_alters[i].rewrites;
        }
    if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition && L->pg < 12)
        act->lock = LOCK_ACCESS_EXCLUSIVE;
}

static void lower_alter_cmd(lower_t *L, const char *table, const PgQuery__AlterTableCmd *cmd)
{
    const node_t *def = cmd->def;
    const char *name = pgt_opt(cmd->name);
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        if (def && def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            lower_add_column(L, table, def->column_def);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        add_action(L, MA_DROP_COLUMN, table, LOCK_ACCESS_EXCLUSIVE)->column = name;
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: lower_alter_type(L, table, cmd); return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: lower_set_not_null(L, table, name); return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        add_action(L, MA_DROP_NOT_NULL, table, LOCK_ACCESS_EXCLUSIVE)->column = name;
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault: {
        mig_action_t *act = add_action(L, MA_SET_DEFAULT, table, LOCK_ACCESS_EXCLUSIVE);
        act->column = name;
        act->detail = def ? pgt_deparse_expr(L->a, (node_t *)def) : NULL;
        return;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (def && def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
            lower_constraint(L, table, def->constraint, NULL);
        return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: lower_validate(L, table, name); return;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        add_action(L, MA_DROP_CONSTRAINT, table, LOCK_ACCESS_EXCLUSIVE)->name = name;
        return;
    default:
        lower_other_alter(L, table, cmd);
        return;
    }
}

static void lower_alter(lower_t *L, const node_t *n)
{
    const PgQuery__AlterTableStmt *as = n->alter_table_stmt;
    const char *table = rv_name(as->relation) ? rv_name(as->relation) : "?";
    int first = L->st->nactions;
    for (size_t i = 0; i < as->n_cmds; i++)
        if (as->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
            lower_alter_cmd(L, table, as->cmds[i]->alter_table_cmd);
    /* the subcommands' actions on this table (not those on a referenced one) */
    const char *schema = as->relation ? pgt_opt(as->relation->schemaname) : NULL;
    for (int i = first; i < L->st->nactions; i++)
        if (L->st->actions[i].table == table)
            L->st->actions[i].schema = schema;
}

/* ---- other statements -------------------------------------------------------------- */

/* A column of CREATE TABLE: its foreign keys lock the tables they reference; a
 * serial or identity column creates its sequence. */
static void lower_create_column(lower_t *L, const char *table, const PgQuery__ColumnDef *cd)
{
    const char *written = cd->type_name ? pgt_last_name(cd->type_name->names,
                                                        cd->type_name->n_names) : NULL;
    if (is_serial_name(written))
        mark_column_sequence(L, table, pgt_opt(cd->colname));
    for (size_t i = 0; i < cd->n_constraints; i++) {
        const PgQuery__Constraint *c = column_constraint(cd, i);
        if (c && c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
            lock_referenced(L, table, c->pktable);
        else if (c && c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY)
            mark_column_sequence(L, table, pgt_opt(cd->colname));
    }
}

/* CREATE TABLE locks nothing anyone else uses, except through its foreign keys. */
static void lower_create(lower_t *L, const node_t *n)
{
    const PgQuery__CreateStmt *cs = n->create_stmt;
    const char *table = rv_name(cs->relation);
    add_rv_action(L, MA_CREATE_TABLE, cs->relation, LOCK_NONE);
    for (size_t i = 0; i < cs->n_table_elts; i++) {
        const node_t *e = cs->table_elts[i];
        if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            lower_create_column(L, table, e->column_def);
        else if (e->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
                 e->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
            lock_referenced(L, table, e->constraint->pktable);
    }
    mark_new(L, table);
}

static void lower_create_as(lower_t *L, const node_t *n)
{
    const PgQuery__IntoClause *into = n->create_table_as_stmt->into;
    const char *table = into ? rv_name(into->rel) : NULL;
    add_action(L, MA_CREATE_TABLE, table, LOCK_NONE);
    mark_new(L, table);
}

static void lower_create_sequence(lower_t *L, const node_t *n)
{
    add_action(L, MA_OTHER, NULL, LOCK_NONE);
    mark_sequence(L, rv_name(n->create_seq_stmt->sequence));
}

static void lower_drop_index(lower_t *L, const PgQuery__DropStmt *ds, const char *name)
{
    lock_level_t lock = ds->concurrent ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE;
    mig_action_t *act = add_action(L, MA_DROP_INDEX, index_table(L, name), lock);
    act->name = name;
    act->concurrently = ds->concurrent;
}

/* DROP of a relation ([schema.]name): ACCESS EXCLUSIVE on it. */
static void drop_relation(lower_t *L, mig_action_kind_t kind, const node_t *o, const char *name)
{
    mig_action_t *act = add_action(L, kind, name, LOCK_ACCESS_EXCLUSIVE);
    act->name = name;
    size_t n = o->node_case == PG_QUERY__NODE__NODE_LIST ? o->list->n_items : 0;
    act->schema = n >= 2 ? pgt_str(o->list->items[n - 2]) : NULL;
}

/* DROP TRIGGER / RULE / POLICY name ON [schema.]table: the object list is
 * (schema, table, name). Removing one takes ACCESS EXCLUSIVE on the table in
 * every version (RemoveTriggerById and its siblings), brief but queue-forming. */
static void lower_drop_table_object(lower_t *L, const PgQuery__List *names)
{
    size_t n = names->n_items;
    const char *table = n >= 2 ? pgt_str(names->items[n - 2]) : NULL;
    mig_action_t *act = add_action(L, MA_OTHER, table,
                                   table ? LOCK_ACCESS_EXCLUSIVE : LOCK_NONE);
    act->schema = n >= 3 ? pgt_str(names->items[n - 3]) : NULL;
    act->name = n ? pgt_str(names->items[n - 1]) : NULL;
}

/* DROP TABLE / INDEX, the relations (views, sequences…) that take ACCESS
 * EXCLUSIVE on themselves, and the objects that live on a table (triggers,
 * rules, policies); other DROPs (functions, types) lock no table. */
static void lower_drop(lower_t *L, const node_t *n)
{
    const PgQuery__DropStmt *ds = n->drop_stmt;
    for (size_t i = 0; i < ds->n_objects; i++) {
        const node_t *o = ds->objects[i];
        const char *name = o->node_case == PG_QUERY__NODE__NODE_LIST
                               ? pgt_last_name(o->list->items, o->list->n_items) : NULL;
        switch (ds->remove_type) {
        case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
        case PG_QUERY__OBJECT_TYPE__OBJECT_RULE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
            if (o->node_case == PG_QUERY__NODE__NODE_LIST)
                lower_drop_table_object(L, o->list);
            else
                add_action(L, MA_OTHER, NULL, LOCK_NONE);
            break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
            drop_relation(L, MA_DROP_TABLE, o, name);
            break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: lower_drop_index(L, ds, name); break;
        case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
            drop_relation(L, MA_OTHER, o, name);
            break;
        default:
            add_action(L, MA_OTHER, NULL, LOCK_NONE);
            break;
        }
    }
}

/* A sequence renamed (ALTER SEQUENCE, or ALTER TABLE on a sequence): ACCESS
 * EXCLUSIVE on the sequence only; column defaults follow it (they hold its OID). */
static mig_action_t *rename_sequence(lower_t *L, const PgQuery__RenameStmt *rs)
{
    mig_action_t *act = add_rv_action(L, MA_OTHER, rs->relation, LOCK_ACCESS_EXCLUSIVE);
    mark_sequence(L, pgt_opt(rs->newname));
    return act;
}

static void lower_rename(lower_t *L, const node_t *n)
{
    const PgQuery__RenameStmt *rs = n->rename_stmt;
    const char *rel = rv_name(rs->relation);
    mig_action_t *act;
    switch (rs->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        if (is_sequence(L, rel)) {
            act = rename_sequence(L, rs);
            break;
        }
        act = add_rv_action(L, MA_RENAME_TABLE, rs->relation, LOCK_ACCESS_EXCLUSIVE);
        if (is_new_table(L, rel))
            mark_new(L, pgt_opt(rs->newname));
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        act = rename_sequence(L, rs);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        act = add_rv_action(L, MA_RENAME_COLUMN, rs->relation, LOCK_ACCESS_EXCLUSIVE);
        act->column = pgt_opt(rs->subname);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: /* SHARE UPDATE EXCLUSIVE since PG 12 */
        act = add_action(L, MA_OTHER, index_table(L, rel),
                         L->pg >= 12 ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE);
        name_relation(L, pgt_opt(rs->newname));
        break;
    default:
        act = add_rv_action(L, MA_OTHER, rs->relation, rel ? LOCK_ACCESS_EXCLUSIVE : LOCK_NONE);
        act->column = pgt_opt(rs->subname);
        break;
    }
    act->name = pgt_opt(rs->newname);
    if (rs->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN && !act->column)
        name_relation(L, act->name); /* later statements use the relation by its new name */
}

static void lower_index(lower_t *L, const node_t *n)
{
    const PgQuery__IndexStmt *is = n->index_stmt;
    const char *table = rv_name(is->relation);
    mig_action_t *act = add_rv_action(L, MA_CREATE_INDEX, is->relation,
                                      is->concurrent ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_SHARE);
    act->name = pgt_opt(is->idxname);
    act->concurrently = is->concurrent;
    act->unique = is->unique;
    act->scans_table = true;
    if (act->name && table) {
        name_pair_t p = {act->name, table};
        ARENA_PUSH(L->a, L->indexes, L->nidx, L->idx_cap, p);
    }
}

/* REINDEX takes SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each
 * index it rebuilds; CONCURRENTLY takes SHARE UPDATE EXCLUSIVE on both. */
static void lower_reindex(lower_t *L, const node_t *n)
{
    static const char *const kinds[] = {"", "INDEX", "TABLE", "SCHEMA", "SYSTEM", "DATABASE"};
    const PgQuery__ReindexStmt *rs = n->reindex_stmt;
    bool conc = has_option(rs->params, rs->n_params, "concurrently");
    const char *obj = rs->relation ? rv_name(rs->relation) : pgt_opt(rs->name);
    const char *table = rs->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX
                            ? index_table(L, obj)
                        : rs->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE ? obj
                                                                                           : NULL;
    mig_action_t *act = add_action(L, MA_REINDEX, table,
                                   conc ? LOCK_SHARE_UPDATE_EXCLUSIVE : LOCK_SHARE);
    act->name = obj;
    act->schema = table && table == obj && rs->relation ? pgt_opt(rs->relation->schemaname) : NULL;
    act->concurrently = conc;
    act->detail = (size_t)rs->kind < sizeof(kinds) / sizeof(kinds[0]) ? kinds[rs->kind] : "";
    act->scans_table = true;
}

static void lower_vacuum(lower_t *L, const node_t *n)
{
    const PgQuery__VacuumStmt *vs = n->vacuum_stmt;
    bool full = vs->is_vacuumcmd && has_option(vs->options, vs->n_options, "full");
    size_t nrel = vs->n_rels ? vs->n_rels : 1;
    for (size_t i = 0; i < nrel; i++) {
        const node_t *r = vs->n_rels ? vs->rels[i] : NULL;
        const PgQuery__RangeVar *rv = r && r->node_case == PG_QUERY__NODE__NODE_VACUUM_RELATION
                                          ? r->vacuum_relation->relation : NULL;
        mig_action_t *act = add_rv_action(L, full ? MA_VACUUM_FULL : MA_OTHER, rv,
                                       full ? LOCK_ACCESS_EXCLUSIVE
                                            : LOCK_SHARE_UPDATE_EXCLUSIVE);
        act->rewrites_table = full;
        act->scans_table = vs->is_vacuumcmd;
    }
}

static void lower_cluster(lower_t *L, const node_t *n)
{
    const PgQuery__ClusterStmt *cs = n->cluster_stmt;
    mig_action_t *act = add_rv_action(L, MA_CLUSTER, cs->relation, LOCK_ACCESS_EXCLUSIVE);
    act->name = pgt_opt(cs->indexname);
    act->rewrites_table = true;
}

static bool timeout_disabled(const PgQuery__VariableSetStmt *vs, const char *value)
{
    if (vs->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE || !value)
        return true;
    char *end;
    double v = strtod(value, &end);
    return end != value && v == 0;
}

static const char *set_value(lower_t *L, const PgQuery__VariableSetStmt *vs)
{
    if (!vs->n_args || vs->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST)
        return NULL;
    const PgQuery__AConst *c = vs->args[0]->a_const;
    if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
        return c->sval->sval;
    if (c->val_case == PG_QUERY__A__CONST__VAL_IVAL)
        return arena_printf(L->a, "%d", c->ival->ival);
    return pgt_deparse_expr(L->a, vs->args[0]);
}

/* SET lock_timeout / statement_timeout. A SET LOCAL lasts until the end of the
 * transaction (and does nothing outside one); 0, DEFAULT and RESET switch the
 * timeout off. */
static void lower_set(lower_t *L, const node_t *n)
{
    const PgQuery__VariableSetStmt *vs = n->variable_set_stmt;
    const char *name = pgt_opt(vs->name);
    bool lock = name && !strcmp(name, "lock_timeout");
    if (!lock && !(name && !strcmp(name, "statement_timeout"))) {
        add_action(L, MA_OTHER, NULL, LOCK_NONE);
        return;
    }
    mig_action_t *act = add_action(L, lock ? MA_SET_LOCK_TIMEOUT : MA_SET_STATEMENT_TIMEOUT,
                                   NULL, LOCK_NONE);
    act->detail = set_value(L, vs);
    act->local = vs->is_local;
    if (!lock)
        return;
    bool on = !timeout_disabled(vs, act->detail);
    if (vs->is_local)
        L->timeout_local = on && L->in_tx;
    else
        L->timeout_session = on, L->timeout_local = false;
}

static void lower_transaction(lower_t *L, const node_t *n)
{
    switch (n->transaction_stmt->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
        add_action(L, MA_BEGIN, NULL, LOCK_NONE);
        L->in_tx = true;
        return;
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
        add_action(L, MA_COMMIT, NULL, LOCK_NONE);
        L->in_tx = L->timeout_local = false;
        return;
    default:
        add_action(L, MA_OTHER, NULL, LOCK_NONE);
        return;
    }
}

/* The tables where migration tools record which migrations have run. */
static bool is_version_table(const char *table)
{
    static const char *const tables[] = {"schema_migrations", "flyway_schema_history",
                                         "alembic_version", "django_migrations"};
    return in_list(tables, (int)(sizeof(tables) / sizeof(tables[0])), table);
}

static void lower_dml(lower_t *L, const node_t *n)
{
    const PgQuery__RangeVar *rv =
        n->node_case == PG_QUERY__NODE__NODE_INSERT_STMT   ? n->insert_stmt->relation
        : n->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ? n->update_stmt->relation
                                                           : n->delete_stmt->relation;
    add_rv_action(L, MA_OTHER, rv, LOCK_ROW_EXCLUSIVE);
    L->st->version_record = is_version_table(rv_name(rv));
}

/* LOCK TABLE: modes are numbered as lock_level_t (AccessShareLock = 1 …). */
static void lower_lock(lower_t *L, const node_t *n)
{
    const PgQuery__LockStmt *ls = n->lock_stmt;
    int mode = ls->mode >= LOCK_ACCESS_SHARE && ls->mode <= LOCK_ACCESS_EXCLUSIVE
                   ? ls->mode : LOCK_ACCESS_EXCLUSIVE;
    for (size_t i = 0; i < ls->n_relations; i++)
        if (ls->relations[i]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
            add_rv_action(L, MA_OTHER, ls->relations[i]->range_var, (lock_level_t)mode);
}

static void lower_trigger(lower_t *L, const node_t *n)
{
    add_rv_action(L, MA_OTHER, n->create_trig_stmt->relation, LOCK_SHARE_ROW_EXCLUSIVE);
}

/* REFRESH MATERIALIZED VIEW runs the view's query and swaps in a new heap under
 * ACCESS EXCLUSIVE: reads of the view wait for the whole refresh. CONCURRENTLY
 * (it needs a unique index on the view) takes EXCLUSIVE, which lets reads go on,
 * and updates the rows in place from a diff instead of rewriting. */
static void lower_refresh(lower_t *L, const node_t *n)
{
    const PgQuery__RefreshMatViewStmt *rs = n->refresh_mat_view_stmt;
    mig_action_t *act = add_rv_action(L, MA_REFRESH_MATVIEW, rs->relation,
                                      rs->concurrent ? LOCK_EXCLUSIVE : LOCK_ACCESS_EXCLUSIVE);
    act->concurrently = rs->concurrent;
    act->rewrites_table = !rs->concurrent;
    act->scans_table = true;
}

static const struct {
    PgQuery__Node__NodeCase kind;
    void (*lower)(lower_t *L, const node_t *n);
} lowerers[] = {
    {PG_QUERY__NODE__NODE_CREATE_STMT, lower_create},
    {PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT, lower_create_as},
    {PG_QUERY__NODE__NODE_CREATE_SEQ_STMT, lower_create_sequence},
    {PG_QUERY__NODE__NODE_DROP_STMT, lower_drop},
    {PG_QUERY__NODE__NODE_ALTER_TABLE_STMT, lower_alter},
    {PG_QUERY__NODE__NODE_RENAME_STMT, lower_rename},
    {PG_QUERY__NODE__NODE_INDEX_STMT, lower_index},
    {PG_QUERY__NODE__NODE_REINDEX_STMT, lower_reindex},
    {PG_QUERY__NODE__NODE_VACUUM_STMT, lower_vacuum},
    {PG_QUERY__NODE__NODE_CLUSTER_STMT, lower_cluster},
    {PG_QUERY__NODE__NODE_VARIABLE_SET_STMT, lower_set},
    {PG_QUERY__NODE__NODE_TRANSACTION_STMT, lower_transaction},
    {PG_QUERY__NODE__NODE_INSERT_STMT, lower_dml},
    {PG_QUERY__NODE__NODE_UPDATE_STMT, lower_dml},
    {PG_QUERY__NODE__NODE_DELETE_STMT, lower_dml},
    {PG_QUERY__NODE__NODE_LOCK_STMT, lower_lock},
    {PG_QUERY__NODE__NODE_CREATE_TRIG_STMT, lower_trigger},
    {PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT, lower_refresh},
};

static void lower_node(lower_t *L, const node_t *n)
{
    for (size_t i = 0; n && i < sizeof(lowerers) / sizeof(lowerers[0]); i++)
        if (lowerers[i].kind == n->node_case) {
            lowerers[i].lower(L, n);
            return;
        }
    add_action(L, MA_OTHER, NULL, LOCK_NONE);
}

/* ---- suppressions ------------------------------------------------------------------ */

static bool rule_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
}

/* Appends the rule ids of "RULE[, RULE…]" up to the end of the line. */
static void read_rule_list(arena_t *a, const char *p, const char ***list, int *n, int *cap)
{
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        size_t len = 0;
        while (rule_char(p[len]))
            len++;
        if (!len || !strncmp(p, "--", 2))
            return;
        ARENA_PUSH(a, *list, *n, *cap, (const char *)arena_strndup(a, p, len));
        p += len;
    }
}

/* Each `-- dbagent:ignore…` line in text[from, to): file == true collects
 * ignore-file lists, false the ignore lists. */
static void scan_ignores(arena_t *a, const char *text, int from, int to, bool file,
                         const char ***list, int *n, int *cap)
{
    const char *region = arena_strndup(a, text + from, (size_t)(to - from));
    static const char tag[] = "dbagent:ignore";
    for (const char *p = strstr(region, "--"); p; p = strstr(p + 2, "--")) {
        const char *s = p + 2;
        while (*s == ' ' || *s == '\t')
            s++;
        if (strncmp(s, tag, sizeof(tag) - 1))
            continue;
        s += sizeof(tag) - 1;
        bool is_file = !strncmp(s, "-file", 5);
        if (is_file)
            s += 5;
        if (is_file == file && (*s == ' ' || *s == '\t'))
            read_rule_list(a, s, list, n, cap);
    }
}

/* ---- statements -------------------------------------------------------------------- */

static double table_bytes(const catalog_t *cat, const char *table)
{
    const cat_table_t *t = catalog_table(cat, NULL, table);
    if (!t)
        return -1;
    double b = t->pages >= 0 ? t->pages * 8192.0 : -1;
    return (double)t->size_bytes > b ? (double)t->size_bytes : b;
}

static bool builds_index(const mig_action_t *act)
{
    return act->kind == MA_CREATE_INDEX || act->kind == MA_REINDEX ||
           ((act->kind == MA_ADD_UNIQUE || act->kind == MA_ADD_PRIMARY_KEY) && !act->using_index);
}

/* Seconds for one action at the documented rates; -1 when the size is unknown. */
static double action_seconds(const catalog_t *cat, const mig_action_t *act)
{
    double bytes = act->table ? table_bytes(cat, act->table) : -1;
    if (bytes < 0)
        return -1;
    double mb = bytes / (1024.0 * 1024.0);
    if (act->rewrites_table)
        return mb / MIG_REWRITE_MB_S;
    if (builds_index(act))
        return mb / MIG_INDEX_MB_S;
    return act->scans_table ? mb / MIG_SCAN_MB_S : 0;
}

/* Statement flags from its actions, once they are all lowered. */
static void finish_stmt(lower_t *L, mig_stmt_t *st)
{
    int tabled = 0, fresh = 0;
    st->est_seconds = -1;
    for (int i = 0; i < st->nactions; i++) {
        const mig_action_t *act = &st->actions[i];
        if (act->lock > st->lock)
            st->lock = act->lock;
        st->rewrites_table |= act->rewrites_table;
        st->scans_table |= act->scans_table;
        if (act->kind == MA_LOCK_REFERENCED)
            continue; /* a lock on another table: not the statement's own */
        if (!st->table && act->table)
            st->table = act->table;
        tabled += act->table != NULL;
        fresh += act->table && is_new_table(L, act->table) && act->kind != MA_CREATE_TABLE;
        double s = L->cat ? action_seconds(L->cat, act) : -1;
        if (s >= 0)
            st->est_seconds = (st->est_seconds < 0 ? 0 : st->est_seconds) + s;
    }
    st->blocks_reads = lock_blocks_reads(st->lock);
    st->blocks_writes = lock_blocks_writes(st->lock);
    /* The planner locks every index of a table, so a REINDEX holding ACCESS
     * EXCLUSIVE on an index stalls reads of the table too. */
    if (st->nactions && st->actions[0].kind == MA_REINDEX && !st->actions[0].concurrently)
        st->blocks_reads = true;
    st->new_table = tabled > 0 && fresh == tabled;
}

static mig_stmt_t *new_stmt(lower_t *L, int off, int end)
{
    mig_stmt_t s = {.index = L->m->nstmts + 1, .file = L->file};
    pgt_lines_pos(&L->lines, off, &s.line, &s.column);
    while (end > off && (L->text[end - 1] == ' ' || L->text[end - 1] == '\n' ||
                         L->text[end - 1] == '\t' || L->text[end - 1] == '\r'))
        end--;
    s.text = arena_strndup(L->a, L->text + off, (size_t)(end - off));
    s.in_transaction = L->in_tx;
    s.lock_timeout_set = L->timeout_session || L->timeout_local;
    ARENA_PUSH(L->a, L->m->stmts, L->m->nstmts, L->m->stmts_cap, s);
    return &L->m->stmts[L->m->nstmts - 1];
}

static void add_ignores(lower_t *L, mig_stmt_t *st, int gap_from, int gap_to)
{
    scan_ignores(L->a, L->text, gap_from, gap_to, false, &st->ignored, &st->nignored,
                 &st->ignored_cap);
    for (int i = 0; i < L->nfile_ignored; i++)
        ARENA_PUSH(L->a, st->ignored, st->nignored, st->ignored_cap, L->file_ignored[i]);
}

static int syntax_error(const char *file, err_t *err)
{
    if (!err)
        return -1;
    char msg[sizeof(err->message)];
    snprintf(msg, sizeof(msg), "%s", err->message);
    int line = err->line, column = err->column;
    err_set(err, ERR_SYNTAX, "%s: %s", file, msg);
    err->line = line;
    err->column = column;
    return -1;
}

int pg_migrate_lower(arena_t *a, const char *file, const char *text, int pg_version,
                     const catalog_t *cat, migration_t *out, err_t *err)
{
    file = file ? file : "migration";
    PgQuery__ParseResult *pr;
    if (pgt_parse(a, text, &pr, NULL, err) < 0)
        return syntax_error(file, err);
    out->pg_version = pg_version > 0 ? pg_version : MIG_PG_VERSION_DEFAULT;
    lower_t L = {.a = a, .file = file, .text = text, .pg = out->pg_version, .cat = cat, .m = out};
    pgt_lines_init(a, &L.lines, text);
    int len = (int)strlen(text), prev_end = 0;
    scan_ignores(a, text, 0, len, true, &L.file_ignored, &L.nfile_ignored, &L.file_ignored_cap);
    for (size_t i = 0; i < pr->n_stmts; i++) {
        const PgQuery__RawStmt *raw = pr->stmts[i];
        int start = raw->stmt_location;
        int end = raw->stmt_len ? start + raw->stmt_len : len;
        int off = pgt_skip_space(text, start, end);
        if (off >= end)
            continue;
        L.st = new_stmt(&L, off, end);
        add_ignores(&L, L.st, prev_end < start ? prev_end : start, off);
        lower_node(&L, raw->stmt);
        if (raw->stmt)
            walk(&raw->stmt->base, collect_names, &L);
        collect_action_relations(&L);
        finish_stmt(&L, L.st);
        prev_end = end;
    }
    return 0;
}
