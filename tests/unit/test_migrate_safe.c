/* test_migrate_safe.c — the safe version of a migration, on migrations built by hand.
 *
 * Each test builds a migration_t the way the lowering fills it (statement text,
 * line, actions with their fields) in its own arena and compares the whole safe
 * SQL: the timeouts at the top, each rewrite kind, the moves out of BEGIN … COMMIT
 * and the order they must keep, and the statements that must stay as written (no
 * risk, a table new in the file, a suppression, a rename later statements use). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "engine/pg/pg_migrate_safe.h"

#define HEADER                                                                    \
    "-- dbagent: fail fast instead of queueing traffic behind a lock wait\n"      \
    "SET lock_timeout = '2s';\n"                                                  \
    "SET statement_timeout = '15min';\n"

/* ---- building migrations ---------------------------------------------------------- */

typedef struct {
    arena_t *a;
    migration_t m;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof(*f));
    f->a = arena_new();
    f->m.pg_version = 15;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    arena_free(f->a);
    free(f);
    return 0;
}

/* Appends a statement with one action; more with add_action(). Line = index + 1
 * unless set afterwards; the lock is the action's. */
static mig_stmt_t *add(fixture_t *f, const char *text, mig_action_t x)
{
    mig_stmt_t st = {.index = f->m.nstmts + 1, .line = f->m.nstmts + 1, .column = 1,
                     .text = text, .file = "m.sql", .table = x.table, .lock = x.lock,
                     .est_seconds = -1};
    ARENA_PUSH(f->a, f->m.stmts, f->m.nstmts, f->m.stmts_cap, st);
    mig_stmt_t *s = &f->m.stmts[f->m.nstmts - 1];
    ARENA_PUSH(f->a, s->actions, s->nactions, s->actions_cap, x);
    return s;
}

static void add_action(fixture_t *f, mig_stmt_t *s, mig_action_t x)
{
    ARENA_PUSH(f->a, s->actions, s->nactions, s->actions_cap, x);
}

static void begin(fixture_t *f)
{
    add(f, "BEGIN", (mig_action_t){.kind = MA_BEGIN});
}

static void commit(fixture_t *f)
{
    add(f, "COMMIT", (mig_action_t){.kind = MA_COMMIT});
}

static void ignore(fixture_t *f, mig_stmt_t *s, const char *rule)
{
    ARENA_PUSH(f->a, s->ignored, s->nignored, s->ignored_cap, rule);
}

/* The relations a statement names, as the lowering lists them. */
static void relations(fixture_t *f, mig_stmt_t *s, const char *const *names)
{
    for (; *names; names++)
        ARENA_PUSH(f->a, s->relations, s->nrelations, s->relations_cap, *names);
}

static void names(fixture_t *f, mig_stmt_t *s, const char *const *list)
{
    for (; *list; list++)
        ARENA_PUSH(f->a, s->names, s->nnames, s->names_cap, *list);
}

#define LIST(...) ((const char *const[]){__VA_ARGS__, NULL})

static void assert_safe(fixture_t *f, const char *want)
{
    const char *got = pg_migrate_safe(f->a, &f->m);
    if (strcmp(got, want))
        fail_msg("safe migration differs.\n--- want\n%s--- got\n%s---", want, got);
}

static const mig_action_t add_channel = {.kind = MA_ADD_COLUMN, .table = "orders",
                                         .column = "channel", .type = "text",
                                         .lock = LOCK_ACCESS_EXCLUSIVE};
static const mig_action_t index_orders = {.kind = MA_CREATE_INDEX, .table = "orders",
                                          .name = "idx_orders_user_id", .lock = LOCK_SHARE};

/* ---- timeouts and untouched statements ----------------------------------------------- */

static void safe_empty_migration(void **state)
{
    fixture_t *f = *state;
    assert_safe(f, "");
}

static void safe_no_risk_kept_with_timeouts(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE orders ADD COLUMN channel text;\n", add_channel);
    assert_safe(f, HEADER "ALTER TABLE orders ADD COLUMN channel text;\n");
}

static void safe_timeouts_set_by_file(void **state)
{
    fixture_t *f = *state;
    add(f, "SET lock_timeout = '5s'", (mig_action_t){.kind = MA_SET_LOCK_TIMEOUT});
    add(f, "SET statement_timeout = '1min'", (mig_action_t){.kind = MA_SET_STATEMENT_TIMEOUT});
    add(f, "ALTER TABLE orders ADD COLUMN channel text", add_channel);
    assert_safe(f, "SET lock_timeout = '5s';\n"
                   "SET statement_timeout = '1min';\n"
                   "ALTER TABLE orders ADD COLUMN channel text;\n");
}

/* A SET after the first locking statement protects nothing before it. */
static void safe_timeout_set_too_late(void **state)
{
    fixture_t *f = *state;
    add(f, "SET statement_timeout = '1min'", (mig_action_t){.kind = MA_SET_STATEMENT_TIMEOUT});
    add(f, "ALTER TABLE orders ADD COLUMN channel text", add_channel);
    add(f, "SET lock_timeout = '5s'", (mig_action_t){.kind = MA_SET_LOCK_TIMEOUT});
    assert_safe(f, "-- dbagent: fail fast instead of queueing traffic behind a lock wait\n"
                   "SET lock_timeout = '2s';\n"
                   "SET statement_timeout = '1min';\n"
                   "ALTER TABLE orders ADD COLUMN channel text;\n"
                   "SET lock_timeout = '5s';\n");
}

