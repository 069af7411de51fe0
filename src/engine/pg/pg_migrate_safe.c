/* pg_migrate_safe.c — the safe rewrite of a migration (contract in pg_migrate_safe.h).
 *
 * One pass over the statements. Output goes to two builders: `out`, the file in
 * order, and `after`, the steps that must not run inside the file's BEGIN … COMMIT
 * (CONCURRENTLY commands, VALIDATE CONSTRAINT, batched backfills), written right
 * after its COMMIT. A statement's own text goes to `now` (normally `out`); its
 * later steps go to `later()`, which is `after` inside a transaction and `now`
 * outside one. A table of action kinds says when an action needs rewriting,
 * which rule that answers (so `-- dbagent:ignore RULE` keeps the statement), why,
 * and how to write it.
 *
 * Order. Moving steps after the COMMIT must not move them past a statement that
 * depends on them, or that they depend on: once a statement of the block has
 * steps after the COMMIT, a later statement of the block that shares a relation
 * with it (its table, a table it references, an index) and either acts on that
 * table as a whole (renames or drops it, locks it…) or uses a name one of the two
 * changes or creates (a column dropped, renamed or retyped; an index or
 * constraint) is moved after the COMMIT as well, behind those steps, and becomes
 * one that others may depend on in turn. The statement that records the
 * migration's version stays where it was. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/sb.h"
#include "engine/pg/pg_migrate_safe.h"
#include "engine/pg/pg_tree.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

enum { BATCH_ROWS = 10000 };

typedef struct {
    arena_t *a;
    const migration_t *m;
    int index;            /* the statement being written, in m->stmts */
    sb_t out, after;
    sb_t *now;            /* where the statement being written goes: out, or after */
    bool in_txn;          /* the statement runs between the file's BEGIN and COMMIT */
    bool moved;           /* the statement was moved after the COMMIT behind others' steps */
    bool session_timeout; /* a lock_timeout set for the session (not SET LOCAL) is in force */
    /* the statements of the current block that have steps after its COMMIT */
    const mig_stmt_t **movers; int nmovers, movers_cap;
} safe_t;

typedef struct kind_row kind_row_t;
struct kind_row {
    mig_action_kind_t kind;
    const char *rule;     /* the rule the rewrite answers; NULL: none */
    const char *why;      /* the `-- line N:` comment */
    bool (*needs)(const safe_t *s, const mig_action_t *x);
    void (*rewrite)(safe_t *s, const mig_stmt_t *st, const mig_action_t *x, const kind_row_t *k);
};

/* ---- text helpers -------------------------------------------------------------- */

/* Steps that cannot run in a transaction block go after the file's COMMIT. */
static sb_t *later(safe_t *s)
{
    return s->in_txn ? &s->after : s->now;
}

static const char *qi(safe_t *s, const char *ident)
{
    return pgt_quote_ident(s->a, ident);
}

/* [schema.]name, each part quoted as PostgreSQL needs. */
static const char *qrel(safe_t *s, const char *schema, const char *name)
{
    return schema ? arena_printf(s->a, "%s.%s", qi(s, schema), qi(s, name)) : qi(s, name);
}

/* The action's table as the migration wrote it: with its schema, if it had one. */
static const char *qtable(safe_t *s, const mig_action_t *x)
{
    return qrel(s, x->schema, x->table);
}

/* The column names of "a, b", each quoted (when quote) and joined with sep. */
static const char *column_list(safe_t *s, const char *list, const char *sep, bool quote)
{
    sb_t sb;
    sb_init(&sb, s->a);
    for (const char *p = list; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ","), len = n;
        while (len && p[len - 1] == ' ')
            len--;
        if (len) {
            const char *col = arena_strndup(s->a, p, len);
            sb_addf(&sb, "%s%s", sb.len ? sep : "", quote ? qi(s, col) : col);
        }
        p += n;
    }
    return sb_str(&sb);
}

/* The statement's own text, ending in exactly one ";\n". */
static void add_text(sb_t *sb, const char *text)
{
    size_t n = strlen(text);
    while (n && (isspace((unsigned char)text[n - 1]) || text[n - 1] == ';'))
        n--;
    sb_addn(sb, text, n);
    sb_add(sb, ";\n");
}

static void why(sb_t *sb, const mig_stmt_t *st, const char *text)
{
    sb_addf(sb, "-- line %d: %s\n", st->line, text);
}

/* Offset just past the first of words in text (a whole word, any case, outside
 * quotes and comments), or -1. */
