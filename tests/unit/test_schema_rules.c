/* test_schema_rules.c — the schema rules of docs/rules.md ("Schema rules") on
 * DDL loaded by the PostgreSQL engine: each rule's positive case next to the
 * negative ones that must stay quiet, exact fixes for the DDL users will run,
 * the evidence every finding carries, the catalog order of findings, and the
 * bundled shop schema, which must produce only the findings listed here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pg/pg.h"
#include "rules/rules.h"

/* Table rows leave trailing fields zero on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* ---- fixture: an arena per test --------------------------------------------------- */

typedef struct {
    arena_t *a;
    catalog_t cat;
    report_t *report;
    rule_ctx_t ctx;
} fixture_t;

static int setup(void **state)
{
    fixture_t *fx = calloc(1, sizeof(*fx));
    fx->a = arena_new();
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *fx = *state;
    arena_free(fx->a);
    free(fx);
    return 0;
}

/* Loads ddl into a fresh catalog and report; the context is ready for rules. */
static void load(fixture_t *fx, const char *ddl)
{
    err_t err = {0};
    catalog_init(&fx->cat, fx->a);
    if (pg_engine.load_ddl(fx->a, ddl, &fx->cat, &err) < 0)
        fail_msg("load_ddl failed at %d:%d: %s", err.line, err.column, err.message);
    fx->report = report_new(fx->a);
    rule_ctx_init(&fx->ctx, fx->a, fx->report, NULL, &fx->cat, &pg_engine);
}

static int run(fixture_t *fx, const char *ddl, rule_fn_t fn)
{
    load(fx, ddl);
    fn(&fx->ctx);
    return fx->report->nfindings;
}

static const char *evidence(const finding_t *f, const char *key)
{
    for (int i = 0; i < f->nevidence; i++)
        if (!strcmp(f->evidence[i].key, key))
            return f->evidence[i].value;
    return NULL;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!hay || !strstr(hay, needle))
        fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

/* ---- positive and negative cases, one row each ------------------------------------ */

typedef struct {
    const char *name;
    rule_fn_t fn;
    const char *rule;
    const char *ddl;
    int want;                    /* findings expected */
    const char *column;          /* evidence column of the first finding, NULL for a table */
    const char *message_has;     /* substring of the first finding's message */
    const char *fix_has;         /* substring of the first finding's fix */
} rule_case_t;

#define PK "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"