static void safe_new_table_kept(void **state)
{
    fixture_t *f = *state;
    add(f, "CREATE TABLE audit (id bigint, at timestamptz)",
        (mig_action_t){.kind = MA_CREATE_TABLE, .table = "audit"});
    mig_stmt_t *s = add(f, "CREATE INDEX audit_at ON audit (at)",
                        (mig_action_t){.kind = MA_CREATE_INDEX, .table = "audit",
                                       .name = "audit_at", .lock = LOCK_SHARE});
    s->new_table = true;
    s = add(f, "ALTER TABLE audit ALTER COLUMN at SET NOT NULL",
            (mig_action_t){.kind = MA_SET_NOT_NULL, .table = "audit", .column = "at",
                           .scans_table = true, .lock = LOCK_ACCESS_EXCLUSIVE});
    s->new_table = true;
    assert_safe(f, HEADER "CREATE TABLE audit (id bigint, at timestamptz);\n"
                          "CREATE INDEX audit_at ON audit (at);\n"
                          "ALTER TABLE audit ALTER COLUMN at SET NOT NULL;\n");
}

static void safe_suppressed_kept(void **state)
{
    fixture_t *f = *state;
    mig_stmt_t *s = add(f, "CREATE INDEX idx_orders_user_id ON orders (user_id)", index_orders);
    ignore(f, s, "create-index-non-concurrently");
    assert_safe(f, HEADER "CREATE INDEX idx_orders_user_id ON orders (user_id);\n");
}

/* ---- indexes ------------------------------------------------------------------------- */

static void safe_create_index_concurrently(void **state)
{
    fixture_t *f = *state;
    add(f, "create unique index if not exists idx_orders_user_id on orders (user_id)",
        (mig_action_t){.kind = MA_CREATE_INDEX, .table = "orders", .unique = true,
                       .name = "idx_orders_user_id", .lock = LOCK_SHARE});
    assert_safe(f, HEADER "-- line 1: CONCURRENTLY lets writes continue while the index builds\n"
                          "create unique index CONCURRENTLY if not exists idx_orders_user_id on "
                          "orders (user_id);\n");
}

static void safe_index_moved_out_of_transaction(void **state)
{
    fixture_t *f = *state;
    begin(f);
    add(f, "ALTER TABLE orders ADD COLUMN channel text", add_channel);
    add(f, "CREATE INDEX idx_orders_channel ON orders (channel)", index_orders);
    add(f, "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id)",
        (mig_action_t){.kind = MA_CREATE_INDEX, .table = "orders", .concurrently = true,
                       .lock = LOCK_SHARE_UPDATE_EXCLUSIVE});
    commit(f);
    add(f, "ALTER TABLE orders DROP COLUMN note",
        (mig_action_t){.kind = MA_DROP_COLUMN, .table = "orders", .column = "note"});
    assert_safe(f, HEADER "BEGIN;\n"
                          "ALTER TABLE orders ADD COLUMN channel text;\n"
                          "COMMIT;\n"
                          "-- line 3: CONCURRENTLY lets writes continue while the index builds; "
                          "moved after the COMMIT: CONCURRENTLY cannot run in a transaction block\n"
                          "CREATE INDEX CONCURRENTLY idx_orders_channel ON orders (channel);\n"
                          "-- line 4: moved after the COMMIT: CONCURRENTLY cannot run in a "
                          "transaction block\n"
                          "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);\n"
                          "ALTER TABLE orders DROP COLUMN note;\n");
}

static void safe_drop_index_and_reindex(void **state)
{
    fixture_t *f = *state;
    add(f, "DROP INDEX IF EXISTS \"Idx\"",
        (mig_action_t){.kind = MA_DROP_INDEX, .name = "Idx", .lock = LOCK_ACCESS_EXCLUSIVE});
    add(f, "REINDEX (VERBOSE) TABLE orders",
        (mig_action_t){.kind = MA_REINDEX, .table = "orders", .lock = LOCK_SHARE});
    assert_safe(f, HEADER "-- line 1: CONCURRENTLY waits for running queries instead of "
                          "blocking the table\n"
                          "DROP INDEX CONCURRENTLY IF EXISTS \"Idx\";\n"
                          "-- line 2: CONCURRENTLY lets writes continue while the index is "
                          "rebuilt (PG 12+)\n"
                          "REINDEX (VERBOSE) TABLE CONCURRENTLY orders;\n");
}

/* ---- constraints ------------------------------------------------------------------- */

static void safe_foreign_key_not_valid(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE order_items ADD CONSTRAINT order_items_product_fk FOREIGN KEY "
           "(product_id) REFERENCES products (id)",
        (mig_action_t){.kind = MA_ADD_FOREIGN_KEY, .table = "order_items",
                       .name = "order_items_product_fk", .column = "product_id",
                       .ref_table = "products",
                       .detail = "FOREIGN KEY (product_id) REFERENCES products (id)",
                       .lock = LOCK_SHARE_ROW_EXCLUSIVE});
    assert_safe(f, HEADER "-- line 1: NOT VALID takes a brief lock; VALIDATE checks existing "
                          "rows without blocking writes\n"
                          "ALTER TABLE order_items ADD CONSTRAINT order_items_product_fk FOREIGN "
                          "KEY (product_id) REFERENCES products (id) NOT VALID;\n"
                          "ALTER TABLE order_items VALIDATE CONSTRAINT order_items_product_fk;\n");
}

/* Unnamed, no detail: PostgreSQL's default name and a body built from the fields. */
static void safe_foreign_key_from_fields(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE shop.\"OrderItems\" ADD FOREIGN KEY (product_id) REFERENCES products",
        (mig_action_t){.kind = MA_ADD_FOREIGN_KEY, .schema = "shop", .table = "OrderItems",
                       .column = "product_id", .ref_schema = "shop", .ref_table = "products",
                       .lock = LOCK_SHARE_ROW_EXCLUSIVE});
    assert_safe(f, HEADER "-- line 1: NOT VALID takes a brief lock; VALIDATE checks existing "
                          "rows without blocking writes\n"
                          "ALTER TABLE shop.\"OrderItems\" ADD CONSTRAINT "
                          "\"OrderItems_product_id_fkey\" FOREIGN KEY (product_id) REFERENCES "
                          "shop.products NOT VALID;\n"
                          "ALTER TABLE shop.\"OrderItems\" VALIDATE CONSTRAINT "
                          "\"OrderItems_product_id_fkey\";\n");
}