static long keyword_end(const char *text, const char *const *words)
{
    for (const char *p = text; *p;) {
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            p += strcspn(p, q == '"' ? "\"" : "'");
            p += *p != '\0';
        } else if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (isalpha((unsigned char)*p) || *p == '_') {
            const char *w = p;
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
                p++;
            for (const char *const *k = words; *k; k++)
                if (strlen(*k) == (size_t)(p - w) && !strncasecmp(w, *k, strlen(*k)))
                    return p - text;
        } else {
            p++;
        }
    }
    return -1;
}

/* The index command's text with CONCURRENTLY after INDEX (REINDEX: after its
 * object kind); NULL when the keyword is not found. */
static const char *add_concurrently(safe_t *s, const char *text, mig_action_kind_t kind)
{
    static const char *const index_word[] = {"INDEX", NULL};
    static const char *const reindex_words[] = {"INDEX", "TABLE", "SCHEMA", "DATABASE", "SYSTEM",
                                                NULL};
    long at = keyword_end(text, kind == MA_REINDEX ? reindex_words : index_word);
    if (at < 0)
        return NULL;
    return arena_printf(s->a, "%.*s CONCURRENTLY%s", (int)at, text, text + at);
}

/* ---- shared steps ----------------------------------------------------------------- */

/* A commented DO loop setting `set` on BATCH_ROWS rows at a time while pending holds. */
static void backfill(sb_t *sb, const char *table, const char *set, const char *pending)
{
    sb_add(sb, "-- backfill in batches, outside a transaction block (COMMIT in DO: PG 11+):\n"
               "-- DO $$\n-- DECLARE n bigint;\n-- BEGIN\n--   LOOP\n");
    sb_addf(sb, "--     UPDATE %s SET %s\n", table, set);
    sb_addf(sb, "--     WHERE ctid IN (SELECT ctid FROM %s WHERE %s LIMIT %d);\n", table, pending,
            BATCH_ROWS);
    sb_add(sb, "--     GET DIAGNOSTICS n = ROW_COUNT;\n--     EXIT WHEN n = 0;\n"
               "--     COMMIT;\n--   END LOOP;\n-- END $$;\n");
}

typedef struct {
    const char *table, *column, *check; /* quoted */
} not_null_t;

static not_null_t not_null_names(safe_t *s, const mig_action_t *x)
{
    const char *check = arena_printf(s->a, "%s_%s_not_null", x->table, x->column);
    return (not_null_t){qtable(s, x), qi(s, x->column), qi(s, check)};
}

/* Step 1: the CHECK, NOT VALID (brief lock). pfx is "" or "-- ". */
static void not_null_check(sb_t *sb, const char *pfx, const not_null_t *n)
{
    sb_addf(sb, "%sALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;\n", pfx,
            n->table, n->check, n->column);
}

/* Steps 2–4: validate without blocking, SET NOT NULL without a scan, drop the CHECK.
 * Before PG 12 SET NOT NULL scans regardless, so the validated CHECK stays instead. */
static void not_null_finish(safe_t *s, sb_t *sb, const char *pfx, const not_null_t *n)
{
    sb_addf(sb, "%sALTER TABLE %s VALIDATE CONSTRAINT %s;\n", pfx, n->table, n->check);
    if (s->m->pg_version && s->m->pg_version < 12) {
        sb_addf(sb, "-- before PG 12 SET NOT NULL scans even with the CHECK: keep the CHECK\n"
                    "-- ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;\n", n->table, n->column);
        return;
    }
    sb_addf(sb, "%sALTER TABLE %s ALTER COLUMN %s SET NOT NULL;\n", pfx, n->table, n->column);
    sb_addf(sb, "%sALTER TABLE %s DROP CONSTRAINT %s;\n", pfx, n->table, n->check);
}

/* How the new column gets its value: in the sync trigger (from NEW's columns) and
 * in the backfill (from the row's). */
typedef struct {
    const char *row;      /* "NEW.c::int8", "new.c::numeric / 100" */
    const char *fill;     /* "c::int8", "c::numeric / 100" */
} sync_value_t;

/* The value of a type change: the USING expression when there is one (its row
 * form, columns as NEW.col, comes from the lowering), else a cast. */
static sync_value_t type_change_value(safe_t *s, const mig_action_t *x, const char *type)
{
    const char *o = qi(s, x->column);
    if (x->detail)
        return (sync_value_t){x->row_detail, x->detail};
    return (sync_value_t){arena_printf(s->a, "NEW.%s::%s", o, type),
                          arena_printf(s->a, "%s::%s", o, type)};
}

/* The sync trigger and its function, both <table>_<column>_sync, quoted. The
 * function lives in the table's schema; a trigger's name cannot be qualified. */
typedef struct {
    const char *function, *trigger;
} sync_names_t;

/* Commented expand steps: a new column kept in sync by a trigger, then backfilled.
 * Returns the names the contract steps drop. */
