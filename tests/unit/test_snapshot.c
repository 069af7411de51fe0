/* test_snapshot.c — the snapshot document (issue 3 item 6; snapshot.h).
 *
 * A catalog is built the way users build one (DDL through the PostgreSQL
 * engine), statistics are set by hand the way the live loader sets them, and
 * then: write → read → write must give the same text; every field must survive;
 * --no-values must drop the value lists and nothing else; an unknown version and
 * every wrong shape must fail with a message that names the JSON pointer.
 * Also here: the pg_stats array-literal splitter, whose output the snapshot
 * carries (its oracle against a real server is tests/live/test_introspect.sh). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/sb.h"
#include "engine/pg/pg.h"
#include "engine/pg/pg_introspect.h"
#include "model/snapshot.h"

/* Table rows leave trailing fields zero on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const char shop_ddl[] =
    "CREATE TYPE order_status AS ENUM ('pending', 'paid', 'it''s \"odd\"');\n"
    "CREATE TABLE users (\n"
    "  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "  email varchar(255) NOT NULL UNIQUE,\n"
    "  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'banned')),\n"
    "  token uuid DEFAULT gen_random_uuid(),\n"
    "  tags text[]\n"
    ");\n"
    "CREATE TABLE sales.\"Order Lines\" (\n"
    "  id serial,\n"
    "  user_id bigint REFERENCES users (id),\n"
    "  state order_status NOT NULL,\n"
    "  created_at timestamptz NOT NULL DEFAULT now(),\n"
    "  note text,\n"
    "  CONSTRAINT order_lines_pk PRIMARY KEY (id, user_id)\n"
    ");\n"
    "CREATE INDEX idx_lower_email ON users (lower(email));\n"
    "CREATE INDEX idx_lines_user_created ON sales.\"Order Lines\" (user_id, created_at DESC "
    "NULLS LAST) INCLUDE (note) WHERE state <> 'paid';\n"
    "CREATE INDEX idx_users_email_pattern ON users USING btree (email varchar_pattern_ops "
    "NULLS FIRST);\n"
    "CREATE INDEX idx_users_tags ON users USING gin (tags);\n";

static const char *mcv_values[] = {"active", "a \"quoted\", value", "back\\slash",
                                   "new\nline \xc3\xa9\xe2\x82\xac", ""};
static double mcf_values[] = {0.5, 0.25, 0.125, 0.0625, 0.03125};
static const char *hist_values[] = {"2024-01-01 00:00:00+00", "2024-06-30 12:00:00+00",
                                    "2025-01-01 00:00:00+00"};

static void set_stats(cat_column_t *c, double null_frac, double n_distinct, double corr)
{
    c->stats.present = true;
    c->stats.null_frac = null_frac;
    c->stats.n_distinct = n_distinct;
    c->stats.correlation = corr;
    c->stats.avg_width = 8;
}

/* The example catalog: the DDL plus what a live load would add. */
static void build_catalog(arena_t *a, catalog_t *cat)
{
    err_t err;
    catalog_init(cat, a);
    assert_int_equal(pg_engine.load_ddl(a, shop_ddl, cat, &err), 0);
    cat->source = "live";
    cat->has_stats = true;
    cat->server_version = "15.20 (Debian 15.20-0+deb12u1)";
    cat->server_version_num = 150020;
    static const cat_setting_t settings[] = {{"random_page_cost", "1.1", NULL},
                                             {"work_mem", "4096", "kB"}};
    for (size_t i = 0; i < 2; i++)
        ARENA_PUSH(a, cat->settings, cat->nsettings, cat->settings_cap, settings[i]);
    ARENA_PUSH(a, cat->extensions, cat->nextensions, cat->extensions_cap, "hypopg");
    ARENA_PUSH(a, cat->available_extensions, cat->navailable, cat->available_cap, "pg_trgm");

    cat_table_t *users = catalog_table(cat, NULL, "users");
    users->rows = 100000;
    users->pages = 2060;
    users->size_bytes = 16916480;
    users->last_analyze = "2025-01-31T12:00:00Z";
    users->n_mod_since_analyze = 12;
    cat_column_t *status = catalog_column(users, "status");
    set_stats(status, 0, 2, 0.4876543219);
    status->stats.mcv = mcv_values;
    status->stats.mcf = mcf_values;
    status->stats.nmcv = 5;
    set_stats(catalog_column(users, "id"), 0, -1, 1);
    cat_table_t *lines = catalog_table(cat, "sales", "Order Lines");
    lines->rows = 2.5e9; /* beyond int range: still whole */
    lines->pages = 1234.5;
    cat_column_t *created = catalog_column(lines, "created_at");
    set_stats(created, 0.0001, -0.75, -0.99);
    created->stats.histogram = hist_values;
    created->stats.nhistogram = 3;
    users->indexes[0]->idx_scan = 0;
    users->indexes[0]->size_bytes = 2260992;
    users->indexes[0]->definition =
        "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)";
    users->indexes[1]->valid = false;
}

