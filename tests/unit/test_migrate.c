/* test_migrate.c — migration lowering (engine/pg/pg_migrate) and the migration
 * rules (rules/migration_rules).
 *
 * The lock table is a table of (SQL, server version → lock, rewrites, scans,
 * blocks reads/writes): it is what `dbagent migrate` prints per statement. Then
 * the file's context (new tables, BEGIN … COMMIT, SET lock_timeout), the
 * suppression comments, every rule's positive case next to a negative one, exact
 * fixes for the rules whose fix is a recipe users run, size-aware severity with
 * a catalog, and syntax errors with their position. Then what the safe rewrite
 * relies on: schemas kept, inline constraint attributes, the USING expression
 * per row, sequences told from tables, the relations and names each statement
 * uses, version records, and the lock a foreign key takes on the table it
 * references. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "engine/pg/pg_ddl.h"
#include "engine/pg/pg_migrate.h"
#include "engine/pg/pg_tree.h"
#include "rules/migration_rules.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const char *const SHOP_DDL =
    "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50), email text);\n"
    "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric(10,2),\n"
    "                     qty int, note text);\n"
    "CREATE INDEX idx_orders_user ON orders (user_id);\n";

static int new_arena(void **state)
{
    *state = arena_new();
    return 0;
}

static int free_arena(void **state)
{
    arena_free(*state);
    return 0;
}

/* Lowers sql as one file; fails the test on an error. */
static migration_t *lower(arena_t *a, const char *sql, int pg, const catalog_t *cat)
{
    migration_t *m = arena_alloc(a, sizeof(*m));
    err_t err = {0};
    int rc = pg_migrate_lower(a, "m.sql", sql, pg, cat, m, &err);
    if (rc != 0)
        fail_msg("lowering failed: %s", err.message);
    return m;
}

static catalog_t *shop(arena_t *a, double pages)
{
    catalog_t *cat = arena_alloc(a, sizeof(*cat));
    catalog_init(cat, a);
    err_t err = {0};
    assert_int_equal(pg_load_ddl(a, SHOP_DDL, cat, &err), 0);
    for (int i = 0; i < cat->ntables; i++)
        cat->tables[i]->pages = pages;
    return cat;
}

static report_t *run_rules(arena_t *a, const migration_t *m, const catalog_t *cat)
{
    report_t *r = report_new(a);
    mig_rule_ctx_t c = {a, r, m, cat, pgt_quote_ident};
    migration_rules_run(&c);
    return r;
}

static int count_rule(const report_t *r, const char *rule)
{
    int n = 0;
    for (int i = 0; i < r->nfindings; i++)
        n += !strcmp(r->findings[i]->rule, rule);
    return n;
}

static const finding_t *find_rule(const report_t *r, const char *rule)
{
    for (int i = 0; i < r->nfindings; i++)
        if (!strcmp(r->findings[i]->rule, rule))
            return r->findings[i];
    return NULL;
}

static const char *evidence(const finding_t *f, const char *key)
{
    for (int i = 0; f && i < f->nevidence; i++)
        if (!strcmp(f->evidence[i].key, key))
            return f->evidence[i].value;
    return NULL;
}

/* ---- the lock table ------------------------------------------------------------------ */

typedef struct {
    const char *sql;
    int pg;
    const char *lock;
    bool rewrites, scans, blocks_reads, blocks_writes;
} lock_case_t;