static sync_names_t expand_steps(safe_t *s, sb_t *sb, const mig_action_t *x, const char *new_col,
                                 const char *type, sync_value_t v)
{
    const char *t = qtable(s, x), *o = qi(s, x->column), *n = qi(s, new_col);
    const char *name = arena_printf(s->a, "%s_%s_sync", x->table, x->column);
    sync_names_t sync = {qrel(s, x->schema, name), qi(s, name)};
    const char *f = sync.function;
    const char *row = v.row;
    if (!row) { /* a USING expression the lowering could not write per row */
        sb_addf(sb, "-- (the trigger applies USING %s to NEW's columns)\n", v.fill);
        row = arena_printf(s->a, "NEW.%s::%s", o, type);
    }
    sb_addf(sb, "-- ALTER TABLE %s ADD COLUMN %s %s;\n", t, n, type);
    sb_addf(sb, "-- keep %s in sync while the application writes %s:\n", n, o);
    sb_addf(sb, "-- CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $f$\n"
                "--   BEGIN NEW.%s := %s; RETURN NEW; END $f$;\n", f, n, row);
    sb_addf(sb, "-- CREATE TRIGGER %s BEFORE INSERT OR UPDATE ON %s\n"
                "--   FOR EACH ROW EXECUTE FUNCTION %s();\n", sync.trigger, t, f);
    backfill(sb, t, arena_printf(s->a, "%s = %s", n, v.fill),
             arena_printf(s->a, "%s IS NULL AND %s IS NOT NULL", n, o));
    return sync;
}

static const char *constraint_name(safe_t *s, const mig_action_t *x, const char *suffix)
{
    if (x->name)
        return x->name;
    if (!strcmp(suffix, "pkey") || !x->column) /* PostgreSQL's own default names */
        return arena_printf(s->a, "%s_%s", x->table, suffix);
    return arena_printf(s->a, "%s_%s_%s", x->table, column_list(s, x->column, "_", false),
                        suffix);
}

static const char *constraint_body(safe_t *s, const mig_action_t *x)
{
    if (x->kind == MA_ADD_CHECK) /* the lowering writes "CHECK (expr)"; bare expr accepted */
        return strncasecmp(x->detail, "CHECK", 5) ? arena_printf(s->a, "CHECK (%s)", x->detail)
                                                   : x->detail;
    if (x->detail)
        return x->detail;
    return arena_printf(s->a, "FOREIGN KEY (%s) REFERENCES %s", column_list(s, x->column, ", ", true),
                        qrel(s, x->ref_schema, x->ref_table));
}

/* ---- rewrites, one per kind ------------------------------------------------------------ */

static void rw_index(safe_t *s, const mig_stmt_t *st, const mig_action_t *x, const kind_row_t *k)
{
    const char *sql = x->concurrently ? st->text : add_concurrently(s, st->text, x->kind);
    if (!sql) {
        add_text(s->now, st->text);
        return;
    }
    const char *text = x->concurrently ? "" : k->why;
    if (s->in_txn)
        text = arena_printf(s->a, "%s%smoved after the COMMIT: CONCURRENTLY cannot run in a "
                                  "transaction block", text, *text ? "; " : "");
    why(later(s), st, text);
    add_text(later(s), sql);
}

static void rw_not_valid(safe_t *s, const mig_stmt_t *st, const mig_action_t *x,
                         const kind_row_t *k)
{
    const char *t = qtable(s, x);
    const char *n = qi(s, constraint_name(s, x, x->kind == MA_ADD_CHECK ? "check" : "fkey"));
    why(s->now, st, k->why);
    sb_addf(s->now, "ALTER TABLE %s ADD CONSTRAINT %s %s NOT VALID;\n", t, n,
            constraint_body(s, x));
    if (s->in_txn)
        why(&s->after, st, "VALIDATE after the COMMIT, in a transaction of its own");
    sb_addf(later(s), "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n", t, n);
}

static void rw_set_not_null(safe_t *s, const mig_stmt_t *st, const mig_action_t *x,
                            const kind_row_t *k)
{
    not_null_t n = not_null_names(s, x);
    why(s->now, st, k->why);
    not_null_check(s->now, "", &n);
    if (s->in_txn)
        why(&s->after, st, "validate and SET NOT NULL after the COMMIT");
    not_null_finish(s, later(s), "", &n);
}

static void rw_unique(safe_t *s, const mig_stmt_t *st, const mig_action_t *x, const kind_row_t *k)
{
    bool pk = x->kind == MA_ADD_PRIMARY_KEY;
    const char *t = qtable(s, x), *n = qi(s, constraint_name(s, x, pk ? "pkey" : "key"));
    sb_t *sb = later(s);
    why(sb, st, s->in_txn ? arena_printf(s->a, "%s; after the COMMIT", k->why) : k->why);
    const char *keys = x->detail ? x->detail /* "(a, b)", quoted by the lowering */
                                 : arena_printf(s->a, "(%s)", column_list(s, x->column, ", ", true));
    sb_addf(sb, "CREATE UNIQUE INDEX CONCURRENTLY %s ON %s %s;\n", n, t, keys);
    sb_addf(sb, "ALTER TABLE %s ADD CONSTRAINT %s %s USING INDEX %s;\n", t, n,
            pk ? "PRIMARY KEY" : "UNIQUE", n);
}