/* ---- comparing catalogs field by field ---------------------------------------------- */

typedef struct {
    sb_t *sb;
    const char *where;
} diff_t;

static void d_str(diff_t *d, const char *field, const char *x, const char *y)
{
    if ((x == NULL) != (y == NULL) || (x && strcmp(x, y)))
        sb_addf(d->sb, "%s.%s: \"%s\" vs \"%s\"\n", d->where, field, x ? x : "(null)",
                y ? y : "(null)");
}

static void d_num(diff_t *d, const char *field, double x, double y)
{
    if (x != y)
        sb_addf(d->sb, "%s.%s: %.17g vs %.17g\n", d->where, field, x, y);
}

static void d_strs(diff_t *d, const char *field, const char *const *x, int nx,
                   const char *const *y, int ny)
{
    d_num(d, field, nx, ny);
    for (int i = 0; i < nx && i < ny; i++)
        d_str(d, field, x[i], y[i]);
}

static void d_stats(diff_t *d, const cat_stats_t *x, const cat_stats_t *y)
{
    d_num(d, "stats.present", x->present, y->present);
    d_num(d, "null_frac", x->null_frac, y->null_frac);
    d_num(d, "n_distinct", x->n_distinct, y->n_distinct);
    d_num(d, "correlation", x->correlation, y->correlation);
    d_num(d, "avg_width", x->avg_width, y->avg_width);
    d_strs(d, "mcv", x->mcv, x->nmcv, y->mcv, y->nmcv);
    for (int i = 0; i < x->nmcv && i < y->nmcv; i++)
        d_num(d, "mcf", x->mcf[i], y->mcf[i]);
    d_strs(d, "histogram", x->histogram, x->nhistogram, y->histogram, y->nhistogram);
}

static void d_column(diff_t *d, const cat_column_t *x, const cat_column_t *y)
{
    d_str(d, "name", x->name, y->name);
    d_str(d, "type", x->type, y->type);
    d_str(d, "type_text", x->type_text, y->type_text);
    d_num(d, "not_null", x->not_null, y->not_null);
    d_num(d, "has_default", x->has_default, y->has_default);
    d_str(d, "default_text", x->default_text, y->default_text);
    d_num(d, "default_volatile", x->default_volatile, y->default_volatile);
    d_num(d, "identity", x->identity, y->identity);
    d_num(d, "serial", x->serial, y->serial);
    d_num(d, "is_enum_type", x->is_enum_type, y->is_enum_type);
    d_strs(d, "enum_values", x->enum_values, x->nenum, y->enum_values, y->nenum);
    d_stats(d, &x->stats, &y->stats);
}

