/* fuzz_migrate.c — the migration reader: any bytes as a migration file.
 *
 * The first byte picks the context, the rest is the migration's text
 * (NUL-terminated: bytes after an embedded NUL are not seen, as with the
 * CLI, which hands the file's text on as a C string):
 *   bits 0-3  the server version the locks are computed for (9 + n: 9 … 24,
 *             so both sides of the PG 11 constant-default and PG 12 boundaries)
 *   bit  4    lower against the shop catalog (old column types, known tables)
 *   bit  5    … with table sizes (has_stats: est_seconds and scaled severities)
 *   bit  6    quote identifiers in fixes (engine quote_ident) or not
 * The migration is lowered by pg_engine.lower_migration into a fresh
 * migration_t, the migration rules run over it, the safe version is written,
 * and the report is rendered as JSON (indented and compact), SARIF and every
 * other format; a lowering error is rendered instead. One arena per input; the
 * catalog is built once and only read. */
#include <stddef.h>
#include <stdint.h>

#include "engine/pg/pg.h"
#include "fuzz_common.h"
#include "rules/migration_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bundled shop schema (examples/shop/schema.sql), trimmed of comments. */
static const char shop_ddl[] =
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
    "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " email varchar(255) NOT NULL, name varchar(255) NOT NULL,"
    " status varchar(20) NOT NULL DEFAULT 'active'"
    " CHECK (status IN ('active', 'inactive', 'banned')), profile jsonb,"
    " created_at timestamptz NOT NULL DEFAULT now(),"
    " updated_at timestamptz NOT NULL DEFAULT now(),"
    " CONSTRAINT users_email_unique UNIQUE (email));\n"
    "CREATE TABLE teams (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\n"
    "CREATE TABLE user_teams (user_id bigint NOT NULL REFERENCES users (id),"
    " team_id bigint NOT NULL REFERENCES teams (id), role text NOT NULL DEFAULT 'member',"
    " PRIMARY KEY (user_id, team_id));\n"
    "CREATE TABLE products (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " sku text NOT NULL UNIQUE, name text NOT NULL, description text,"
    " price numeric(12,2) NOT NULL, category text, attributes jsonb NOT NULL DEFAULT '{}',"
    " active boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL DEFAULT now());\n"
    "CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');\n"
    "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " user_id bigint NOT NULL REFERENCES users (id),"
    " status order_status NOT NULL DEFAULT 'pending', total numeric(12,2) NOT NULL,"
    " coupon_code text, note text, created_at timestamptz NOT NULL DEFAULT now(),"
    " shipped_at timestamptz);\n"
    "CREATE TABLE order_items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " order_id bigint NOT NULL REFERENCES orders (id),"
    " product_id bigint NOT NULL REFERENCES products (id),"
    " quantity integer NOT NULL CHECK (quantity > 0), unit_price numeric(12,2) NOT NULL);\n"
    "CREATE INDEX idx_orders_created_at ON orders (created_at);\n"
    "CREATE INDEX idx_order_items_order_id ON order_items (order_id);\n"
    "CREATE INDEX idx_products_name_pattern ON products (name text_pattern_ops);\n";

enum { CAT_NONE, CAT_DDL, CAT_SIZED, CAT_N };

/* Built on first use, then only read: [CAT_NONE] empty, [CAT_DDL] the shop
 * schema, [CAT_SIZED] the shop schema with sizes from 8 kB to ~80 GB. */
static const catalog_t *catalogs(int which)
{
    static arena_t *arena;
    static catalog_t cats[CAT_N];
    if (!arena) {
        arena = arena_new();
        for (int i = 0; i < CAT_N; i++) {
            catalog_init(&cats[i], arena);
            err_t err;
            err_clear(&err);
            if (i != CAT_NONE && pg_engine.load_ddl(arena, shop_ddl, &cats[i], &err) < 0)
                __builtin_trap(); /* the bundled schema must load */
        }
        catalog_t *c = &cats[CAT_SIZED];
        c->has_stats = true;
        c->server_version_num = 150004;
        long long bytes = 8192;
        for (int t = 0; t < c->ntables; t++, bytes *= 97) {
            c->tables[t]->size_bytes = bytes;
            c->tables[t]->pages = (double)(bytes / 8192);
            c->tables[t]->rows = (double)(bytes / 100);
        }
    }
    return &cats[which];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 64 * 1024) /* one migration file, not a dump */
        return 0;
    uint8_t ctl = data[0];
    int pg_version = 9 + (ctl & 0x0f);
    const catalog_t *cat = catalogs((ctl & 0x20) ? CAT_SIZED : (ctl & 0x10) ? CAT_DDL : CAT_NONE);

    arena_t *a = arena_new();
    const char *text = fuzz_cstr(a, data + 1, size - 1);
    migration_t *m = arena_alloc(a, sizeof(*m)); /* zeroed, as task_migrate has it */
    err_t err;
    err_clear(&err);
    report_t *r = NULL;
    int rc = pg_engine.lower_migration(a, "fuzz.sql", text, pg_version, cat, m, &err);
    if (rc == 0) {
        r = report_new(a);
        mig_rule_ctx_t mc = {.arena = a, .report = r, .mig = m, .catalog = cat,
                             .quote = (ctl & 0x40) ? pg_engine.quote_ident : NULL};
        migration_rules_run(&mc);
        r->optimized_query = pg_engine.safe_migration(a, m);
        fuzz_touch(r->optimized_query);
        r->migration = m;
        report_sort(r);
        task_summarise(r);
        r->meta.task_type = "migrate";
        r->meta.database_type = "postgresql";
        r->meta.version = "fuzz";
        r->meta.statements = m->nstmts;
        static const char *const files[] = {"fuzz.sql"};
        fuzz_touch(render_json(a, r, false));
        fuzz_touch(render_json(a, r, true));
        fuzz_touch(render_sarif(a, r, files, 1));
        fuzz_touch(render_sarif(a, r, NULL, 0));
    }
    fuzz_render(a, rc, r, &err, text);
    arena_free(a);
    return 0;
}