static const lock_case_t lock_cases[] = {
    {"CREATE TABLE a (id int)", 15, "NONE", false, false, false, false},
    {"DROP TABLE orders", 15, "ACCESS EXCLUSIVE", false, false, true, true},
    {"ALTER TABLE orders ADD COLUMN note2 text", 15, "ACCESS EXCLUSIVE", false, false, true, true},
    {"ALTER TABLE orders ADD COLUMN n int NOT NULL DEFAULT 0", 15, "ACCESS EXCLUSIVE", false,
     false, true, true},
    {"ALTER TABLE orders ADD COLUMN n int NOT NULL DEFAULT 0", 10, "ACCESS EXCLUSIVE", true,
     false, true, true},
    {"ALTER TABLE orders ADD COLUMN n int DEFAULT NULL", 10, "ACCESS EXCLUSIVE", false, false,
     true, true},
    {"ALTER TABLE orders ADD COLUMN ts timestamptz DEFAULT now()", 15, "ACCESS EXCLUSIVE", false,
     false, true, true},
    {"ALTER TABLE orders ADD COLUMN u uuid DEFAULT gen_random_uuid()", 15, "ACCESS EXCLUSIVE",
     true, false, true, true},
    {"ALTER TABLE orders ADD COLUMN seq bigserial", 15, "ACCESS EXCLUSIVE", true, false, true, true},
    {"ALTER TABLE orders ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY", 15,
     "ACCESS EXCLUSIVE", true, false, true, true},
    {"ALTER TABLE orders DROP COLUMN note", 15, "ACCESS EXCLUSIVE", false, false, true, true},
    {"ALTER TABLE orders ALTER COLUMN qty TYPE bigint", 15, "ACCESS EXCLUSIVE", true, false, true,
     true},
    {"ALTER TABLE orders ALTER COLUMN qty SET NOT NULL", 15, "ACCESS EXCLUSIVE", false, true, true,
     true},
    {"ALTER TABLE orders ALTER COLUMN qty DROP NOT NULL", 15, "ACCESS EXCLUSIVE", false, false,
     true, true},
    {"ALTER TABLE orders ALTER COLUMN qty SET DEFAULT 1", 15, "ACCESS EXCLUSIVE", false, false,
     true, true},
    {"ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id)", 15,
     "SHARE ROW EXCLUSIVE", false, true, false, true},
    {"ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID",
     15, "SHARE ROW EXCLUSIVE", false, false, false, true},
    {"ALTER TABLE orders ADD CONSTRAINT ck CHECK (qty > 0)", 15, "ACCESS EXCLUSIVE", false, true,
     true, true},
    {"ALTER TABLE orders ADD CONSTRAINT ck CHECK (qty > 0) NOT VALID", 15, "ACCESS EXCLUSIVE",
     false, false, true, true},
    {"ALTER TABLE orders ADD CONSTRAINT uq UNIQUE (note)", 15, "ACCESS EXCLUSIVE", false, true,
     true, true},
    {"ALTER TABLE orders ADD CONSTRAINT uq UNIQUE USING INDEX uq_idx", 15, "ACCESS EXCLUSIVE",
     false, false, true, true},
    {"ALTER TABLE orders ADD PRIMARY KEY (id)", 15, "ACCESS EXCLUSIVE", false, true, true, true},
    {"ALTER TABLE orders VALIDATE CONSTRAINT fk", 15, "SHARE UPDATE EXCLUSIVE", false, true, false,
     false},
    {"ALTER TABLE orders DROP CONSTRAINT fk", 15, "ACCESS EXCLUSIVE", false, false, true, true},
    {"ALTER TABLE orders RENAME COLUMN note TO memo", 15, "ACCESS EXCLUSIVE", false, false, true,
     true},
    {"ALTER TABLE orders RENAME TO purchases", 15, "ACCESS EXCLUSIVE", false, false, true, true},
    {"CREATE INDEX i ON orders (qty)", 15, "SHARE", false, true, false, true},
    {"CREATE INDEX CONCURRENTLY i ON orders (qty)", 15, "SHARE UPDATE EXCLUSIVE", false, true,
     false, false},
    {"DROP INDEX idx_orders_user", 15, "ACCESS EXCLUSIVE", false, false, true, true},
    {"DROP INDEX CONCURRENTLY idx_orders_user", 15, "SHARE UPDATE EXCLUSIVE", false, false, false,
     false},
    {"REINDEX INDEX idx_orders_user", 15, "SHARE", false, true, true, true},
    {"REINDEX TABLE CONCURRENTLY orders", 15, "SHARE UPDATE EXCLUSIVE", false, true, false, false},
    {"VACUUM FULL orders", 15, "ACCESS EXCLUSIVE", true, true, true, true},
    {"VACUUM orders", 15, "SHARE UPDATE EXCLUSIVE", false, true, false, false},
    {"CLUSTER orders USING idx_orders_user", 15, "ACCESS EXCLUSIVE", true, false, true, true},
    {"SET lock_timeout = '2s'", 15, "NONE", false, false, false, false},
    {"LOCK TABLE orders IN SHARE MODE", 15, "SHARE", false, false, false, true},
    {"UPDATE orders SET qty = 1 WHERE id = 2", 15, "ROW EXCLUSIVE", false, false, false, false},
    /* RemoveTriggerById takes ACCESS EXCLUSIVE on the table, in every version */
    {"DROP TRIGGER trg ON orders", 15, "ACCESS EXCLUSIVE", false, false, true, true},
    {"DROP TRIGGER IF EXISTS trg ON shop.orders", 10, "ACCESS EXCLUSIVE", false, false, true,
     true},
    {"DROP POLICY p ON orders", 15, "ACCESS EXCLUSIVE", false, false, true, true},
    {"CREATE TRIGGER trg BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION f()", 15,
     "SHARE ROW EXCLUSIVE", false, false, false, true},
    {"REFRESH MATERIALIZED VIEW mv", 15, "ACCESS EXCLUSIVE", true, true, true, true},
    {"REFRESH MATERIALIZED VIEW CONCURRENTLY mv", 15, "EXCLUSIVE", false, true, false, true},
    {"ALTER TABLE orders ADD COLUMN cents bigint GENERATED ALWAYS AS (qty * 100) STORED", 15,
     "ACCESS EXCLUSIVE", true, false, true, true},
    /* a new table's foreign key: SHARE ROW EXCLUSIVE on the table it references */
    {"CREATE TABLE refunds (id int, order_id bigint REFERENCES orders)", 15,
     "SHARE ROW EXCLUSIVE", false, false, false, true},
    {"CREATE TABLE refunds (id int, order_id bigint, FOREIGN KEY (order_id) REFERENCES orders)",
     15, "SHARE ROW EXCLUSIVE", false, false, false, true},
    {"CREATE TABLE tree (id int PRIMARY KEY, parent int REFERENCES tree)", 15, "NONE", false,
     false, false, false},
    {"ALTER SEQUENCE orders_id_seq RENAME TO purchases_id_seq", 15, "ACCESS EXCLUSIVE", false,
     false, true, true},
};

static void test_lock_table(void **state)
{
    for (size_t i = 0; i < sizeof(lock_cases) / sizeof(lock_cases[0]); i++) {
        const lock_case_t *lc = &lock_cases[i];
        migration_t *m = lower(*state, lc->sql, lc->pg, NULL);
        assert_int_equal(m->nstmts, 1);
        const mig_stmt_t *st = &m->stmts[0];
        if (strcmp(lock_level_name(st->lock), lc->lock) || st->rewrites_table != lc->rewrites ||
            st->scans_table != lc->scans || st->blocks_reads != lc->blocks_reads ||
            st->blocks_writes != lc->blocks_writes)
            fail_msg("%s (PG %d): got %s rewrites=%d scans=%d reads=%d writes=%d", lc->sql,
                     lc->pg, lock_level_name(st->lock), st->rewrites_table, st->scans_table,
                     st->blocks_reads, st->blocks_writes);
    }
}

static void test_pg_version_default(void **state)
{
    migration_t *m = lower(*state, "ALTER TABLE orders ADD COLUMN n int DEFAULT 0", 0, NULL);
    assert_int_equal(m->pg_version, 15);
    assert_false(m->stmts[0].rewrites_table);
}

static void test_actions_fields(void **state)
{
    migration_t *m = lower(*state,
                           "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) "
                           "REFERENCES users (id) ON DELETE CASCADE, "
                           "ADD COLUMN price numeric(12,2) NOT NULL DEFAULT random()",
                           15, NULL);
    const mig_stmt_t *st = &m->stmts[0];
    assert_int_equal(st->nactions, 3);
    assert_int_equal(st->actions[0].kind, MA_ADD_FOREIGN_KEY);
    assert_string_equal(st->actions[0].ref_table, "users");
    assert_string_equal(st->actions[0].detail,
                        "FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE");
    /* the key's lock on the table it references, right after it */
    assert_int_equal(st->actions[1].kind, MA_LOCK_REFERENCED);
    assert_string_equal(st->actions[1].table, "users");
    assert_string_equal(lock_level_name(st->actions[1].lock), "SHARE ROW EXCLUSIVE");
    assert_int_equal(st->actions[2].kind, MA_ADD_COLUMN);
    assert_string_equal(st->actions[2].type, "numeric(12,2)");
    assert_string_equal(st->actions[2].detail, "random()");
    assert_true(st->actions[2].default_volatile && st->actions[2].not_null);
    assert_string_equal(st->table, "orders");
    assert_string_equal(lock_level_name(st->lock), "ACCESS EXCLUSIVE");
}

