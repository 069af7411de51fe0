/* schema_rules.c — schema design rules over the catalog (docs/rules.md, "Schema
 * rules"): missing-primary-key, timestamp-without-time-zone, char-type,
 * money-type, json-not-jsonb, serial-over-identity, float-for-money,
 * random-uuid-primary-key, fk-column-nullable-unintended, status-without-check,
 * varchar-without-reason.
 *
 * Every rule walks the tables in catalog order and, within a table, the columns
 * in declaration order, so findings come out in a stable order. Locations are
 * lines of the schema (statement 0). Each finding names the table (and column)
 * in its message and in evidence (`table`, `column`, `type`), and carries the
 * DDL that fixes it in `fix`, identifiers quoted by the engine. Name-based
 * heuristics (money words, enumerated names, "_id") are lists below, so what a
 * rule looks for can be read in one place. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "rules/rules.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* varchar(n) with n at or below this looks like a real rule (codes, phone
 * numbers, short identifiers) and is not flagged by varchar-without-reason. */
#define VARCHAR_RULE_MAX 32

static qm_loc_t schema_loc(int line)
{
    return (qm_loc_t){.statement = 0, .line = line, .column = line ? 1 : 0, .offset = -1};
}

/* ---- naming helpers -------------------------------------------------------------- */

static const char *qi(rule_ctx_t *c, const char *ident)
{
    return c->engine && c->engine->quote_ident ? c->engine->quote_ident(c->arena, ident)
                                               : ident;
}

/* The table as DDL names it: schema-qualified when the catalog knows the schema. */
static const char *qtable(rule_ctx_t *c, const cat_table_t *t)
{
    if (t->schema && t->schema[0])
        return arena_printf(c->arena, "%s.%s", qi(c, t->schema), qi(c, t->name));
    return qi(c, t->name);
}

/* "ALTER TABLE t ALTER COLUMN c " — the common head of column fixes. */
static const char *alter_col(rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    return arena_printf(c->arena, "ALTER TABLE %s ALTER COLUMN %s ", qtable(c, t),
                        qi(c, col->name));
}

static const char *col_type(const cat_column_t *col)
{
    return col->type_text ? col->type_text : col->type ? col->type : "?";
}

/* Is word one of the '_'-separated tokens of name? ("unit_price", "price") */
static bool has_token(const char *name, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = name; p && *p;) {
        size_t len = strcspn(p, "_");
        if (len == n && !strncmp(p, word, n))
            return true;
        p += len + (p[len] ? 1 : 0);
    }
    return false;
}

static bool any_token(const char *name, const char *const *words)
{
    for (; name && *words; words++)
        if (has_token(name, *words))
            return true;
    return false;
}

/* Is word the last '_'-separated token of name? ("order_status", "status") */
static bool last_token_is(const char *name, const char *word)
{
    size_t n = strlen(word), len = name ? strlen(name) : 0;
    return len >= n && !strcmp(name + len - n, word) && (len == n || name[len - n - 1] == '_');
}

/* The length limit in "varchar(255)" / "bpchar(12)"; 0 when none is written. */
static int type_length(const cat_column_t *col)
{
    const char *p = col->type_text ? strchr(col->type_text, '(') : NULL;
    return p ? atoi(p + 1) : 0;
}

static bool is_pk_column(const cat_table_t *t, const char *name)
{
    for (int i = 0; i < t->npk; i++)
        if (t->pk[i] && !strcmp(t->pk[i], name))
            return true;
    return false;
}

/* ---- findings -------------------------------------------------------------------- */

/* A finding about one column, with table, column and type as evidence. The
 * message is "table.column (type) " followed by the formatted tail. */
