/* test_indexdef.c — index names and DDL (DESIGN.md §5: "Generated DDL quotes
 * identifiers where PostgreSQL needs it; index names are deterministic and cut to
 * 63 bytes with a short hash suffix when too long").
 *
 * Names and DDL are user-visible and end up in migrations, so they are compared
 * as exact strings; a change here is a change users see. Quoting is
 * PostgreSQL's, through the engine's quote_ident. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <string.h>

#include "engine/pg/pg.h"
#include "model/indexdef.h"

/* Table rows leave trailing fields zero on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const char *quote(arena_t *a, const char *ident)
{
    return pg_engine.quote_ident(a, ident);
}

/* ---- quoting ------------------------------------------------------------------- */

static void test_quote_ident(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"user_id", "user_id"},
        {"orders", "orders"},
        {"_private", "_private"},
        {"col$1", "col$1"},
        {"t2", "t2"},
        {"Order", "\"Order\""},       /* upper case would be folded */
        {"user", "\"user\""},         /* reserved keyword */
        {"select", "\"select\""},
        {"order", "\"order\""},
        {"table", "\"table\""},
        {"between", "\"between\""},   /* column-name keyword: not usable bare everywhere */
        {"name", "name"},             /* unreserved keyword: fine bare */
        {"status", "status"},
        {"2fa", "\"2fa\""},           /* starts with a digit */
        {"first name", "\"first name\""},
        {"my\"col", "\"my\"\"col\""}, /* embedded quote doubled */
        {"caf\xc3\xa9", "\"caf\xc3\xa9\""}, /* non-ASCII: quoted, as quote_ident does */
        {"", "\"\""},
    };
    arena_t *a = arena_new();
    int failures = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = quote(a, cases[i].in);
        if (strcmp(got, cases[i].want)) {
            print_error("quote_ident(%s) = %s, want %s\n", cases[i].in, got, cases[i].want);
            failures++;
        }
    }
    arena_free(a);
    if (failures)
        fail_msg("%d quoting cases failed", failures);
}

/* ---- names ------------------------------------------------------------------------ */

static void test_name_shapes(void **state)
{
    (void)state;
    static const struct {
        indexdef_t d;
        const char *want;
    } cases[] = {
        {{.table = "orders", .method = "btree", .nkeys = 1, .keys = {{.column = "user_id"}}},
         "idx_orders_user_id"},
        {{.table = "orders", .method = "btree", .nkeys = 3,
          .keys = {{.column = "user_id"}, {.column = "status"}, {.column = "created_at", .desc = true}}},
         "idx_orders_user_id_status_created_at"},
        /* an expression key names its words, lower-cased, single underscores */
        {{.table = "users", .method = "btree", .nkeys = 1, .keys = {{.expr = "lower(email)"}}},
         "idx_users_lower_email"},
        {{.table = "events", .method = "btree", .nkeys = 1,
          .keys = {{.expr = "(payload ->> 'Kind')"}}},
         "idx_events_payload_kind"},
        {{.table = "Order", .method = "btree", .nkeys = 1, .keys = {{.column = "UserId"}}},
         "idx_order_userid"},
        {{.table = "products", .method = "gin", .nkeys = 1, .suffix = "trgm",
          .keys = {{.column = "name", .opclass = "gin_trgm_ops"}}},
         "idx_products_name_trgm"},
        {{.table = "orders", .method = "btree", .nkeys = 1, .where = "status = 'pending'",
          .keys = {{.column = "created_at"}}},
         "idx_orders_created_at_partial"},
        /* the schema is not part of the name: an index lives in its table's schema */
        {{.schema = "sales", .table = "orders", .method = "btree", .nkeys = 1,
          .keys = {{.column = "id"}}},
         "idx_orders_id"},
    };
    arena_t *a = arena_new();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_string_equal(indexdef_name(a, &cases[i].d), cases[i].want);
    arena_free(a);
}

static void test_name_is_deterministic(void **state)
{
    (void)state;
    indexdef_t d = {.table = "orders", .method = "btree", .nkeys = 2,
                    .keys = {{.column = "user_id"}, {.column = "created_at", .desc = true}}};
    arena_t *a = arena_new(), *b = arena_new();
    const char *n1 = indexdef_name(a, &d);
    const char *n2 = indexdef_name(b, &d);
    assert_string_equal(n1, n2);
    assert_ptr_not_equal(n1, n2);
    arena_free(a);
    arena_free(b);
}

static bool is_lower_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
            return false;
    return true;
}

/* A full name of exactly n bytes: "idx_" + table "t" + "_" + a column of filler. */
static const char *name_of_length(arena_t *a, size_t n, char filler, char last)
{
    size_t col = n - strlen("idx_t_");
    char *c = arena_alloc(a, col + 1);
    memset(c, filler, col);
    c[col - 1] = last;
    indexdef_t d = {.table = "t", .method = "btree", .nkeys = 1, .keys = {{.column = c}}};
    return indexdef_name(a, &d);
}