static void d_index(diff_t *d, const cat_index_t *x, const cat_index_t *y)
{
    d_str(d, "name", x->name, y->name);
    d_str(d, "table", x->table, y->table);
    d_str(d, "method", x->method, y->method);
    d_num(d, "nkeys", x->nkeys, y->nkeys);
    for (int k = 0; k < x->nkeys && k < y->nkeys; k++) {
        d_str(d, "key.column", x->keys[k].column, y->keys[k].column);
        d_str(d, "key.expr", x->keys[k].expr, y->keys[k].expr);
        d_num(d, "key.desc", x->keys[k].desc, y->keys[k].desc);
        d_num(d, "key.nulls", x->keys[k].nulls, y->keys[k].nulls);
        d_str(d, "key.opclass", x->keys[k].opclass, y->keys[k].opclass);
    }
    d_strs(d, "include", x->include, x->ninclude, y->include, y->ninclude);
    d_str(d, "predicate", x->predicate, y->predicate);
    d_num(d, "unique", x->unique, y->unique);
    d_num(d, "primary", x->primary, y->primary);
    d_num(d, "constraint_backed", x->constraint_backed, y->constraint_backed);
    d_num(d, "valid", x->valid, y->valid);
    d_num(d, "idx_scan", (double)x->idx_scan, (double)y->idx_scan);
    d_num(d, "size_bytes", (double)x->size_bytes, (double)y->size_bytes);
    d_str(d, "definition", x->definition, y->definition);
}

static void d_table(arena_t *a, diff_t *d, const cat_table_t *x, const cat_table_t *y)
{
    d_str(d, "schema", x->schema, y->schema);
    d_str(d, "name", x->name, y->name);
    d_num(d, "rows", x->rows, y->rows);
    d_num(d, "pages", x->pages, y->pages);
    d_num(d, "size_bytes", (double)x->size_bytes, (double)y->size_bytes);
    d_str(d, "last_analyze", x->last_analyze, y->last_analyze);
    d_num(d, "n_mod_since_analyze", (double)x->n_mod_since_analyze, (double)y->n_mod_since_analyze);
    d_strs(d, "pk", x->pk, x->npk, y->pk, y->npk);
    const char *where = d->where;
    d_num(d, "ncolumns", x->ncolumns, y->ncolumns);
    for (int i = 0; i < x->ncolumns && i < y->ncolumns; i++) {
        d->where = arena_printf(a, "%s.%s", where, x->columns[i].name);
        d_column(d, &x->columns[i], &y->columns[i]);
    }
    d->where = where;
    d_num(d, "nfks", x->nfks, y->nfks);
    for (int i = 0; i < x->nfks && i < y->nfks; i++) {
        d_str(d, "fk.name", x->fks[i].name, y->fks[i].name);
        d_strs(d, "fk.columns", x->fks[i].columns, x->fks[i].ncolumns, y->fks[i].columns,
               y->fks[i].ncolumns);
        d_str(d, "fk.ref_table", x->fks[i].ref_table, y->fks[i].ref_table);
        d_strs(d, "fk.ref_columns", x->fks[i].ref_columns, x->fks[i].nref_columns,
               y->fks[i].ref_columns, y->fks[i].nref_columns);
    }
    d_num(d, "nindexes", x->nindexes, y->nindexes);
    for (int i = 0; i < x->nindexes && i < y->nindexes; i++) {
        d->where = arena_printf(a, "%s.index[%d]", where, i);
        d_index(d, x->indexes[i], y->indexes[i]);
    }
    d->where = where;
}

/* Differences between two catalogs over what a snapshot holds; "" when none. */
static const char *catalog_diff(arena_t *a, const catalog_t *x, const catalog_t *y)
{
    sb_t sb;
    sb_init(&sb, a);
    diff_t d = {&sb, "catalog"};
    d_str(&d, "server_version", x->server_version, y->server_version);
    d_num(&d, "server_version_num", x->server_version_num, y->server_version_num);
    d_num(&d, "has_stats", x->has_stats, y->has_stats);
    d_strs(&d, "extensions", x->extensions, x->nextensions, y->extensions, y->nextensions);
    d_strs(&d, "available", x->available_extensions, x->navailable, y->available_extensions,
           y->navailable);
    d_num(&d, "nsettings", x->nsettings, y->nsettings);
    for (int i = 0; i < x->nsettings && i < y->nsettings; i++) {
        d_str(&d, "setting.name", x->settings[i].name, y->settings[i].name);
        d_str(&d, "setting.value", x->settings[i].value, y->settings[i].value);
        d_str(&d, "setting.unit", x->settings[i].unit, y->settings[i].unit);
    }
    d_num(&d, "nenums", x->nenums, y->nenums);
    for (int i = 0; i < x->nenums && i < y->nenums; i++) {
        d_str(&d, "enum.name", x->enums[i].name, y->enums[i].name);
        d_strs(&d, "enum.values", x->enums[i].values, x->enums[i].nvalues, y->enums[i].values,
               y->enums[i].nvalues);
    }
    d_num(&d, "ntables", x->ntables, y->ntables);
    for (int i = 0; i < x->ntables && i < y->ntables; i++) {
        d.where = arena_printf(a, "%s", x->tables[i]->name);
        d_table(a, &d, x->tables[i], y->tables[i]);
    }
    return sb_str(&sb);
}