/* ---- locations ------------------------------------------------------------------------ */

static void test_locations_and_text(void **state)
{
    const char *sql = "-- first\n\n  ALTER TABLE orders DROP COLUMN note;\n"
                      "/* two */ CREATE INDEX i\n  ON orders (qty)  ;\n";
    migration_t *m = lower(*state, sql, 15, NULL);
    assert_int_equal(m->nstmts, 2);
    assert_int_equal(m->stmts[0].index, 1);
    assert_int_equal(m->stmts[0].line, 3);
    assert_int_equal(m->stmts[0].column, 3);
    assert_string_equal(m->stmts[0].text, "ALTER TABLE orders DROP COLUMN note");
    assert_int_equal(m->stmts[1].line, 4);
    assert_int_equal(m->stmts[1].column, 11);
    assert_string_equal(m->stmts[1].text, "CREATE INDEX i\n  ON orders (qty)");
    assert_string_equal(m->stmts[1].file, "m.sql");
}

static void test_two_files_continue(void **state)
{
    arena_t *a = *state;
    migration_t m = {0};
    err_t err = {0};
    assert_int_equal(pg_migrate_lower(a, "1.sql", "SET lock_timeout = '1s'; SELECT 1;", 15,
                                      NULL, &m, &err), 0);
    assert_int_equal(pg_migrate_lower(a, "2.sql", "ALTER TABLE orders DROP COLUMN note;", 15,
                                      NULL, &m, &err), 0);
    assert_int_equal(m.nstmts, 3);
    assert_int_equal(m.stmts[2].index, 3);
    assert_int_equal(m.stmts[2].line, 1);
    assert_string_equal(m.stmts[2].file, "2.sql");
    assert_false(m.stmts[2].lock_timeout_set); /* the timeout was the other file's */
}

static void test_syntax_error(void **state)
{
    migration_t m = {0};
    err_t err = {0};
    int rc = pg_migrate_lower(*state, "bad.sql",
                              "ALTER TABLE orders DROP COLUMN note;\nALTER TABLE orders ADDD "
                              "COLUMN b int;\n", 15, NULL, &m, &err);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, ERR_SYNTAX);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 20);
    assert_non_null(strstr(err.message, "bad.sql: syntax error at or near \"ADDD\""));
    assert_int_equal(m.nstmts, 0);
}

/* ---- context across the file ------------------------------------------------------------ */

static void test_new_table_context(void **state)
{
    migration_t *m = lower(*state,
                           "CREATE TABLE t (id int);\n"
                           "CREATE INDEX t_id ON t (id);\n"
                           "ALTER TABLE t RENAME TO t2;\n"
                           "ALTER TABLE t2 ADD COLUMN x int DEFAULT random();\n"
                           "CREATE INDEX o_q ON orders (qty);\n",
                           15, NULL);
    assert_false(m->stmts[0].new_table);
    assert_true(m->stmts[1].new_table);
    assert_true(m->stmts[2].new_table);
    assert_true(m->stmts[3].new_table); /* renamed from a new table */
    assert_false(m->stmts[4].new_table);
    report_t *r = run_rules(*state, m, NULL);
    assert_int_equal(count_rule(r, "create-index-non-concurrently"), 1);
    assert_int_equal(count_rule(r, "rename-table"), 0);
    assert_int_equal(count_rule(r, "add-column-volatile-default"), 0);
    assert_int_equal(find_rule(r, "create-index-non-concurrently")->loc.statement, 5);
}

static void test_lock_timeout_context(void **state)
{
    migration_t *m = lower(*state,
                           "ALTER TABLE orders DROP COLUMN a;\n"          /* 1: not set */
                           "SET lock_timeout = '2s';\n"
                           "ALTER TABLE orders DROP COLUMN b;\n"          /* 3: set */
                           "SET lock_timeout = 0;\n"
                           "ALTER TABLE orders DROP COLUMN c;\n"          /* 5: off again */
                           "BEGIN;\nSET LOCAL lock_timeout = '1s';\n"
                           "ALTER TABLE orders DROP COLUMN d;\n"          /* 8: set, local */
                           "COMMIT;\n"
                           "ALTER TABLE orders DROP COLUMN e;\n",         /* 10: gone */
                           15, NULL);
    assert_false(m->stmts[0].lock_timeout_set);
    assert_true(m->stmts[2].lock_timeout_set);
    assert_false(m->stmts[4].lock_timeout_set);
    assert_true(m->stmts[7].lock_timeout_set);
    assert_true(m->stmts[7].in_transaction);
    assert_true(m->stmts[6].actions[0].local); /* the safe version renews it after COMMIT */
    assert_false(m->stmts[1].actions[0].local);
    assert_false(m->stmts[9].lock_timeout_set);
    assert_false(m->stmts[9].in_transaction);
}

static void test_missing_lock_timeout(void **state)
{
    report_t *r = run_rules(*state, lower(*state,
                                          "ALTER TABLE orders ADD COLUMN a text;\n"
                                          "ALTER TABLE orders ADD COLUMN b text;\n", 15, NULL),
                            NULL);
    assert_int_equal(count_rule(r, "missing-lock-timeout"), 1); /* once per file */
    const finding_t *f = find_rule(r, "missing-lock-timeout");
    assert_int_equal(f->loc.statement, 1);
    assert_int_equal(f->severity, SEV_WARNING);
    assert_string_equal(evidence(f, "lock"), "ACCESS EXCLUSIVE");
    assert_string_equal(f->fix, "SET lock_timeout = '2s';\nSET statement_timeout = '30s';\n"
                                "ALTER TABLE orders ADD COLUMN a text;   -- on a lock timeout: "
                                "retry later");

    r = run_rules(*state, lower(*state, "SET lock_timeout = '2s';\n"
                                        "ALTER TABLE orders ADD COLUMN a text;\n", 15, NULL), NULL);
    assert_int_equal(count_rule(r, "missing-lock-timeout"), 0);
    /* CONCURRENTLY blocks neither reads nor writes: no lock queue to worry about */
    r = run_rules(*state, lower(*state, "CREATE INDEX CONCURRENTLY i ON orders (qty);", 15, NULL),
                  NULL);
    assert_int_equal(count_rule(r, "missing-lock-timeout"), 0);
    /* a new table's statements need none */
    r = run_rules(*state, lower(*state, "CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int;",
                                15, NULL), NULL);
    assert_int_equal(count_rule(r, "missing-lock-timeout"), 0);
}

