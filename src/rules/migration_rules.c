/* migration_rules.c — the migration rules (see migration_rules.h for scope,
 * evidence and severity).
 *
 * One function per rule, each given a statement and one of its actions; the
 * table `action_rules` says which action kinds a rule looks at. Fixes follow the
 * "after" examples of docs/rules.md, with the statement's own names. */
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "rules/migration_rules.h"
#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

const mig_rule_info_t mig_rule_info[MR_COUNT] = {
    [MR_CREATE_INDEX_NON_CONCURRENTLY] = {"create-index-non-concurrently", SEV_CRITICAL, true},
    [MR_CONCURRENTLY_IN_TRANSACTION] = {"concurrently-in-transaction", SEV_CRITICAL, false},
    [MR_ADD_COLUMN_VOLATILE_DEFAULT] = {"add-column-volatile-default", SEV_CRITICAL, true},
    [MR_CHANGE_COLUMN_TYPE] = {"change-column-type", SEV_CRITICAL, true},
    [MR_ADD_FOREIGN_KEY_VALIDATES] = {"add-foreign-key-validates", SEV_CRITICAL, true},
    [MR_ADD_CHECK_VALIDATES] = {"add-check-validates", SEV_CRITICAL, true},
    [MR_SET_NOT_NULL_SCANS] = {"set-not-null-scans", SEV_CRITICAL, true},
    [MR_ADD_UNIQUE_CONSTRAINT_BLOCKS] = {"add-unique-constraint-blocks", SEV_CRITICAL, true},
    [MR_ADD_PRIMARY_KEY_BLOCKS] = {"add-primary-key-blocks", SEV_CRITICAL, true},
    [MR_RENAME_COLUMN] = {"rename-column", SEV_WARNING, false},
    [MR_RENAME_TABLE] = {"rename-table", SEV_WARNING, false},
    [MR_DROP_COLUMN] = {"drop-column", SEV_WARNING, false},
    [MR_DROP_TABLE] = {"drop-table", SEV_CRITICAL, false},
    [MR_MISSING_LOCK_TIMEOUT] = {"missing-lock-timeout", SEV_WARNING, false},
    [MR_VACUUM_FULL] = {"vacuum-full", SEV_CRITICAL, true},
    [MR_CLUSTER_TABLE] = {"cluster-table", SEV_CRITICAL, true},
    [MR_REINDEX_NON_CONCURRENTLY] = {"reindex-non-concurrently", SEV_CRITICAL, true},
    [MR_ADD_SERIAL_COLUMN] = {"add-serial-column", SEV_CRITICAL, true},
};

severity_t mig_rule_severity(mig_rule_t r, double est_seconds)
{
    if (!mig_rule_info[r].scaled || est_seconds < 0)
        return mig_rule_info[r].severity;
    if (est_seconds < MIG_SEV_INFO_BELOW_S)
        return SEV_INFO;
    if (est_seconds >= MIG_SEV_CRITICAL_FROM_S)
        return SEV_CRITICAL;
    return mig_rule_info[r].severity;
}

/* ---- helpers ----------------------------------------------------------------------- */

static const char *Q(mig_rule_ctx_t *c, const char *ident)
{
    if (!ident)
        return "?";
    return c->quote ? c->quote(c->arena, ident) : ident;
}

/* The action's table for SQL in a fix: quoted, with its schema when the
 * migration named one (the statement must find the same table). */
static const char *QT(mig_rule_ctx_t *c, const mig_action_t *act)
{
    const char *t = Q(c, act->table);
    return act->schema ? arena_printf(c->arena, "%s.%s", Q(c, act->schema), t) : t;
}

/* Another relation (a sequence, a renamed table) in the schema of act's table. */
static const char *QS(mig_rule_ctx_t *c, const mig_action_t *act, const char *name)
{
    return act->schema ? arena_printf(c->arena, "%s.%s", Q(c, act->schema), Q(c, name))
                       : Q(c, name);
}