static const rule_case_t CASES[] = {
    /* missing-primary-key */
    {"no pk", rule_missing_primary_key, "missing-primary-key",
     "CREATE TABLE audit_log (at timestamptz NOT NULL, actor text NOT NULL);", 1, NULL,
     "table audit_log has no primary key",
     "ALTER TABLE audit_log ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;"},
    {"no pk, natural key", rule_missing_primary_key, "missing-primary-key",
     "CREATE TABLE coupons (code text NOT NULL UNIQUE, pct int);", 1, NULL, "coupons",
     "ALTER TABLE coupons ADD PRIMARY KEY (code); -- promotes the unique key coupons_code_key"},
    {"no pk, existing id column", rule_missing_primary_key, "missing-primary-key",
     "CREATE TABLE log (id serial, at timestamptz);", 1, NULL, "log",
     "ALTER TABLE log ADD PRIMARY KEY (id); -- fails if id has duplicates or NULLs"},
    {"column pk", rule_missing_primary_key, NULL, "CREATE TABLE t (" PK ");", 0},
    {"table pk", rule_missing_primary_key, NULL,
     "CREATE TABLE t (a int, b int, PRIMARY KEY (a, b));", 0},
    {"pk added by ALTER", rule_missing_primary_key, NULL,
     "CREATE TABLE t (a int NOT NULL);\nALTER TABLE t ADD PRIMARY KEY (a);", 0},
    /* timestamp-without-time-zone */
    {"timestamp", rule_timestamp_without_tz, "timestamp-without-time-zone",
     "CREATE TABLE events (" PK ", happened_at timestamp NOT NULL);", 1, "happened_at",
     "events.happened_at (timestamp)",
     "ALTER TABLE events ALTER COLUMN happened_at TYPE timestamptz;"},
    {"timestamp without time zone", rule_timestamp_without_tz, "timestamp-without-time-zone",
     "CREATE TABLE e (" PK ", at timestamp(3) without time zone);", 1, "at", "e.at", "timestamptz"},
    {"timestamptz", rule_timestamp_without_tz, NULL,
     "CREATE TABLE e (" PK ", a timestamptz, b timestamp with time zone, c date);", 0},
    /* char-type */
    {"char(12)", rule_char_type, "char-type",
     "CREATE TABLE coupons (code char(12) PRIMARY KEY);", 1, "code", "coupons.code (bpchar(12))",
     "ALTER TABLE coupons ALTER COLUMN code TYPE text; -- rewrites the table; if the length is a "
     "rule, also ADD CHECK (char_length(code) = 12)"},
    {"character", rule_char_type, "char-type", "CREATE TABLE t (" PK ", flag character);", 1,
     "flag", "blank-padded", "char_length(flag) = 1"},
    {"varchar and text", rule_char_type, NULL,
     "CREATE TABLE t (" PK ", a varchar(12), b text, c character varying);", 0},
    /* money-type */
    {"money", rule_money_type, "money-type",
     "CREATE TABLE invoices (" PK ", amount money NOT NULL);", 1, "amount", "lc_monetary",
     "ALTER TABLE invoices ALTER COLUMN amount TYPE numeric(12,2) USING amount::numeric;"},
    {"numeric", rule_money_type, NULL, "CREATE TABLE t (" PK ", amount numeric(12,2));", 0},
    /* json-not-jsonb */
    {"json", rule_json_not_jsonb, "json-not-jsonb",
     "CREATE TABLE products (" PK ", attributes json NOT NULL DEFAULT '{}');", 1, "attributes",
     "products.attributes (json) is reparsed",
     "ALTER TABLE products ALTER COLUMN attributes TYPE jsonb USING attributes::jsonb;"},
    {"jsonb", rule_json_not_jsonb, NULL, "CREATE TABLE t (" PK ", doc jsonb);", 0},
    /* serial-over-identity */
    {"serial", rule_serial_over_identity, "serial-over-identity",
     "CREATE TABLE teams (id serial PRIMARY KEY, name text NOT NULL);", 1, "id",
     "runs out at 2,147,483,647", "DROP SEQUENCE teams_id_seq;"},
    {"bigserial", rule_serial_over_identity, "serial-over-identity",
     "CREATE TABLE t (id bigserial PRIMARY KEY);", 1, "id", "serial sequence", "ADD GENERATED BY "
     "DEFAULT AS IDENTITY"},
    {"nextval default (pg_dump)", rule_serial_over_identity, "serial-over-identity",
     "CREATE TABLE t (id integer NOT NULL);\n"
     "ALTER TABLE ONLY t ALTER COLUMN id SET DEFAULT nextval('public.t_id_seq'::regclass);", 1,
     "id", "serial sequence", "DROP SEQUENCE public.t_id_seq;"},
    {"serial, quoted table", rule_serial_over_identity, "serial-over-identity",
     "CREATE TABLE \"Teams\" (id smallserial PRIMARY KEY);", 1, "id", "32,767",
     "DROP SEQUENCE \"Teams_id_seq\";"},
    {"identity", rule_serial_over_identity, NULL, "CREATE TABLE t (" PK ");", 0},
    /* float-for-money */
    {"double price", rule_float_for_money, "float-for-money",
     "CREATE TABLE order_lines (" PK ", price double precision NOT NULL);", 1, "price",
     "order_lines.price (float8) holds money",
     "ALTER TABLE order_lines ALTER COLUMN price TYPE numeric(12,2); -- rewrites the table"},
    {"real unit_price", rule_float_for_money, "float-for-money",
     "CREATE TABLE t (" PK ", unit_price real, shipping_fee float8);", 2, "unit_price",
     "binary floating point", "numeric(12,2)"},
    {"numeric price", rule_float_for_money, NULL,
     "CREATE TABLE t (" PK ", price numeric(12,2), amount bigint);", 0},
    {"float non-money", rule_float_for_money, NULL,
     "CREATE TABLE t (" PK ", latitude float8, total_seconds float8, price_ratio real);", 0},
    /* random-uuid-primary-key */
    {"gen_random_uuid pk", rule_random_uuid_pk, "random-uuid-primary-key",
     "CREATE TABLE sessions (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), user_id bigint);",
     1, "id", "random (v4) UUIDs", "ALTER TABLE sessions ALTER COLUMN id DROP DEFAULT;"},
    {"uuid_generate_v4 pk", rule_random_uuid_pk, "random-uuid-primary-key",
     "CREATE TABLE users (id UUID PRIMARY KEY DEFAULT uuid_generate_v4());", 1, "id",
     "uuid_generate_v4()", "bigint GENERATED ALWAYS AS IDENTITY"},
    {"random uuid, not the pk", rule_random_uuid_pk, NULL,
     "CREATE TABLE t (" PK ", public_id uuid NOT NULL DEFAULT gen_random_uuid());", 0},
    {"uuid pk without default", rule_random_uuid_pk, NULL,
     "CREATE TABLE t (id uuid PRIMARY KEY);", 0},
    /* fk-column-nullable-unintended */
    {"only parent nullable", rule_fk_nullable_unintended, "fk-column-nullable-unintended",
     "CREATE TABLE orders (" PK ");\n"
     "CREATE TABLE order_items (" PK ", order_id bigint REFERENCES orders (id), qty int);", 1,
     "order_id", "order_items.order_id (int8) references orders but allows NULL",
     "ALTER TABLE order_items ALTER COLUMN order_id SET NOT NULL;"},
    {"fk not null", rule_fk_nullable_unintended, NULL,
     "CREATE TABLE o (" PK ");\nCREATE TABLE i (" PK ", o_id bigint NOT NULL REFERENCES o);", 0},
    {"two nullable parents (one of)", rule_fk_nullable_unintended, NULL,
     "CREATE TABLE p (" PK ");\nCREATE TABLE v (" PK ");\n"
     "CREATE TABLE c (" PK ", post_id bigint REFERENCES p, video_id bigint REFERENCES v);", 0},
    {"self reference", rule_fk_nullable_unintended, NULL,
     "CREATE TABLE cat (" PK ", parent_id bigint REFERENCES cat (id));", 0},
    {"nullable fk not named _id", rule_fk_nullable_unintended, NULL,
     "CREATE TABLE u (" PK ");\nCREATE TABLE t (" PK ", reviewer bigint REFERENCES u);", 0},
    /* status-without-check */
    {"status text", rule_status_without_check, "status-without-check",
     "CREATE TABLE shipments (" PK ", status text NOT NULL DEFAULT 'pending');", 1, "status",
     "shipments.status (text) looks enumerated",
     "ALTER TABLE shipments ADD CONSTRAINT shipments_status_check CHECK (status IN "
     "('pending', …)) NOT VALID;"},
    {"order_type varchar", rule_status_without_check, "status-without-check",
     "CREATE TABLE t (" PK ", order_type varchar(10), kind text, role text);", 3, "order_type",
     "accepts any string", "CHECK (order_type IN (…)) NOT VALID;"},
    {"status with CHECK", rule_status_without_check, NULL,
     "CREATE TABLE t (" PK ", status text CHECK (status IN ('a', 'b')));", 0},
    {"status with table CHECK", rule_status_without_check, NULL,
     "CREATE TABLE t (" PK ", state varchar(5), CHECK (state IN ('on', 'off')));", 0},
    {"status enum type", rule_status_without_check, NULL,
     "CREATE TYPE s AS ENUM ('a', 'b');\nCREATE TABLE t (" PK ", status s);", 0},
    {"status lookup table", rule_status_without_check, NULL,
     "CREATE TABLE statuses (name text PRIMARY KEY);\n"
     "CREATE TABLE t (" PK ", status text REFERENCES statuses);", 0},
    {"not enumerated names", rule_status_without_check, NULL,
     "CREATE TABLE t (" PK ", statusline text, prototype text, status_code int);", 0},
    /* varchar-without-reason */
    {"varchar(255)", rule_varchar_without_reason, "varchar-without-reason",
     "CREATE TABLE users (" PK ", name varchar(255) NOT NULL);", 1, "name",
     "users.name (varchar(255)) has a length limit that looks habitual",
     "ALTER TABLE users ALTER COLUMN name TYPE text; -- catalog-only, no rewrite; if 255 is a "
     "real rule, keep it as CHECK (char_length(name) <= 255)"},
    {"short code, no limit, text", rule_varchar_without_reason, NULL,
     "CREATE TABLE t (" PK ", country varchar(2), phone varchar(32), a varchar, b text);", 0},
};