static void rw_volatile_default(safe_t *s, const mig_stmt_t *st, const mig_action_t *x,
                                const kind_row_t *k)
{
    const char *t = qtable(s, x), *c = qi(s, x->column);
    why(s->now, st, k->why);
    sb_addf(s->now, "ALTER TABLE %s ADD COLUMN %s %s;\n", t, c, x->type);
    sb_addf(s->now, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;\n", t, c, x->detail);
    sb_t *sb = later(s);
    if (s->in_txn)
        why(sb, st, "backfill after the COMMIT");
    backfill(sb, t, arena_printf(s->a, "%s = %s", c, x->detail), arena_printf(s->a, "%s IS NULL", c));
    if (!x->not_null)
        return;
    not_null_t n = not_null_names(s, x);
    sb_add(sb, "-- then NOT NULL without a long lock (see set-not-null-scans):\n");
    not_null_check(sb, "-- ", &n);
    not_null_finish(s, sb, "-- ", &n);
}

/* Without the old type (no catalog) and without USING, the change may be one
 * of the catalog-only ones: say "may", not "does". */
static const char *type_change_why(safe_t *s, const mig_action_t *x, const kind_row_t *k)
{
    if (x->old_type || x->detail)
        return k->why;
    return arena_printf(s->a, "changing the type may rewrite the table under ACCESS EXCLUSIVE "
                              "(the old type of %s is not known); expand and contract instead:",
                        qi(s, x->column));
}

static void rw_type(safe_t *s, const mig_stmt_t *st, const mig_action_t *x, const kind_row_t *k)
{
    sb_t *sb = s->now;
    const char *t = qtable(s, x), *o = qi(s, x->column);
    const char *newc = arena_printf(s->a, "%s_new", x->column);
    const char *old = qi(s, arena_printf(s->a, "%s_old", x->column));
    why(sb, st, type_change_why(s, x, k));
    sync_names_t f = expand_steps(s, sb, x, newc, x->type, type_change_value(s, x, x->type));
    sb_addf(sb, "-- build %s's indexes and constraints (CONCURRENTLY, NOT VALID), then swap the "
                "names in one short transaction:\n", qi(s, newc));
    sb_addf(sb, "-- BEGIN;\n-- SET LOCAL lock_timeout = '2s';\n-- DROP TRIGGER %s ON %s;\n",
            f.trigger, t);
    sb_addf(sb, "-- ALTER TABLE %s RENAME COLUMN %s TO %s;\n", t, o, old);
    sb_addf(sb, "-- ALTER TABLE %s RENAME COLUMN %s TO %s;\n-- COMMIT;\n", t, qi(s, newc), o);
    sb_addf(sb, "-- DROP FUNCTION %s();\n-- once nothing reads it: ALTER TABLE %s DROP COLUMN %s;\n",
            f.function, t, old);
}

/* The first statement after the one being written that uses x's new column name
 * on x's table, else NULL. */
static const mig_stmt_t *uses_new_name(const safe_t *s, const mig_action_t *x)
{
    for (int i = s->index + 1; i < s->m->nstmts; i++) {
        const mig_stmt_t *st = &s->m->stmts[i];
        if (mig_stmt_names_relation(st, x->table) && mig_stmt_names(st, x->name)) /* short first */
            return st;
    }
    return NULL;
}

/* A rename that later statements of the migration rely on: commenting it out
 * would break them, so it stays, with the warning. */
static void keep_rename_column(safe_t *s, const mig_stmt_t *st, const mig_action_t *x,
                               const mig_stmt_t *user)
{
    bool elsewhere = user->file && st->file && strcmp(user->file, st->file);
    const char *where = elsewhere ? arena_printf(s->a, "line %d of %s", user->line, user->file)
                                  : arena_printf(s->a, "line %d", user->line);
    why(s->now, st, arena_printf(s->a, "kept: %s uses the new name %s; a rename breaks "
                                       "running code that uses the old one, so deploy code "
                                       "that works with both names before this runs",
                                 where, qi(s, x->name)));
    if (st->nactions == 1)
        add_text(s->now, st->text);
    else
        sb_addf(s->now, "ALTER TABLE %s RENAME COLUMN %s TO %s;\n", qtable(s, x),
                qi(s, x->column), qi(s, x->name));
}

static void rw_rename_column(safe_t *s, const mig_stmt_t *st, const mig_action_t *x,
                             const kind_row_t *k)
{
    const mig_stmt_t *user = uses_new_name(s, x);
    if (user) {
        keep_rename_column(s, st, x, user);
        return;
    }
    sb_t *sb = s->now;
    const char *t = qtable(s, x), *o = qi(s, x->column);
    const char *type = x->old_type ? x->old_type : arena_printf(s->a, "<type of %s>", o);
    why(sb, st, k->why);
    sync_names_t f = expand_steps(s, sb, x, x->name, type,
                                  (sync_value_t){arena_printf(s->a, "NEW.%s", o), o});
    sb_addf(sb, "-- release 1 writes both columns; release 2 reads %s only; then, in a later "
                "migration:\n", qi(s, x->name));
    sb_addf(sb, "-- DROP TRIGGER %s ON %s;\n-- DROP FUNCTION %s();\n", f.trigger, t, f.function);
    sb_addf(sb, "-- ALTER TABLE %s DROP COLUMN %s;\n", t, qi(s, x->column));
}

/* The rename and the view in one transaction, so that no query sees neither.
 * Moved after the file's COMMIT, they get a transaction of their own. */
static void rw_rename_table(safe_t *s, const mig_stmt_t *st, const mig_action_t *x,
                            const kind_row_t *k)
{
    why(s->now, st, k->why);
    if (s->moved)
        sb_add(s->now, "BEGIN;\n");
    add_text(s->now, st->text);
    sb_addf(s->now, "CREATE VIEW %s AS SELECT * FROM %s;\n", qtable(s, x),
            qrel(s, x->schema, x->name));
    if (s->moved)
        sb_add(s->now, "COMMIT;\n");
}

/* ---- when to rewrite ------------------------------------------------------------------- */

static bool needs_index(const safe_t *s, const mig_action_t *x)
{
    return !x->concurrently || s->in_txn;
}

static bool needs_constraint(const safe_t *s, const mig_action_t *x)
{
    (void)s;
    return !x->not_valid && x->table &&
           (x->kind == MA_ADD_CHECK ? x->detail != NULL : x->detail || (x->column && x->ref_table));
}

static bool needs_column(const safe_t *s, const mig_action_t *x)
{
    (void)s;
    return x->table && x->column;
}

static bool needs_unique(const safe_t *s, const mig_action_t *x)
{
    (void)s;
    return !x->using_index && x->table && (x->column || x->detail);
}

/* scans_table is false when a validated CHECK (col IS NOT NULL) already proves it. */
static bool needs_not_null(const safe_t *s, const mig_action_t *x)
{
    return x->scans_table && needs_column(s, x);
}

static bool needs_volatile(const safe_t *s, const mig_action_t *x)
{
    return x->has_default && x->default_volatile && x->type && x->detail && needs_column(s, x);
}

static bool needs_type(const safe_t *s, const mig_action_t *x)
{
    return x->rewrites_table && x->type && needs_column(s, x);
}

static bool needs_rename(const safe_t *s, const mig_action_t *x)
{
    (void)s;
    return x->name && x->table && (x->kind == MA_RENAME_TABLE || x->column);
}

static const kind_row_t kinds[] = {
    {MA_CREATE_INDEX, "create-index-non-concurrently",
     "CONCURRENTLY lets writes continue while the index builds", needs_index, rw_index},
    {MA_DROP_INDEX, NULL, "CONCURRENTLY waits for running queries instead of blocking the table",
     needs_index, rw_index},
    {MA_REINDEX, "reindex-non-concurrently",
     "CONCURRENTLY lets writes continue while the index is rebuilt (PG 12+)", needs_index,
     rw_index},
    {MA_ADD_FOREIGN_KEY, "add-foreign-key-validates",
     "NOT VALID takes a brief lock; VALIDATE checks existing rows without blocking writes",
     needs_constraint, rw_not_valid},
    {MA_ADD_CHECK, "add-check-validates",
     "NOT VALID takes a brief lock; VALIDATE checks existing rows without blocking reads or writes",
     needs_constraint, rw_not_valid},
    {MA_SET_NOT_NULL, "set-not-null-scans",
     "a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its full-table scan (PG 12+)",
     needs_not_null, rw_set_not_null},
    {MA_ADD_UNIQUE, "add-unique-constraint-blocks",
     "build the unique index CONCURRENTLY, then attach it with a brief lock", needs_unique,
     rw_unique},
    {MA_ADD_PRIMARY_KEY, "add-primary-key-blocks",
     "build the unique index CONCURRENTLY, then attach it with a brief lock (its columns must "
     "already be NOT NULL: see set-not-null-scans)", needs_unique, rw_unique},
    {MA_ADD_COLUMN, "add-column-volatile-default",
     "a volatile default rewrites the table; add the column bare, default new rows, backfill "
     "old ones in batches", needs_volatile, rw_volatile_default},
    {MA_ALTER_COLUMN_TYPE, "change-column-type",
     "changing the type rewrites the table under ACCESS EXCLUSIVE; expand and contract instead:",
     needs_type, rw_type},
    {MA_RENAME_COLUMN, "rename-column",
     "a rename breaks running code that uses the old name; expand and contract across releases:",
     needs_rename, rw_rename_column},
    {MA_RENAME_TABLE, "rename-table",
     "a view with the old name keeps old code working; drop it once no code uses that name",
     needs_rename, rw_rename_table},
};

/* Risks with no safe form to rewrite into: the statement stays, with a note. */
static bool note_generated(const mig_action_t *x)
{
    return x->kind == MA_ADD_COLUMN && x->generated;
}

static bool note_refresh(const mig_action_t *x)
{
    return x->kind == MA_REFRESH_MATVIEW && !x->concurrently;
}

static const struct {
    bool (*applies)(const mig_action_t *x);
    const char *text;
} notes[] = {
    {note_generated, "a STORED generated column is computed for every existing row: the table "
                     "is rewritten under ACCESS EXCLUSIVE, and there is no online form; run it "
                     "when the table can be locked that long, or add a plain column kept by a "
                     "trigger and backfilled in batches"},
    {note_refresh, "REFRESH without CONCURRENTLY blocks reads of the view until it finishes; "
                   "with a unique index on the view, REFRESH MATERIALIZED VIEW CONCURRENTLY "
                   "lets reads go on"},
};

static void write_notes(safe_t *s, const mig_stmt_t *st)
{
    for (int i = 0; !st->new_table && i < st->nactions; i++)
        for (size_t k = 0; k < sizeof(notes) / sizeof(notes[0]); k++)
            if (notes[k].applies(&st->actions[i]))
                why(s->now, st, notes[k].text);
}

static const kind_row_t *kind_row(mig_action_kind_t kind)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (kinds[i].kind == kind)
            return &kinds[i];
    return NULL;
}