static void test_concurrently_in_transaction(void **state)
{
    const char *sql = "BEGIN;\nALTER TABLE orders ADD COLUMN channel text;\n"
                      "CREATE INDEX CONCURRENTLY idx_orders_channel ON orders (channel);\nCOMMIT;\n";
    migration_t *m = lower(*state, sql, 15, NULL);
    assert_false(m->stmts[0].in_transaction);
    assert_true(m->stmts[2].in_transaction);
    report_t *r = run_rules(*state, m, NULL);
    assert_int_equal(count_rule(r, "concurrently-in-transaction"), 1);
    const finding_t *f = find_rule(r, "concurrently-in-transaction");
    assert_int_equal(f->severity, SEV_CRITICAL);
    assert_int_equal(f->loc.line, 3);
    assert_string_equal(f->fix, "-- in a migration of its own, with the tool's transaction "
                                "switched off:\nCREATE INDEX CONCURRENTLY idx_orders_channel ON "
                                "orders (channel);   -- no transaction around it");
    /* outside a transaction: fine */
    r = run_rules(*state, lower(*state, "CREATE INDEX CONCURRENTLY i ON orders (qty);\n"
                                        "DROP INDEX CONCURRENTLY i;", 15, NULL), NULL);
    assert_int_equal(count_rule(r, "concurrently-in-transaction"), 0);
    /* even on a new table, and for DROP INDEX and REINDEX */
    r = run_rules(*state, lower(*state, "BEGIN; CREATE TABLE t (a int);\n"
                                        "CREATE INDEX CONCURRENTLY ti ON t (a);\n"
                                        "DROP INDEX CONCURRENTLY ti;\n"
                                        "REINDEX INDEX CONCURRENTLY idx_orders_user; COMMIT;",
                                15, NULL), NULL);
    assert_int_equal(count_rule(r, "concurrently-in-transaction"), 3);
}

/* ---- suppressions ------------------------------------------------------------------------ */

static void test_ignore_next_statement_only(void **state)
{
    const char *sql = "SET lock_timeout = '2s';\n"
                      "-- dbagent:ignore drop-column, rename-column\n"
                      "ALTER TABLE orders DROP COLUMN a;\n"
                      "ALTER TABLE orders DROP COLUMN b;\n";
    migration_t *m = lower(*state, sql, 15, NULL);
    assert_int_equal(m->stmts[1].nignored, 2);
    assert_string_equal(m->stmts[1].ignored[0], "drop-column");
    assert_string_equal(m->stmts[1].ignored[1], "rename-column");
    assert_int_equal(m->stmts[2].nignored, 0);
    report_t *r = run_rules(*state, m, NULL);
    assert_int_equal(count_rule(r, "drop-column"), 1);
    assert_int_equal(find_rule(r, "drop-column")->loc.statement, 3);
}

static void test_ignore_file(void **state)
{
    const char *sql = "ALTER TABLE orders DROP COLUMN a;\n"
                      "ALTER TABLE orders DROP COLUMN b;\n"
                      "-- dbagent:ignore-file drop-column,missing-lock-timeout\n";
    report_t *r = run_rules(*state, lower(*state, sql, 15, NULL), NULL);
    assert_int_equal(count_rule(r, "drop-column"), 0);
    assert_int_equal(count_rule(r, "missing-lock-timeout"), 0);
    /* an ignore-file line is not an ignore for the next statement */
    migration_t *m = lower(*state, "-- dbagent:ignore-file vacuum-full\nDROP TABLE x;", 15, NULL);
    assert_true(migration_ignored(m, &m->stmts[0], "vacuum-full"));
    assert_false(migration_ignored(m, &m->stmts[0], "drop-table"));
}

/* ---- every rule: positive and negative ------------------------------------------------------ */

typedef struct {
    const char *rule;
    const char *sql;
    int pg;
    int expect;
} rule_case_t;