static void test_name_cut_to_63_bytes_with_hash(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    /* 63 bytes fit as they are. */
    const char *fits = name_of_length(a, 63, 'c', 'c');
    assert_int_equal(strlen(fits), 63);
    assert_null(strchr(fits + 6, '_'));

    /* 64 bytes: 54 bytes of the name, '_', 8 lower-case hex digits = 63. */
    const char *cut = name_of_length(a, 64, 'c', 'c');
    assert_int_equal(strlen(cut), 63);
    assert_memory_equal(cut, "idx_t_ccc", 9);
    assert_int_equal(cut[54], '_');
    assert_true(is_lower_hex(cut + 55, 8));
    for (int i = 6; i < 54; i++)
        assert_int_equal(cut[i], 'c');

    /* Two long names that differ only in their last byte keep distinct names. */
    const char *x = name_of_length(a, 100, 'c', 'x');
    const char *y = name_of_length(a, 100, 'c', 'y');
    assert_int_equal(strlen(x), 63);
    assert_int_equal(strlen(y), 63);
    assert_memory_equal(x, y, 55); /* same cut prefix … */
    assert_string_not_equal(x, y);  /* … different hash */

    /* And the cut name is itself deterministic. */
    assert_string_equal(name_of_length(a, 100, 'c', 'x'), x);
    arena_free(a);
}

static void test_long_real_name_is_pinned(void **state)
{
    (void)state;
    /* A realistic composite past the limit. The hash is FNV-1a of the full name;
     * pinned because a changed name would make users create a duplicate index. */
    indexdef_t d = {.table = "customer_subscription_events", .method = "btree", .nkeys = 4,
                    .keys = {{.column = "customer_account_id"},
                             {.column = "subscription_plan_code"},
                             {.column = "event_type"},
                             {.column = "occurred_at", .desc = true}}};
    arena_t *a = arena_new();
    const char *name = indexdef_name(a, &d);
    assert_int_equal(strlen(name), 63);
    assert_string_equal(name, "idx_customer_subscription_events_customer_account_id_s_fe935a96");
    arena_free(a);
}

/* ---- DDL ---------------------------------------------------------------------------- */

typedef struct {
    const char *what;
    indexdef_t d;
    const char *name;
    const char *columns;      /* the report's columns, joined with "|" */
    const char *ddl;
} ddl_case_t;

static const char *join_columns(arena_t *a, const index_advice_t *ix)
{
    const char *s = "";
    for (int i = 0; i < ix->ncolumns; i++)
        s = arena_printf(a, "%s%s%s", s, i ? "|" : "", ix->columns[i]);
    return s;
}

static void test_ddl_shapes(void **state)
{
    (void)state;
    static const ddl_case_t cases[] = {
        {"btree, multi-column, DESC",
         {.table = "orders", .method = "btree", .nkeys = 3,
          .keys = {{.column = "user_id"}, {.column = "status"}, {.column = "created_at", .desc = true}}},
         "idx_orders_user_id_status_created_at", "user_id|status|created_at DESC",
         "CREATE INDEX CONCURRENTLY idx_orders_user_id_status_created_at ON orders "
         "(user_id, status, created_at DESC);"},
        {"INCLUDE for an index-only scan",
         {.table = "orders", .method = "btree", .nkeys = 1, .keys = {{.column = "user_id"}},
          .ninclude = 2, .include = {"total", "status"}},
         "idx_orders_user_id", "user_id",
         "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id) INCLUDE (total, status);"},
        {"partial",
         {.table = "orders", .method = "btree", .nkeys = 1, .keys = {{.column = "created_at"}},
          .where = "status = 'pending'"},
         "idx_orders_created_at_partial", "created_at",
         "CREATE INDEX CONCURRENTLY idx_orders_created_at_partial ON orders (created_at) "
         "WHERE status = 'pending';"},
        {"gin with an opclass",
         {.table = "products", .method = "gin", .nkeys = 1, .suffix = "gin",
          .keys = {{.column = "attributes", .opclass = "jsonb_path_ops"}}},
         "idx_products_attributes_gin", "attributes jsonb_path_ops",
         "CREATE INDEX CONCURRENTLY idx_products_attributes_gin ON products USING gin "
         "(attributes jsonb_path_ops);"},
        {"expression key in parentheses",
         {.table = "users", .method = "btree", .nkeys = 1, .keys = {{.expr = "lower(email)"}}},
         "idx_users_lower_email", "lower(email)",
         "CREATE INDEX CONCURRENTLY idx_users_lower_email ON users ((lower(email)));"},
        {"expression key with opclass and DESC",
         {.table = "users", .method = "btree", .nkeys = 1,
          .keys = {{.expr = "lower(name)", .opclass = "text_pattern_ops", .desc = true}}},
         "idx_users_lower_name", "lower(name) text_pattern_ops DESC",
         "CREATE INDEX CONCURRENTLY idx_users_lower_name ON users "
         "((lower(name)) text_pattern_ops DESC);"},
        {"schema-qualified table",
         {.schema = "sales", .table = "orders", .method = "btree", .nkeys = 1,
          .keys = {{.column = "id"}}},
         "idx_orders_id", "id",
         "CREATE INDEX CONCURRENTLY idx_orders_id ON sales.orders (id);"},
        {"identifiers that need quotes",
         {.schema = "Sales", .table = "Order", .method = "btree", .nkeys = 2,
          .keys = {{.column = "user"}, {.column = "CreatedAt", .desc = true}},
          .ninclude = 1, .include = {"group"}},
         "idx_order_user_createdat", "user|CreatedAt DESC",
         "CREATE INDEX CONCURRENTLY idx_order_user_createdat ON \"Sales\".\"Order\" "
         "(\"user\", \"CreatedAt\" DESC) INCLUDE (\"group\");"},
        {"everything at once",
         {.table = "orders", .method = "btree", .nkeys = 2,
          .keys = {{.column = "user_id"}, {.expr = "date_trunc('day', created_at)", .desc = true}},
          .ninclude = 1, .include = {"total"}, .where = "shipped_at IS NULL"},
         "idx_orders_user_id_date_trunc_day_created_at_partial",
         "user_id|date_trunc('day', created_at) DESC",
         "CREATE INDEX CONCURRENTLY idx_orders_user_id_date_trunc_day_created_at_partial ON "
         "orders (user_id, (date_trunc('day', created_at)) DESC) INCLUDE (total) "
         "WHERE shipped_at IS NULL;"},
    };
    arena_t *a = arena_new();
    int failures = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const ddl_case_t *c = &cases[i];
        index_advice_t *ix = indexdef_advice(a, quote, &c->d);
        const char *cols = join_columns(a, ix);
        if (strcmp(ix->name, c->name) || strcmp(cols, c->columns) || strcmp(ix->ddl, c->ddl)) {
            print_error("%s:\n  got  %s [%s] %s\n  want %s [%s] %s\n", c->what, ix->name, cols,
                        ix->ddl, c->name, c->columns, c->ddl);
            failures++;
        }
        if (strcmp(ix->type, c->d.method) || strcmp(ix->table, c->d.table)) {
            print_error("%s: type %s table %s\n", c->what, ix->type, ix->table);
            failures++;
        }
    }
    arena_free(a);
    if (failures)
        fail_msg("%d DDL cases failed", failures);
}