/* The row to rewrite x with, or NULL to keep it as written: no risk, a table new
 * in this file (unless CONCURRENTLY must leave the transaction), or suppressed. */
static const kind_row_t *rewrite_for(const safe_t *s, const mig_stmt_t *st, const mig_action_t *x)
{
    const kind_row_t *k = kind_row(x->kind);
    if (!k || !k->needs(s, x))
        return NULL;
    bool moving = k->rewrite == rw_index && x->concurrently;
    if (st->new_table && !moving)
        return NULL;
    const char *rule = moving ? "concurrently-in-transaction" : k->rule;
    return rule && migration_ignored(s->m, st, rule) ? NULL : k;
}

/* ---- statements with several actions ------------------------------------------------ */

/* One action as a statement of its own, for splitting; NULL when its fields do not
 * say enough to write it. */
static const char *plain(safe_t *s, const mig_action_t *x)
{
    bool column_kind = x->kind >= MA_ADD_COLUMN && x->kind <= MA_SET_DEFAULT;
    if (!x->table || (column_kind && !x->column))
        return NULL;
    const char *t = qtable(s, x), *c = x->column ? qi(s, x->column) : NULL;
    switch (x->kind) {
    case MA_ADD_COLUMN: /* the fields do not hold a generated column's expression */
        if (!x->type || (x->has_default && !x->detail) || x->generated)
            return NULL;
        return arena_printf(s->a, "ALTER TABLE %s ADD COLUMN %s %s%s%s%s;", t, c, x->type,
                            x->has_default ? " DEFAULT " : "", x->has_default ? x->detail : "",
                            x->not_null ? " NOT NULL" : "");
    case MA_DROP_COLUMN:
        return arena_printf(s->a, "ALTER TABLE %s DROP COLUMN %s;", t, c);
    case MA_SET_DEFAULT:
        return x->detail ? arena_printf(s->a, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;", t,
                                        c, x->detail)
                         : NULL;
    case MA_DROP_NOT_NULL:
        return arena_printf(s->a, "ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL;", t, c);
    case MA_DROP_CONSTRAINT:
    case MA_VALIDATE_CONSTRAINT:
        return x->name ? arena_printf(s->a, "ALTER TABLE %s %s CONSTRAINT %s;", t,
                                      x->kind == MA_DROP_CONSTRAINT ? "DROP" : "VALIDATE",
                                      qi(s, x->name))
                       : NULL;
    default:
        return NULL;
    }
}