static const rule_case_t rule_cases[] = {
    {"create-index-non-concurrently", "CREATE INDEX i ON orders (qty)", 15, 1},
    {"create-index-non-concurrently", "CREATE UNIQUE INDEX i ON orders (qty)", 15, 1},
    {"create-index-non-concurrently", "CREATE INDEX CONCURRENTLY i ON orders (qty)", 15, 0},
    {"add-column-volatile-default",
     "ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid()", 15, 1},
    {"add-column-volatile-default", "ALTER TABLE orders ADD COLUMN n int DEFAULT 0", 15, 0},
    {"add-column-volatile-default", "ALTER TABLE orders ADD COLUMN n int DEFAULT 0", 10, 1},
    {"add-column-volatile-default", "ALTER TABLE orders ADD COLUMN d timestamptz DEFAULT now()",
     15, 0},
    {"change-column-type", "ALTER TABLE orders ALTER COLUMN qty TYPE bigint", 15, 1},
    {"change-column-type", "ALTER TABLE orders ALTER COLUMN qty SET DEFAULT 0", 15, 0},
    {"add-foreign-key-validates",
     "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id)", 15, 1},
    {"add-foreign-key-validates", "ALTER TABLE orders ADD COLUMN uid bigint REFERENCES users", 15,
     1},
    {"add-foreign-key-validates",
     "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID",
     15, 0},
    {"add-check-validates", "ALTER TABLE orders ADD CONSTRAINT ck CHECK (qty > 0)", 15, 1},
    {"add-check-validates", "ALTER TABLE orders ADD CONSTRAINT ck CHECK (qty > 0) NOT VALID", 15,
     0},
    {"set-not-null-scans", "ALTER TABLE orders ALTER COLUMN qty SET NOT NULL", 15, 1},
    {"set-not-null-scans",
     "ALTER TABLE orders ADD CONSTRAINT nn CHECK (qty IS NOT NULL) NOT VALID;\n"
     "ALTER TABLE orders VALIDATE CONSTRAINT nn;\n"
     "ALTER TABLE orders ALTER COLUMN qty SET NOT NULL", 15, 0},
    {"set-not-null-scans", /* before 12 the CHECK does not spare the scan */
     "ALTER TABLE orders ADD CONSTRAINT nn CHECK (qty IS NOT NULL) NOT VALID;\n"
     "ALTER TABLE orders VALIDATE CONSTRAINT nn;\n"
     "ALTER TABLE orders ALTER COLUMN qty SET NOT NULL", 11, 1},
    {"set-not-null-scans", /* not validated: still scans */
     "ALTER TABLE orders ADD CONSTRAINT nn CHECK (qty IS NOT NULL) NOT VALID;\n"
     "ALTER TABLE orders ALTER COLUMN qty SET NOT NULL", 15, 1},
    {"add-unique-constraint-blocks", "ALTER TABLE orders ADD CONSTRAINT uq UNIQUE (note)", 15, 1},
    {"add-unique-constraint-blocks",
     "ALTER TABLE orders ADD CONSTRAINT uq UNIQUE USING INDEX uq", 15, 0},
    {"add-primary-key-blocks", "ALTER TABLE orders ADD PRIMARY KEY (id)", 15, 1},
    {"add-primary-key-blocks",
     "ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_pkey", 15, 0},
    {"rename-column", "ALTER TABLE orders RENAME COLUMN note TO memo", 15, 1},
    {"rename-column", "CREATE TABLE t (a int); ALTER TABLE t RENAME COLUMN a TO b", 15, 0},
    {"rename-table", "ALTER TABLE orders RENAME TO purchases", 15, 1},
    {"rename-table", "CREATE TABLE t (a int); ALTER TABLE t RENAME TO t2", 15, 0},
    {"drop-column", "ALTER TABLE orders DROP COLUMN note", 15, 1},
    {"drop-column", "CREATE TABLE t (a int, b int); ALTER TABLE t DROP COLUMN b", 15, 0},
    {"drop-table", "DROP TABLE orders, users", 15, 2},
    {"drop-table", "CREATE TABLE t (a int); DROP TABLE t", 15, 0},
    {"vacuum-full", "VACUUM FULL orders", 15, 1},
    {"vacuum-full", "VACUUM (FULL) orders", 15, 1},
    {"vacuum-full", "VACUUM (ANALYZE) orders", 15, 0},
    {"cluster-table", "CLUSTER orders USING idx_orders_user", 15, 1},
    {"cluster-table", "CREATE TABLE t (a int); CLUSTER t", 15, 0},
    {"reindex-non-concurrently", "REINDEX INDEX idx_orders_user", 15, 1},
    {"reindex-non-concurrently", "REINDEX TABLE orders", 15, 1},
    {"reindex-non-concurrently", "REINDEX INDEX CONCURRENTLY idx_orders_user", 15, 0},
    {"add-serial-column", "ALTER TABLE orders ADD COLUMN seq bigserial", 15, 1},
    {"add-serial-column",
     "ALTER TABLE orders ADD COLUMN seq int GENERATED BY DEFAULT AS IDENTITY", 15, 1},
    {"add-serial-column", "ALTER TABLE orders ADD COLUMN seq bigint", 15, 0},
    {"add-column-volatile-default", "ALTER TABLE orders ADD COLUMN seq bigserial", 15, 0},
};

static void test_rules_positive_negative(void **state)
{
    for (size_t i = 0; i < sizeof(rule_cases) / sizeof(rule_cases[0]); i++) {
        const rule_case_t *rc = &rule_cases[i];
        report_t *r = run_rules(*state, lower(*state, rc->sql, rc->pg, NULL), NULL);
        int n = count_rule(r, rc->rule);
        if (n != rc->expect)
            fail_msg("%s on \"%s\" (PG %d): %d findings, expected %d", rc->rule, rc->sql, rc->pg,
                     n, rc->expect);
    }
}

/* ---- fixes ---------------------------------------------------------------------------------- */

static const finding_t *only(arena_t *a, const char *sql, const char *rule)
{
    report_t *r = run_rules(a, lower(a, sql, 15, NULL), NULL);
    const finding_t *f = find_rule(r, rule);
    if (!f)
        fail_msg("no %s for %s", rule, sql);
    return f;
}

static void test_fix_foreign_key(void **state)
{
    const finding_t *f = only(*state, "ALTER TABLE order_items ADD CONSTRAINT order_items_product_fk "
                                      "FOREIGN KEY (product_id) REFERENCES products (id);",
                              "add-foreign-key-validates");
    assert_string_equal(f->fix,
                        "ALTER TABLE order_items ADD CONSTRAINT order_items_product_fk FOREIGN KEY "
                        "(product_id) REFERENCES products (id) NOT VALID;\n"
                        "ALTER TABLE order_items VALIDATE CONSTRAINT order_items_product_fk;   "
                        "-- separate transaction");
    assert_string_equal(evidence(f, "referenced_table"), "products");
    assert_string_equal(evidence(f, "lock"), "SHARE ROW EXCLUSIVE");
    assert_string_equal(evidence(f, "scans_table"), "true");
    assert_int_equal(f->severity, SEV_CRITICAL);
}

static void test_fix_create_index(void **state)
{
    const finding_t *f = only(*state, "create unique index idx_o on orders (qty) where qty > 0;",
                              "create-index-non-concurrently");
    assert_string_equal(f->fix, "create unique index CONCURRENTLY idx_o on orders (qty) where "
                                "qty > 0;\n-- if it fails: DROP INDEX CONCURRENTLY idx_o; then "
                                "run it again");
    assert_string_equal(evidence(f, "lock"), "SHARE");
    assert_string_equal(evidence(f, "index"), "idx_o");
}