/* ---- round trips ------------------------------------------------------------------- */

static const char *write_doc(arena_t *a, const catalog_t *cat, bool with_values)
{
    snapshot_opts_t o = {.with_values = with_values, .taken_at = "2025-01-31T12:34:56Z"};
    const char *json;
    assert_int_equal(snapshot_write_opts(a, cat, &o, &json), 0);
    return json;
}

static void read_doc(arena_t *a, const char *json, catalog_t *cat, snapshot_meta_t *meta)
{
    err_t err;
    int rc = snapshot_read_meta(a, json, strlen(json), cat, meta, &err);
    if (rc < 0)
        fail_msg("snapshot_read: %s", err.message);
}

static void test_round_trip_is_exact(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    catalog_t cat, back;
    snapshot_meta_t meta;
    build_catalog(a, &cat);
    const char *first = write_doc(a, &cat, true);
    read_doc(a, first, &back, &meta);
    snapshot_opts_t o = {.with_values = true, .taken_at = meta.taken_at, .source = meta.source};
    const char *second;
    assert_int_equal(snapshot_write_opts(a, &back, &o, &second), 0);
    assert_string_equal(first, second);
    assert_int_equal(meta.version, SNAPSHOT_VERSION);
    assert_string_equal(meta.taken_at, "2025-01-31T12:34:56Z");
    assert_string_equal(meta.source, "live");
    arena_free(a);
}

static void test_every_field_survives(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    catalog_t cat, back;
    build_catalog(a, &cat);
    read_doc(a, write_doc(a, &cat, true), &back, NULL);
    const char *diff = catalog_diff(a, &cat, &back);
    if (diff[0])
        fail_msg("fields changed in the round trip:\n%s", diff);
    assert_true(back.loaded);
    assert_true(back.has_stats);
    assert_string_equal(back.source, "snapshot");
    /* the catalog's own lookups work on what was read */
    assert_true(catalog_has_extension(&back, "hypopg"));
    assert_true(catalog_extension_available(&back, "pg_trgm"));
    assert_string_equal(catalog_setting(&back, "work_mem"), "4096");
    cat_column_t *st = catalog_column(catalog_table(&back, "sales", "Order Lines"), "state");
    assert_true(st->is_enum_type);
    assert_int_equal(catalog_column_domain_size(&back, st), 3);
    arena_free(a);
}

/* The DDL catalog exercised what the shop needs; this pins the writer's shape. */
static void test_document_shape(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    catalog_t cat;
    build_catalog(a, &cat);
    const char *json = write_doc(a, &cat, true);
    static const char *const expected[] = {
        "{\n  \"dbagent_snapshot\": 1,\n  \"taken_at\": \"2025-01-31T12:34:56Z\",\n",
        "\"server_version_num\": 150020,",
        "\"source\": \"live\",",
        "\"name\": \"work_mem\",\n      \"setting\": \"4096\",\n      \"unit\": \"kB\"",
        "\"unit\": null",
        "\"rows\": 100000,",
        "\"rows\": 2500000000,",
        "\"pages\": 1234.5,",
        "\"size_bytes\": null,",                 /* unknown: null, not -1 */
        "\"a \\\"quoted\\\", value\"",           /* escaped as JSON */
        "\"new\\nline \xc3\xa9\xe2\x82\xac\"",
        "\"most_common_freqs\": [\n",
        "\"stats\": null",
        "\"expr\": \"lower(email)\"",
        "\"nulls\": \"last\"",
        "\"nulls\": \"first\"",
        "\"opclass\": \"varchar_pattern_ops\"",
        "\"include\": [\n",
        "\"predicate\": \"state <> 'paid'\"",
        "\"ref_table\": \"users\"",
        "\"schema\": \"sales\",\n      \"name\": \"Order Lines\"",
    };
    for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
        if (!strstr(json, expected[i]))
            fail_msg("missing %s in\n%s", expected[i], json);
    arena_free(a);
}