static void check_case(fixture_t *fx, const rule_case_t *k)
{
    int n = run(fx, k->ddl, k->fn);
    if (n != k->want)
        fail_msg("%s: %d findings, want %d%s%s", k->name, n, k->want, n ? ": " : "",
                 n ? fx->report->findings[0]->message : "");
    if (!n)
        return;
    const finding_t *f = fx->report->findings[0];
    assert_string_equal(f->rule, k->rule);
    assert_non_null(evidence(f, "table"));
    if (k->column) {
        assert_string_equal(evidence(f, "column"), k->column);
        assert_non_null(evidence(f, "type"));
    }
    assert_true(f->loc.line > 0);
    assert_contains(f->message, k->message_has);
    assert_contains(f->fix, k->fix_has);
}

static void test_rule_cases(void **state)
{
    fixture_t *fx = *state;
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++)
        check_case(fx, &CASES[i]);
}

/* Every rule has a positive and a negative row above. */
static void test_every_rule_has_cases(void **state)
{
    (void)state;
    for (int r = 0; r < R_COUNT; r++) {
        if (rule_table[r].family != RF_SCHEMA)
            continue;
        bool pos = false, neg = false;
        for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++)
            if (CASES[i].fn == rule_table[r].check) {
                pos |= CASES[i].want > 0;
                neg |= CASES[i].want == 0;
            }
        if (!pos || !neg)
            fail_msg("%s lacks a %s case", rule_table[r].id, pos ? "negative" : "positive");
    }
}