static void test_fix_set_not_null(void **state)
{
    const finding_t *f = only(*state, "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL;",
                              "set-not-null-scans");
    assert_string_equal(f->fix,
                        "ALTER TABLE orders ADD CONSTRAINT orders_public_id_not_null CHECK "
                        "(public_id IS NOT NULL) NOT VALID;\n"
                        "ALTER TABLE orders VALIDATE CONSTRAINT orders_public_id_not_null;\n"
                        "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL;      -- no "
                        "scan: the CHECK proves it\n"
                        "ALTER TABLE orders DROP CONSTRAINT orders_public_id_not_null;");
    /* and that recipe itself passes */
    report_t *r = run_rules(*state, lower(*state, f->fix, 15, NULL), NULL);
    assert_int_equal(count_rule(r, "set-not-null-scans"), 0);
    assert_int_equal(count_rule(r, "add-check-validates"), 0);
}

static void test_fix_unique_and_volatile(void **state)
{
    const finding_t *f = only(*state, "ALTER TABLE orders ADD CONSTRAINT orders_public_id_key "
                                      "UNIQUE (public_id);", "add-unique-constraint-blocks");
    assert_string_equal(f->fix, "CREATE UNIQUE INDEX CONCURRENTLY orders_public_id_key ON orders "
                                "(public_id);\nALTER TABLE orders ADD CONSTRAINT "
                                "orders_public_id_key UNIQUE USING INDEX orders_public_id_key;");
    f = only(*state, "ALTER TABLE orders ADD COLUMN public_id uuid DEFAULT gen_random_uuid();",
             "add-column-volatile-default");
    assert_string_equal(f->fix, "ALTER TABLE orders ADD COLUMN public_id uuid;\n"
                                "ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT "
                                "gen_random_uuid();\n-- backfill, one transaction per batch:\n"
                                "UPDATE orders SET public_id = gen_random_uuid() WHERE id BETWEEN "
                                "1 AND 10000 AND public_id IS NULL;");
    f = only(*state, "REINDEX INDEX idx_orders_created_at;", "reindex-non-concurrently");
    assert_string_equal(f->fix, "REINDEX INDEX CONCURRENTLY idx_orders_created_at;");
}


/* ---- what the safe rewrite relies on -------------------------------------------------------- */

/* flyway_V5/V8/V12: the schema the statement named stays on the action and in the fixes. */
static void test_schema_kept(void **state)
{
    arena_t *a = *state;
    migration_t *m = lower(a, "ALTER TABLE ledger.postings ADD COLUMN created_at timestamptz "
                              "DEFAULT clock_timestamp();\n"
                              "ALTER TABLE ledger.accounts ADD CONSTRAINT k UNIQUE (owner);\n"
                              "ALTER TABLE postings ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES "
                              "ledger.accounts (id);\n"
                              "DROP TABLE ledger.legacy;",
                           15, NULL);
    assert_string_equal(m->stmts[0].actions[0].schema, "ledger");
    assert_string_equal(m->stmts[0].actions[0].table, "postings");
    assert_null(m->stmts[2].actions[0].schema);
    assert_string_equal(m->stmts[2].actions[0].ref_schema, "ledger");
    assert_string_equal(m->stmts[3].actions[0].schema, "ledger");
    report_t *r = run_rules(a, m, NULL);
    assert_non_null(strstr(find_rule(r, "add-column-volatile-default")->fix,
                           "ALTER TABLE ledger.postings ADD COLUMN created_at timestamptz;"));
    assert_string_equal(find_rule(r, "add-unique-constraint-blocks")->fix,
                        "CREATE UNIQUE INDEX CONCURRENTLY k ON ledger.accounts (owner);\n"
                        "ALTER TABLE ledger.accounts ADD CONSTRAINT k UNIQUE USING INDEX k;");
    assert_non_null(strstr(find_rule(r, "drop-table")->fix, "DROP TABLE ledger.legacy_retired;"));
    /* evidence keeps the bare name, as the catalog has it */
    assert_string_equal(evidence(find_rule(r, "add-unique-constraint-blocks"), "table"),
                        "accounts");
}

/* django_tracker_0017: DEFERRABLE INITIALLY DEFERRED after an inline REFERENCES is part
 * of that key (the grammar gives it as a constraint of its own). */
static void test_inline_fk_attributes(void **state)
{
    migration_t *m = lower(*state, "ALTER TABLE orders ADD COLUMN a int CONSTRAINT fk_a "
                                   "REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED;\n"
                                   "ALTER TABLE orders ADD COLUMN b int REFERENCES users "
                                   "DEFERRABLE;\n"
                                   "ALTER TABLE orders ADD COLUMN c int REFERENCES users "
                                   "NOT DEFERRABLE UNIQUE;",
                           15, NULL);
    assert_string_equal(m->stmts[0].actions[1].detail,
                        "FOREIGN KEY (a) REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED");
    assert_string_equal(m->stmts[1].actions[1].detail,
                        "FOREIGN KEY (b) REFERENCES users DEFERRABLE");
    assert_string_equal(m->stmts[2].actions[1].detail, "FOREIGN KEY (c) REFERENCES users");
    assert_int_equal(m->stmts[2].actions[3].kind, MA_ADD_UNIQUE);
}

/* flyway_V8: the sync trigger computes what the backfill computes, from NEW's columns. */
static void test_using_per_row(void **state)
{
    migration_t *m = lower(*state, "ALTER TABLE ledger.postings ALTER COLUMN amount TYPE "
                                   "numeric(20,4) USING postings.amount::numeric / 100 + fee;\n"
                                   "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;",
                           15, NULL);
    const mig_action_t *x = &m->stmts[0].actions[0];
    assert_string_equal(x->detail, "(postings.amount::numeric / 100) + fee");
    assert_string_equal(x->row_detail, "(new.amount::numeric / 100) + new.fee");
    assert_null(m->stmts[1].actions[0].row_detail);
}