static void test_no_values_drops_value_lists(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    catalog_t cat, back;
    snapshot_meta_t meta;
    build_catalog(a, &cat);
    const char *json = write_doc(a, &cat, false);
    assert_null(strstr(json, "most_common_vals"));
    assert_null(strstr(json, "most_common_freqs"));
    assert_null(strstr(json, "histogram_bounds"));
    assert_null(strstr(json, "quoted"));
    assert_null(strstr(json, "2024-06-30"));
    assert_non_null(strstr(json, "\"correlation\": 0.4876543219"));
    read_doc(a, json, &back, &meta);
    cat_column_t *status = catalog_column(catalog_table(&back, NULL, "users"), "status");
    assert_true(status->stats.present);
    assert_int_equal(status->stats.nmcv, 0);
    assert_true(status->stats.n_distinct == 2);
    snapshot_opts_t o = {.taken_at = meta.taken_at, .source = meta.source};
    const char *again;
    assert_int_equal(snapshot_write_opts(a, &back, &o, &again), 0);
    assert_string_equal(json, again);
    arena_free(a);
}

static void test_plain_write_uses_now_and_source(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    catalog_t cat;
    build_catalog(a, &cat);
    const char *json;
    assert_int_equal(snapshot_write(a, &cat, true, &json), 0);
    const char *t = strstr(json, "\"taken_at\": \"");
    assert_non_null(t);
    t += strlen("\"taken_at\": \"");
    assert_int_equal(strcspn(t, "\""), strlen("2025-01-31T12:34:56Z"));
    assert_int_equal(t[10], 'T');
    assert_int_equal(t[19], 'Z');
    assert_non_null(strstr(json, "\"source\": \"live\""));
    arena_free(a);
}

static void test_minimal_document(void **state)
{
    (void)state;
    static const char doc[] = "{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"t\", "
                              "\"columns\": [{\"name\": \"a\", \"type\": \"int4\"}], "
                              "\"indexes\": [{\"name\": \"t_a\", "
                              "\"keys\": [{\"column\": \"a\"}]}]}]}";
    arena_t *a = arena_new();
    catalog_t cat;
    err_t err;
    assert_int_equal(snapshot_read(a, doc, sizeof(doc) - 1, &cat, &err), 0);
    assert_int_equal(cat.ntables, 1);
    cat_table_t *t = cat.tables[0];
    assert_null(t->schema);
    assert_true(t->rows == -1);
    assert_int_equal(t->size_bytes, -1);
    assert_false(cat.has_stats);
    assert_true(cat.loaded);
    assert_string_equal(cat.source, "snapshot");
    assert_false(t->columns[0].stats.present);
    cat_index_t *ix = t->indexes[0];
    assert_string_equal(ix->method, "btree");
    assert_string_equal(ix->table, "t");
    assert_true(ix->valid);
    assert_int_equal(ix->idx_scan, -1);
    assert_string_equal(ix->keys[0].column, "a");
    arena_free(a);
}

/* ---- errors --------------------------------------------------------------------------- */

static void expect_error(const char *doc, const char *message, const char *path)
{
    arena_t *a = arena_new();
    catalog_t cat;
    err_t err;
    if (snapshot_read(a, doc, strlen(doc), &cat, &err) == 0)
        fail_msg("accepted: %s", doc);
    assert_int_equal(err.code, ERR_INVALID_REQUEST);
    if (strcmp(err.message, message))
        fail_msg("for %s\n got: %s\nwant: %s", doc, err.message, message);
    assert_string_equal(err.path, path);
    arena_free(a);
}