/* A foreign key's lock on the table it references comes with the key: it is no
 * change of its own to write. */
static bool is_change(const mig_action_t *x)
{
    return x->kind != MA_LOCK_REFERENCED;
}

/* Splits the statement when every action is either rewritten or plain. */
static bool split(safe_t *s, const mig_stmt_t *st)
{
    const char **sql = arena_calloc(s->a, (size_t)st->nactions, sizeof(*sql));
    for (int i = 0; i < st->nactions; i++)
        if (is_change(&st->actions[i]) && !rewrite_for(s, st, &st->actions[i]) &&
            !(sql[i] = plain(s, &st->actions[i])))
            return false;
    why(s->now, st, "one statement per change, so each can be made safe");
    for (int i = 0; i < st->nactions; i++) {
        const mig_action_t *x = &st->actions[i];
        const kind_row_t *k = sql[i] || !is_change(x) ? NULL : rewrite_for(s, st, x);
        if (k)
            k->rewrite(s, st, x, k);
        else if (sql[i])
            sb_addf(s->now, "%s\n", sql[i]);
    }
    return true;
}

/* The statement's only change, or NULL when it makes several. */
static const mig_action_t *only_change(const mig_stmt_t *st)
{
    const mig_action_t *only = NULL;
    for (int i = 0; i < st->nactions; i++) {
        if (!is_change(&st->actions[i]))
            continue;
        if (only)
            return NULL;
        only = &st->actions[i];
    }
    return only;
}