/* ---- exact fixes, locations and quoting ------------------------------------------- */

static void test_serial_fix_exact(void **state)
{
    fixture_t *fx = *state;
    assert_int_equal(run(fx, "CREATE TABLE teams (\n  id serial PRIMARY KEY\n);",
                         rule_serial_over_identity), 1);
    const finding_t *f = fx->report->findings[0];
    assert_int_equal(f->loc.line, 2);
    assert_string_equal(f->fix,
                        "ALTER TABLE teams ALTER COLUMN id DROP DEFAULT;\n"
                        "DROP SEQUENCE teams_id_seq;\n"
                        "ALTER TABLE teams ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;\n"
                        "SELECT setval(pg_get_serial_sequence('teams', 'id'), coalesce(max(id), "
                        "0) + 1, false) FROM teams;");
}

static void test_fk_nullable_fix_exact(void **state)
{
    fixture_t *fx = *state;
    assert_int_equal(run(fx, "CREATE TABLE o (" PK ");\n"
                             "CREATE TABLE i (" PK ", o_id bigint REFERENCES o (id));",
                         rule_fk_nullable_unintended), 1);
    assert_string_equal(fx->report->findings[0]->fix,
                        "ALTER TABLE i ADD CONSTRAINT i_o_id_not_null CHECK (o_id IS NOT NULL) "
                        "NOT VALID;\n"
                        "ALTER TABLE i VALIDATE CONSTRAINT i_o_id_not_null;\n"
                        "ALTER TABLE i ALTER COLUMN o_id SET NOT NULL;\n"
                        "ALTER TABLE i DROP CONSTRAINT i_o_id_not_null;\n"
                        "-- if the link is optional by design: COMMENT ON COLUMN i.o_id IS "
                        "'optional: …';");
    assert_string_equal(evidence(fx->report->findings[0], "references"), "o");
}