static void test_versions(void **state)
{
    (void)state;
    expect_error("{\"dbagent_snapshot\": 2, \"tables\": []}",
                 "unsupported snapshot version 2 (this dbagent reads version 1)",
                 "/dbagent_snapshot");
    expect_error("{\"dbagent_snapshot\": \"1\"}",
                 "unsupported snapshot version \"1\" (this dbagent reads version 1)",
                 "/dbagent_snapshot");
    expect_error("{\"dbagent_snapshot\": null}",
                 "unsupported snapshot version (null) (this dbagent reads version 1)",
                 "/dbagent_snapshot");
    expect_error("{\"tables\": []}",
                 "not a dbagent snapshot: no \"dbagent_snapshot\" version member (this dbagent "
                 "reads version 1)",
                 "/dbagent_snapshot");
}

static void test_bad_shapes(void **state)
{
    (void)state;
    static const struct {
        const char *doc, *message, *path;
    } cases[] = {
        {"[1]", "/: expected an object, got array", ""},
        {"{\"dbagent_snapshot\": 1, \"tables\": {}}", "/tables: expected an array, got object",
         "/tables"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"a\"}, {\"name\": \"b\"},"
         " {\"name\": \"c\"}, {\"name\": \"d\", \"columns\": [{\"name\": 7}]}]}",
         "/tables/3/columns/0/name: expected a string, got integer", "/tables/3/columns/0/name"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"columns\": []}]}",
         "/tables/0/name: missing (expected a string)", "/tables/0/name"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"\"}]}",
         "/tables/0/name: expected a non-empty string", "/tables/0/name"},
        {"{\"dbagent_snapshot\": 1, \"tabels\": []}",
         "/tabels: unknown member (expected one of: dbagent_snapshot, taken_at, server_version, "
         "server_version_num, source, settings, extensions, available_extensions, enums, tables)",
         "/tabels"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"t\", \"rows\": \"many\"}]}",
         "/tables/0/rows: expected a number or null, got string", "/tables/0/rows"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"t\", \"size_bytes\": 1.5}]}",
         "/tables/0/size_bytes: expected an integer or null, got number", "/tables/0/size_bytes"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"t\", \"size_bytes\": -2}]}",
         "/tables/0/size_bytes: expected a non-negative integer or null", "/tables/0/size_bytes"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"t\", \"columns\": [{\"name\": \"c\","
         " \"not_null\": 1}]}]}",
         "/tables/0/columns/0/not_null: expected true or false, got integer",
         "/tables/0/columns/0/not_null"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"t\", \"columns\": [{\"name\": \"c\","
         " \"stats\": {\"most_common_vals\": [\"a\", 2]}}]}]}",
         "/tables/0/columns/0/stats/most_common_vals/1: expected a string, got integer",
         "/tables/0/columns/0/stats/most_common_vals/1"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"t\", \"columns\": [{\"name\": \"c\","
         " \"stats\": {\"most_common_vals\": [\"a\"], \"most_common_freqs\": []}}]}]}",
         "/tables/0/columns/0/stats: most_common_freqs has 0 entries for 1 most_common_vals",
         "/tables/0/columns/0/stats"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"t\", \"indexes\": [{\"name\": \"i\","
         " \"keys\": [{\"column\": \"a\", \"expr\": \"b\"}]}]}]}",
         "/tables/0/indexes/0/keys/0: expected exactly one of \"column\" and \"expr\"",
         "/tables/0/indexes/0/keys/0"},
        {"{\"dbagent_snapshot\": 1, \"tables\": [{\"name\": \"t\", \"indexes\": [{\"name\": \"i\","
         " \"keys\": [{\"column\": \"a\", \"nulls\": \"middle\"}]}]}]}",
         "/tables/0/indexes/0/keys/0/nulls: expected \"first\", \"last\" or null, got \"middle\"",
         "/tables/0/indexes/0/keys/0/nulls"},
        {"{\"dbagent_snapshot\": 1, \"settings\": [{\"name\": \"work_mem\", \"value\": \"4MB\"}]}",
         "/settings/0/value: unknown member (expected one of: name, setting, unit)",
         "/settings/0/value"},
        {"{\"dbagent_snapshot\": 1, \"enums\": [{\"name\": \"a/b~c\", \"values\": \"x\"}]}",
         "/enums/0/values: expected an array, got string", "/enums/0/values"},
        {"{\"dbagent_snapshot\": 1, \"server_version_num\": 15.5}",
         "/server_version_num: expected a non-negative integer or null", "/server_version_num"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        expect_error(cases[i].doc, cases[i].message, cases[i].path);
}

static void test_not_json(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    catalog_t cat;
    err_t err;
    static const char doc[] = "{\"dbagent_snapshot\": 1,\n  \"tables\": [}";
    assert_int_equal(snapshot_read(a, doc, sizeof(doc) - 1, &cat, &err), -1);
    assert_int_equal(err.code, ERR_INVALID_REQUEST);
    assert_non_null(strstr(err.message, "snapshot: invalid JSON"));
    assert_int_equal(err.line, 2);
    arena_free(a);
}

/* ---- pg_stats array literals ------------------------------------------------------------ */

static void test_parse_array(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int n;
        const char *want[5]; /* "<NULL>" for a NULL element */
    } cases[] = {
        {"{}", 0, {0}},
        {"{a}", 1, {"a"}},
        {"{pending,paid,delivered}", 3, {"pending", "paid", "delivered"}},
        {"{\"a,b\",\"c\\\"d\",\"e\\\\f\"}", 3, {"a,b", "c\"d", "e\\f"}},
        {"{\"\",\" x \",NULL,\"NULL\"}", 4, {"", " x ", "<NULL>", "NULL"}},
        {"{0.3,0.25,1e-05}", 3, {"0.3", "0.25", "1e-05"}},
        {"{\"2024-01-01 00:00:00+00\",\"2024-12-31 23:59:59+00\"}", 2,
         {"2024-01-01 00:00:00+00", "2024-12-31 23:59:59+00"}},
        {"{{1,2},{3,4}}", 2, {"{1,2}", "{3,4}"}},
        {"{\"{\\\"x}\\\"}\",b}", 2, {"{\"x}\"}", "b"}},
        {"[0:1]={x,y}", 2, {"x", "y"}},
        {"{\"caf\xc3\xa9\",\"{brace}\"}", 2, {"caf\xc3\xa9", "{brace}"}},
    };
    arena_t *a = arena_new();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char **v;
        int n;
        if (pgi_parse_array(a, cases[i].text, &v, &n) < 0)
            fail_msg("rejected %s", cases[i].text);
        if (n != cases[i].n)
            fail_msg("%s: %d elements, want %d", cases[i].text, n, cases[i].n);
        for (int k = 0; k < n; k++) {
            const char *got = v[k] ? v[k] : "<NULL>";
            if (strcmp(got, cases[i].want[k]))
                fail_msg("%s: element %d is [%s], want [%s]", cases[i].text, k, got,
                         cases[i].want[k]);
        }
    }
    static const char *const bad[] = {"", "x", "{a", "{\"a}", "{a}x", "{a,\"b\"c}", "[1:2]"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char **v;
        int n;
        if (pgi_parse_array(a, bad[i], &v, &n) == 0)
            fail_msg("accepted %s", bad[i]);
        assert_int_equal(n, 0);
    }
    const char **v;
    int n;
    assert_int_equal(pgi_parse_array(a, NULL, &v, &n), 0);
    assert_int_equal(n, 0);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_is_exact),
        cmocka_unit_test(test_every_field_survives),
        cmocka_unit_test(test_document_shape),
        cmocka_unit_test(test_no_values_drops_value_lists),
        cmocka_unit_test(test_plain_write_uses_now_and_source),
        cmocka_unit_test(test_minimal_document),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_bad_shapes),
        cmocka_unit_test(test_not_json),
        cmocka_unit_test(test_parse_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