static void safe_check_in_transaction_validates_after(void **state)
{
    fixture_t *f = *state;
    begin(f);
    add(f, "ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK (total >= 0)",
        (mig_action_t){.kind = MA_ADD_CHECK, .table = "orders",
                       .name = "orders_total_nonnegative", .detail = "CHECK (total >= 0)",
                       .lock = LOCK_ACCESS_EXCLUSIVE});
    commit(f);
    assert_safe(f, HEADER "BEGIN;\n"
                          "-- line 2: NOT VALID takes a brief lock; VALIDATE checks existing rows "
                          "without blocking reads or writes\n"
                          "ALTER TABLE orders ADD CONSTRAINT orders_total_nonnegative CHECK "
                          "(total >= 0) NOT VALID;\n"
                          "COMMIT;\n"
                          "-- line 2: VALIDATE after the COMMIT, in a transaction of its own\n"
                          "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonnegative;\n");
}

static void safe_check_already_not_valid_kept(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID",
        (mig_action_t){.kind = MA_ADD_CHECK, .table = "orders", .name = "c",
                       .detail = "total >= 0", .not_valid = true, .lock = LOCK_ACCESS_EXCLUSIVE});
    assert_safe(f, HEADER "ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0) NOT VALID;\n");
}

#define SET_NOT_NULL_WHY                                                                  \
    "-- line 1: a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its full-table " \
    "scan (PG 12+)\n"

static const mig_action_t set_not_null = {.kind = MA_SET_NOT_NULL, .table = "orders",
                                          .column = "public_id", .scans_table = true,
                                          .lock = LOCK_ACCESS_EXCLUSIVE};

static void safe_set_not_null_via_check(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL", set_not_null);
    assert_safe(f, HEADER SET_NOT_NULL_WHY
                "ALTER TABLE orders ADD CONSTRAINT orders_public_id_not_null CHECK (public_id "
                "IS NOT NULL) NOT VALID;\n"
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_public_id_not_null;\n"
                "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL;\n"
                "ALTER TABLE orders DROP CONSTRAINT orders_public_id_not_null;\n");
}

static void safe_set_not_null_before_pg12_keeps_check(void **state)
{
    fixture_t *f = *state;
    f->m.pg_version = 11;
    add(f, "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL", set_not_null);
    assert_safe(f, HEADER SET_NOT_NULL_WHY
                "ALTER TABLE orders ADD CONSTRAINT orders_public_id_not_null CHECK (public_id "
                "IS NOT NULL) NOT VALID;\n"
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_public_id_not_null;\n"
                "-- before PG 12 SET NOT NULL scans even with the CHECK: keep the CHECK\n"
                "-- ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL;\n");
}

/* A validated CHECK (col IS NOT NULL) earlier: the lowering clears scans_table. */
static void safe_set_not_null_proven_kept(void **state)
{
    fixture_t *f = *state;
    mig_action_t x = set_not_null;
    x.scans_table = false;
    add(f, "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL", x);
    assert_safe(f, HEADER "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL;\n");
}

static void safe_unique_using_index(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE orders ADD CONSTRAINT orders_public_id_key UNIQUE (public_id)",
        (mig_action_t){.kind = MA_ADD_UNIQUE, .table = "orders", .name = "orders_public_id_key",
                       .column = "public_id", .lock = LOCK_ACCESS_EXCLUSIVE});
    assert_safe(f, HEADER "-- line 1: build the unique index CONCURRENTLY, then attach it with a "
                          "brief lock\n"
                          "CREATE UNIQUE INDEX CONCURRENTLY orders_public_id_key ON orders "
                          "(public_id);\n"
                          "ALTER TABLE orders ADD CONSTRAINT orders_public_id_key UNIQUE USING "
                          "INDEX orders_public_id_key;\n");
}

static void safe_primary_key_using_index(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE audit_log ADD PRIMARY KEY (tenant_id, id)",
        (mig_action_t){.kind = MA_ADD_PRIMARY_KEY, .table = "audit_log",
                       .detail = "(tenant_id, id)", .lock = LOCK_ACCESS_EXCLUSIVE});
    assert_safe(f, HEADER "-- line 1: build the unique index CONCURRENTLY, then attach it with a "
                          "brief lock (its columns must already be NOT NULL: see "
                          "set-not-null-scans)\n"
                          "CREATE UNIQUE INDEX CONCURRENTLY audit_log_pkey ON audit_log "
                          "(tenant_id, id);\n"
                          "ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING "
                          "INDEX audit_log_pkey;\n");
}

/* ---- columns ----------------------------------------------------------------------- */

#define BACKFILL(table, set, pending)                                                       \
    "-- backfill in batches, outside a transaction block (COMMIT in DO: PG 11+):\n"         \
    "-- DO $$\n-- DECLARE n bigint;\n-- BEGIN\n--   LOOP\n"                                  \
    "--     UPDATE " table " SET " set "\n"                                                  \
    "--     WHERE ctid IN (SELECT ctid FROM " table " WHERE " pending " LIMIT 10000);\n"     \
    "--     GET DIAGNOSTICS n = ROW_COUNT;\n--     EXIT WHEN n = 0;\n"                      \
    "--     COMMIT;\n--   END LOOP;\n-- END $$;\n"

