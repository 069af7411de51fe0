/* introspect_driver.c — checks pgi_load against the shop fixture of
 * scripts/pg-test.sh (run by tests/live/test_introspect.sh).
 *
 *   introspect_driver shop DSN SCHEMA.sql    the shop fixture
 *   introspect_driver edge DSN               the edge-case database of the script
 *
 * Connects read-only (as dbagent_ro, which is what users give us), loads the live
 * catalog, and prints one line per check: "ok   live NAME" or "FAIL live NAME:
 * why", plus "# ..." lines with the load's query count and timings. Each check is
 * a function that returns NULL when it holds and the reason when it does not.
 * The schema file is the fixture's own DDL: the live catalog must agree with
 * what the DDL loader makes of it. Exit status: 0 when every check passed. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/pg/pg.h"
#include "engine/pg/pg_conn.h"
#include "engine/pg/pg_introspect.h"
#include "model/snapshot.h"

typedef struct {
    arena_t *a;
    live_t *live;
    catalog_t cat;           /* from the server */
    catalog_t ddl;           /* from the fixture's schema file */
    pgi_info_t info;
    double first_ms, best_ms;
} ctx_t;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static const char *fail(ctx_t *C, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *fail(ctx_t *C, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = arena_vprintf(C->a, fmt, ap);
    va_end(ap);
    return s;
}

static cat_table_t *table(ctx_t *C, const char *name)
{
    return catalog_table(&C->cat, "public", name);
}

static cat_index_t *index_of(const cat_table_t *t, const char *name)
{
    for (int i = 0; t && i < t->nindexes; i++)
        if (!strcmp(t->indexes[i]->name, name))
            return t->indexes[i];
    return NULL;
}

static bool has(const char *const *list, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (list[i] && !strcmp(list[i], s))
            return true;
    return false;
}

/* ---- the checks --------------------------------------------------------------------- */

static const char *check_tables(ctx_t *C)
{
    static const char *const names[] = {"users", "teams", "user_teams", "products", "orders",
                                        "order_items"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!table(C, names[i]))
            return fail(C, "table public.%s missing", names[i]);
    if (C->cat.ntables != 6)
        return fail(C, "%d tables, want the fixture's 6 (extension objects must stay out)",
                    C->cat.ntables);
    if (!C->cat.loaded || !C->cat.has_stats || strcmp(C->cat.source, "live"))
        return "loaded/has_stats/source not set";
    return NULL;
}

static const char *check_query_count(ctx_t *C)
{
    return C->info.queries == 7 ? NULL : fail(C, "%d queries, want 7", C->info.queries);
}

static const char *check_nothing_skipped(ctx_t *C)
{
    return C->info.skipped == 0 ? NULL
                                : fail(C, "%d DDL statements skipped, first: %s", C->info.skipped,
                                       C->info.first_skipped);
}

static const char *check_orders_rows(ctx_t *C)
{
    cat_table_t *t = table(C, "orders");
    if (!t || fabs(t->rows - 1e6) > 5e4)
        return fail(C, "orders.rows = %.0f, want about 1,000,000", t ? t->rows : -2);
    if (t->pages <= 0 || t->size_bytes <= 0 || !t->last_analyze || t->n_mod_since_analyze < 0)
        return fail(C, "pages %.0f, size %lld, last_analyze %s, n_mod %lld", t->pages,
                    t->size_bytes, t->last_analyze ? t->last_analyze : "NULL",
                    t->n_mod_since_analyze);
    return NULL;
}

static const char *check_status_stats(ctx_t *C)
{
    cat_column_t *c = catalog_column(table(C, "orders"), "status");
    if (!c || !c->stats.present)
        return "no pg_stats for orders.status";
    const cat_stats_t *s = &c->stats;
    if (!has(s->mcv, s->nmcv, "delivered"))
        return fail(C, "most common values of orders.status lack 'delivered' (%d values)",
                    s->nmcv);
    double sum = 0;
    for (int i = 0; i < s->nmcv; i++)
        sum += s->mcf[i];
    if (sum <= 0.5 || sum > 1.0001 || s->n_distinct <= 0 || s->n_distinct > 5)
        return fail(C, "frequencies sum to %g, n_distinct %g", sum, s->n_distinct);
    return NULL;
}

static const char *check_histogram(ctx_t *C)
{
    cat_column_t *c = catalog_column(table(C, "orders"), "created_at");
    if (!c || !c->stats.present || c->stats.nhistogram < 10)
        return fail(C, "orders.created_at has %d histogram bounds", c ? c->stats.nhistogram : -1);
    if (c->stats.correlation < -1 || c->stats.correlation > 1 || c->stats.avg_width != 8)
        return fail(C, "correlation %g, avg_width %g", c->stats.correlation, c->stats.avg_width);
    return NULL;
}

static const char *check_created_at_index(ctx_t *C)
{
    cat_index_t *ix = index_of(table(C, "orders"), "idx_orders_created_at");
    if (!ix)
        return "idx_orders_created_at missing";
    if (!ix->valid || ix->idx_scan < 0 || ix->size_bytes <= 0 || ix->constraint_backed ||
        ix->nkeys != 1 || strcmp(ix->keys[0].column, "created_at"))
        return fail(C, "valid %d, idx_scan %lld, size %lld, constraint %d, keys %d", ix->valid,
                    ix->idx_scan, ix->size_bytes, ix->constraint_backed, ix->nkeys);
    if (!ix->definition || !strstr(ix->definition, "USING btree (created_at)"))
        return fail(C, "definition %s", ix->definition ? ix->definition : "NULL");
    return NULL;
}

static const char *check_primary_key(ctx_t *C)
{
    cat_table_t *t = table(C, "orders");
    cat_index_t *ix = index_of(t, "orders_pkey");
    if (!ix || !ix->primary || !ix->unique || !ix->constraint_backed || !ix->valid)
        return "orders_pkey missing or not primary/unique/constraint-backed/valid";
    if (t->npk != 1 || strcmp(t->pk[0], "id") || t->indexes[0] != ix)
        return "orders primary key is not (id), first in the index list";
    return NULL;
}

static const char *check_foreign_key(ctx_t *C)
{
    cat_table_t *t = table(C, "order_items");
    for (int i = 0; t && i < t->nfks; i++) {
        cat_fk_t *fk = &t->fks[i];
        if (fk->ncolumns == 1 && !strcmp(fk->columns[0], "order_id"))
            return fk->ref_table && !strcmp(fk->ref_table, "orders") && fk->nref_columns == 1 &&
                           !strcmp(fk->ref_columns[0], "id") && fk->name
                       ? NULL
                       : "order_items.order_id does not reference orders(id)";
    }
    return "no foreign key on order_items.order_id";
}

static const char *check_enum(ctx_t *C)
{
    static const char *const want[] = {"pending", "paid", "shipped", "delivered", "cancelled"};
    const cat_enum_t *e = catalog_enum(&C->cat, "order_status");
    if (!e || e->nvalues != 5)
        return "enum order_status missing or not 5 values";
    for (int i = 0; i < 5; i++)
        if (strcmp(e->values[i], want[i]))
            return fail(C, "value %d is %s, want %s", i, e->values[i], want[i]);
    cat_column_t *c = catalog_column(table(C, "orders"), "status");
    if (!c || !c->is_enum_type || strcmp(c->type, "order_status"))
        return "orders.status is not the enum";
    return NULL;
}

static const char *check_extensions(ctx_t *C)
{
    static const char *const want[] = {"hypopg", "pg_trgm", "pg_stat_statements"};
    for (int i = 0; i < 3; i++) {
        if (!catalog_has_extension(&C->cat, want[i]))
            return fail(C, "%s not installed", want[i]);
        if (!catalog_extension_available(&C->cat, want[i]))
            return fail(C, "%s not available", want[i]);
    }
    return catalog_has_extension(&C->cat, "btree_gist") ? "btree_gist is not installed" : NULL;
}

static const char *check_settings(ctx_t *C)
{
    static const char *const want[] = {"work_mem", "random_page_cost", "seq_page_cost",
                                       "effective_cache_size", "shared_buffers",
                                       "default_statistics_target", "plan_cache_mode",
                                       "max_parallel_workers_per_gather"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        if (!catalog_setting(&C->cat, want[i]))
            return fail(C, "setting %s missing", want[i]);
    for (int i = 0; i < C->cat.nsettings; i++)
        if (!strcmp(C->cat.settings[i].name, "work_mem") &&
            (!C->cat.settings[i].unit || strcmp(C->cat.settings[i].unit, "kB")))
            return "work_mem has no unit kB";
    return C->cat.nsettings == 8 ? NULL : fail(C, "%d settings, want 8", C->cat.nsettings);
}

static const char *check_version(ctx_t *C)
{
    if (C->cat.server_version_num < 150000 || !C->cat.server_version)
        return fail(C, "server_version_num %d", C->cat.server_version_num);
    return NULL;
}

static const char *check_columns(ctx_t *C)
{
    cat_table_t *u = table(C, "users"), *o = table(C, "orders");
    cat_column_t *status = catalog_column(u, "status"), *id = catalog_column(o, "id");
    cat_column_t *created = catalog_column(o, "created_at");
    if (!status || status->nenum != 3 || strcmp(status->enum_values[2], "banned"))
        return "users.status CHECK values not read";
    if (!id || !id->identity || !id->not_null || strcmp(id->type, "int8"))
        return "orders.id is not a bigint identity";
    if (!created || !created->has_default || strcmp(created->default_text, "now()") ||
        strcmp(created->type, "timestamptz"))
        return "orders.created_at default now() / timestamptz not read";
    cat_column_t *email = catalog_column(u, "email");
    return email && !strcmp(email->type_text, "varchar(255)") ? NULL : "users.email type_text";
}

static const char *check_opclass(ctx_t *C)
{
    cat_index_t *ix = index_of(table(C, "products"), "idx_products_name_pattern");
    return ix && ix->nkeys == 1 && ix->keys[0].opclass &&
                   !strcmp(ix->keys[0].opclass, "text_pattern_ops")
               ? NULL
               : "idx_products_name_pattern has no text_pattern_ops";
}

/* The live catalog and the DDL loader's reading of the same schema agree on
 * structure: tables, column types, NOT NULL, identity, indexes and their keys. */
static const char *compare_table(ctx_t *C, const cat_table_t *d, const cat_table_t *l)
{
    if (!l || l->ncolumns != d->ncolumns || l->nindexes != d->nindexes || l->nfks != d->nfks ||
        l->npk != d->npk)
        return fail(C, "%s: shape differs", d->name);
    for (int i = 0; i < d->ncolumns; i++) {
        const cat_column_t *x = &d->columns[i], *y = &l->columns[i];
        if (strcmp(x->name, y->name) || strcmp(x->type, y->type) ||
            strcmp(x->type_text, y->type_text) || x->not_null != y->not_null ||
            x->identity != y->identity || x->has_default != y->has_default ||
            x->nenum != y->nenum || x->is_enum_type != y->is_enum_type)
            return fail(C, "%s.%s differs (%s/%s vs %s/%s)", d->name, x->name, x->type,
                        x->type_text, y->type, y->type_text);
    }
    for (int i = 0; i < d->nindexes; i++) {
        const cat_index_t *x = d->indexes[i], *y = index_of(l, x->name);
        if (!y || x->nkeys != y->nkeys || x->unique != y->unique || x->primary != y->primary)
            return fail(C, "%s: index %s differs", d->name, x->name);
        for (int k = 0; k < x->nkeys; k++)
            if (strcmp(x->keys[k].column, y->keys[k].column))
                return fail(C, "%s: index %s key %d differs", d->name, x->name, k);
    }
    return NULL;
}

static const char *check_agrees_with_ddl(ctx_t *C)
{
    if (C->ddl.ntables != C->cat.ntables)
        return fail(C, "%d tables from DDL, %d live", C->ddl.ntables, C->cat.ntables);
    for (int i = 0; i < C->ddl.ntables; i++) {
        const char *why = compare_table(C, C->ddl.tables[i], table(C, C->ddl.tables[i]->name));
        if (why)
            return why;
    }
    return NULL;
}

/* pgi_parse_array against the server's own array output. */
static const char *check_array_literals(ctx_t *C)
{
    static const char *const values[] = {"plain", "a,b", "q\"uote", "back\\slash", "",
                                         " spaced ", "NULL", "{brace}", "caf\xc3\xa9", "new\nline"};
    const int n = (int)(sizeof(values) / sizeof(values[0]));
    pgc_rows_t rows;
    err_t err;
    const char *sql = "SELECT ARRAY['plain', 'a,b', 'q\"uote', E'back\\\\slash', '', ' spaced ',"
                      " 'NULL', '{brace}', 'caf\xc3\xa9', E'new\\nline', NULL]::text AS a";
    if (pgc_query(C->live, sql, 0, NULL, &rows, &err) < 0)
        return fail(C, "query: %s", err.message);
    const char **got;
    int ngot;
    if (pgi_parse_array(C->a, pgc_get(&rows, 0, "a"), &got, &ngot) < 0 || ngot != n + 1)
        return fail(C, "could not split %s", pgc_get(&rows, 0, "a"));
    for (int i = 0; i < n; i++)
        if (!got[i] || strcmp(got[i], values[i]))
            return fail(C, "element %d: [%s], want [%s]", i, got[i] ? got[i] : "NULL", values[i]);
    return got[n] ? "the NULL element is not NULL" : NULL;
}

static const char *round_trip(ctx_t *C, bool with_values)
{
    snapshot_opts_t o = {.with_values = with_values, .taken_at = "2025-01-31T00:00:00Z"};
    const char *first, *second;
    catalog_t back;
    snapshot_meta_t meta;
    err_t err;
    if (snapshot_write_opts(C->a, &C->cat, &o, &first) < 0)
        return "write failed";
    if (snapshot_read_meta(C->a, first, strlen(first), &back, &meta, &err) < 0)
        return fail(C, "read: %s", err.message);
    o.taken_at = meta.taken_at;
    o.source = meta.source;
    if (snapshot_write_opts(C->a, &back, &o, &second) < 0)
        return "second write failed";
    if (strcmp(first, second))
        return "write → read → write changed the text";
    if (back.ntables != C->cat.ntables || !back.has_stats || strcmp(meta.source, "live"))
        return "the catalog read back lost tables, stats or its source";
    return NULL;
}

static const char *check_snapshot_round_trip(ctx_t *C)
{
    return round_trip(C, true);
}

static const char *check_snapshot_no_values(ctx_t *C)
{
    const char *why = round_trip(C, false);
    if (why)
        return why;
    const char *json;
    if (snapshot_write(C->a, &C->cat, false, &json) < 0)
        return "write failed";
    return strstr(json, "delivered\"") && !strstr(json, "most_common_vals")
               ? NULL /* the enum's values stay; pg_stats values go */
               : "--no-values kept value lists (or lost the enum)";
}

/* ---- the edge-case database (made by test_introspect.sh) --------------------------------- */

static cat_table_t *lines_table(ctx_t *C)
{
    return catalog_table(&C->cat, "Sales", "Order Lines");
}

static const char *edge_extension_members(ctx_t *C)
{
    if (catalog_table(&C->cat, NULL, "ext_owned"))
        return "a table owned by an extension was loaded";
    return catalog_has_extension(&C->cat, "btree_gist") ? NULL : "btree_gist not installed";
}

static const char *edge_quoted_names(ctx_t *C)
{
    cat_table_t *t = lines_table(C);
    if (!t)
        return "\"Sales\".\"Order Lines\" missing";
    if (!catalog_column(t, "ID") || !catalog_column(t, "select"))
        return "columns \"ID\"/\"select\" missing";
    return NULL;
}

static const char *edge_enum(ctx_t *C)
{
    static const char *const want[] = {"ok", "it's, \"fine\"", "back\\slash", "{brace}"};
    const cat_enum_t *e = catalog_enum(&C->cat, "Mood");
    if (!e || e->nvalues != 4)
        return "enum \"Mood\" missing or not 4 values";
    for (int i = 0; i < 4; i++)
        if (strcmp(e->values[i], want[i]))
            return fail(C, "value %d is [%s], want [%s]", i, e->values[i], want[i]);
    cat_column_t *c = catalog_column(lines_table(C), "mood");
    return c && c->is_enum_type ? NULL : "column mood is not the enum";
}

static const char *edge_serial_generated(ctx_t *C)
{
    cat_column_t *id = catalog_column(lines_table(C), "ID");
    cat_column_t *total = catalog_column(lines_table(C), "total");
    if (!id || !id->serial || !id->not_null || !id->default_volatile)
        return "\"ID\" is not a serial";
    return total && !total->has_default && !strcmp(total->type_text, "numeric(10,2)")
               ? NULL
               : "generated column total read as a default or with the wrong type";
}

static const char *edge_include_primary_key(ctx_t *C)
{
    cat_table_t *t = lines_table(C);
    cat_index_t *ix = index_of(t, "pk");
    if (!ix || t->indexes[0] != ix || !ix->primary || !ix->constraint_backed)
        return "primary key index pk missing, not first or not constraint-backed";
    if (ix->ninclude != 1 || strcmp(ix->include[0], "note") || ix->nkeys != 1)
        return "INCLUDE (note) of the primary key lost";
    return t->npk == 1 && !strcmp(t->pk[0], "ID") ? NULL : "primary key columns";
}

static const char *edge_exclusion(ctx_t *C)
{
    cat_index_t *ix = index_of(lines_table(C), "no_overlap");
    return ix && !strcmp(ix->method, "gist") && ix->constraint_backed && !ix->unique
               ? NULL
               : "exclusion constraint index no_overlap missing or wrong";
}

static const char *edge_partial_desc(ctx_t *C)
{
    cat_index_t *ix = index_of(lines_table(C), "Order Lines_select_partial");
    if (!ix || !ix->unique || !ix->predicate || ix->nkeys != 1)
        return "partial unique index missing";
    return ix->keys[0].desc && ix->keys[0].nulls == 2 ? NULL : "DESC NULLS LAST lost";
}

static const char *edge_expression_opclass(ctx_t *C)
{
    cat_index_t *ix = index_of(lines_table(C), "lines_lower_note");
    return ix && ix->nkeys == 1 && ix->keys[0].expr && !strcmp(ix->keys[0].expr, "lower(note)") &&
                   ix->keys[0].opclass && !strcmp(ix->keys[0].opclass, "text_pattern_ops")
               ? NULL
               : "expression index lower(note) text_pattern_ops wrong";
}

static const char *edge_partitioned(ctx_t *C)
{
    cat_table_t *parent = catalog_table(&C->cat, "public", "events");
    cat_table_t *part = catalog_table(&C->cat, "public", "events_2024");
    if (!parent || !part)
        return "events or its partition missing";
    if (!index_of(parent, "events_at") || !index_of(parent, "events_pkey"))
        return "partitioned indexes of events missing";
    cat_column_t *kind = catalog_column(parent, "kind");
    if (!kind || !kind->stats.present || kind->stats.nmcv != 5)
        return "inherited statistics of events.kind";
    return NULL;
}

static const char *edge_never_analyzed(ctx_t *C)
{
    cat_table_t *t = catalog_table(&C->cat, "public", "never_analyzed");
    if (!t || t->rows != -1 || t->last_analyze || t->columns[0].stats.present)
        return "never_analyzed: rows must be -1, no analyze time, no statistics";
    return NULL;
}

static const char *edge_value_quoting(ctx_t *C)
{
    cat_column_t *mood = catalog_column(lines_table(C), "mood");
    cat_column_t *note = catalog_column(lines_table(C), "note");
    cat_column_t *tags = catalog_column(lines_table(C), "tags");
    if (!mood || !has(mood->stats.mcv, mood->stats.nmcv, "it's, \"fine\"") ||
        !has(mood->stats.mcv, mood->stats.nmcv, "back\\slash") ||
        !has(mood->stats.mcv, mood->stats.nmcv, "{brace}"))
        return "enum values in most_common_vals not split right";
    if (!note || !has(note->stats.mcv, note->stats.nmcv, "a \"quoted\", note") ||
        !has(note->stats.mcv, note->stats.nmcv, "back\\slash {x}"))
        return "text values in most_common_vals not split right";
    return tags && has(tags->stats.mcv, tags->stats.nmcv, "{x,\"y,z\"}")
               ? NULL
               : "array values in most_common_vals not split right";
}

/* ---- running them ------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *(*fn)(ctx_t *C);
} check_t;

static const check_t shop_checks[] = {
    {"tables", check_tables},
    {"query-count", check_query_count},
    {"nothing-skipped", check_nothing_skipped},
    {"orders-rows", check_orders_rows},
    {"orders-status-stats", check_status_stats},
    {"orders-created-at-histogram", check_histogram},
    {"idx-orders-created-at", check_created_at_index},
    {"primary-key", check_primary_key},
    {"fk-order-items-order-id", check_foreign_key},
    {"enum-order-status", check_enum},
    {"extensions", check_extensions},
    {"settings", check_settings},
    {"server-version", check_version},
    {"columns", check_columns},
    {"index-opclass", check_opclass},
    {"agrees-with-ddl", check_agrees_with_ddl},
    {"array-literals", check_array_literals},
    {"snapshot-round-trip", check_snapshot_round_trip},
    {"snapshot-no-values", check_snapshot_no_values},
    {NULL, NULL},
};

static const check_t edge_checks[] = {
    {"edge-extension-members-excluded", edge_extension_members},
    {"edge-quoted-names", edge_quoted_names},
    {"edge-enum-quoting", edge_enum},
    {"edge-serial-and-generated", edge_serial_generated},
    {"edge-primary-key-include", edge_include_primary_key},
    {"edge-exclusion-constraint", edge_exclusion},
    {"edge-partial-desc-index", edge_partial_desc},
    {"edge-expression-opclass", edge_expression_opclass},
    {"edge-partitioned", edge_partitioned},
    {"edge-never-analyzed", edge_never_analyzed},
    {"edge-value-quoting", edge_value_quoting},
    {"edge-nothing-skipped", check_nothing_skipped},
    {"edge-query-count", check_query_count},
    {"edge-snapshot-round-trip", check_snapshot_round_trip},
    {NULL, NULL},
};

static char *read_file(arena_t *a, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = arena_alloc(a, (size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    fclose(f);
    buf[got] = '\0';
    return buf;
}

/* Connects and loads, timing the first load and the best of five; loads the
 * schema file too when there is one. */
static int setup(ctx_t *C, const char *dsn, const char *schema_path)
{
    live_opts_t o = {.dsn = dsn};
    retry_policy_default(&o.retry);
    o.retry.attempts = 1;
    err_t err;
    if (pgc_connect(C->a, &o, &C->live, &err) < 0) {
        printf("FAIL live connect: %s\n", err.message);
        return -1;
    }
    C->best_ms = 1e9;
    for (int i = 0; i < 5; i++) {
        catalog_init(&C->cat, C->a);
        double t0 = now_ms();
        if (pgi_load_info(C->live, &C->cat, &C->info, &err) < 0) {
            printf("FAIL live load: %s\n", err.message);
            return -1;
        }
        double ms = now_ms() - t0;
        if (i == 0)
            C->first_ms = ms;
        if (ms < C->best_ms)
            C->best_ms = ms;
    }
    printf("# load: %d queries, %d DDL statements, %d tables; first %.1f ms, best of 5 %.1f ms\n",
           C->info.queries, C->info.ddl_statements, C->cat.ntables, C->first_ms, C->best_ms);
    if (!schema_path)
        return 0;
    const char *ddl = read_file(C->a, schema_path);
    catalog_init(&C->ddl, C->a);
    if (!ddl || pg_engine.load_ddl(C->a, ddl, &C->ddl, &err) < 0) {
        printf("FAIL live schema-file: cannot load %s\n", schema_path);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    bool shop = argc == 4 && !strcmp(argv[1], "shop"), edge = argc == 3 && !strcmp(argv[1], "edge");
    if (!shop && !edge) {
        fprintf(stderr, "usage: %s shop DSN SCHEMA.sql | %s edge DSN\n", argv[0], argv[0]);
        return 2;
    }
    ctx_t C = {.a = arena_new()};
    int failed = 0;
    if (setup(&C, argv[2], shop ? argv[3] : NULL) < 0) {
        failed = 1;
    } else {
        for (const check_t *c = shop ? shop_checks : edge_checks; c->name; c++) {
            const char *why = c->fn(&C);
            if (why)
                printf("FAIL live %s: %s\n", c->name, why);
            else
                printf("ok   live %s\n", c->name);
            failed += why != NULL;
        }
    }
    pgc_close(C.live);
    arena_free(C.a);
    return failed ? 1 : 0;
}