static void test_timestamp_fix_and_line(void **state)
{
    fixture_t *fx = *state;
    assert_int_equal(run(fx, "CREATE TABLE e (\n  " PK ",\n  at timestamp\n);",
                         rule_timestamp_without_tz), 1);
    const finding_t *f = fx->report->findings[0];
    assert_int_equal(f->loc.line, 3);
    assert_string_equal(f->fix, "SET TimeZone = 'UTC'; -- when the stored values are UTC\n"
                                "ALTER TABLE e ALTER COLUMN at TYPE timestamptz;");
    assert_int_equal(f->severity, SEV_WARNING);
}

/* Identifiers that need quotes get them, and schema-qualified tables keep the schema. */
static void test_quoting_and_schema(void **state)
{
    fixture_t *fx = *state;
    assert_int_equal(run(fx, "CREATE TABLE app.\"Order\" (\"Id\" bigint PRIMARY KEY, "
                             "\"Data\" json);",
                         rule_json_not_jsonb), 1);
    assert_string_equal(fx->report->findings[0]->fix,
                        "ALTER TABLE app.\"Order\" ALTER COLUMN \"Data\" TYPE jsonb USING "
                        "\"Data\"::jsonb; -- rewrites the table");
    assert_string_equal(evidence(fx->report->findings[0], "table"), "Order");
}

/* uuidv7() is suggested directly when the server has it (PostgreSQL 18). */
static void test_random_uuid_pg18(void **state)
{
    fixture_t *fx = *state;
    load(fx, "CREATE TABLE s (id uuid PRIMARY KEY DEFAULT gen_random_uuid());");
    fx->cat.server_version_num = 180000;
    rule_random_uuid_pk(&fx->ctx);
    assert_int_equal(fx->report->nfindings, 1);
    assert_string_equal(fx->report->findings[0]->fix,
                        "ALTER TABLE s ALTER COLUMN id SET DEFAULT uuidv7();");
}

/* ---- order and the whole family --------------------------------------------------- */

/* Tables in catalog order, then columns in declaration order. */
static void test_order_is_catalog_order(void **state)
{
    fixture_t *fx = *state;
    run(fx, "CREATE TABLE b (" PK ", z json, a json);\nCREATE TABLE a (" PK ", m json);",
        rule_json_not_jsonb);
    assert_int_equal(fx->report->nfindings, 3);
    const char *want[][2] = {{"b", "z"}, {"b", "a"}, {"a", "m"}};
    for (int i = 0; i < 3; i++) {
        assert_string_equal(evidence(fx->report->findings[i], "table"), want[i][0]);
        assert_string_equal(evidence(fx->report->findings[i], "column"), want[i][1]);
    }
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* The shop schema: users.email and users.name are varchar(255) (habitual
 * limits), and user_teams.role is text with a default but no CHECK list. Nothing
 * else: users.status has a CHECK, orders.status an enum, every FK is NOT NULL,
 * money is numeric, keys are identities. */
static void test_shop_schema(void **state)
{
    fixture_t *fx = *state;
    const char *ddl = read_text("examples/shop/schema.sql");
    if (!ddl)
        ddl = read_text("../../../examples/shop/schema.sql");
    assert_non_null(ddl);
    load(fx, ddl);
    rules_run(&fx->ctx, RF_SCHEMA);
    const char *want[][3] = {{"status-without-check", "user_teams", "role"},
                             {"varchar-without-reason", "users", "email"},
                             {"varchar-without-reason", "users", "name"}};
    report_sort(fx->report);
    assert_int_equal(fx->report->nfindings, 3);
    for (int i = 0; i < 3; i++) {
        const finding_t *f = fx->report->findings[i];
        bool found = false;
        for (int k = 0; k < 3 && !found; k++)
            found = !strcmp(f->rule, want[k][0]) && !strcmp(evidence(f, "table"), want[k][1]) &&
                    !strcmp(evidence(f, "column"), want[k][2]);
        if (!found)
            fail_msg("unexpected finding %s: %s", f->rule, f->message);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rule_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_rule_has_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_serial_fix_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fk_nullable_fix_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timestamp_fix_and_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quoting_and_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_uuid_pg18, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_is_catalog_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shop_schema, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