static void safe_volatile_default_backfilled(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid()",
        (mig_action_t){.kind = MA_ADD_COLUMN, .table = "orders", .column = "public_id",
                       .type = "uuid", .has_default = true, .default_volatile = true,
                       .not_null = true, .detail = "gen_random_uuid()",
                       .lock = LOCK_ACCESS_EXCLUSIVE, .rewrites_table = true});
    assert_safe(f, HEADER "-- line 1: a volatile default rewrites the table; add the column bare, "
                          "default new rows, backfill old ones in batches\n"
                          "ALTER TABLE orders ADD COLUMN public_id uuid;\n"
                          "ALTER TABLE orders ALTER COLUMN public_id SET DEFAULT "
                          "gen_random_uuid();\n"
                BACKFILL("orders", "public_id = gen_random_uuid()", "public_id IS NULL")
                "-- then NOT NULL without a long lock (see set-not-null-scans):\n"
                "-- ALTER TABLE orders ADD CONSTRAINT orders_public_id_not_null CHECK (public_id "
                "IS NOT NULL) NOT VALID;\n"
                "-- ALTER TABLE orders VALIDATE CONSTRAINT orders_public_id_not_null;\n"
                "-- ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL;\n"
                "-- ALTER TABLE orders DROP CONSTRAINT orders_public_id_not_null;\n");
}

static void safe_constant_default_kept(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new'",
        (mig_action_t){.kind = MA_ADD_COLUMN, .table = "orders", .column = "status",
                       .type = "text", .has_default = true, .detail = "'new'",
                       .lock = LOCK_ACCESS_EXCLUSIVE});
    assert_safe(f, HEADER "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';\n");
}

#define SYNC_TRIGGER(fn, table, newc, value)                                                  \
    "-- CREATE FUNCTION " fn "() RETURNS trigger LANGUAGE plpgsql AS $f$\n"                 \
    "--   BEGIN NEW." newc " := NEW." value "; RETURN NEW; END $f$;\n"                       \
    "-- CREATE TRIGGER " fn " BEFORE INSERT OR UPDATE ON " table "\n"                        \
    "--   FOR EACH ROW EXECUTE FUNCTION " fn "();\n"

static void safe_type_change_expand_contract(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE order_items ALTER COLUMN quantity TYPE bigint",
        (mig_action_t){.kind = MA_ALTER_COLUMN_TYPE, .table = "order_items",
                       .column = "quantity", .type = "bigint", .old_type = "integer",
                       .rewrites_table = true, .lock = LOCK_ACCESS_EXCLUSIVE});
    assert_safe(f, HEADER "-- line 1: changing the type rewrites the table under ACCESS "
                          "EXCLUSIVE; expand and contract instead:\n"
                          "-- ALTER TABLE order_items ADD COLUMN quantity_new bigint;\n"
                          "-- keep quantity_new in sync while the application writes quantity:\n"
                SYNC_TRIGGER("order_items_quantity_sync", "order_items", "quantity_new",
                             "quantity::bigint")
                BACKFILL("order_items", "quantity_new = quantity::bigint",
                         "quantity_new IS NULL AND quantity IS NOT NULL")
                "-- build quantity_new's indexes and constraints (CONCURRENTLY, NOT VALID), then "
                "swap the names in one short transaction:\n"
                "-- BEGIN;\n-- SET LOCAL lock_timeout = '2s';\n"
                "-- DROP TRIGGER order_items_quantity_sync ON order_items;\n"
                "-- ALTER TABLE order_items RENAME COLUMN quantity TO quantity_old;\n"
                "-- ALTER TABLE order_items RENAME COLUMN quantity_new TO quantity;\n"
                "-- COMMIT;\n"
                "-- DROP FUNCTION order_items_quantity_sync();\n"
                "-- once nothing reads it: ALTER TABLE order_items DROP COLUMN quantity_old;\n");
}

static void safe_type_change_using_backfills_with_it(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE t ALTER COLUMN c TYPE integer USING c::text::integer",
        (mig_action_t){.kind = MA_ALTER_COLUMN_TYPE, .table = "t", .column = "c",
                       .type = "integer", .detail = "c::text::integer", .rewrites_table = true,
                       .lock = LOCK_ACCESS_EXCLUSIVE});
    const char *got = pg_migrate_safe(f->a, &f->m);
    assert_non_null(strstr(got, "-- (the trigger applies USING c::text::integer to NEW's "
                                "columns)\n"));
    assert_non_null(strstr(got, "--     UPDATE t SET c_new = c::text::integer\n"));
}

/* varchar(20) → text needs no rewrite: the lowering says so and it stays. */
static void safe_catalog_only_type_change_kept(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE users ALTER COLUMN name TYPE text",
        (mig_action_t){.kind = MA_ALTER_COLUMN_TYPE, .table = "users", .column = "name",
                       .type = "text", .lock = LOCK_ACCESS_EXCLUSIVE});
    assert_safe(f, HEADER "ALTER TABLE users ALTER COLUMN name TYPE text;\n");
}

static void safe_rename_column_expand_contract(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE users RENAME COLUMN name TO full_name",
        (mig_action_t){.kind = MA_RENAME_COLUMN, .table = "users", .column = "name",
                       .name = "full_name", .lock = LOCK_ACCESS_EXCLUSIVE});
    assert_safe(f, HEADER "-- line 1: a rename breaks running code that uses the old name; "
                          "expand and contract across releases:\n"
                          "-- ALTER TABLE users ADD COLUMN full_name <type of name>;\n"
                          "-- keep full_name in sync while the application writes name:\n"
                SYNC_TRIGGER("users_name_sync", "users", "full_name", "name")
                BACKFILL("users", "full_name = name", "full_name IS NULL AND name IS NOT NULL")
                "-- release 1 writes both columns; release 2 reads full_name only; then, in a "
                "later migration:\n"
                "-- DROP TRIGGER users_name_sync ON users;\n"
                "-- DROP FUNCTION users_name_sync();\n"
                "-- ALTER TABLE users DROP COLUMN name;\n");
}