static const char *nz(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

/* " (estimated 12.3 s)" when known, else "". */
static const char *est_text(mig_rule_ctx_t *c, const mig_stmt_t *st)
{
    return st->est_seconds >= 0 ? arena_printf(c->arena, " (estimated %.1f s)", st->est_seconds)
                                : "";
}

static void evidence_bool(finding_t *f, arena_t *a, const char *key, bool v)
{
    finding_evidence(f, a, key, v ? "true" : "false");
    f->evidence[f->nevidence - 1].is_number = true; /* renders unquoted */
}

static void evidence_opt(finding_t *f, arena_t *a, const char *key, const char *value)
{
    if (value)
        finding_evidence(f, a, key, value);
}

static finding_t *emit(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act,
                       mig_rule_t r, const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Appends the finding with the common evidence, unless the rule is suppressed. */
static finding_t *emit(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act,
                       mig_rule_t r, const char *fix, const char *fmt, ...)
{
    if (migration_ignored(c->mig, st, mig_rule_info[r].id))
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    const char *msg = arena_vprintf(c->arena, fmt, ap);
    va_end(ap);
    qm_loc_t loc = {.statement = st->index, .line = st->line, .column = st->column, .offset = -1};
    finding_t *f = report_add_finding(c->report, mig_rule_info[r].id,
                                      mig_rule_severity(r, st->est_seconds), loc, "%s", msg);
    evidence_opt(f, c->arena, "table", act && act->table ? act->table : st->table);
    evidence_opt(f, c->arena, "column", act ? act->column : NULL);
    finding_evidence(f, c->arena, "lock", lock_level_name(st->lock));
    evidence_bool(f, c->arena, "rewrites_table", st->rewrites_table);
    evidence_bool(f, c->arena, "scans_table", st->scans_table);
    if (st->est_seconds >= 0)
        finding_evidence_num(f, c->arena, "est_seconds", st->est_seconds);
    f->fix = fix;
    return f;
}

/* The key column for batched backfills: the single-column primary key, else id. */
static const char *batch_key(mig_rule_ctx_t *c, const char *table)
{
    const cat_table_t *t = catalog_table(c->catalog, NULL, table);
    return t && t->npk == 1 ? t->pk[0] : "id";
}

static const char *column_type(mig_rule_ctx_t *c, const char *table, const char *column)
{
    const cat_column_t *col = catalog_column(catalog_table(c->catalog, NULL, table), column);
    return col ? nz(col->type_text, col->type) : NULL;
}

/* A readable SQL name for a canonical integer type. */
static const char *sql_type(const char *type)
{
    static const struct { const char *canonical, *sql; } names[] = {
        {"int2", "smallint"}, {"int4", "integer"}, {"int8", "bigint"}};
    for (size_t i = 0; type && i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(type, names[i].canonical))
            return names[i].sql;
    return nz(type, "bigint");
}

/* The statement with " CONCURRENTLY" after its first word `keyword`. */
static const char *add_concurrently(mig_rule_ctx_t *c, const char *text, const char *keyword)
{
    size_t k = strlen(keyword);
    for (const char *p = text; (p = strcasestr(p, keyword)); p += k) {
        bool starts = p == text || p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t';
        bool ends = p[k] == ' ' || p[k] == '\n' || p[k] == '\t' || p[k] == '\0';
        if (starts && ends)
            return arena_printf(c->arena, "%.*s CONCURRENTLY%s", (int)(p + k - text), text,
                                p + k);
    }
    return text;
}

/* The four steps that set NOT NULL without a scan under ACCESS EXCLUSIVE. */
static void not_null_steps(mig_rule_ctx_t *c, sb_t *sb, const mig_action_t *act)
{
    const char *t = QT(c, act), *col = Q(c, act->column);
    const char *ck = Q(c, arena_printf(c->arena, "%s_%s_not_null", nz(act->table, "t"),
                                       nz(act->column, "c")));
    sb_addf(sb, "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;\n", t, ck,
            col);
    sb_addf(sb, "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n", t, ck);
    sb_addf(sb, "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;      -- no scan: the CHECK "
                "proves it\n", t, col);
    sb_addf(sb, "ALTER TABLE %s DROP CONSTRAINT %s;", t, ck);
}

static const mig_action_t *find_add_column(const mig_stmt_t *st, const char *column)
{
    for (int i = 0; column && i < st->nactions; i++)
        if (st->actions[i].kind == MA_ADD_COLUMN && st->actions[i].column &&
            !strcmp(st->actions[i].column, column))
            return &st->actions[i];
    return NULL;
}

/* ---- index rules -------------------------------------------------------------------- */

static void rule_create_index(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (act->concurrently || st->new_table)
        return;
    sb_t fix;
    sb_init(&fix, c->arena);
    sb_addf(&fix, "%s;", add_concurrently(c, st->text, "INDEX"));
    if (st->in_transaction)
        sb_add(&fix, "   -- outside any transaction block");
    if (act->name)
        sb_addf(&fix, "\n-- if it fails: DROP INDEX CONCURRENTLY %s; then run it again",
                Q(c, act->name));
    finding_t *f = emit(c, st, act, MR_CREATE_INDEX_NON_CONCURRENTLY, sb_str(&fix),
                        "CREATE %sINDEX on %s without CONCURRENTLY holds a SHARE lock for the "
                        "whole build: every INSERT, UPDATE and DELETE on %s waits%s",
                        act->unique ? "UNIQUE " : "", nz(act->table, "?"), nz(act->table, "?"),
                        est_text(c, st));
    if (f)
        evidence_opt(f, c->arena, "index", act->name);
}

static const char *concurrent_command(const mig_action_t *act)
{
    return act->kind == MA_CREATE_INDEX ? "CREATE INDEX"
           : act->kind == MA_DROP_INDEX ? "DROP INDEX" : "REINDEX";
}

static void rule_concurrently_in_tx(mig_rule_ctx_t *c, const mig_stmt_t *st,
                                    const mig_action_t *act)
{
    if (!act->concurrently || !st->in_transaction)
        return;
    const char *cmd = concurrent_command(act);
    const char *fix = arena_printf(c->arena,
                                   "-- in a migration of its own, with the tool's transaction "
                                   "switched off:\n%s;   -- no transaction around it", st->text);
    finding_t *f = emit(c, st, act, MR_CONCURRENTLY_IN_TRANSACTION, fix,
                        "%s CONCURRENTLY inside BEGIN … COMMIT fails: \"ERROR: %s CONCURRENTLY "
                        "cannot run inside a transaction block\"", cmd, cmd);
    if (f)
        evidence_opt(f, c->arena, "index", act->name);
}

static void rule_reindex(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (act->concurrently || st->new_table)
        return;
    bool system = act->detail && !strcmp(act->detail, "SYSTEM");
    const char *fix = system
        ? "-- REINDEX SYSTEM has no CONCURRENTLY: rebuild the affected indexes one by one "
          "with REINDEX INDEX CONCURRENTLY"
        : arena_printf(c->arena, "REINDEX %s CONCURRENTLY %s;%s", nz(act->detail, "INDEX"),
                       Q(c, act->name), c->mig->pg_version < 12
                           ? "   -- needs PostgreSQL 12; before that, pg_repack" : "");
    finding_t *f = emit(c, st, act, MR_REINDEX_NON_CONCURRENTLY, fix,
                        "REINDEX %s %s without CONCURRENTLY blocks writes to %s (SHARE) and "
                        "takes ACCESS EXCLUSIVE on each index it rebuilds, which stalls queries "
                        "planned on it%s",
                        nz(act->detail, "INDEX"), nz(act->name, ""),
                        nz(act->table, "each table"), est_text(c, st));
    bool index = !act->detail || !strcmp(act->detail, "INDEX");
    if (f)
        evidence_opt(f, c->arena, index ? "index" : "object", act->name);
}

/* ---- column rules ------------------------------------------------------------------- */

static void rule_volatile_default(mig_rule_ctx_t *c, const mig_stmt_t *st,
                                  const mig_action_t *act)
{
    if (act->serial || !act->has_default || !act->rewrites_table || st->new_table)
        return;
    const char *t = QT(c, act), *col = Q(c, act->column), *expr = nz(act->detail, "?");
    sb_t fix;
    sb_init(&fix, c->arena);
    sb_addf(&fix, "ALTER TABLE %s ADD COLUMN %s %s;\n", t, col, nz(act->type, "?"));
    sb_addf(&fix, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;\n", t, col, expr);
    sb_add(&fix, "-- backfill, one transaction per batch:\n");
    sb_addf(&fix, "UPDATE %s SET %s = %s WHERE %s BETWEEN 1 AND 10000 AND %s IS NULL;", t, col,
            expr, Q(c, batch_key(c, act->table)), col);
    if (act->not_null) {
        sb_add(&fix, "\n-- then NOT NULL without a long lock:\n");
        not_null_steps(c, &fix, act);
    }
    const char *why = act->default_volatile
        ? arena_printf(c->arena, "the volatile default %s", expr)
        : arena_printf(c->arena, "a default on PostgreSQL %d (before 11)", c->mig->pg_version);
    finding_t *f = emit(c, st, act, MR_ADD_COLUMN_VOLATILE_DEFAULT, sb_str(&fix),
                        "ADD COLUMN %s.%s with %s rewrites the whole table under an ACCESS "
                        "EXCLUSIVE lock: reads and writes wait%s",
                        nz(act->table, "?"), nz(act->column, "?"), why, est_text(c, st));
    if (f)
        evidence_opt(f, c->arena, "default", act->detail);
}

static void rule_serial_column(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (!act->serial || st->new_table)
        return;
    const char *t = QT(c, act), *col = Q(c, act->column);
    const char *seq_raw = arena_printf(c->arena, "%s_%s_seq", nz(act->table, "t"),
                                       nz(act->column, "c"));
    const char *seq = QS(c, act, seq_raw);
    sb_t fix;
    sb_init(&fix, c->arena);
    sb_addf(&fix, "CREATE SEQUENCE %s;\n", seq);
    sb_addf(&fix, "ALTER TABLE %s ADD COLUMN %s %s;\n", t, col, sql_type(act->type));
    sb_addf(&fix, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT nextval('%s');\n", t, col, seq);
    sb_addf(&fix, "ALTER SEQUENCE %s OWNED BY %s.%s;\n", seq, t, col);
    sb_add(&fix, "-- backfill by page range (a TID Range Scan), one transaction per batch:\n");
    sb_addf(&fix, "UPDATE %s SET %s = nextval('%s')\nWHERE %s IS NULL AND ctid >= '(0,0)'::tid "
                  "AND ctid < '(10000,0)'::tid;", t, col, seq, col);
    emit(c, st, act, MR_ADD_SERIAL_COLUMN, sb_str(&fix),
         "ADD COLUMN %s.%s of a serial or identity type gives every existing row its own "
         "sequence value: the whole table is rewritten under an ACCESS EXCLUSIVE lock%s",
         nz(act->table, "?"), nz(act->column, "?"), est_text(c, st));
}

static void rule_change_type(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (!act->rewrites_table || st->new_table)
        return;
    const char *t = QT(c, act), *col = Q(c, act->column);
    const char *tmp = Q(c, arena_printf(c->arena, "%s_new", nz(act->column, "c")));
    const char *old = Q(c, arena_printf(c->arena, "%s_old", nz(act->column, "c")));
    sb_t fix;
    sb_init(&fix, c->arena);
    sb_addf(&fix, "ALTER TABLE %s ADD COLUMN %s %s;\n", t, tmp, nz(act->type, "?"));
    sb_addf(&fix, "-- a trigger copies %s into %s on INSERT and UPDATE; backfill in batches:\n",
            col, tmp);
    sb_addf(&fix, "UPDATE %s SET %s = %s WHERE %s BETWEEN 1 AND 10000;\n", t, tmp,
            nz(act->detail, col), Q(c, batch_key(c, act->table)));
    sb_add(&fix, "-- then, in one short transaction:\nSET LOCAL lock_timeout = '2s';\n");
    sb_addf(&fix, "ALTER TABLE %s RENAME COLUMN %s TO %s;\n", t, col, old);
    sb_addf(&fix, "ALTER TABLE %s RENAME COLUMN %s TO %s;", t, tmp, col);
    /* without the old type (and with no USING) it may be a catalog-only change */
    bool known = act->old_type || act->detail;
    finding_t *f = emit(c, st, act, MR_CHANGE_COLUMN_TYPE, sb_str(&fix),
                        "ALTER COLUMN %s.%s TYPE %s%s%s %s under an ACCESS EXCLUSIVE lock%s: "
                        "reads and writes wait%s",
                        nz(act->table, "?"), nz(act->column, "?"), nz(act->type, "?"),
                        act->old_type ? " from " : "", nz(act->old_type, ""),
                        known ? "rewrites the table and rebuilds its indexes"
                              : "may rewrite the table and rebuild its indexes",
                        known ? ""
                        : c->catalog && c->catalog->loaded
                            ? " (the schema given does not have the column's old type)"
                            : " (the old type is unknown without --schema or --db)",
                        est_text(c, st));
    if (f) {
        evidence_opt(f, c->arena, "old_type", act->old_type);
        evidence_opt(f, c->arena, "new_type", act->type);
    }
}

static void rule_set_not_null(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (!act->scans_table || st->new_table)
        return;
    sb_t fix;
    sb_init(&fix, c->arena);
    not_null_steps(c, &fix, act);
    emit(c, st, act, MR_SET_NOT_NULL_SCANS, sb_str(&fix),
         "SET NOT NULL on %s.%s scans the whole table for NULLs under an ACCESS EXCLUSIVE "
         "lock: reads and writes wait%s",
         nz(act->table, "?"), nz(act->column, "?"), est_text(c, st));
}

static void rule_rename_column(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (st->new_table)
        return;
    const char *t = QT(c, act), *from = Q(c, act->column), *to = Q(c, act->name);
    const char *type = column_type(c, act->table, act->column);
    sb_t fix;
    sb_init(&fix, c->arena);
    sb_addf(&fix, "ALTER TABLE %s ADD COLUMN %s %s;\n", t, to,
            type ? type : arena_printf(c->arena, "<type of %s>", from));
    sb_add(&fix, "-- release 1: write both columns; backfill in batches:\n");
    sb_addf(&fix, "UPDATE %s SET %s = %s WHERE %s BETWEEN 1 AND 10000 AND %s IS NULL;\n", t, to,
            from, Q(c, batch_key(c, act->table)), to);
    sb_addf(&fix, "-- release 2: read %s only; later migration:\n", to);
    sb_addf(&fix, "ALTER TABLE %s DROP COLUMN %s;", t, from);
    emit(c, st, act, MR_RENAME_COLUMN, sb_str(&fix),
         "RENAME COLUMN %s.%s to %s breaks every running application instance that still uses "
         "the old name",
         nz(act->table, "?"), nz(act->column, "?"), nz(act->name, "?"));
}

static void rule_drop_column(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (st->new_table)
        return;
    const char *fix = arena_printf(c->arena,
                                   "-- in a later release, once no code uses it:\n"
                                   "SET lock_timeout = '2s';\nALTER TABLE %s DROP COLUMN %s;",
                                   QT(c, act), Q(c, act->column));
    emit(c, st, act, MR_DROP_COLUMN, fix,
         "DROP COLUMN %s.%s deletes its data for good, and instances that still read or write "
         "it fail at once",
         nz(act->table, "?"), nz(act->column, "?"));
}

/* ---- constraint rules --------------------------------------------------------------- */

static const char *validate_steps(mig_rule_ctx_t *c, const mig_stmt_t *st,
                                  const mig_action_t *act)
{
    const char *t = QT(c, act), *name = Q(c, act->name);
    sb_t fix;
    sb_init(&fix, c->arena);
    const mig_action_t *add = find_add_column(st, act->column);
    if (add)
        sb_addf(&fix, "ALTER TABLE %s ADD COLUMN %s %s;\n", t, Q(c, add->column),
                nz(add->type, "?"));
    sb_addf(&fix, "ALTER TABLE %s ADD CONSTRAINT %s %s NOT VALID;\n", t, name,
            nz(act->detail, "?"));
    sb_addf(&fix, "ALTER TABLE %s VALIDATE CONSTRAINT %s;   -- separate transaction", t, name);
    return sb_str(&fix);
}

static void rule_foreign_key(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (act->not_valid || st->new_table)
        return;
    finding_t *f = emit(c, st, act, MR_ADD_FOREIGN_KEY_VALIDATES, validate_steps(c, st, act),
                        "ADD FOREIGN KEY %s on %s checks every existing row against %s while "
                        "holding SHARE ROW EXCLUSIVE on both tables: writes to both wait%s",
                        nz(act->name, ""), nz(act->table, "?"), nz(act->ref_table, "?"),
                        est_text(c, st));
    if (f) {
        evidence_opt(f, c->arena, "referenced_table", act->ref_table);
        evidence_opt(f, c->arena, "constraint", act->name);
    }
}

static void rule_check(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (act->not_valid || st->new_table)
        return;
    finding_t *f = emit(c, st, act, MR_ADD_CHECK_VALIDATES, validate_steps(c, st, act),
                        "ADD CONSTRAINT %s %s on %s scans the whole table under an ACCESS "
                        "EXCLUSIVE lock: reads and writes wait%s",
                        nz(act->name, ""), nz(act->detail, "CHECK"), nz(act->table, "?"),
                        est_text(c, st));
    if (f)
        evidence_opt(f, c->arena, "constraint", act->name);
}

static void rule_unique_or_pk(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (act->using_index || st->new_table)
        return;
    bool pk = act->kind == MA_ADD_PRIMARY_KEY;
    const char *t = QT(c, act), *name = Q(c, act->name), *kw = pk ? "PRIMARY KEY" : "UNIQUE";
    sb_t fix;
    sb_init(&fix, c->arena);
    if (pk)
        sb_add(&fix, "-- the key columns NOT NULL first, without a scan (see set-not-null-scans)\n");
    sb_addf(&fix, "CREATE UNIQUE INDEX CONCURRENTLY %s ON %s %s;\n", name, t, nz(act->detail, "()"));
    sb_addf(&fix, "ALTER TABLE %s ADD CONSTRAINT %s %s USING INDEX %s;", t, name, kw, name);
    finding_t *f = emit(c, st, act, pk ? MR_ADD_PRIMARY_KEY_BLOCKS
                                       : MR_ADD_UNIQUE_CONSTRAINT_BLOCKS, sb_str(&fix),
                        "ADD %s %s on %s builds its index under an ACCESS EXCLUSIVE lock: reads "
                        "and writes wait for the whole build%s",
                        kw, nz(act->detail, ""), nz(act->table, "?"), est_text(c, st));
    if (f)
        evidence_opt(f, c->arena, "constraint", act->name);
}

/* ---- table rules -------------------------------------------------------------------- */

static void rule_rename_table(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (st->new_table)
        return;
    const char *from = QT(c, act), *to = Q(c, act->name);
    const char *fix = arena_printf(c->arena,
                                   "BEGIN;\nSET LOCAL lock_timeout = '2s';\n"
                                   "ALTER TABLE %s RENAME TO %s;\n"
                                   "CREATE VIEW %s AS SELECT * FROM %s;\nCOMMIT;",
                                   from, to, from, QS(c, act, nz(act->name, "?")));
    emit(c, st, act, MR_RENAME_TABLE, fix,
         "RENAME TABLE %s to %s makes every query still using the old name fail with "
         "\"relation does not exist\"",
         nz(act->table, "?"), nz(act->name, "?"));
}

static void rule_drop_table(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (st->new_table)
        return;
    const char *t = QT(c, act);
    const char *retired = arena_printf(c->arena, "%s_retired", nz(act->table, "t"));
    const char *fix = arena_printf(c->arena,
                                   "SET lock_timeout = '2s';\nALTER TABLE %s RENAME TO %s;\n"
                                   "-- a later migration, after a verified backup:\n"
                                   "DROP TABLE %s;",
                                   t, Q(c, retired), QS(c, act, retired));
    emit(c, st, act, MR_DROP_TABLE, fix,
         "DROP TABLE %s deletes its data for good (only a backup brings it back) and takes "
         "ACCESS EXCLUSIVE on it and on the tables it references",
         nz(act->table, "?"));
}

static void rule_vacuum_full(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (st->new_table)
        return;
    const char *fix = act->table
        ? arena_printf(c->arena, "VACUUM (VERBOSE, ANALYZE) %s;\n-- to shrink the files online "
                                 "(shell): pg_repack --table=%s <database>",
                       QT(c, act), QT(c, act))
        : "VACUUM (VERBOSE, ANALYZE);\n-- to shrink bloated tables online (shell): pg_repack";
    emit(c, st, act, MR_VACUUM_FULL, fix,
         "VACUUM FULL %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock: "
         "nothing can read or write it until it finishes%s",
         nz(act->table, "(every table)"), est_text(c, st));
}

/* The key columns of an index the catalog knows, "a,b", else NULL. */
static const char *index_columns(mig_rule_ctx_t *c, const char *table, const char *index)
{
    const cat_table_t *t = catalog_table(c->catalog, NULL, table);
    for (int i = 0; t && index && i < t->nindexes; i++) {
        const cat_index_t *ix = t->indexes[i];
        if (strcmp(ix->name, index))
            continue;
        sb_t sb;
        sb_init(&sb, c->arena);
        for (int k = 0; k < ix->nkeys; k++)
            sb_addf(&sb, "%s%s", k ? "," : "", nz(ix->keys[k].column, ix->keys[k].expr));
        return sb_str(&sb);
    }
    return NULL;
}

static void rule_cluster(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act)
{
    if (st->new_table)
        return;
    const char *cols = index_columns(c, act->table, act->name);
    const char *fix = arena_printf(c->arena, "-- (shell) pg_repack --table=%s --order-by=%s "
                                             "<database>",
                                   nz(act->table, "<table>"), nz(cols, "<index columns>"));
    finding_t *f = emit(c, st, act, MR_CLUSTER_TABLE, fix,
                        "CLUSTER %s rewrites the table in index order under an ACCESS EXCLUSIVE "
                        "lock: reads and writes wait for the whole rewrite%s",
                        nz(act->table, "(every clustered table)"), est_text(c, st));
    if (f)
        evidence_opt(f, c->arena, "index", act->name);
}

/* ---- missing-lock-timeout ------------------------------------------------------------ */

typedef struct {
    const char *file;    /* the file being read */
    bool reported;       /* missing-lock-timeout already reported in it */
} timeout_state_t;

/* The action with the strongest lock that blocks reads or writes of a table
 * others use: any table but one created earlier in this file, and always the
 * table a foreign key references. NULL when the statement queues nobody. */
static const mig_action_t *queueing_action(const mig_stmt_t *st)
{
    const mig_action_t *best = NULL;
    for (int i = 0; i < st->nactions; i++) {
        const mig_action_t *act = &st->actions[i];
        bool shared = act->kind == MA_LOCK_REFERENCED || !st->new_table;
        if (shared && (lock_blocks_reads(act->lock) || lock_blocks_writes(act->lock)) &&
            (!best || act->lock > best->lock))
            best = act;
    }
    return best;
}

static void rule_missing_lock_timeout(mig_rule_ctx_t *c, const mig_stmt_t *st,
                                      timeout_state_t *ts)
{
    const char *file = nz(st->file, "");
    if (!ts->file || strcmp(ts->file, file)) {
        ts->file = file;
        ts->reported = false;
    }
    const mig_action_t *locking = queueing_action(st);
    if (ts->reported || st->lock_timeout_set || !locking)
        return;
    const char *fix = arena_printf(c->arena,
                                   "SET lock_timeout = '2s';\nSET statement_timeout = '30s';\n"
                                   "%s;   -- on a lock timeout: retry later", st->text);
    const char *table = locking->table ? locking->table : st->table;
    mig_action_t on = {.table = table}; /* evidence names the table locked, and no column */
    if (emit(c, st, &on, MR_MISSING_LOCK_TIMEOUT, fix,
             "statement %d needs %s on %s and no lock_timeout is set before it: while it waits "
             "for the lock, every later query on the table queues behind it",
             st->index, lock_level_name(locking->lock), nz(table, "its table")))
        ts->reported = true;
}

/* ---- dispatch ------------------------------------------------------------------------ */

typedef void (*action_rule_fn)(mig_rule_ctx_t *c, const mig_stmt_t *st, const mig_action_t *act);

static const struct {
    mig_action_kind_t kind;
    action_rule_fn fn;
} action_rules[] = {
    {MA_CREATE_INDEX, rule_create_index},
    {MA_CREATE_INDEX, rule_concurrently_in_tx},
    {MA_DROP_INDEX, rule_concurrently_in_tx},
    {MA_REINDEX, rule_concurrently_in_tx},
    {MA_REINDEX, rule_reindex},
    {MA_ADD_COLUMN, rule_volatile_default},
    {MA_ADD_COLUMN, rule_serial_column},
    {MA_ALTER_COLUMN_TYPE, rule_change_type},
    {MA_ADD_FOREIGN_KEY, rule_foreign_key},
    {MA_ADD_CHECK, rule_check},
    {MA_SET_NOT_NULL, rule_set_not_null},
    {MA_ADD_UNIQUE, rule_unique_or_pk},
    {MA_ADD_PRIMARY_KEY, rule_unique_or_pk},
    {MA_RENAME_COLUMN, rule_rename_column},
    {MA_RENAME_TABLE, rule_rename_table},
    {MA_DROP_COLUMN, rule_drop_column},
    {MA_DROP_TABLE, rule_drop_table},
    {MA_VACUUM_FULL, rule_vacuum_full},
    {MA_CLUSTER, rule_cluster},
};

void migration_rules_run(mig_rule_ctx_t *c)
{
    timeout_state_t ts = {0};
    for (int i = 0; c->mig && i < c->mig->nstmts; i++) {
        const mig_stmt_t *st = &c->mig->stmts[i];
        rule_missing_lock_timeout(c, st, &ts);
        for (int k = 0; k < st->nactions; k++)
            for (size_t r = 0; r < sizeof(action_rules) / sizeof(action_rules[0]); r++)
                if (action_rules[r].kind == st->actions[k].kind)
                    action_rules[r].fn(c, st, &st->actions[k]);
    }
}