/* rails_0019: ALTER TABLE renames sequences too; those are no table renames. */
static void test_sequence_rename(void **state)
{
    arena_t *a = *state;
    migration_t *m = lower(a, "ALTER TABLE \"teams\" RENAME TO \"groups\";\n"
                              "ALTER TABLE \"public\".\"teams_id_seq\" RENAME TO "
                              "\"groups_id_seq\";\n"
                              "CREATE SEQUENCE invoice_numbers;\n"
                              "ALTER TABLE invoice_numbers RENAME TO bill_numbers;\n"
                              "ALTER SEQUENCE bill_numbers RENAME TO invoice_no;\n"
                              "CREATE TABLE t (id bigserial);\n"
                              "ALTER TABLE t_id_seq RENAME TO t_seq2;\n",
                           15, NULL);
    assert_int_equal(m->stmts[0].actions[0].kind, MA_RENAME_TABLE);
    for (int i = 1; i < m->nstmts; i++)
        assert_int_not_equal(m->stmts[i].actions[0].kind, MA_RENAME_TABLE);
    assert_string_equal(m->stmts[1].actions[0].table, "teams_id_seq");
    assert_string_equal(lock_level_name(m->stmts[1].lock), "ACCESS EXCLUSIVE");
    report_t *r = run_rules(a, m, NULL);
    assert_int_equal(count_rule(r, "rename-table"), 1);
    /* a table the catalog knows stays a table, whatever its name */
    catalog_t *cat = arena_alloc(a, sizeof(*cat));
    catalog_init(cat, a);
    err_t err = {0};
    assert_int_equal(pg_load_ddl(a, "CREATE TABLE audit_seq (id int);", cat, &err), 0);
    m = lower(a, "ALTER TABLE audit_seq RENAME TO audit_sequence;", 15, cat);
    assert_int_equal(m->stmts[0].actions[0].kind, MA_RENAME_TABLE);
}