static void safe_rename_table_with_view(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE app.user_teams RENAME TO memberships",
        (mig_action_t){.kind = MA_RENAME_TABLE, .schema = "app", .table = "user_teams",
                       .name = "memberships", .lock = LOCK_ACCESS_EXCLUSIVE});
    assert_safe(f, HEADER "-- line 1: a view with the old name keeps old code working; drop it "
                          "once no code uses that name\n"
                          "ALTER TABLE app.user_teams RENAME TO memberships;\n"
                          "CREATE VIEW app.user_teams AS SELECT * FROM app.memberships;\n");
}

/* ---- statements with several actions ----------------------------------------------- */

static void safe_multi_action_split(void **state)
{
    fixture_t *f = *state;
    mig_stmt_t *s = add(f, "ALTER TABLE orders ADD COLUMN channel text, ALTER COLUMN public_id "
                           "SET NOT NULL, DROP COLUMN note",
                        add_channel);
    add_action(f, s, set_not_null);
    add_action(f, s, (mig_action_t){.kind = MA_DROP_COLUMN, .table = "orders", .column = "note"});
    assert_safe(f, HEADER "-- line 1: one statement per change, so each can be made safe\n"
                          "ALTER TABLE orders ADD COLUMN channel text;\n"
                SET_NOT_NULL_WHY
                "ALTER TABLE orders ADD CONSTRAINT orders_public_id_not_null CHECK (public_id "
                "IS NOT NULL) NOT VALID;\n"
                "ALTER TABLE orders VALIDATE CONSTRAINT orders_public_id_not_null;\n"
                "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL;\n"
                "ALTER TABLE orders DROP CONSTRAINT orders_public_id_not_null;\n"
                "ALTER TABLE orders DROP COLUMN note;\n");
}

static void safe_multi_action_unsplittable_kept(void **state)
{
    fixture_t *f = *state;
    mig_stmt_t *s = add(f, "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL, "
                           "SET (fillfactor = 90)",
                        set_not_null);
    add_action(f, s, (mig_action_t){.kind = MA_OTHER, .table = "orders"});
    assert_safe(f, HEADER "-- line 1: kept as written: it makes several changes; split it so each "
                          "can be made safe\n"
                          "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL, SET "
                          "(fillfactor = 90);\n");
}

/* ---- what the review of the corpus found ------------------------------------------------ */

/* flyway_V5/V8/V12: the schema stays on every statement written; a trigger's
 * name cannot be qualified, its function's can. */
static void safe_schema_kept(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE ledger.postings ALTER COLUMN amount TYPE bigint",
        (mig_action_t){.kind = MA_ALTER_COLUMN_TYPE, .schema = "ledger", .table = "postings",
                       .column = "amount", .type = "bigint", .old_type = "integer",
                       .rewrites_table = true, .lock = LOCK_ACCESS_EXCLUSIVE});
    add(f, "ALTER TABLE ledger.accounts ADD CONSTRAINT k UNIQUE (owner)",
        (mig_action_t){.kind = MA_ADD_UNIQUE, .schema = "ledger", .table = "accounts",
                       .name = "k", .detail = "(owner)", .lock = LOCK_ACCESS_EXCLUSIVE});
    const char *got = pg_migrate_safe(f->a, &f->m);
    assert_non_null(strstr(got, "-- ALTER TABLE ledger.postings ADD COLUMN amount_new bigint;\n"));
    assert_non_null(strstr(got, "-- CREATE FUNCTION ledger.postings_amount_sync() RETURNS"));
    assert_non_null(strstr(got, "-- CREATE TRIGGER postings_amount_sync BEFORE INSERT OR UPDATE "
                                "ON ledger.postings\n"));
    assert_non_null(strstr(got, "-- DROP TRIGGER postings_amount_sync ON ledger.postings;\n"));
    assert_non_null(strstr(got, "-- DROP FUNCTION ledger.postings_amount_sync();\n"));
    assert_non_null(strstr(got, "CREATE UNIQUE INDEX CONCURRENTLY k ON ledger.accounts (owner);\n"
                                "ALTER TABLE ledger.accounts ADD CONSTRAINT k UNIQUE USING "
                                "INDEX k;\n"));
    assert_null(strstr(got, " postings ")); /* never the bare name */
}

/* alembic_0020: steps moved after the COMMIT (validate, SET NOT NULL) must not end
 * up behind a statement that renames their table; the rename follows them, in a
 * transaction of its own with its view. The version record stays before the
 * COMMIT, and a statement on another table stays in the transaction. */
static void safe_moved_steps_keep_order(void **state)
{
    fixture_t *f = *state;
    begin(f);
    relations(f, add(f, "ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL",
                     (mig_action_t){.kind = MA_SET_NOT_NULL, .table = "events",
                                    .column = "tenant_id", .scans_table = true,
                                    .lock = LOCK_ACCESS_EXCLUSIVE}),
              LIST("events"));
    relations(f, add(f, "ALTER TABLE teams ADD COLUMN note text",
                     (mig_action_t){.kind = MA_ADD_COLUMN, .table = "teams", .column = "note",
                                    .type = "text", .lock = LOCK_ACCESS_EXCLUSIVE}),
              LIST("teams"));
    relations(f, add(f, "ALTER TABLE events RENAME TO inbound_events",
                     (mig_action_t){.kind = MA_RENAME_TABLE, .table = "events",
                                    .name = "inbound_events", .lock = LOCK_ACCESS_EXCLUSIVE}),
              LIST("events", "inbound_events"));
    mig_stmt_t *v = add(f, "UPDATE alembic_version SET version_num='5f6a'",
                        (mig_action_t){.kind = MA_OTHER, .table = "alembic_version",
                                       .lock = LOCK_ROW_EXCLUSIVE});
    v->version_record = true;
    relations(f, v, LIST("alembic_version", "events")); /* even when it seems to share one */
    relations(f, add(f, "CREATE VIEW recent AS SELECT * FROM inbound_events",
                     (mig_action_t){.kind = MA_OTHER}),
              LIST("recent", "inbound_events"));
    commit(f);
    assert_safe(f, HEADER "BEGIN;\n"
                          "-- line 2: a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip "
                          "its full-table scan (PG 12+)\n"
                          "ALTER TABLE events ADD CONSTRAINT events_tenant_id_not_null CHECK "
                          "(tenant_id IS NOT NULL) NOT VALID;\n"
                          "ALTER TABLE teams ADD COLUMN note text;\n"
                          "UPDATE alembic_version SET version_num='5f6a';\n"
                          "COMMIT;\n"
                          "-- line 2: validate and SET NOT NULL after the COMMIT\n"
                          "ALTER TABLE events VALIDATE CONSTRAINT events_tenant_id_not_null;\n"
                          "ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;\n"
                          "ALTER TABLE events DROP CONSTRAINT events_tenant_id_not_null;\n"
                          "-- line 4: moved after the COMMIT, behind line 2's steps: both use "
                          "events\n"
                          "-- line 4: a view with the old name keeps old code working; drop it "
                          "once no code uses that name\n"
                          "BEGIN;\n"
                          "ALTER TABLE events RENAME TO inbound_events;\n"
                          "CREATE VIEW events AS SELECT * FROM inbound_events;\n"
                          "COMMIT;\n"
                          "-- line 6: moved after the COMMIT, behind line 4's steps: both use "
                          "inbound_events\n"
                          "CREATE VIEW recent AS SELECT * FROM inbound_events;\n");
}