static void emit_stmt(safe_t *s, const mig_stmt_t *st)
{
    int risky = 0;
    for (int i = 0; i < st->nactions; i++)
        risky += is_change(&st->actions[i]) && rewrite_for(s, st, &st->actions[i]) != NULL;
    write_notes(s, st);
    const mig_action_t *only = only_change(st);
    if (!risky) {
        add_text(s->now, st->text);
    } else if (only) {
        const kind_row_t *k = rewrite_for(s, st, only);
        k->rewrite(s, st, only, k);
    } else if (!split(s, st)) {
        why(s->now, st, "kept as written: it makes several changes; split it so each can be made "
                        "safe");
        add_text(s->now, st->text);
    }
}

/* ---- order inside a transaction block ------------------------------------------------- */

/* True when st acts on its table as a whole: renames or drops it, rewrites it,
 * or takes a lock on it for a form with no action kind of its own (SET SCHEMA,
 * DROP TRIGGER, LOCK TABLE…). Whatever else uses the table keeps its order. */
static bool table_wide(const mig_stmt_t *st)
{
    for (int i = 0; i < st->nactions; i++) {
        const mig_action_t *x = &st->actions[i];
        switch (x->kind) {
        case MA_RENAME_TABLE: case MA_DROP_TABLE: case MA_VACUUM_FULL: case MA_CLUSTER:
        case MA_REFRESH_MATVIEW:
            return true;
        case MA_OTHER:
            if (x->table && x->lock >= LOCK_SHARE)
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

/* The name an action removes or changes (a column, a constraint, an index), or
 * the one it creates: a statement that uses it depends on the action. */
static const char *changed_name(const mig_action_t *x)
{
    switch (x->kind) {
    case MA_DROP_COLUMN: case MA_RENAME_COLUMN: case MA_ALTER_COLUMN_TYPE: case MA_DROP_NOT_NULL:
        return x->column;
    case MA_DROP_CONSTRAINT: case MA_VALIDATE_CONSTRAINT: case MA_DROP_INDEX: case MA_REINDEX:
        return x->name;
    default:
        return NULL;
    }
}

/* A column added with a volatile default is filled after the COMMIT; one with
 * none or a constant is whole at once, and nothing waits for it. */
static const char *created_name(const mig_action_t *x)
{
    switch (x->kind) {
    case MA_ADD_COLUMN: return x->default_volatile ? x->column : NULL;
    case MA_RENAME_COLUMN: case MA_CREATE_INDEX: case MA_ADD_FOREIGN_KEY: case MA_ADD_CHECK:
    case MA_ADD_UNIQUE: case MA_ADD_PRIMARY_KEY:
        return x->name;
    default:
        return NULL;
    }
}

static bool uses(const mig_stmt_t *st, const char *name)
{
    return name && (mig_stmt_names(st, name) || mig_stmt_names_relation(st, name));
}

/* True when b uses a name a changes or creates. */
static bool uses_changes_of(const mig_stmt_t *b, const mig_stmt_t *a)
{
    for (int i = 0; i < a->nactions; i++)
        if (uses(b, changed_name(&a->actions[i])) || uses(b, created_name(&a->actions[i])))
            return true;
    return false;
}

/* The earlier statement of the block, with steps after its COMMIT, that st must
 * keep its order with (*rel set to the relation they share), else NULL. */
static const mig_stmt_t *moved_dependency(const safe_t *s, const mig_stmt_t *st, const char **rel)
{
    for (int i = 0; i < s->nmovers; i++) {
        const mig_stmt_t *mover = s->movers[i];
        *rel = mig_stmts_shared_relation(mover, st);
        if (*rel && (table_wide(mover) || table_wide(st) || uses_changes_of(st, mover) ||
                     uses_changes_of(mover, st)))
            return mover;
    }
    return NULL;
}

/* Writes st after the COMMIT, behind the steps of dep, which it depends on (or
 * which depend on it): as if outside any transaction, since it is. */
static void emit_moved(safe_t *s, const mig_stmt_t *st, const mig_stmt_t *dep, const char *rel)
{
    why(&s->after, st, arena_printf(s->a, "moved after the COMMIT, behind line %d's steps: "
                                          "both use %s", dep->line, qi(s, rel)));
    s->now = &s->after;
    s->in_txn = false;
    s->moved = true;
    emit_stmt(s, st);
    s->now = &s->out;
    s->in_txn = true;
    s->moved = false;
}

/* One statement of a BEGIN … COMMIT block. It is written as usual first; when
 * part of it stays before the COMMIT although it depends on steps moved after
 * it, that is undone and the whole statement is moved behind those steps. */
static void emit_in_block(safe_t *s, const mig_stmt_t *st)
{
    const char *rel = NULL;
    const mig_stmt_t *dep = st->version_record ? NULL : moved_dependency(s, st, &rel);
    size_t out = s->out.len, after = s->after.len;
    emit_stmt(s, st);
    if (dep && s->out.len != out) {
        sb_truncate(&s->out, out);
        sb_truncate(&s->after, after);
        emit_moved(s, st, dep, rel);
    }
    if (s->after.len != after)
        ARENA_PUSH(s->a, s->movers, s->nmovers, s->movers_cap, st);
}

/* ---- the file ------------------------------------------------------------------------- */

/* True when the file sets the timeout before its first statement that locks a table. */
static bool file_sets(const migration_t *m, mig_action_kind_t kind)
{
    for (int i = 0; i < m->nstmts; i++) {
        const mig_stmt_t *st = &m->stmts[i];
        for (int j = 0; j < st->nactions; j++)
            if (st->actions[j].kind == kind)
                return true;
        if (st->lock > LOCK_NONE)
            return false;
    }
    return false;
}

static void header(safe_t *s)
{
    bool lock = !file_sets(s->m, MA_SET_LOCK_TIMEOUT);
    bool stmt = !file_sets(s->m, MA_SET_STATEMENT_TIMEOUT);
    if (lock || stmt)
        sb_add(&s->out, "-- dbagent: fail fast instead of queueing traffic behind a lock wait\n");
    if (lock)
        sb_add(&s->out, "SET lock_timeout = '2s';\n");
    if (stmt)
        sb_add(&s->out, "SET statement_timeout = '15min';\n");
    s->session_timeout = lock;
}

static void note_timeout(safe_t *s, const mig_stmt_t *st)
{
    for (int i = 0; i < st->nactions; i++)
        if (st->actions[i].kind == MA_SET_LOCK_TIMEOUT && !st->actions[i].local)
            s->session_timeout = true;
}

/* The steps moved after a COMMIT. A SET LOCAL lock_timeout ended with the
 * transaction, so they get a session one of their own. */
static void flush_after(safe_t *s)
{
    if (s->after.len && !s->session_timeout) {
        sb_add(&s->out, "-- dbagent: the file's SET LOCAL lock_timeout ended with its "
                        "transaction; the steps below need one too\nSET lock_timeout = '2s';\n");
        s->session_timeout = true;
    }
    sb_add(&s->out, sb_str(&s->after));
    sb_truncate(&s->after, 0);
    s->nmovers = 0;
}

const char *pg_migrate_safe(arena_t *a, const migration_t *m)
{
    safe_t s = {.a = a, .m = m};
    sb_init(&s.out, a);
    sb_init(&s.after, a);
    s.now = &s.out;
    if (!m->nstmts)
        return "";
    header(&s);
    for (int i = 0; i < m->nstmts; i++) {
        const mig_stmt_t *st = &m->stmts[i];
        mig_action_kind_t kind = st->nactions ? st->actions[0].kind : MA_OTHER;
        s.index = i;
        note_timeout(&s, st);
        if (kind == MA_BEGIN || kind == MA_COMMIT) {
            add_text(&s.out, st->text);
            s.in_txn = kind == MA_BEGIN;
            if (kind == MA_COMMIT)
                flush_after(&s);
            continue;
        }
        if (s.in_txn)
            emit_in_block(&s, st);
        else
            emit_stmt(&s, st);
    }
    flush_after(&s); /* a file that never commits */
    return sb_str(&s.out);
}