static bool has(const char *const *list, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

/* The relations and identifiers each statement names: what moving statements and
 * keeping renames are decided on. */
static void test_relations_and_names(void **state)
{
    migration_t *m = lower(*state,
                           "ALTER TABLE events RENAME TO inbound_events;\n"
                           "CREATE VIEW v AS SELECT e.tenant_id FROM inbound_events e;\n"
                           "ALTER TABLE c ADD CONSTRAINT fk FOREIGN KEY (column_id) REFERENCES "
                           "cols (id);\n"
                           "CREATE INDEX ix ON c (lower(title));\n"
                           "DROP INDEX idx_orders_user;\n"
                           "UPDATE c SET title = 'events' WHERE id = 1;\n",
                           15, shop(*state, -1));
    const mig_stmt_t *st = m->stmts;
    assert_true(has(st[0].relations, st[0].nrelations, "events"));
    assert_true(has(st[0].relations, st[0].nrelations, "inbound_events"));
    assert_true(has(st[1].relations, st[1].nrelations, "inbound_events"));
    assert_true(has(st[1].relations, st[1].nrelations, "v"));
    assert_true(has(st[1].names, st[1].nnames, "tenant_id"));
    assert_true(has(st[2].relations, st[2].nrelations, "cols"));
    assert_true(has(st[2].names, st[2].nnames, "column_id"));
    assert_true(has(st[3].relations, st[3].nrelations, "ix"));
    assert_true(has(st[3].names, st[3].nnames, "title"));
    assert_true(has(st[4].relations, st[4].nrelations, "orders")); /* the index's table */
    assert_true(has(st[5].names, st[5].nnames, "title"));
    assert_false(has(st[5].names, st[5].nnames, "events")); /* a literal is no name */
    assert_string_equal(mig_stmts_shared_relation(&st[0], &st[1]), "inbound_events");
    assert_null(mig_stmts_shared_relation(&st[0], &st[2]));
}

static void test_version_records(void **state)
{
    migration_t *m = lower(*state,
                           "INSERT INTO \"schema_migrations\" (\"version\") VALUES ('1');\n"
                           "INSERT INTO flyway_schema_history (installed_rank) VALUES (1);\n"
                           "UPDATE alembic_version SET version_num = 'b';\n"
                           "INSERT INTO django_migrations (app, name) VALUES ('a', 'b');\n"
                           "INSERT INTO orders (id) VALUES (1);\n",
                           15, NULL);
    for (int i = 0; i < 4; i++)
        assert_true(m->stmts[i].version_record);
    assert_false(m->stmts[4].version_record);
}

/* A foreign key locks the table it references even when its own table is new. */
static void test_referenced_table_lock(void **state)
{
    arena_t *a = *state;
    migration_t *m = lower(a, "CREATE TABLE refunds (id int, order_id bigint);\n"
                              "ALTER TABLE refunds ADD CONSTRAINT fk FOREIGN KEY (order_id) "
                              "REFERENCES orders (id);\n"
                              "CREATE TABLE notes (id int, refund_id int REFERENCES refunds);\n",
                           15, NULL);
    const mig_stmt_t *fk = &m->stmts[1];
    assert_true(fk->new_table); /* its own table is new … */
    assert_true(fk->blocks_writes); /* … the one it references is not */
    assert_string_equal(fk->table, "refunds");
    assert_int_equal(m->stmts[2].nactions, 1); /* refunds is new: no lock worth telling */
    report_t *r = run_rules(a, m, NULL);
    assert_int_equal(count_rule(r, "add-foreign-key-validates"), 0);
    const finding_t *f = find_rule(r, "missing-lock-timeout");
    assert_non_null(f);
    assert_int_equal(f->loc.statement, 2);
    assert_string_equal(evidence(f, "table"), "orders");
    assert_non_null(strstr(f->message, "needs SHARE ROW EXCLUSIVE on orders"));
}

/* Without the old type the change may be catalog-only: the message says "may". */
static void test_type_change_may_rewrite(void **state)
{
    arena_t *a = *state;
    const finding_t *f = find_rule(run_rules(a, lower(a, "ALTER TABLE t ALTER COLUMN c TYPE "
                                                         "bigint", 15, NULL), NULL),
                                   "change-column-type");
    assert_non_null(strstr(f->message, "TYPE int8 may rewrite the table"));
    assert_non_null(strstr(f->message, "(the old type is unknown without --schema or --db)"));
    f = find_rule(run_rules(a, lower(a, "ALTER TABLE t ALTER COLUMN c TYPE bigint USING c + 1",
                                     15, NULL), NULL),
                  "change-column-type");
    assert_non_null(strstr(f->message, "TYPE int8 rewrites the table"));
    catalog_t *cat = shop(a, -1);
    cat->loaded = true;
    f = find_rule(run_rules(a, lower(a, "ALTER TABLE orders ALTER COLUMN qty TYPE bigint", 15,
                                     cat), cat),
                  "change-column-type");
    assert_non_null(strstr(f->message, "TYPE int8 from int4 rewrites the table"));
    f = find_rule(run_rules(a, lower(a, "ALTER TABLE invoices ALTER COLUMN total TYPE bigint",
                                     15, cat), cat),
                  "change-column-type");
    assert_non_null(strstr(f->message, "may rewrite the table and rebuild its indexes under an "
                                       "ACCESS EXCLUSIVE lock (the schema given does not have "
                                       "the column's old type)"));
}

/* ---- size-aware, with a catalog ------------------------------------------------------------- */

static void test_alter_type_with_catalog(void **state)
{
    arena_t *a = *state;
    catalog_t *cat = shop(a, -1);
    static const struct {
        const char *sql;
        bool rewrites;
    } cases[] = {
        {"ALTER TABLE users ALTER COLUMN name TYPE varchar(100)", false},
        {"ALTER TABLE users ALTER COLUMN name TYPE text", false},
        {"ALTER TABLE users ALTER COLUMN name TYPE varchar(20)", true},
        {"ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2)", false},
        {"ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,3)", true},
        {"ALTER TABLE orders ALTER COLUMN qty TYPE bigint", true},
        {"ALTER TABLE orders ALTER COLUMN qty TYPE integer", false},
        {"ALTER TABLE users ALTER COLUMN name TYPE varchar(100) USING upper(name)", true},
        {"ALTER TABLE users ALTER COLUMN nosuch TYPE text", true}, /* old type unknown */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        migration_t *m = lower(a, cases[i].sql, 15, cat);
        if (m->stmts[0].rewrites_table != cases[i].rewrites)
            fail_msg("%s: rewrites=%d", cases[i].sql, m->stmts[0].rewrites_table);
    }
    migration_t *m = lower(a, "ALTER TABLE users ALTER COLUMN name TYPE text", 15, cat);
    assert_string_equal(m->stmts[0].actions[0].old_type, "varchar(50)");
    report_t *r = run_rules(a, m, cat);
    assert_int_equal(count_rule(r, "change-column-type"), 0);
}

static void test_size_scales_severity(void **state)
{
    arena_t *a = *state;
    /* 128000 pages × 8 kB = 1000 MiB: a rewrite at 100 MB/s takes 10 s */
    catalog_t *mid = shop(a, 128000);
    migration_t *m = lower(a, "ALTER TABLE orders ALTER COLUMN qty TYPE bigint", 15, mid);
    assert_true(m->stmts[0].est_seconds > 9.99 && m->stmts[0].est_seconds < 10.01);
    const finding_t *f = find_rule(run_rules(a, m, mid), "change-column-type");
    assert_int_equal(f->severity, SEV_CRITICAL);
    assert_string_equal(evidence(f, "est_seconds"), "10");
    assert_string_equal(evidence(f, "old_type"), "int4");
    /* a 10-row table: info */
    catalog_t *tiny = shop(a, 1);
    m = lower(a, "ALTER TABLE orders ALTER COLUMN qty TYPE bigint;\n"
                 "CREATE INDEX i ON orders (qty);\nALTER TABLE orders RENAME COLUMN note TO memo;",
              15, tiny);
    report_t *r = run_rules(a, m, tiny);
    assert_int_equal(find_rule(r, "change-column-type")->severity, SEV_INFO);
    assert_int_equal(find_rule(r, "create-index-non-concurrently")->severity, SEV_INFO);
    assert_int_equal(find_rule(r, "rename-column")->severity, SEV_WARNING); /* not scaled */
    assert_string_equal(find_rule(r, "rename-column")->fix,
                        "ALTER TABLE orders ADD COLUMN memo text;\n"
                        "-- release 1: write both columns; backfill in batches:\n"
                        "UPDATE orders SET memo = note WHERE id BETWEEN 1 AND 10000 AND memo IS "
                        "NULL;\n-- release 2: read memo only; later migration:\n"
                        "ALTER TABLE orders DROP COLUMN note;");
    /* an index build at 50 MB/s of a 50 GB table: critical */
    catalog_t *big = shop(a, 50.0 * 1024 * 1024 * 1024 / 8192);
    m = lower(a, "CREATE INDEX i ON orders (qty)", 15, big);
    assert_true(m->stmts[0].est_seconds > 1000);
    assert_int_equal(find_rule(run_rules(a, m, big), "create-index-non-concurrently")->severity,
                     SEV_CRITICAL);
    /* DROP INDEX finds its table in the catalog */
    m = lower(a, "DROP INDEX idx_orders_user", 15, big);
    assert_string_equal(m->stmts[0].table, "orders");
}

static void test_severity_thresholds(void **state)
{
    (void)state;
    assert_int_equal(mig_rule_severity(MR_VACUUM_FULL, -1), SEV_CRITICAL);
    assert_int_equal(mig_rule_severity(MR_VACUUM_FULL, 0.5), SEV_INFO);
    assert_int_equal(mig_rule_severity(MR_VACUUM_FULL, 30), SEV_CRITICAL);
    assert_int_equal(mig_rule_severity(MR_VACUUM_FULL, 60), SEV_CRITICAL);
    assert_int_equal(mig_rule_severity(MR_DROP_TABLE, 0.1), SEV_CRITICAL);
    assert_int_equal(mig_rule_severity(MR_MISSING_LOCK_TIMEOUT, 0.1), SEV_WARNING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lock_table, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_pg_version_default, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_actions_fields, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_locations_and_text, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_two_files_continue, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_syntax_error, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_new_table_context, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_lock_timeout_context, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_missing_lock_timeout, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_concurrently_in_transaction, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_ignore_next_statement_only, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_ignore_file, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_rules_positive_negative, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_fix_foreign_key, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_fix_create_index, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_fix_set_not_null, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_fix_unique_and_volatile, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_alter_type_with_catalog, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_size_scales_severity, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_severity_thresholds, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_schema_kept, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_inline_fk_attributes, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_using_per_row, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_sequence_rename, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_relations_and_names, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_version_records, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_referenced_table_lock, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_type_change_may_rewrite, new_arena, free_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