/* Sharing a table is not enough to move: a later DROP DEFAULT stays in the
 * transaction; a later DROP COLUMN of the column the moved index is built on, or
 * an ADD CONSTRAINT … USING INDEX of that index, follows the index. */
static void safe_only_dependent_statements_move(void **state)
{
    fixture_t *f = *state;
    begin(f);
    mig_stmt_t *ix = add(f, "CREATE INDEX idx_orders_user_id ON orders (user_id)", index_orders);
    relations(f, ix, LIST("orders", "idx_orders_user_id"));
    names(f, ix, LIST("user_id"));
    mig_stmt_t *def = add(f, "ALTER TABLE orders ALTER COLUMN note DROP DEFAULT",
                          (mig_action_t){.kind = MA_SET_DEFAULT, .table = "orders",
                                         .column = "note", .lock = LOCK_ACCESS_EXCLUSIVE});
    relations(f, def, LIST("orders"));
    names(f, def, LIST("note"));
    mig_stmt_t *uq = add(f, "ALTER TABLE orders ADD CONSTRAINT u UNIQUE USING INDEX "
                            "idx_orders_user_id",
                         (mig_action_t){.kind = MA_ADD_UNIQUE, .table = "orders", .name = "u",
                                        .using_index = true, .lock = LOCK_ACCESS_EXCLUSIVE});
    relations(f, uq, LIST("orders", "idx_orders_user_id"));
    mig_stmt_t *drop = add(f, "ALTER TABLE orders DROP COLUMN user_id",
                           (mig_action_t){.kind = MA_DROP_COLUMN, .table = "orders",
                                          .column = "user_id", .lock = LOCK_ACCESS_EXCLUSIVE});
    relations(f, drop, LIST("orders"));
    names(f, drop, LIST("user_id"));
    commit(f);
    assert_safe(f, HEADER "BEGIN;\n"
                          "ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;\n"
                          "COMMIT;\n"
                          "-- line 2: CONCURRENTLY lets writes continue while the index builds; "
                          "moved after the COMMIT: CONCURRENTLY cannot run in a transaction "
                          "block\n"
                          "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);\n"
                          "-- line 4: moved after the COMMIT, behind line 2's steps: both use "
                          "orders\n"
                          "ALTER TABLE orders ADD CONSTRAINT u UNIQUE USING INDEX "
                          "idx_orders_user_id;\n"
                          "-- line 5: moved after the COMMIT, behind line 2's steps: both use "
                          "orders\n"
                          "ALTER TABLE orders DROP COLUMN user_id;\n");
}

/* A SET LOCAL lock_timeout ends with the transaction: steps moved after the COMMIT
 * get a session one. A session SET before them needs nothing more. */
static void safe_local_timeout_renewed_after_commit(void **state)
{
    fixture_t *f = *state;
    begin(f);
    add(f, "SET LOCAL lock_timeout = '3s'",
        (mig_action_t){.kind = MA_SET_LOCK_TIMEOUT, .detail = "3s", .local = true});
    add(f, "SET statement_timeout = '1min'", (mig_action_t){.kind = MA_SET_STATEMENT_TIMEOUT});
    add(f, "CREATE INDEX idx_orders_user_id ON orders (user_id)", index_orders);
    commit(f);
    assert_safe(f, "BEGIN;\n"
                   "SET LOCAL lock_timeout = '3s';\n"
                   "SET statement_timeout = '1min';\n"
                   "COMMIT;\n"
                   "-- dbagent: the file's SET LOCAL lock_timeout ended with its transaction; the "
                   "steps below need one too\n"
                   "SET lock_timeout = '2s';\n"
                   "-- line 4: CONCURRENTLY lets writes continue while the index builds; moved "
                   "after the COMMIT: CONCURRENTLY cannot run in a transaction block\n"
                   "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);\n");
    f->m.stmts[1].actions[0].local = false;
    const char *got = pg_migrate_safe(f->a, &f->m);
    assert_null(strstr(got, "ended with its transaction"));
}

/* A later statement that would go after the COMMIT anyway keeps its own reason,
 * and its place behind the earlier steps. */