static finding_t *column_finding(rule_ctx_t *c, rule_id_t rule, const cat_table_t *t,
                                 const cat_column_t *col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static finding_t *column_finding(rule_ctx_t *c, rule_id_t rule, const cat_table_t *t,
                                 const cat_column_t *col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *tail = arena_vprintf(c->arena, fmt, ap);
    va_end(ap);
    finding_t *f = rule_report(c, rule, schema_loc(col->line), "%s.%s (%s) %s", t->name,
                               col->name, col_type(col), tail);
    finding_evidence(f, c->arena, "table", t->name);
    finding_evidence(f, c->arena, "column", col->name);
    finding_evidence(f, c->arena, "type", col_type(col));
    return f;
}

typedef bool (*col_match_fn)(const rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col);
typedef void (*col_emit_fn)(rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col);

/* Calls emit for every column that match accepts, tables then columns in
 * catalog order. */
static void each_column(rule_ctx_t *c, col_match_fn match, col_emit_fn emit)
{
    for (int i = 0; c->catalog && i < c->catalog->ntables; i++) {
        const cat_table_t *t = c->catalog->tables[i];
        if (!rule_table_in_scope(c, t->name))
            continue;
        for (int k = 0; k < t->ncolumns; k++)
            if (match(c, t, &t->columns[k]))
                emit(c, t, &t->columns[k]);
    }
}

static bool type_is(const cat_column_t *col, const char *type)
{
    return col->type && !strcmp(col->type, type);
}

/* ---- missing-primary-key --------------------------------------------------------- */

/* A unique index on NOT NULL columns only: a natural key to promote, or NULL.
 * Without one, an existing "id" column is proposed, else a new identity column. */
static const cat_index_t *natural_key(const cat_table_t *t)
{
    for (int i = 0; i < t->nindexes; i++) {
        const cat_index_t *ix = t->indexes[i];
        bool ok = ix->unique && !ix->predicate && ix->nkeys > 0;
        for (int k = 0; ok && k < ix->nkeys; k++) {
            const cat_column_t *col = ix->keys[k].column ? catalog_column(t, ix->keys[k].column)
                                                         : NULL;
            ok = col && col->not_null;
        }
        if (ok)
            return ix;
    }
    return NULL;
}

static const char *pk_fix(rule_ctx_t *c, const cat_table_t *t)
{
    const cat_index_t *nk = natural_key(t);
    if (!nk && catalog_column(t, "id"))
        return arena_printf(c->arena, "ALTER TABLE %s ADD PRIMARY KEY (id); -- fails if id has "
                                      "duplicates or NULLs; on a large table see "
                                      "add-primary-key-blocks",
                            qtable(c, t));
    if (!nk)
        return arena_printf(c->arena, "ALTER TABLE %s ADD COLUMN id bigint GENERATED ALWAYS AS "
                                      "IDENTITY PRIMARY KEY; -- on a large table see "
                                      "add-serial-column and add-primary-key-blocks",
                            qtable(c, t));
    sb_t cols;
    sb_init(&cols, c->arena);
    for (int k = 0; k < nk->nkeys; k++)
        sb_addf(&cols, "%s%s", k ? ", " : "", qi(c, nk->keys[k].column));
    return arena_printf(c->arena, "ALTER TABLE %s ADD PRIMARY KEY (%s); -- promotes the unique "
                                  "key %s",
                        qtable(c, t), sb_str(&cols), nk->name);
}

void rule_missing_primary_key(rule_ctx_t *c)
{
    for (int i = 0; c->catalog && i < c->catalog->ntables; i++) {
        const cat_table_t *t = c->catalog->tables[i];
        if (t->npk > 0 || !rule_table_in_scope(c, t->name))
            continue;
        finding_t *f = rule_report(c, R_MISSING_PRIMARY_KEY, schema_loc(t->line),
                                   "table %s has no primary key: rows cannot be addressed "
                                   "reliably, duplicates are possible, and logical replication "
                                   "rejects its UPDATEs and DELETEs",
                                   t->name);
        finding_evidence(f, c->arena, "table", t->name);
        f->fix = pk_fix(c, t);
    }
}

/* ---- type rules: one column type that has a better replacement ------------------- */

/* timestamp, bpchar, money and json: the type matched and the advice. */
typedef struct {
    rule_id_t rule;
    const char *type;  /* canonical type matched */
    const char *why;   /* message tail */
} type_rule_t;

static const type_rule_t TYPE_RULES[] = {
    {R_TIMESTAMP_WITHOUT_TZ, "timestamp",
     "stores a wall-clock time without a zone: ambiguous across zones and DST changes; "
     "timestamptz takes the same 8 bytes and stores an instant"},
    {R_CHAR_TYPE, "bpchar",
     "is blank-padded: the padding is ignored in comparisons but reaches the application, "
     "and char is never faster than text"},
    {R_MONEY_TYPE, "money",
     "formats and rounds by the server's lc_monetary and holds one currency; a restore "
     "under another locale can misread amounts"},
    {R_JSON_NOT_JSONB, "json",
     "is reparsed on every access, has no equality operator and cannot be GIN-indexed; "
     "jsonb can"},
};

static const char *type_fix(rule_ctx_t *c, rule_id_t rule, const cat_table_t *t,
                            const cat_column_t *col)
{
    const char *head = alter_col(c, t, col), *q = qi(c, col->name);
    int n = type_length(col);
    switch (rule) {
    case R_TIMESTAMP_WITHOUT_TZ:
        return arena_printf(c->arena, "SET TimeZone = 'UTC'; -- when the stored values are UTC\n"
                                      "%sTYPE timestamptz;",
                            head);
    case R_CHAR_TYPE:
        return arena_printf(c->arena, "%sTYPE text; -- rewrites the table; if the length is a "
                                      "rule, also ADD CHECK (char_length(%s) = %d)",
                            head, q, n > 0 ? n : 1);
    case R_MONEY_TYPE:
        return arena_printf(c->arena, "%sTYPE numeric(12,2) USING %s::numeric; -- rewrites the "
                                      "table; add a currency column if amounts can differ in it",
                            head, q);
    default:
        return arena_printf(c->arena, "%sTYPE jsonb USING %s::jsonb; -- rewrites the table",
                            head, q);
    }
}

static void type_rule(rule_ctx_t *c, rule_id_t rule)
{
    const type_rule_t *tr = NULL;
    for (size_t i = 0; i < sizeof(TYPE_RULES) / sizeof(TYPE_RULES[0]); i++)
        if (TYPE_RULES[i].rule == rule)
            tr = &TYPE_RULES[i];
    for (int i = 0; tr && c->catalog && i < c->catalog->ntables; i++) {
        const cat_table_t *t = c->catalog->tables[i];
        if (!rule_table_in_scope(c, t->name))
            continue;
        for (int k = 0; k < t->ncolumns; k++) {
            const cat_column_t *col = &t->columns[k];
            if (!type_is(col, tr->type))
                continue;
            finding_t *f = column_finding(c, rule, t, col, "%s", tr->why);
            f->fix = type_fix(c, rule, t, col);
        }
    }
}

void rule_timestamp_without_tz(rule_ctx_t *c) { type_rule(c, R_TIMESTAMP_WITHOUT_TZ); }
void rule_char_type(rule_ctx_t *c) { type_rule(c, R_CHAR_TYPE); }
void rule_money_type(rule_ctx_t *c) { type_rule(c, R_MONEY_TYPE); }
void rule_json_not_jsonb(rule_ctx_t *c) { type_rule(c, R_JSON_NOT_JSONB); }

/* ---- serial-over-identity -------------------------------------------------------- */

/* The sequence a serial column draws from: the name in nextval('…') when the
 * default is known (already in DDL syntax), else PostgreSQL's default name
 * table_column_seq, quoted. (Names cut at 63 bytes are not reproduced.) */
static const char *serial_sequence(rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    const char *p = col->default_text ? strstr(col->default_text, "nextval('") : NULL;
    if (p) {
        p += strlen("nextval('");
        size_t n = strcspn(p, "'");
        if (n > 0)
            return arena_strndup(c->arena, p, n);
    }
    const char *seq = qi(c, arena_printf(c->arena, "%s_%s_seq", t->name, col->name));
    return t->schema && t->schema[0] ? arena_printf(c->arena, "%s.%s", qi(c, t->schema), seq)
                                     : seq;
}

static bool match_serial(const rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    (void)c, (void)t;
    return col->serial && !col->identity;
}

static void emit_serial(rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    const char *limit = type_is(col, "int4")   ? ", and a 4-byte integer runs out at 2,147,483,647"
                        : type_is(col, "int2") ? ", and a 2-byte integer runs out at 32,767"
                                               : "";
    finding_t *f = column_finding(c, R_SERIAL_OVER_IDENTITY, t, col,
                                  "takes its values from a serial sequence, a separate object: "
                                  "explicit inserts bypass it and later collide%s; an identity "
                                  "column ties the sequence to the column",
                                  limit);
    const char *head = alter_col(c, t, col), *q = qi(c, col->name);
    const char *seq_lit = serial_sequence(c, t, col);
    f->fix = arena_printf(c->arena,
                          "%sDROP DEFAULT;\nDROP SEQUENCE %s;\n"
                          "%sADD GENERATED BY DEFAULT AS IDENTITY;\n"
                          "SELECT setval(pg_get_serial_sequence('%s', '%s'), "
                          "coalesce(max(%s), 0) + 1, false) FROM %s;",
                          head, seq_lit, head, qtable(c, t), col->name, q, qtable(c, t));
}

void rule_serial_over_identity(rule_ctx_t *c) { each_column(c, match_serial, emit_serial); }

/* ---- float-for-money ------------------------------------------------------------- */

/* Name tokens that mark an amount of money, and tokens that mark a quantity
 * that is not money even beside one ("total_seconds", "price_ratio"). */
static const char *const MONEY_WORDS[] = {"price", "prices", "amount", "amounts", "total",
                                          "subtotal", "cost", "costs", "balance", "fee", "fees",
                                          NULL};
static const char *const NOT_MONEY_WORDS[] = {"count", "seconds", "secs", "ms", "minutes",
                                              "hours", "days", "duration", "weight", "ratio",
                                              "pct", "percent", "percentage", "rate", "score",
                                              "distance", "qty", "quantity", NULL};

static bool match_float_money(const rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    (void)c, (void)t;
    return (type_is(col, "float4") || type_is(col, "float8")) &&
           any_token(col->name, MONEY_WORDS) && !any_token(col->name, NOT_MONEY_WORDS);
}

static void emit_float_money(rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    finding_t *f = column_finding(c, R_FLOAT_FOR_MONEY, t, col,
                                  "holds money in binary floating point: most decimal fractions "
                                  "are inexact, so sums drift by fractions of a cent and "
                                  "equality checks fail");
    f->fix = arena_printf(c->arena, "%sTYPE numeric(12,2); -- rewrites the table",
                          alter_col(c, t, col));
}

void rule_float_for_money(rule_ctx_t *c) { each_column(c, match_float_money, emit_float_money); }

/* ---- random-uuid-primary-key ----------------------------------------------------- */

static bool match_random_uuid_pk(const rule_ctx_t *c, const cat_table_t *t,
                                 const cat_column_t *col)
{
    (void)c;
    const char *d = col->default_text;
    return type_is(col, "uuid") && is_pk_column(t, col->name) && d &&
           (strstr(d, "gen_random_uuid(") || strstr(d, "uuid_generate_v4("));
}

static void emit_random_uuid_pk(rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    finding_t *f = column_finding(c, R_RANDOM_UUID_PK, t, col,
                                  "is a primary key defaulting to random (v4) UUIDs (%s): each "
                                  "insert lands on a random page of the key's index, splitting "
                                  "pages and writing full-page images to WAL",
                                  col->default_text);
    finding_evidence(f, c->arena, "default", col->default_text);
    /* uuidv7() is built in from PostgreSQL 18; before that, v7 comes from the app. */
    if (c->catalog->server_version_num >= 180000)
        f->fix = arena_printf(c->arena, "%sSET DEFAULT uuidv7();", alter_col(c, t, col));
    else
        f->fix = arena_printf(c->arena,
                              "-- new tables: id bigint GENERATED ALWAYS AS IDENTITY PRIMARY "
                              "KEY, with a separate uuid column for public ids\n"
                              "-- existing: generate time-ordered UUIDv7 values in the "
                              "application (or uuidv7() on PostgreSQL 18+), then\n"
                              "%sDROP DEFAULT;",
                              alter_col(c, t, col));
}

void rule_random_uuid_pk(rule_ctx_t *c)
{
    each_column(c, match_random_uuid_pk, emit_random_uuid_pk);
}

/* ---- fk-column-nullable-unintended ----------------------------------------------- */

/* A nullable single-column foreign key to another table, on a column named
 * "…_id". Self-references (parent_id) are left out: a tree's root has none. */
static const cat_fk_t *nullable_fk(const cat_table_t *t, const cat_column_t *col)
{
    for (int i = 0; i < t->nfks; i++) {
        const cat_fk_t *fk = &t->fks[i];
        if (fk->ncolumns == 1 && !strcmp(fk->columns[0], col->name) && !col->not_null &&
            last_token_is(col->name, "id") && strcmp(col->name, "id") && fk->ref_table &&
            strcmp(fk->ref_table, t->name))
            return fk;
    }
    return NULL;
}

/* The link looks mandatory when it is the table's only nullable foreign key:
 * two or more nullable links usually mean "one of these parents" by design. */
static bool match_fk_nullable(const rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    (void)c;
    if (!nullable_fk(t, col))
        return false;
    int nullable = 0;
    for (int k = 0; k < t->ncolumns; k++)
        nullable += nullable_fk(t, &t->columns[k]) != NULL;
    return nullable == 1;
}

static void emit_fk_nullable(rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    const cat_fk_t *fk = nullable_fk(t, col);
    finding_t *f = column_finding(c, R_FK_NULLABLE_UNINTENDED, t, col,
                                  "references %s but allows NULL: rows without a parent pass "
                                  "the foreign key and vanish from inner joins",
                                  fk->ref_table);
    finding_evidence(f, c->arena, "references", fk->ref_table);
    const char *tab = qtable(c, t), *q = qi(c, col->name);
    const char *con = qi(c, arena_printf(c->arena, "%s_%s_not_null", t->name, col->name));
    f->fix = arena_printf(c->arena,
                          "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;\n"
                          "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n"
                          "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;\n"
                          "ALTER TABLE %s DROP CONSTRAINT %s;\n"
                          "-- if the link is optional by design: COMMENT ON COLUMN %s.%s IS "
                          "'optional: …';",
                          tab, con, q, tab, con, tab, q, tab, con, tab, q);
}

void rule_fk_nullable_unintended(rule_ctx_t *c)
{
    each_column(c, match_fk_nullable, emit_fk_nullable);
}

/* ---- status-without-check -------------------------------------------------------- */

/* Column names (or their last '_' token: order_status, user_type) that hold one
 * of a fixed set of values. */
static const char *const ENUM_NAMES[] = {"status", "state", "kind", "type", "role", NULL};

static bool is_fk_column(const cat_table_t *t, const char *name)
{
    for (int i = 0; i < t->nfks; i++)
        if (t->fks[i].ncolumns == 1 && !strcmp(t->fks[i].columns[0], name))
            return true;
    return false;
}

static bool match_status(const rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    (void)c;
    if (!(type_is(col, "text") || type_is(col, "varchar") || type_is(col, "citext")) ||
        col->nenum > 0 || col->is_enum_type || is_fk_column(t, col->name))
        return false;
    for (const char *const *w = ENUM_NAMES; *w; w++)
        if (last_token_is(col->name, *w))
            return true;
    return false;
}

/* 'member' from a default such as 'member' or 'member'::text; NULL otherwise. */
static const char *default_literal(arena_t *a, const char *d)
{
    if (!d || d[0] != '\'')
        return NULL;
    const char *end = strchr(d + 1, '\'');
    return end ? arena_strndup(a, d, (size_t)(end - d) + 1) : NULL;
}

static void emit_status(rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    finding_t *f = column_finding(c, R_STATUS_WITHOUT_CHECK, t, col,
                                  "looks enumerated but accepts any string: no CHECK list, enum "
                                  "type or lookup table says which values exist, so typos "
                                  "become values");
    const char *lit = default_literal(c->arena, col->default_text);
    const char *con = qi(c, arena_printf(c->arena, "%s_%s_check", t->name, col->name));
    f->fix = arena_printf(c->arena,
                          "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IN (%s%s…)) NOT VALID; "
                          "-- list the values\nALTER TABLE %s VALIDATE CONSTRAINT %s;",
                          qtable(c, t), con, qi(c, col->name), lit ? lit : "",
                          lit ? ", " : "", qtable(c, t), con);
}

void rule_status_without_check(rule_ctx_t *c) { each_column(c, match_status, emit_status); }

/* ---- varchar-without-reason ------------------------------------------------------ */

/* varchar(n) with n > VARCHAR_RULE_MAX: short limits (country and currency
 * codes, phone numbers) are usually real rules; 100, 255, 1000 are habits. */
static bool match_varchar(const rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    (void)c, (void)t;
    return type_is(col, "varchar") && type_length(col) > VARCHAR_RULE_MAX;
}

static void emit_varchar(rule_ctx_t *c, const cat_table_t *t, const cat_column_t *col)
{
    int n = type_length(col);
    finding_t *f = column_finding(c, R_VARCHAR_WITHOUT_REASON, t, col,
                                  "has a length limit that looks habitual: varchar(n) is stored "
                                  "like text, the limit only rejects longer values, and "
                                  "lowering it later rewrites the table");
    finding_evidence_num(f, c->arena, "length", n);
    f->fix = arena_printf(c->arena, "%sTYPE text; -- catalog-only, no rewrite; if %d is a real "
                                    "rule, keep it as CHECK (char_length(%s) <= %d)",
                          alter_col(c, t, col), n, qi(c, col->name), n);
}

void rule_varchar_without_reason(rule_ctx_t *c) { each_column(c, match_varchar, emit_varchar); }