static void test_advice_fields(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    indexdef_t d = {.table = "orders", .method = "btree", .nkeys = 1,
                    .keys = {{.column = "created_at"}}, .ninclude = 2,
                    .include = {"id", "total"}, .where = "status = 'paid'"};
    index_advice_t *ix = indexdef_advice(a, quote, &d);
    assert_string_equal(ix->validated_by, "model"); /* offline: never pretend */
    assert_true(ix->cost_before < 0);
    assert_true(ix->cost_after < 0);
    assert_true(ix->size_bytes < 0);
    assert_string_equal(ix->where, "status = 'paid'");
    assert_int_equal(ix->ninclude, 2);
    assert_string_equal(ix->include[0], "id");
    assert_string_equal(ix->include[1], "total");
    assert_null(ix->include[2]); /* NULL-terminated as well as counted */
    assert_null(ix->columns[1]);
    assert_null(ix->prerequisite);
    arena_free(a);
}

static void test_trigram_index_has_prerequisite(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    indexdef_t d = {.table = "products", .method = "gin", .nkeys = 1, .suffix = "trgm",
                    .needs_trgm = true, .keys = {{.column = "name", .opclass = "gin_trgm_ops"}}};
    index_advice_t *ix = indexdef_advice(a, quote, &d);
    assert_string_equal(ix->prerequisite, "CREATE EXTENSION IF NOT EXISTS pg_trgm;");
    assert_string_equal(ix->ddl,
                        "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
                        "CREATE INDEX CONCURRENTLY idx_products_name_trgm ON products USING gin "
                        "(name gin_trgm_ops);");
    assert_string_equal(ix->name, "idx_products_name_trgm");
    assert_string_equal(ix->columns[0], "name gin_trgm_ops");
    arena_free(a);
}

static void test_long_name_in_ddl_is_the_cut_name(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    indexdef_t d = {.table = "customer_subscription_events", .method = "btree", .nkeys = 4,
                    .keys = {{.column = "customer_account_id"},
                             {.column = "subscription_plan_code"},
                             {.column = "event_type"},
                             {.column = "occurred_at", .desc = true}}};
    index_advice_t *ix = indexdef_advice(a, quote, &d);
    assert_int_equal(strlen(ix->name), 63);
    const char *want = arena_printf(a,
                                    "CREATE INDEX CONCURRENTLY %s ON customer_subscription_events "
                                    "(customer_account_id, subscription_plan_code, event_type, "
                                    "occurred_at DESC);",
                                    ix->name);
    assert_string_equal(ix->ddl, want);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_ident),
        cmocka_unit_test(test_name_shapes),
        cmocka_unit_test(test_name_is_deterministic),
        cmocka_unit_test(test_name_cut_to_63_bytes_with_hash),
        cmocka_unit_test(test_long_real_name_is_pinned),
        cmocka_unit_test(test_ddl_shapes),
        cmocka_unit_test(test_advice_fields),
        cmocka_unit_test(test_trigram_index_has_prerequisite),
        cmocka_unit_test(test_long_name_in_ddl_is_the_cut_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