static void safe_moved_anyway_keeps_reason(void **state)
{
    fixture_t *f = *state;
    begin(f);
    relations(f, add(f, "ALTER TABLE orders ADD CONSTRAINT c CHECK (total >= 0)",
                     (mig_action_t){.kind = MA_ADD_CHECK, .table = "orders", .name = "c",
                                    .detail = "CHECK (total >= 0)",
                                    .lock = LOCK_ACCESS_EXCLUSIVE}),
              LIST("orders"));
    relations(f, add(f, "CREATE INDEX idx_orders_user_id ON orders (user_id)", index_orders),
              LIST("orders", "idx_orders_user_id"));
    commit(f);
    const char *got = pg_migrate_safe(f->a, &f->m);
    assert_non_null(strstr(got, "COMMIT;\n"
                                "-- line 2: VALIDATE after the COMMIT, in a transaction of its "
                                "own\nALTER TABLE orders VALIDATE CONSTRAINT c;\n"
                                "-- line 3: CONCURRENTLY lets writes continue while the index "
                                "builds; moved after the COMMIT: CONCURRENTLY cannot run in a "
                                "transaction block\n"));
}

/* django_tracker_0010: a rename that a later statement relies on stays, with a
 * warning, instead of becoming commented expand/contract steps that break it. */
static void safe_rename_column_kept_when_used_later(void **state)
{
    fixture_t *f = *state;
    relations(f, add(f, "ALTER TABLE \"tracker_card\" RENAME COLUMN \"board_id\" TO \"column_id\"",
                     (mig_action_t){.kind = MA_RENAME_COLUMN, .table = "tracker_card",
                                    .column = "board_id", .name = "column_id",
                                    .lock = LOCK_ACCESS_EXCLUSIVE}),
              LIST("tracker_card"));
    mig_stmt_t *fk = add(f, "ALTER TABLE tracker_card ADD CONSTRAINT fk FOREIGN KEY (column_id) "
                            "REFERENCES tracker_column (id) NOT VALID",
                         (mig_action_t){.kind = MA_ADD_FOREIGN_KEY, .table = "tracker_card",
                                        .column = "column_id", .not_valid = true,
                                        .lock = LOCK_SHARE_ROW_EXCLUSIVE});
    fk->line = 9;
    relations(f, fk, LIST("tracker_card", "tracker_column"));
    names(f, fk, LIST("fk", "column_id", "id"));
    assert_safe(f, HEADER "-- line 1: kept: line 9 uses the new name column_id; a rename breaks "
                          "running code that uses the old one, so deploy code that works with "
                          "both names before this runs\n"
                          "ALTER TABLE \"tracker_card\" RENAME COLUMN \"board_id\" TO "
                          "\"column_id\";\n"
                          "ALTER TABLE tracker_card ADD CONSTRAINT fk FOREIGN KEY (column_id) "
                          "REFERENCES tracker_column (id) NOT VALID;\n");
}

/* The same name on another table does not keep the rename. */
static void safe_rename_column_other_table_not_kept(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE users RENAME COLUMN name TO full_name",
        (mig_action_t){.kind = MA_RENAME_COLUMN, .table = "users", .column = "name",
                       .name = "full_name", .lock = LOCK_ACCESS_EXCLUSIVE});
    mig_stmt_t *other = add(f, "ALTER TABLE teams ADD COLUMN full_name text",
                            (mig_action_t){.kind = MA_ADD_COLUMN, .table = "teams",
                                           .column = "full_name", .type = "text",
                                           .lock = LOCK_ACCESS_EXCLUSIVE});
    relations(f, other, LIST("teams"));
    names(f, other, LIST("full_name"));
    const char *got = pg_migrate_safe(f->a, &f->m);
    assert_non_null(strstr(got, "expand and contract across releases:\n"));
    assert_null(strstr(got, "kept:"));
}

/* flyway_V8: the trigger keeps the new column in step the way the backfill fills
 * it: with the USING expression, per row. */
static void safe_type_change_trigger_uses_using(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE p ALTER COLUMN amount TYPE numeric(20,4) USING amount::numeric / 100",
        (mig_action_t){.kind = MA_ALTER_COLUMN_TYPE, .table = "p", .column = "amount",
                       .type = "numeric(20,4)", .detail = "amount::numeric / 100",
                       .row_detail = "new.amount::numeric / 100", .rewrites_table = true,
                       .lock = LOCK_ACCESS_EXCLUSIVE});
    const char *got = pg_migrate_safe(f->a, &f->m);
    assert_non_null(strstr(got, "--   BEGIN NEW.amount_new := new.amount::numeric / 100; RETURN "
                                "NEW; END $f$;\n"));
    assert_non_null(strstr(got, "--     UPDATE p SET amount_new = amount::numeric / 100\n"));
    assert_null(strstr(got, "(the trigger applies"));
}

/* Without the old type (and no USING) a rewrite is likely, not certain. */
static void safe_type_change_old_type_unknown(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE t ALTER COLUMN c TYPE bigint",
        (mig_action_t){.kind = MA_ALTER_COLUMN_TYPE, .table = "t", .column = "c",
                       .type = "bigint", .rewrites_table = true, .lock = LOCK_ACCESS_EXCLUSIVE});
    const char *got = pg_migrate_safe(f->a, &f->m);
    assert_non_null(strstr(got, "-- line 1: changing the type may rewrite the table under ACCESS "
                                "EXCLUSIVE (the old type of c is not known); expand and "
                                "contract instead:\n"));
}

/* Risks with no rewrite: a note, and the statement as written. Not on new tables. */
static void safe_notes_for_generated_and_refresh(void **state)
{
    fixture_t *f = *state;
    add(f, "ALTER TABLE products ADD COLUMN search tsvector GENERATED ALWAYS AS (x) STORED",
        (mig_action_t){.kind = MA_ADD_COLUMN, .table = "products", .column = "search",
                       .type = "tsvector", .generated = true, .rewrites_table = true,
                       .lock = LOCK_ACCESS_EXCLUSIVE});
    add(f, "REFRESH MATERIALIZED VIEW daily",
        (mig_action_t){.kind = MA_REFRESH_MATVIEW, .table = "daily", .rewrites_table = true,
                       .lock = LOCK_ACCESS_EXCLUSIVE});
    add(f, "REFRESH MATERIALIZED VIEW CONCURRENTLY daily",
        (mig_action_t){.kind = MA_REFRESH_MATVIEW, .table = "daily", .concurrently = true,
                       .lock = LOCK_EXCLUSIVE});
    add(f, "REFRESH MATERIALIZED VIEW fresh",
        (mig_action_t){.kind = MA_REFRESH_MATVIEW, .table = "fresh", .rewrites_table = true,
                       .lock = LOCK_ACCESS_EXCLUSIVE})->new_table = true;
    assert_safe(f, HEADER "-- line 1: a STORED generated column is computed for every existing "
                          "row: the table is rewritten under ACCESS EXCLUSIVE, and there is no "
                          "online form; run it when the table can be locked that long, or add a "
                          "plain column kept by a trigger and backfilled in batches\n"
                          "ALTER TABLE products ADD COLUMN search tsvector GENERATED ALWAYS AS "
                          "(x) STORED;\n"
                          "-- line 2: REFRESH without CONCURRENTLY blocks reads of the view until "
                          "it finishes; with a unique index on the view, REFRESH MATERIALIZED "
                          "VIEW CONCURRENTLY lets reads go on\n"
                          "REFRESH MATERIALIZED VIEW daily;\n"
                          "REFRESH MATERIALIZED VIEW CONCURRENTLY daily;\n"
                          "REFRESH MATERIALIZED VIEW fresh;\n");
}

/* A generated column cannot be written from the fields: a statement holding one is
 * not split (that would drop its expression). */
static void safe_generated_column_not_split(void **state)
{
    fixture_t *f = *state;
    mig_stmt_t *s = add(f, "ALTER TABLE orders ADD COLUMN g int GENERATED ALWAYS AS (qty) STORED, "
                           "ALTER COLUMN public_id SET NOT NULL",
                        (mig_action_t){.kind = MA_ADD_COLUMN, .table = "orders", .column = "g",
                                       .type = "int4", .generated = true, .rewrites_table = true,
                                       .lock = LOCK_ACCESS_EXCLUSIVE});
    add_action(f, s, set_not_null);
    const char *got = pg_migrate_safe(f->a, &f->m);
    assert_non_null(strstr(got, "-- line 1: kept as written: it makes several changes"));
    assert_null(strstr(got, "ADD COLUMN g int4;"));
}

/* The lock a foreign key takes on the table it references is no change to split out. */
static void safe_referenced_lock_is_no_change(void **state)
{
    fixture_t *f = *state;
    mig_stmt_t *s = add(f, "ALTER TABLE order_items ADD CONSTRAINT fk FOREIGN KEY (product_id) "
                           "REFERENCES products (id)",
                        (mig_action_t){.kind = MA_ADD_FOREIGN_KEY, .table = "order_items",
                                       .name = "fk", .column = "product_id",
                                       .ref_table = "products",
                                       .detail = "FOREIGN KEY (product_id) REFERENCES products (id)",
                                       .lock = LOCK_SHARE_ROW_EXCLUSIVE});
    add_action(f, s, (mig_action_t){.kind = MA_LOCK_REFERENCED, .table = "products",
                                    .lock = LOCK_SHARE_ROW_EXCLUSIVE});
    assert_safe(f, HEADER "-- line 1: NOT VALID takes a brief lock; VALIDATE checks existing "
                          "rows without blocking writes\n"
                          "ALTER TABLE order_items ADD CONSTRAINT fk FOREIGN KEY (product_id) "
                          "REFERENCES products (id) NOT VALID;\n"
                          "ALTER TABLE order_items VALIDATE CONSTRAINT fk;\n");
}

static void safe_is_deterministic(void **state)
{
    fixture_t *f = *state;
    begin(f);
    add(f, "CREATE INDEX idx_orders_user_id ON orders (user_id)", index_orders);
    add(f, "ALTER TABLE orders ALTER COLUMN public_id SET NOT NULL", set_not_null);
    commit(f);
    assert_string_equal(pg_migrate_safe(f->a, &f->m), pg_migrate_safe(f->a, &f->m));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(safe_empty_migration),
        T(safe_no_risk_kept_with_timeouts),
        T(safe_timeouts_set_by_file),
        T(safe_timeout_set_too_late),
        T(safe_new_table_kept),
        T(safe_suppressed_kept),
        T(safe_create_index_concurrently),
        T(safe_index_moved_out_of_transaction),
        T(safe_drop_index_and_reindex),
        T(safe_foreign_key_not_valid),
        T(safe_foreign_key_from_fields),
        T(safe_check_in_transaction_validates_after),
        T(safe_check_already_not_valid_kept),
        T(safe_set_not_null_via_check),
        T(safe_set_not_null_before_pg12_keeps_check),
        T(safe_set_not_null_proven_kept),
        T(safe_unique_using_index),
        T(safe_primary_key_using_index),
        T(safe_volatile_default_backfilled),
        T(safe_constant_default_kept),
        T(safe_type_change_expand_contract),
        T(safe_type_change_using_backfills_with_it),
        T(safe_catalog_only_type_change_kept),
        T(safe_rename_column_expand_contract),
        T(safe_rename_table_with_view),
        T(safe_multi_action_split),
        T(safe_multi_action_unsplittable_kept),
        T(safe_schema_kept),
        T(safe_moved_steps_keep_order),
        T(safe_moved_anyway_keeps_reason),
        T(safe_local_timeout_renewed_after_commit),
        T(safe_only_dependent_statements_move),
        T(safe_rename_column_kept_when_used_later),
        T(safe_rename_column_other_table_not_kept),
        T(safe_type_change_trigger_uses_using),
        T(safe_type_change_old_type_unknown),
        T(safe_notes_for_generated_and_refresh),
        T(safe_generated_column_not_split),
        T(safe_referenced_lock_is_no_change),
        T(safe_is_deterministic),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
