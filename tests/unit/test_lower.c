/* test_lower.c — the PostgreSQL front end: SQL text → query model, DDL → catalog.
 *
 * Every rule and advisor reads only the model, so what lowering records is the
 * contract tested here: statement kinds and locations, each predicate's operator,
 * column side, wrap, value kind and literal kind, blocks for subqueries, CTEs and
 * set operations, joins and the binding of column references to relations. The
 * catalog half loads hand-written DDL and pg_dump output and checks what the
 * advisors rely on: canonical types, NOT NULL, keys, indexes, enum values.
 *
 * Queries are parsed with pg_engine.parse and bound with qm_bind against the
 * catalog below (or none, where the case is about binding without one). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine/pg/pg.h"
#include "model/bind.h"

/* Table rows leave trailing fields zero on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const char *const SHOP_DDL =
    "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text, team_id int);\n"
    "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id),\n"
    "                     status text, total numeric(12,2), created_at timestamptz);\n"
    "CREATE TABLE items (order_id bigint, sku text, qty int);\n"
    "CREATE TABLE teams (id int PRIMARY KEY, label text);\n"
    "CREATE TABLE t (a int, b int, c int, d date, email text, created_at timestamptz,\n"
    "                id int, x text, y int, z int, active boolean, k int);\n"
    "CREATE TABLE u (y int, k int, v text);\n";

/* ---- helpers ---------------------------------------------------------------- */

static bool streq(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static const char *show(const char *s)
{
    return s ? s : "(null)";
}

static catalog_t *load(arena_t *a, const char *ddl)
{
    catalog_t *cat = arena_alloc(a, sizeof(*cat));
    catalog_init(cat, a);
    err_t err;
    if (pg_engine.load_ddl(a, ddl, cat, &err) < 0)
        fail_msg("load_ddl failed at %d:%d: %s", err.line, err.column, err.message);
    return cat;
}

/* Parses sql and binds every statement against cat (which may be NULL). */
static qm_batch_t *lower(arena_t *a, const char *sql, const catalog_t *cat)
{
    qm_batch_t *batch = NULL;
    err_t err;
    if (pg_engine.parse(a, sql, &batch, &err) < 0)
        fail_msg("parse failed at %d:%d: %s\n%s", err.line, err.column, err.message, sql);
    for (int i = 0; i < batch->nstmts; i++)
        qm_bind(&batch->stmts[i], cat);
    return batch;
}

static qm_batch_t *lower_shop(arena_t *a, const char *sql)
{
    return lower(a, sql, load(a, SHOP_DDL));
}

static const qm_block_t *block(const qm_batch_t *batch, int stmt, int b)
{
    const qm_stmt_t *st = &batch->stmts[stmt - 1];
    if (b >= st->nblocks)
        fail_msg("statement %d has %d blocks, no block %d", stmt, st->nblocks, b);
    return st->blocks[b];
}

static const qm_pred_t *pred(const qm_batch_t *batch, int stmt, int b, int i)
{
    const qm_block_t *blk = block(batch, stmt, b);
    if (i >= blk->npreds)
        fail_msg("block %d has %d predicates, no predicate %d", b, blk->npreds, i);
    return &blk->preds[i];
}

static const cat_table_t *table(const catalog_t *cat, const char *name)
{
    const cat_table_t *t = catalog_table(cat, NULL, name);
    if (!t)
        fail_msg("no table %s in the catalog", name);
    return t;
}

static const cat_column_t *column(const cat_table_t *t, const char *name)
{
    const cat_column_t *c = catalog_column(t, name);
    if (!c)
        fail_msg("no column %s.%s", t->name, name);
    return c;
}

static const cat_index_t *index_named(const cat_table_t *t, const char *name)
{
    for (int i = 0; i < t->nindexes; i++)
        if (streq(t->indexes[i]->name, name))
            return t->indexes[i];
    char have[1024] = "";
    size_t used = 0;
    for (int i = 0; i < t->nindexes && used < sizeof(have); i++)
        used += (size_t)snprintf(have + used, sizeof(have) - used, " [%s]",
                                 show(t->indexes[i]->name));
    fail_msg("no index %s on %s; have:%s", name, t->name, have);
    return NULL;
}

/* Each test gets a fresh arena in *state, freed even when the test fails. */
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

/* ---- predicates, as a table ---------------------------------------------------- */

/* One predicate: `SELECT * FROM t WHERE <where>`, the first predicate of block 0. */
typedef struct {
    const char *where;
    const char *op;
    const char *column;        /* the column side; NULL when there is none */
    qm_wrap_kind_t wrap;
    const char *wrap_name;
    const char *wrap_arg;
    qm_value_kind_t value;
    qm_literal_kind_t literal;
    const char *value_text;
    int list_len;
} pred_case_t;

static const char *const value_kinds[] = {"NONE", "CONST", "PARAM", "COLUMN",
                                          "EXPR", "SUBQUERY", "LIST", "NULL"};
static const char *const literal_kinds[] = {"NONE", "INT", "FLOAT", "STRING", "BOOL"};
static const char *const wrap_kinds[] = {"NONE", "FUNC", "CAST", "ARITH", "EXTRACT"};

static void test_predicates(void **state)
{
    static const pred_case_t cases[] = {
        {"a = 1", "=", "a", QW_NONE, NULL, NULL, QV_CONST, QL_INT, "1"},
        {"1 = a", "=", "a", QW_NONE, NULL, NULL, QV_CONST, QL_INT, "1"},
        {"5 < a", ">", "a", QW_NONE, NULL, NULL, QV_CONST, QL_INT, "5"},   /* commuted */
        {"10 >= a", "<=", "a", QW_NONE, NULL, NULL, QV_CONST, QL_INT, "10"},
        {"a <> 3", "<>", "a", QW_NONE, NULL, NULL, QV_CONST, QL_INT, "3"},
        {"a = 1.5", "=", "a", QW_NONE, NULL, NULL, QV_CONST, QL_FLOAT, "1.5"},
        {"active = true", "=", "active", QW_NONE, NULL, NULL, QV_CONST, QL_BOOL, "true"},
        {"x = 'it''s'", "=", "x", QW_NONE, NULL, NULL, QV_CONST, QL_STRING, "it's"},
        {"a = $2", "=", "a", QW_NONE, NULL, NULL, QV_PARAM, QL_NONE, "$2"},
        {"lower(email) = 'x'", "=", "email", QW_FUNC, "lower", NULL, QV_CONST, QL_STRING, "x"},
        {"created_at::date = '2024-01-01'", "=", "created_at", QW_CAST, "date", NULL, QV_CONST,
         QL_STRING, "2024-01-01"},
        {"CAST(created_at AS date) = '2024-01-01'", "=", "created_at", QW_CAST, "date", NULL,
         QV_CONST, QL_STRING, "2024-01-01"},
        {"date_trunc('day', created_at) = '2024-03-01'", "=", "created_at", QW_FUNC,
         "date_trunc", "day", QV_CONST, QL_STRING, "2024-03-01"},
        {"extract(year from d) = 2024", "=", "d", QW_EXTRACT, "extract", "year", QV_CONST,
         QL_INT, "2024"},
        {"id + 1 = 5", "=", "id", QW_ARITH, "+", "1", QV_CONST, QL_INT, "5"},
        /* k - col is not a shift of col: no arithmetic constant is recorded */
        {"5 - id = 1", "=", "id", QW_ARITH, "-", NULL, QV_CONST, QL_INT, "1"},
        {"x LIKE '%a'", "~~", "x", QW_NONE, NULL, NULL, QV_CONST, QL_STRING, "%a"},
        {"x ILIKE 'a%'", "~~*", "x", QW_NONE, NULL, NULL, QV_CONST, QL_STRING, "a%"},
        {"x NOT LIKE 'a%'", "!~~", "x", QW_NONE, NULL, NULL, QV_CONST, QL_STRING, "a%"},
        {"x IN (1,2,3)", "IN", "x", QW_NONE, NULL, NULL, QV_LIST, QL_NONE, NULL, 3},
        {"x NOT IN ('a', 'b')", "NOT IN", "x", QW_NONE, NULL, NULL, QV_LIST, QL_NONE, NULL, 2},
        {"x = ANY($1)", "=ANY", "x", QW_NONE, NULL, NULL, QV_PARAM, QL_NONE, "$1"},
        {"x IS NULL", "IS NULL", "x", QW_NONE, NULL, NULL, QV_NONE, QL_NONE, NULL},
        {"x IS NOT NULL", "IS NOT NULL", "x", QW_NONE, NULL, NULL, QV_NONE, QL_NONE, NULL},
        {"x = NULL", "=", "x", QW_NONE, NULL, NULL, QV_NULL, QL_NONE, "NULL"},
        {"a IS DISTINCT FROM 1", "IS DISTINCT FROM", "a", QW_NONE, NULL, NULL, QV_CONST, QL_INT,
         "1"},
        {"a BETWEEN 1 AND 5", "BETWEEN", "a", QW_NONE, NULL, NULL, QV_CONST, QL_INT, "1"},
        {"a = b", "=", "a", QW_NONE, NULL, NULL, QV_COLUMN, QL_NONE, NULL},
        {"created_at > now() - interval '1 day'", ">", "created_at", QW_NONE, NULL, NULL, QV_EXPR,
         QL_NONE, "now() - '1 day'::interval"},
        /* a bare boolean column is `col = true`; under NOT, `col = false` */
        {"active", "=", "active", QW_NONE, NULL, NULL, QV_CONST, QL_BOOL, "true"},
        {"NOT active", "=", "active", QW_NONE, NULL, NULL, QV_CONST, QL_BOOL, "false"},
    };
    arena_t *a = *state;
    const catalog_t *cat = load(a, SHOP_DDL);
    int failures = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const pred_case_t *c = &cases[i];
        const char *sql = arena_printf(a, "SELECT * FROM t WHERE %s", c->where);
        qm_batch_t *batch = lower(a, sql, cat);
        const qm_pred_t *p = pred(batch, 1, 0, 0);
        bool ok = streq(p->op, c->op) && p->has_col == (c->column != NULL) &&
                  streq(p->has_col ? p->col.column : NULL, c->column) && p->wrap.kind == c->wrap &&
                  streq(p->wrap.name, c->wrap_name) && streq(p->wrap.arg_text, c->wrap_arg) &&
                  p->value_kind == c->value && p->literal_kind == c->literal &&
                  streq(p->value_text, c->value_text) && p->list_len == c->list_len &&
                  p->clause == QC_WHERE && (!p->has_col || (p->col.rel == 0 && p->col.block == 0));
        if (!ok) {
            print_error("WHERE %s\n  got  op %s col %s (rel %d) wrap %s %s %s value %s %s %s "
                        "list %d\n  want op %s col %s (rel 0) wrap %s %s %s value %s %s %s list %d\n",
                        c->where, show(p->op), show(p->has_col ? p->col.column : NULL),
                        p->col.rel, wrap_kinds[p->wrap.kind], show(p->wrap.name),
                        show(p->wrap.arg_text), value_kinds[p->value_kind],
                        literal_kinds[p->literal_kind], show(p->value_text), p->list_len, c->op,
                        show(c->column), wrap_kinds[c->wrap], show(c->wrap_name),
                        show(c->wrap_arg), value_kinds[c->value], literal_kinds[c->literal],
                        show(c->value_text), c->list_len);
            failures++;
        }
    }
    if (failures)
        fail_msg("%d predicate cases failed", failures);
}

static void test_wrap_details(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(a, "SELECT * FROM t WHERE id + 1 = 5 AND lower(email) = 'x' "
                                      "AND extract(year from d) = 2024 AND a = 2");
    const qm_pred_t *p = pred(batch, 1, 0, 0);
    assert_true(p->wrap.arg_is_int);
    assert_string_equal(p->wrap.expr_text, "id + 1");
    assert_string_equal(pred(batch, 1, 0, 1)->wrap.expr_text, "lower(email)");
    assert_non_null(pred(batch, 1, 0, 2)->wrap.expr_text);
    assert_null(pred(batch, 1, 0, 3)->wrap.expr_text); /* bare column: nothing wrapped */
    assert_non_null(p->src);
    assert_non_null(p->col_src);
}

static void test_not_marks_under_not(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(a, "SELECT * FROM t WHERE NOT (a = 1) AND b = 2");
    assert_true(pred(batch, 1, 0, 0)->under_not);
    assert_false(pred(batch, 1, 0, 1)->under_not);
}

/* ---- subqueries in predicates ----------------------------------------------------- */

static void test_not_in_subquery(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(a, "SELECT * FROM t WHERE x NOT IN (SELECT v FROM u)");
    const qm_pred_t *p = pred(batch, 1, 0, 0);
    assert_string_equal(p->op, "NOT IN");
    assert_true(p->has_col);
    assert_string_equal(p->col.column, "x");
    assert_int_equal(p->value_kind, QV_SUBQUERY);
    assert_int_equal(p->sub_block, 1);
    const qm_block_t *sub = block(batch, 1, 1);
    assert_int_equal(sub->kind, QB_IN);
    assert_int_equal(sub->parent, 0);
    assert_true(sub->negated);
    assert_false(sub->correlated);
    assert_string_equal(sub->rels[0].name, "u");

    batch = lower_shop(a, "SELECT * FROM t WHERE x IN (SELECT v FROM u)");
    assert_string_equal(pred(batch, 1, 0, 0)->op, "IN");
    assert_false(block(batch, 1, 1)->negated);
}

static void test_exists_subquery(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch =
        lower_shop(a, "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.k = t.k)");
    const qm_pred_t *p = pred(batch, 1, 0, 0);
    assert_string_equal(p->op, "EXISTS");
    assert_false(p->has_col);
    assert_int_equal(p->value_kind, QV_SUBQUERY);
    assert_int_equal(p->sub_block, 1);
    const qm_block_t *sub = block(batch, 1, 1);
    assert_int_equal(sub->kind, QB_EXISTS);
    assert_false(sub->negated);
    assert_true(sub->correlated);
    /* the correlation: u.k in the subquery, t.k bound to the outer block */
    const qm_pred_t *corr = pred(batch, 1, 1, 0);
    assert_int_equal(corr->value_kind, QV_COLUMN);
    assert_int_equal(corr->col.block, 1);
    assert_int_equal(corr->value_col.block, 0);
    assert_int_equal(corr->value_col.rel, 0);

    batch = lower_shop(a, "SELECT * FROM t WHERE NOT EXISTS (SELECT 1 FROM u)");
    assert_string_equal(pred(batch, 1, 0, 0)->op, "NOT EXISTS");
    assert_true(block(batch, 1, 1)->negated);
    assert_false(block(batch, 1, 1)->correlated);
}

static void test_count_subquery_compared(void **state)
{
    static const struct {
        const char *where, *op;
        bool count;
    } cases[] = {
        {"(SELECT count(*) FROM u WHERE u.k = t.k) > 0", ">", true},
        {"0 < (SELECT count(*) FROM u WHERE u.k = t.k)", ">", true},
        {"(SELECT count(*) FROM u WHERE u.k = t.k) = 0", "=", true},
        {"(SELECT max(y) FROM u WHERE u.k = t.k) > 0", ">", false},
    };
    arena_t *a = *state;
    const catalog_t *cat = load(a, SHOP_DDL);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        qm_batch_t *batch =
            lower(a, arena_printf(a, "SELECT * FROM t WHERE %s", cases[i].where), cat);
        const qm_pred_t *p = pred(batch, 1, 0, 0);
        assert_string_equal(p->op, cases[i].op);
        assert_false(p->has_col);
        assert_int_equal(p->value_kind, QV_SUBQUERY);
        assert_int_equal(p->subquery_count, cases[i].count);
        assert_string_equal(p->value_text, "0");
        assert_int_equal(p->literal_kind, QL_INT);
        assert_int_equal(p->sub_block, 1);
        assert_int_equal(block(batch, 1, 1)->kind, QB_SCALAR);
        assert_true(block(batch, 1, 1)->correlated);
    }
}

/* ---- OR groups ---------------------------------------------------------------------- */

static void test_or_groups(void **state)
{
    arena_t *a = *state;
    const catalog_t *cat = load(a, SHOP_DDL);

    qm_batch_t *batch = lower(a, "SELECT * FROM t WHERE a = 1 OR b = 2 OR a = 3", cat);
    const qm_block_t *b = block(batch, 1, 0);
    assert_int_equal(b->npreds, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(b->preds[i].or_group, 1);
        assert_true(b->preds[i].in_or);
    }
    assert_int_equal(b->nors, 1);
    assert_int_equal(b->ors[0].id, 1);
    assert_int_equal(b->ors[0].npreds, 3);
    assert_true(b->ors[0].distinct_columns);
    assert_string_equal(b->ors[0].columns, "a, b");

    batch = lower(a, "SELECT * FROM t WHERE (a = 1 OR a = 2) AND (c = 1 OR d = '2024-01-01') "
                     "AND x = 'k'", cat);
    b = block(batch, 1, 0);
    assert_int_equal(b->nors, 2);
    assert_false(b->ors[0].distinct_columns); /* the same column twice: an IN list */
    assert_string_equal(b->ors[0].columns, "a");
    assert_true(b->ors[1].distinct_columns);
    assert_string_equal(b->ors[1].columns, "c, d");
    assert_int_equal(b->preds[0].or_group, 1);
    assert_int_equal(b->preds[2].or_group, 2);
    assert_int_equal(b->preds[4].or_group, 0); /* x = 'k' is a conjunct */
    assert_false(b->preds[4].in_or);

    /* a nested OR belongs to the outermost one; ANDs inside an OR stay in it */
    batch = lower(a, "SELECT * FROM t WHERE a = 1 AND (b = 1 OR (c = 1 AND d = '2024-01-01') "
                     "OR (x = 'a' OR y = 2))", cat);
    b = block(batch, 1, 0);
    assert_int_equal(b->nors, 1);
    assert_int_equal(b->preds[0].or_group, 0);
    for (int i = 1; i < b->npreds; i++)
        assert_int_equal(b->preds[i].or_group, 1);
    assert_int_equal(b->ors[0].npreds, 5);
    assert_string_equal(b->ors[0].columns, "b, c, d, x, y");
}

/* ---- HAVING ----------------------------------------------------------------------- */

static void test_having(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(a, "SELECT user_id, count(*) FROM orders GROUP BY user_id "
                                      "HAVING count(*) > 5 AND user_id = 3");
    const qm_block_t *b = block(batch, 1, 0);
    assert_int_equal(b->npreds, 0); /* HAVING conjuncts are not WHERE predicates */
    assert_int_equal(b->nhaving, 2);
    assert_true(b->has_aggregate);
    assert_int_equal(b->ngroup, 1);
    assert_string_equal(b->group[0].column, "user_id");
    assert_int_equal(b->group[0].rel, 0);

    const qm_pred_t *agg = &b->having[0];
    assert_int_equal(agg->clause, QC_HAVING);
    assert_string_equal(agg->op, ">");
    assert_true(agg->has_aggregate);
    assert_false(agg->has_col);

    const qm_pred_t *plain = &b->having[1]; /* movable to WHERE */
    assert_int_equal(plain->clause, QC_HAVING);
    assert_false(plain->has_aggregate);
    assert_true(plain->has_col);
    assert_string_equal(plain->col.column, "user_id");
    assert_int_equal(plain->col.rel, 0);
    assert_string_equal(plain->value_text, "3");

    batch = lower_shop(a, "SELECT status FROM orders GROUP BY status HAVING status <> 'x'");
    b = block(batch, 1, 0);
    assert_false(b->has_aggregate);
    assert_false(b->having[0].has_aggregate);
}

/* ---- FROM: joins, aliases, binding ------------------------------------------------------ */

static void test_joins(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(
        a, "SELECT o.id, u.name FROM orders o JOIN users u ON u.id = o.user_id "
           "LEFT JOIN items i USING (order_id), teams t CROSS JOIN u x");
    const qm_block_t *b = block(batch, 1, 0);
    assert_int_equal(b->nrels, 5);
    static const struct {
        const char *name, *alias, *label;
        qm_join_t join;
        bool quals;
    } want[] = {
        {"orders", "o", "o", QJ_NONE, false},
        {"users", "u", "u", QJ_INNER, true},
        {"items", "i", "i", QJ_LEFT, true},
        {"teams", "t", "t", QJ_CROSS, false},
        {"u", "x", "x", QJ_CROSS, false},
    };
    for (int i = 0; i < 5; i++) {
        assert_string_equal(b->rels[i].name, want[i].name);
        assert_string_equal(b->rels[i].alias, want[i].alias);
        assert_string_equal(b->rels[i].label, want[i].label);
        assert_int_equal(b->rels[i].join, want[i].join);
        assert_int_equal(b->rels[i].join_has_quals, want[i].quals);
        assert_int_equal(b->rels[i].sub_block, -1);
        assert_false(b->rels[i].is_cte);
    }
    /* the ON condition is a JOIN predicate linking the two relations */
    const qm_pred_t *on = pred(batch, 1, 0, 0);
    assert_int_equal(on->clause, QC_JOIN);
    assert_int_equal(on->value_kind, QV_COLUMN);
    assert_int_equal(on->col.rel, 1);
    assert_int_equal(on->value_col.rel, 0);

    batch = lower_shop(a, "SELECT * FROM orders o RIGHT JOIN users u ON u.id = o.user_id "
                          "FULL JOIN teams t ON t.id = u.team_id");
    assert_int_equal(block(batch, 1, 0)->rels[1].join, QJ_RIGHT);
    assert_int_equal(block(batch, 1, 0)->rels[2].join, QJ_FULL);
}

/* Where each column reference binds: (predicate index → relation index). */
static void test_binding_with_catalog(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(
        a, "SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id "
           "WHERE email = 'x' AND status = 'paid' AND id = 1 AND nosuch = 2 AND o.total > 5");
    const qm_block_t *b = block(batch, 1, 0);
    static const struct {
        const char *column;
        int rel;
    } want[] = {
        {"id", 1},     /* u.id */
        {"email", 1},  /* only users has it */
        {"status", 0}, /* only orders has it */
        {"id", -1},    /* both have it: ambiguous, left unbound */
        {"nosuch", -1},
        {"total", 0},
    };
    assert_int_equal(b->npreds, 6);
    for (int i = 0; i < 6; i++) {
        assert_string_equal(b->preds[i].col.column, want[i].column);
        if (b->preds[i].col.rel != want[i].rel)
            fail_msg("predicate %d (%s) bound to rel %d, want %d", i, want[i].column,
                     b->preds[i].col.rel, want[i].rel);
    }
    assert_string_equal(b->preds[0].col.qualifier, "u");
    assert_null(b->preds[1].col.qualifier);
    /* the select list binds too */
    assert_int_equal(b->targets[0].col.rel, 0);
    /* and a bound reference leads back to the catalog column */
    const cat_column_t *c = qm_colref_column(&batch->stmts[0], load(a, SHOP_DDL),
                                             &b->preds[1].col);
    assert_non_null(c);
    assert_string_equal(c->name, "email");
}

static void test_binding_qualifiers(void **state)
{
    arena_t *a = *state;
    /* a table qualifies its columns by name when it has no alias … */
    qm_batch_t *batch = lower_shop(a, "SELECT * FROM orders, users WHERE orders.status = 'x' "
                                      "AND users.email = 'y' AND public.users.name = 'z'");
    const qm_block_t *b = block(batch, 1, 0);
    assert_int_equal(b->preds[0].col.rel, 0);
    assert_int_equal(b->preds[1].col.rel, 1);
    assert_string_equal(b->preds[2].col.qualifier, "users");
    assert_int_equal(b->preds[2].col.rel, 1);
    /* … and only by its alias when it has one (PostgreSQL rejects orders.status here) */
    batch = lower_shop(a, "SELECT * FROM orders o WHERE orders.status = 'x'");
    assert_int_equal(pred(batch, 1, 0, 0)->col.rel, -1);
    /* quoted identifiers keep their case */
    batch = lower(a, "SELECT * FROM \"Orders\" \"O\" WHERE \"O\".\"Status\" = 1", NULL);
    assert_string_equal(block(batch, 1, 0)->rels[0].name, "Orders");
    assert_string_equal(pred(batch, 1, 0, 0)->col.qualifier, "O");
    assert_string_equal(pred(batch, 1, 0, 0)->col.column, "Status");
    assert_int_equal(pred(batch, 1, 0, 0)->col.rel, 0);
    /* schema-qualified relations keep the schema */
    batch = lower(a, "SELECT * FROM sales.orders WHERE id = 1", NULL);
    assert_string_equal(block(batch, 1, 0)->rels[0].schema, "sales");
    assert_string_equal(block(batch, 1, 0)->rels[0].name, "orders");
}

static void test_binding_without_catalog(void **state)
{
    arena_t *a = *state;
    /* one relation: an unqualified column can only be its */
    qm_batch_t *batch = lower(a, "SELECT * FROM orders WHERE status = 'x'", NULL);
    assert_int_equal(pred(batch, 1, 0, 0)->col.rel, 0);
    /* two relations: it cannot be told without the catalog */
    batch = lower(a, "SELECT * FROM orders o, users u WHERE status = 'x' AND u.email = 'y'", NULL);
    assert_int_equal(pred(batch, 1, 0, 0)->col.rel, -1);
    assert_int_equal(pred(batch, 1, 0, 1)->col.rel, 1);
}

static void test_binding_into_derived_table(void **state)
{
    arena_t *a = *state;
    /* status is an output column of s (not of users, which the catalog knows) */
    qm_batch_t *batch = lower_shop(a, "SELECT s.n FROM (SELECT user_id AS n, status FROM orders) s, "
                                      "users WHERE status = 'x' AND n = 1 AND email = 'e'");
    const qm_block_t *b = block(batch, 1, 0);
    assert_int_equal(b->rels[0].sub_block, 1);
    assert_null(b->rels[0].name);
    assert_string_equal(b->rels[0].label, "s");
    assert_int_equal(block(batch, 1, 1)->kind, QB_DERIVED);
    assert_int_equal(block(batch, 1, 1)->parent, 0);
    /* output names: an alias, else the column's own name */
    assert_string_equal(block(batch, 1, 1)->targets[0].name, "n");
    assert_string_equal(block(batch, 1, 1)->targets[1].name, "status");
    if (b->preds[0].col.rel != 0)
        fail_msg("status bound to rel %d, want 0 (the derived table s)", b->preds[0].col.rel);
    assert_int_equal(b->preds[1].col.rel, 0);
    assert_int_equal(b->preds[2].col.rel, 1);
}

/* ---- correlation -------------------------------------------------------------------- */

static void test_correlated_subqueries(void **state)
{
    arena_t *a = *state;
    /* unqualified outer column: orders has no email, users (outside) does */
    qm_batch_t *batch = lower_shop(a, "SELECT * FROM users WHERE EXISTS (SELECT 1 FROM orders "
                                      "WHERE user_id = users.id AND email = 'x')");
    assert_true(block(batch, 1, 1)->correlated);
    const qm_pred_t *email = pred(batch, 1, 1, 1);
    assert_int_equal(email->col.block, 0);
    assert_int_equal(email->col.rel, 0);
    assert_int_equal(pred(batch, 1, 1, 0)->col.block, 1); /* user_id is orders' own */

    /* not correlated */
    batch = lower_shop(a, "SELECT * FROM users WHERE id IN (SELECT user_id FROM orders "
                          "WHERE status = 'paid')");
    assert_false(block(batch, 1, 1)->correlated);

    /* two levels down: every block between the reference and its relation is correlated */
    batch = lower_shop(a, "SELECT * FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE "
                          "o.id IN (SELECT i.order_id FROM items i WHERE i.sku = u.name))");
    assert_int_equal(block(batch, 1, 2)->parent, 1);
    assert_true(block(batch, 1, 2)->correlated);
    assert_true(block(batch, 1, 1)->correlated);
    assert_false(block(batch, 1, 0)->correlated);

    /* a scalar subquery in the select list */
    batch = lower_shop(a, "SELECT u.id, (SELECT max(o.total) FROM orders o WHERE o.user_id = "
                          "u.id) AS top FROM users u");
    const qm_block_t *b = block(batch, 1, 0);
    assert_int_equal(b->ntargets, 2);
    assert_int_equal(b->targets[1].sub_block, 1);
    assert_string_equal(b->targets[1].name, "top");
    assert_int_equal(block(batch, 1, 1)->kind, QB_SCALAR);
    assert_true(block(batch, 1, 1)->correlated);
    assert_true(block(batch, 1, 1)->has_aggregate);
}

/* ---- CTEs and set operations ------------------------------------------------------------ */

static void test_ctes(void **state)
{
    arena_t *a = *state;
    const catalog_t *cat = load(a, SHOP_DDL);
    qm_batch_t *batch = lower(a, "WITH recent AS (SELECT * FROM orders WHERE created_at > "
                                 "now() - interval '1 day') SELECT r.id FROM recent r "
                                 "WHERE r.total > 10", cat);
    const qm_block_t *top = block(batch, 1, 0);
    assert_int_equal(top->nrels, 1);
    assert_true(top->rels[0].is_cte);
    assert_int_equal(top->rels[0].sub_block, 1);
    assert_string_equal(top->rels[0].name, "recent");
    assert_null(qm_rel_table(cat, &top->rels[0])); /* a CTE is not a catalog table */
    const qm_block_t *cte = block(batch, 1, 1);
    assert_int_equal(cte->kind, QB_CTE);
    assert_string_equal(cte->cte_name, "recent");
    assert_int_equal(cte->parent, 0);
    assert_string_equal(cte->rels[0].name, "orders");
    assert_int_equal(cte->preds[0].col.rel, 0);

    /* a CTE named like a table hides it; a schema-qualified name does not */
    batch = lower(a, "WITH orders AS (SELECT 1 AS id) SELECT * FROM orders, public.orders po", cat);
    assert_true(block(batch, 1, 0)->rels[0].is_cte);
    assert_false(block(batch, 1, 0)->rels[1].is_cte);
    assert_int_equal(block(batch, 1, 0)->rels[1].sub_block, -1);

    /* visible inside subqueries of the statement */
    batch = lower(a, "WITH c AS (SELECT v FROM u) SELECT * FROM t WHERE x IN (SELECT v FROM c)",
                  cat);
    assert_true(block(batch, 1, 2)->rels[0].is_cte);
    assert_int_equal(block(batch, 1, 2)->rels[0].sub_block, 1);

    /* not visible in the next statement */
    batch = lower(a, "WITH c AS (SELECT 1) SELECT * FROM c; SELECT * FROM c", cat);
    assert_true(block(batch, 1, 0)->rels[0].is_cte);
    assert_false(block(batch, 2, 0)->rels[0].is_cte);

    /* a recursive CTE refers to itself inside its own body */
    batch = lower(a, "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r "
                     "WHERE n < 10) SELECT * FROM r", cat);
    assert_true(block(batch, 1, 0)->rels[0].is_cte);
    const qm_block_t *arm = block(batch, 1, 3);
    assert_int_equal(arm->kind, QB_SET_ARM);
    assert_string_equal(arm->rels[0].name, "r");
    if (!arm->rels[0].is_cte)
        fail_msg("the recursive reference to r is not marked is_cte (it would be looked up "
                 "as a table)");
}

static void test_set_operations(void **state)
{
    static const struct {
        const char *sql;
        qm_setop_t op;
    } cases[] = {
        {"SELECT a FROM t UNION SELECT y FROM u", QS_UNION},
        {"SELECT a FROM t UNION ALL SELECT y FROM u", QS_UNION_ALL},
        {"SELECT a FROM t INTERSECT SELECT y FROM u", QS_INTERSECT},
        {"SELECT a FROM t EXCEPT SELECT y FROM u", QS_EXCEPT},
    };
    arena_t *a = *state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        qm_batch_t *batch = lower_shop(a, cases[i].sql);
        const qm_block_t *top = block(batch, 1, 0);
        assert_int_equal(top->setop, cases[i].op);
        assert_int_equal(top->nrels, 0);
        assert_int_equal(top->nset_arms, 2);
        for (int k = 0; k < 2; k++) {
            const qm_block_t *arm = block(batch, 1, top->set_arms[k]);
            assert_int_equal(arm->kind, QB_SET_ARM);
            assert_int_equal(arm->parent, 0);
            assert_int_equal(arm->setop, QS_NONE);
            assert_string_equal(arm->rels[0].name, k ? "u" : "t");
        }
    }
    /* (t UNION u) UNION ALL v, with ORDER BY and LIMIT on the whole */
    qm_batch_t *batch = lower_shop(a, "SELECT a FROM t UNION SELECT y FROM u UNION ALL "
                                      "SELECT k FROM u ORDER BY 1 DESC LIMIT 5");
    const qm_block_t *top = block(batch, 1, 0);
    assert_int_equal(top->setop, QS_UNION_ALL);
    assert_int_equal(top->limit_kind, QLIM_CONST);
    assert_int_equal(top->limit, 5);
    assert_int_equal(top->norder, 1);
    assert_true(top->order[0].desc);
    const qm_block_t *left = block(batch, 1, top->set_arms[0]);
    assert_int_equal(left->setop, QS_UNION);
    assert_int_equal(left->nset_arms, 2);
    assert_int_equal(block(batch, 1, top->set_arms[1])->setop, QS_NONE);
}

/* ---- ORDER BY, LIMIT, DISTINCT ------------------------------------------------------------ */

static void test_order_by(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(a, "SELECT * FROM orders ORDER BY created_at DESC, id, "
                                      "status ASC NULLS FIRST, total DESC NULLS LAST, "
                                      "lower(status), random()");
    const qm_block_t *b = block(batch, 1, 0);
    assert_int_equal(b->norder, 6);
    static const struct {
        const char *column, *expr;
        bool desc;
        int nulls;
        bool random;
    } want[] = {
        {"created_at", NULL, true, 0, false},
        {"id", NULL, false, 0, false},
        {"status", NULL, false, 1, false},
        {"total", NULL, true, 2, false},
        {NULL, "lower(status)", false, 0, false},
        {NULL, "random()", false, 0, true},
    };
    for (int i = 0; i < 6; i++) {
        const qm_order_t *o = &b->order[i];
        if (!streq(o->col.column, want[i].column) || !streq(o->expr_text, want[i].expr) ||
            o->desc != want[i].desc || o->nulls != want[i].nulls ||
            o->is_random != want[i].random)
            fail_msg("ORDER BY key %d: column %s expr %s desc %d nulls %d random %d", i,
                     show(o->col.column), show(o->expr_text), o->desc, o->nulls, o->is_random);
        if (want[i].column)
            assert_int_equal(o->col.rel, 0);
    }
}

static void test_limit_offset_distinct(void **state)
{
    static const struct {
        const char *tail;
        qm_limit_kind_t limit_kind;
        long long limit;
        qm_limit_kind_t offset_kind;
        long long offset;
    } cases[] = {
        {"", QLIM_NONE, 0, QLIM_NONE, 0},
        {" LIMIT 20", QLIM_CONST, 20, QLIM_NONE, 0},
        {" LIMIT 20 OFFSET 40", QLIM_CONST, 20, QLIM_CONST, 40},
        {" LIMIT $1 OFFSET $2", QLIM_PARAM, 0, QLIM_PARAM, 0},
        {" OFFSET 100000", QLIM_NONE, 0, QLIM_CONST, 100000},
        {" LIMIT 10 + 5", QLIM_EXPR, 0, QLIM_NONE, 0},
        {" LIMIT ALL", QLIM_NONE, 0, QLIM_NONE, 0},
        {" FETCH FIRST 5 ROWS ONLY", QLIM_CONST, 5, QLIM_NONE, 0},
        {" LIMIT 3000000000", QLIM_CONST, 3000000000LL, QLIM_NONE, 0},
    };
    arena_t *a = *state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        qm_batch_t *batch =
            lower_shop(a, arena_printf(a, "SELECT id FROM orders%s", cases[i].tail));
        const qm_block_t *b = block(batch, 1, 0);
        if (b->limit_kind != cases[i].limit_kind || b->offset_kind != cases[i].offset_kind ||
            (b->limit_kind == QLIM_CONST && b->limit != cases[i].limit) ||
            (b->offset_kind == QLIM_CONST && b->offset != cases[i].offset))
            fail_msg("'%s': limit %d/%lld offset %d/%lld, want %d/%lld %d/%lld", cases[i].tail,
                     b->limit_kind, b->limit, b->offset_kind, b->offset, cases[i].limit_kind,
                     cases[i].limit, cases[i].offset_kind, cases[i].offset);
    }
    /* where the OFFSET is, for the finding that points at it */
    qm_batch_t *batch = lower_shop(a, "SELECT id FROM orders\nORDER BY id\nLIMIT 10 OFFSET 500");
    assert_int_equal(block(batch, 1, 0)->offset_loc.line, 3);
    assert_int_equal(block(batch, 1, 0)->offset_loc.column, 17);

    batch = lower_shop(a, "SELECT DISTINCT status FROM orders");
    assert_true(block(batch, 1, 0)->distinct);
    batch = lower_shop(a, "SELECT DISTINCT ON (user_id) user_id, total FROM orders");
    assert_true(block(batch, 1, 0)->distinct);
    batch = lower_shop(a, "SELECT ALL status FROM orders");
    assert_false(block(batch, 1, 0)->distinct);
}

static void test_select_list(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(a, "SELECT *, o.*, o.total AS amount, count(*) OVER (), "
                                      "sum(total) FROM orders o GROUP BY o.id");
    const qm_block_t *b = block(batch, 1, 0);
    assert_int_equal(b->ntargets, 5);
    assert_true(b->targets[0].is_star);
    assert_null(b->targets[0].col.qualifier);
    assert_true(b->targets[1].is_star);
    assert_string_equal(b->targets[1].col.qualifier, "o");
    assert_false(b->targets[2].is_star);
    assert_string_equal(b->targets[2].col.column, "total");
    assert_string_equal(b->targets[2].name, "amount");
    assert_true(b->has_window);
    assert_true(b->targets[4].has_aggregate);
    assert_true(b->has_aggregate);
}

/* ---- statements -------------------------------------------------------------------------- */

static void test_statement_splitting_and_kinds(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower(a,
                              "SELECT ';' AS semi; UPDATE t SET a = 1 WHERE b = 2;\n"
                              "DELETE FROM t; INSERT INTO t (a) VALUES (1);\n"
                              "CREATE INDEX ON t (a); VACUUM t;\n"
                              "SELECT 1 /* ; */ -- ;\n",
                              NULL);
    static const struct {
        qm_stmt_kind_t kind;
        const char *text;
    } want[] = {
        {QM_SELECT, "SELECT ';' AS semi"},
        {QM_UPDATE, "UPDATE t SET a = 1 WHERE b = 2"},
        {QM_DELETE, "DELETE FROM t"},
        {QM_INSERT, "INSERT INTO t (a) VALUES (1)"},
        {QM_UTILITY, "CREATE INDEX ON t (a)"},
        {QM_UTILITY, "VACUUM t"},
        {QM_SELECT, "SELECT 1 /* ; */ -- ;"},
    };
    assert_int_equal(batch->nstmts, 7);
    for (int i = 0; i < 7; i++) {
        const qm_stmt_t *st = &batch->stmts[i];
        assert_int_equal(st->index, i + 1);
        if (st->kind != want[i].kind || strcmp(st->text, want[i].text))
            fail_msg("statement %d: %s [%s], want %s [%s]", i + 1, qm_stmt_kind_name(st->kind),
                     st->text, qm_stmt_kind_name(want[i].kind), want[i].text);
        assert_true(st->nblocks >= 1);
    }
    /* several statements get their own fingerprints (16 hex digits) */
    assert_non_null(batch->stmts[0].fingerprint);
    assert_int_equal(strlen(batch->stmts[0].fingerprint), 16);
}

static void test_same_shape_same_fingerprint(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower(a, "SELECT * FROM t WHERE a = 1; SELECT * FROM t WHERE a = 2; "
                                 "SELECT * FROM t WHERE b = 1", NULL);
    assert_string_equal(batch->stmts[0].fingerprint, batch->stmts[1].fingerprint);
    assert_string_not_equal(batch->stmts[0].fingerprint, batch->stmts[2].fingerprint);
}

static void test_locations(void **state)
{
    const char *sql = "SELECT id\n"                      /* 1 */
                      "  FROM orders\n"                  /* 2 */
                      " WHERE status = 'paid';\n"        /* 3 */
                      "\n"                               /* 4 */
                      "-- the second statement\n"        /* 5 */
                      "UPDATE users SET name = 'x'\n"    /* 6 */
                      " WHERE\tid = 7;\n"                /* 7 */
                      "SELECT 'h\xc3\xa9llo' FROM t WHERE a = 1 AND\n" /* 8 */
                      "      b = 2";                     /* 9 */
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(a, sql);
    assert_int_equal(batch->nstmts, 3);
    static const struct {
        int stmt, block, pred, line, column;
    } preds[] = {
        {1, 0, 0, 3, 8},
        {2, 0, 0, 7, 8},  /* a tab is one column */
        {3, 0, 0, 8, 29}, /* columns count characters, not bytes */
        {3, 0, 1, 9, 7},
    };
    for (size_t i = 0; i < sizeof(preds) / sizeof(preds[0]); i++) {
        const qm_pred_t *p = pred(batch, preds[i].stmt, preds[i].block, preds[i].pred);
        if (p->loc.statement != preds[i].stmt || p->loc.line != preds[i].line ||
            p->loc.column != preds[i].column)
            fail_msg("predicate %zu at %d:%d:%d, want %d:%d:%d", i, p->loc.statement,
                     p->loc.line, p->loc.column, preds[i].stmt, preds[i].line, preds[i].column);
    }
    assert_int_equal(pred(batch, 1, 0, 0)->loc.offset, (int)(strstr(sql, "status") - sql));
    assert_int_equal(batch->stmts[0].loc.line, 1);
    assert_int_equal(batch->stmts[2].loc.line, 8);
    assert_int_equal(batch->stmts[2].loc.column, 1);
    /* A statement starts at its first keyword, not at the comment before it. */
    if (batch->stmts[1].loc.line != 6)
        fail_msg("statement 2 starts at line %d, want 6 (the UPDATE, after the comment)",
                 batch->stmts[1].loc.line);
    assert_int_equal(strncmp(batch->stmts[1].text, "UPDATE users", 12), 0);
}

static void test_update_delete(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(a, "UPDATE orders SET status = 'x', total = 0 WHERE id = 1;\n"
                                      "DELETE FROM orders;\n"
                                      "UPDATE orders o SET status = 'y' FROM users u "
                                      "WHERE u.id = o.user_id AND u.email = 'e';\n"
                                      "DELETE FROM items USING orders WHERE items.order_id = "
                                      "orders.id AND orders.status = 'x';\n"
                                      "UPDATE users SET name = 'n'");
    const qm_stmt_t *up = &batch->stmts[0];
    assert_int_equal(up->kind, QM_UPDATE);
    assert_string_equal(up->target_table, "orders");
    assert_true(up->has_where);
    assert_int_equal(up->nset_columns, 2);
    assert_string_equal(up->set_columns[0], "status");
    assert_string_equal(up->set_columns[1], "total");
    assert_int_equal(pred(batch, 1, 0, 0)->col.rel, 0);

    const qm_stmt_t *del = &batch->stmts[1];
    assert_int_equal(del->kind, QM_DELETE);
    assert_string_equal(del->target_table, "orders");
    assert_false(del->has_where);

    const qm_block_t *b = block(batch, 3, 0);
    assert_string_equal(batch->stmts[2].target_table, "orders");
    assert_int_equal(b->nrels, 2);
    assert_string_equal(b->rels[0].label, "o");
    assert_string_equal(b->rels[1].label, "u");
    assert_int_equal(pred(batch, 3, 0, 1)->col.rel, 1);

    assert_string_equal(batch->stmts[3].target_table, "items");
    assert_true(batch->stmts[3].has_where);
    assert_int_equal(block(batch, 4, 0)->nrels, 2);
    assert_int_equal(pred(batch, 4, 0, 1)->col.rel, 1);

    assert_false(batch->stmts[4].has_where);
    assert_int_equal(batch->stmts[4].kind, QM_UPDATE);
}

static void test_insert_select(void **state)
{
    arena_t *a = *state;
    qm_batch_t *batch = lower_shop(a, "INSERT INTO items (order_id, sku) SELECT id, status FROM "
                                      "orders WHERE created_at < '2020-01-01'");
    const qm_stmt_t *st = &batch->stmts[0];
    assert_int_equal(st->kind, QM_INSERT);
    assert_string_equal(st->target_table, "items");
    assert_int_equal(st->nset_columns, 2);
    assert_string_equal(st->set_columns[0], "order_id");
    assert_string_equal(st->set_columns[1], "sku");
    assert_int_equal(st->nblocks, 2);
    const qm_block_t *sel = block(batch, 1, 1);
    assert_int_equal(sel->parent, 0);
    assert_string_equal(sel->rels[0].name, "orders");
    assert_string_equal(sel->preds[0].col.column, "created_at");
    assert_int_equal(sel->preds[0].col.block, 1);
    assert_int_equal(sel->preds[0].col.rel, 0);

    batch = lower_shop(a, "INSERT INTO items VALUES (1, 'a', 2), (2, 'b', 3)");
    assert_int_equal(batch->stmts[0].nblocks, 1);
    assert_int_equal(batch->stmts[0].nset_columns, 0);
}

/* ---- errors -------------------------------------------------------------------------- */

static void test_syntax_errors(void **state)
{
    static const struct {
        const char *sql, *message;
        int line, column;
    } cases[] = {
        {"SELECT * FROM t WHERE", "syntax error at end of input", 1, 22},
        {"SELEC 1", "syntax error at or near \"SELEC\"", 1, 1},
        {"SELECT 1;\nSELECT * FRM t", "syntax error at or near \"FRM\"", 2, 10},
        {"SELECT 'unterminated", "unterminated quoted string at or near \"'unterminated\"", 1, 8},
        {"SELECT (1", "syntax error at end of input", 1, 10},
        /* PostgreSQL's cursor position counts characters; so do our columns */
        {"SELECT '\xc3\xa9' FROM FROM t", "syntax error at or near \"FROM\"", 1, 17},
        {"SELECT '\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9';\nSELECT * FRM t",
         "syntax error at or near \"FRM\"", 2, 10},
    };
    arena_t *a = *state;
    int failures = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        qm_batch_t *batch = NULL;
        err_t err;
        err_clear(&err);
        int rc = pg_engine.parse(a, cases[i].sql, &batch, &err);
        if (rc != -1 || err.code != ERR_SYNTAX || strcmp(err.message, cases[i].message) ||
            err.line != cases[i].line || err.column != cases[i].column) {
            print_error("%s\n  got  rc %d %s at %d:%d: %s\n  want syntax_error at %d:%d: %s\n",
                        cases[i].sql, rc, err_code_name(err.code), err.line, err.column,
                        err.message, cases[i].line, cases[i].column, cases[i].message);
            failures++;
        }
    }
    if (failures)
        fail_msg("%d syntax error cases failed", failures);
}

static void test_no_statement_is_an_error(void **state)
{
    static const char *const inputs[] = {"", "   \n\t ", "-- only a comment",
                                         "/* a block comment */", ";", ";;\n;"};
    arena_t *a = *state;
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        qm_batch_t *batch = NULL;
        err_t err;
        assert_int_equal(pg_engine.parse(a, inputs[i], &batch, &err), -1);
        assert_int_equal(err.code, ERR_INVALID_REQUEST);
        assert_string_equal(err.path, "/query");
        assert_string_equal(err.message,
                            "query: no SQL statement found (only comments or white space)");
    }
}

/* ---- catalog: DDL ---------------------------------------------------------------------- */

static void test_catalog_columns_and_types(void **state)
{
    arena_t *a = *state;
    catalog_t *cat = load(a, "CREATE TABLE t (\n"
                             "  id serial PRIMARY KEY,\n"
                             "  n integer NOT NULL,\n"
                             "  big bigint,\n"
                             "  small smallint,\n"
                             "  email varchar(255) NOT NULL,\n"
                             "  code character varying(20),\n"
                             "  title text,\n"
                             "  price numeric(12,2),\n"
                             "  ratio double precision,\n"
                             "  flag boolean DEFAULT false,\n"
                             "  at timestamp with time zone DEFAULT now(),\n"
                             "  plain_at timestamp,\n"
                             "  tags text[],\n"
                             "  doc jsonb,\n"
                             "  uid uuid DEFAULT gen_random_uuid(),\n"
                             "  ident int GENERATED ALWAYS AS IDENTITY,\n"
                             "  bs bigserial\n"
                             ");");
    assert_true(cat->loaded);
    const cat_table_t *t = table(cat, "t");
    assert_int_equal(t->ncolumns, 17);
    assert_int_equal(t->line, 1);
    static const struct {
        const char *name, *type, *type_text;
        bool not_null;
        int line;
    } want[] = {
        {"id", "int4", NULL, true, 2},
        {"n", "int4", NULL, true, 3},
        {"big", "int8", NULL, false, 4},
        {"small", "int2", NULL, false, 5},
        {"email", "varchar", "varchar(255)", true, 6},
        {"code", "varchar", "varchar(20)", false, 7},
        {"title", "text", "text", false, 8},
        {"price", "numeric", "numeric(12,2)", false, 9},
        {"ratio", "float8", NULL, false, 10},
        {"flag", "bool", NULL, false, 11},
        {"at", "timestamptz", NULL, false, 12},
        {"plain_at", "timestamp", NULL, false, 13},
        {"tags", "text[]", "text[]", false, 14},
        {"doc", "jsonb", NULL, false, 15},
        {"uid", "uuid", NULL, false, 16},
        {"ident", "int4", NULL, true, 17},
        {"bs", "int8", NULL, true, 18},
    };
    for (int i = 0; i < 17; i++) {
        const cat_column_t *c = &t->columns[i];
        if (strcmp(c->name, want[i].name) || strcmp(c->type, want[i].type) ||
            (want[i].type_text && strcmp(c->type_text, want[i].type_text)) ||
            c->not_null != want[i].not_null || c->line != want[i].line)
            fail_msg("column %d: %s %s (%s) not_null %d line %d; want %s %s (%s) %d line %d", i,
                     c->name, c->type, c->type_text, c->not_null, c->line, want[i].name,
                     want[i].type, show(want[i].type_text), want[i].not_null, want[i].line);
    }
    assert_true(column(t, "id")->serial);
    assert_true(column(t, "bs")->serial);
    assert_false(column(t, "n")->serial);
    assert_true(column(t, "ident")->identity);
    assert_false(column(t, "id")->identity);
    assert_true(column(t, "flag")->has_default);
    assert_false(column(t, "flag")->default_volatile);
    assert_string_equal(column(t, "at")->default_text, "now()");
    assert_false(column(t, "at")->default_volatile); /* now() is stable within a statement */
    assert_true(column(t, "uid")->default_volatile);
    assert_false(column(t, "title")->has_default);
}

static void test_catalog_canonical_type(void **state)
{

    static const struct {
        const char *in, *want;
    } cases[] = {
        {"integer", "int4"},
        {"int", "int4"},
        {"varchar(255)", "varchar"},
        {"character varying(20)", "varchar"},
        {"character varying", "varchar"},
        {"numeric(12, 2)", "numeric"},
        {"timestamp with time zone", "timestamptz"},
        {"timestamp without time zone", "timestamp"},
        {"double precision", "float8"},
        {"boolean", "bool"},
        {"char(3)", "bpchar"},
        {"bigserial", "int8"},
        {"order_status", "order_status"}, /* unknown names are kept: enums, domains */
        {"int[]", "int4[]"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (strcmp(catalog_canonical_type(*state, cases[i].in), cases[i].want))
            fail_msg("catalog_canonical_type(%s) = %s, want %s", cases[i].in,
                     catalog_canonical_type(*state, cases[i].in), cases[i].want);
    assert_null(catalog_canonical_type(*state, NULL));
}

static void test_catalog_keys_and_constraints(void **state)
{
    arena_t *a = *state;
    catalog_t *cat = load(
        a, "CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE, org int, handle text,\n"
           "  UNIQUE (org, handle));\n"
           "CREATE TABLE w (x int, y int, PRIMARY KEY (x, y));\n"
           "CREATE TABLE t (\n"
           "  id int CONSTRAINT t_id_pk PRIMARY KEY,\n"
           "  user_id bigint REFERENCES users (id),\n"
           "  a int, b int,\n"
           "  state text CHECK (state IN ('new', 'done')),\n"
           "  kind text,\n"
           "  CONSTRAINT t_kind_check CHECK (kind IN ('a', 'b', 'c')),\n"
           "  CONSTRAINT t_ab_fk FOREIGN KEY (a, b) REFERENCES w (x, y),\n"
           "  CONSTRAINT t_ab_uniq UNIQUE (a, b)\n"
           ");");
    const cat_table_t *users = table(cat, "users");
    assert_int_equal(users->npk, 1);
    assert_string_equal(users->pk[0], "id");
    assert_true(column(users, "id")->not_null);
    const cat_index_t *pk = index_named(users, "users_pkey");
    assert_true(pk->primary);
    assert_true(pk->unique);
    assert_true(pk->constraint_backed);
    assert_string_equal(pk->method, "btree");
    assert_int_equal(pk->nkeys, 1);
    assert_string_equal(pk->keys[0].column, "id");
    const cat_index_t *email = index_named(users, "users_email_key");
    assert_true(email->unique);
    assert_false(email->primary);
    const cat_index_t *pair = index_named(users, "users_org_handle_key");
    assert_int_equal(pair->nkeys, 2);
    assert_string_equal(pair->keys[1].column, "handle");

    const cat_table_t *w = table(cat, "w");
    assert_int_equal(w->npk, 2);
    assert_true(column(w, "x")->not_null);
    assert_true(column(w, "y")->not_null);
    assert_int_equal(index_named(w, "w_pkey")->nkeys, 2);

    const cat_table_t *t = table(cat, "t");
    assert_true(index_named(t, "t_id_pk")->primary);
    assert_true(index_named(t, "t_ab_uniq")->unique);
    assert_int_equal(t->nfks, 2);
    assert_int_equal(t->fks[0].ncolumns, 1);
    assert_string_equal(t->fks[0].columns[0], "user_id");
    assert_string_equal(t->fks[0].ref_table, "users");
    assert_string_equal(t->fks[0].ref_columns[0], "id");
    assert_string_equal(t->fks[1].name, "t_ab_fk");
    assert_int_equal(t->fks[1].ncolumns, 2);
    assert_string_equal(t->fks[1].columns[1], "b");
    assert_string_equal(t->fks[1].ref_table, "w");
    assert_string_equal(t->fks[1].ref_columns[1], "y");

    const cat_column_t *st = column(t, "state");
    assert_int_equal(st->nenum, 2);
    assert_string_equal(st->enum_values[0], "new");
    assert_string_equal(st->enum_values[1], "done");
    assert_int_equal(column(t, "kind")->nenum, 3);
    assert_true(catalog_column_low_cardinality(cat, column(t, "kind")));
    assert_false(catalog_column_low_cardinality(cat, column(t, "a")));
}

static void test_catalog_enum_types(void **state)
{
    arena_t *a = *state;
    catalog_t *cat = load(a, "CREATE TABLE early (m mood);\n"
                             "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n"
                             "CREATE TABLE late (m mood NOT NULL, n text);");
    assert_int_equal(cat->nenums, 1);
    const cat_enum_t *e = catalog_enum(cat, "mood");
    assert_non_null(e);
    assert_int_equal(e->nvalues, 3);
    assert_string_equal(e->values[2], "happy");
    assert_true(column(table(cat, "late"), "m")->is_enum_type);
    assert_string_equal(column(table(cat, "late"), "m")->type, "mood");
    /* declared before its type was known: fixed up once everything is read */
    assert_true(column(table(cat, "early"), "m")->is_enum_type);
    assert_false(column(table(cat, "late"), "n")->is_enum_type);
    assert_int_equal(catalog_column_domain_size(cat, column(table(cat, "late"), "m")), 3);
}

static void test_catalog_create_index(void **state)
{
    arena_t *a = *state;
    catalog_t *cat = load(a, "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
                             "CREATE TABLE t (a int, b text, c timestamptz, d text, h jsonb);\n"
                             "CREATE INDEX t_a_desc ON t (a DESC NULLS LAST, c);\n"
                             "CREATE UNIQUE INDEX t_lower_b ON t (lower(b));\n"
                             "CREATE INDEX t_partial ON t (c) INCLUDE (a, b) WHERE d = 'x';\n"
                             "CREATE INDEX ON t USING gin (b gin_trgm_ops);\n"
                             "CREATE INDEX t_h ON t USING gin (h jsonb_path_ops);\n"
                             "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_hash ON t USING hash (d);");
    assert_true(catalog_has_extension(cat, "pg_trgm"));
    assert_false(catalog_has_extension(cat, "hypopg"));
    const cat_table_t *t = table(cat, "t");
    assert_int_equal(t->nindexes, 6);

    const cat_index_t *ix = index_named(t, "t_a_desc");
    assert_int_equal(ix->nkeys, 2);
    assert_string_equal(ix->keys[0].column, "a");
    assert_true(ix->keys[0].desc);
    assert_int_equal(ix->keys[0].nulls, 2);
    assert_false(ix->keys[1].desc);
    assert_false(ix->unique);
    assert_false(ix->constraint_backed);
    assert_null(ix->predicate);

    ix = index_named(t, "t_lower_b");
    assert_true(ix->unique);
    assert_int_equal(ix->nkeys, 1);
    if (ix->keys[0].column || !streq(ix->keys[0].expr, "lower(b)"))
        fail_msg("expression key: column %s expr %s, want column NULL expr lower(b)",
                 ix->keys[0].column ? arena_printf(a, "\"%s\"", ix->keys[0].column) : "NULL",
                 show(ix->keys[0].expr));

    ix = index_named(t, "t_partial");
    assert_string_equal(ix->predicate, "d = 'x'");
    assert_int_equal(ix->ninclude, 2);
    assert_string_equal(ix->include[0], "a");
    assert_string_equal(ix->include[1], "b");

    ix = index_named(t, "t_b_idx"); /* PostgreSQL's name for an unnamed index */
    assert_string_equal(ix->method, "gin");
    assert_string_equal(ix->keys[0].column, "b");
    assert_string_equal(ix->keys[0].opclass, "gin_trgm_ops");

    assert_string_equal(index_named(t, "t_h")->keys[0].opclass, "jsonb_path_ops");
    assert_string_equal(index_named(t, "t_hash")->method, "hash");
    assert_null(index_named(t, "t_hash")->keys[0].opclass);
    /* an index's line is that of its CREATE INDEX, not the end of the statement before */
    assert_int_equal(index_named(t, "t_a_desc")->line, 3);
    assert_int_equal(index_named(t, "t_hash")->line, 8);
}

static void test_catalog_alter_table(void **state)
{
    arena_t *a = *state;
    catalog_t *cat = load(a, "CREATE TABLE p (id int);\n"
                             "CREATE TABLE t (id int, p_id int, e text);\n"
                             "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n"
                             "ALTER TABLE t ADD CONSTRAINT t_e_key UNIQUE (e);\n"
                             "ALTER TABLE t ADD CONSTRAINT t_p_fk FOREIGN KEY (p_id) "
                             "REFERENCES p (id);\n"
                             "ALTER TABLE t ADD COLUMN z int NOT NULL DEFAULT 0;\n"
                             "ALTER TABLE t ALTER COLUMN e SET NOT NULL;\n"
                             "ALTER TABLE t ADD CONSTRAINT t_e_check CHECK (e IN ('x', 'y'));");
    const cat_table_t *t = table(cat, "t");
    assert_int_equal(t->npk, 1);
    assert_true(index_named(t, "t_pkey")->primary);
    assert_true(index_named(t, "t_e_key")->unique);
    assert_int_equal(t->nfks, 1);
    assert_string_equal(t->fks[0].name, "t_p_fk");
    assert_string_equal(t->fks[0].ref_table, "p");
    const cat_column_t *z = column(t, "z");
    assert_true(z->not_null);
    assert_string_equal(z->default_text, "0");
    assert_int_equal(z->line, 6);
    assert_true(column(t, "e")->not_null);
    assert_int_equal(column(t, "e")->nenum, 2);
}

static void test_catalog_schema_qualified_names(void **state)
{
    arena_t *a = *state;
    /* The table is created qualified; later statements name it with or without
     * the schema, as hand-written migrations do. */
    catalog_t *cat = load(a, "CREATE TABLE public.t (id int, a int);\n"
                             "CREATE INDEX t_a ON t (a);\n"
                             "ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (id);\n"
                             "CREATE INDEX t_a2 ON public.t (a);");
    assert_int_equal(cat->ntables, 1);
    const cat_table_t *t = table(cat, "t");
    assert_string_equal(t->schema, "public");
    assert_non_null(catalog_table(cat, "public", "t"));
    assert_null(catalog_table(cat, "other", "t"));
    index_named(t, "t_a2");
    index_named(t, "t_a");
    index_named(t, "t_pkey");
}

static void test_catalog_pg_dump(void **state)
{
    const char *dump =
        "--\n"
        "-- PostgreSQL database dump\n"
        "--\n"
        "\\restrict abc\n"
        "\n"
        "SET statement_timeout = 0;\n"
        "SET client_encoding = 'UTF8';\n"
        "SELECT pg_catalog.set_config('search_path', '', false);\n"
        "SET default_tablespace = '';\n"
        "\n"
        "CREATE TYPE public.mood AS ENUM (\n"
        "    'sad',\n"
        "    'happy'\n"
        ");\n"
        "ALTER TYPE public.mood OWNER TO app;\n"
        "\n"
        "CREATE TABLE public.accounts (\n"
        "    id integer NOT NULL,\n"
        "    email character varying(255) NOT NULL,\n"
        "    mood public.mood,\n"
        "    plan text,\n"
        "    created_at timestamp with time zone DEFAULT now() NOT NULL,\n"
        "    CONSTRAINT accounts_plan_check CHECK ((plan = ANY (ARRAY['free'::text, "
        "'pro'::text])))\n"
        ");\n"
        "ALTER TABLE public.accounts OWNER TO app;\n"
        "COMMENT ON TABLE public.accounts IS 'people; with a semicolon';\n"
        "\n"
        "CREATE SEQUENCE public.accounts_id_seq\n"
        "    AS integer\n"
        "    START WITH 1\n"
        "    INCREMENT BY 1\n"
        "    NO MINVALUE\n"
        "    NO MAXVALUE\n"
        "    CACHE 1;\n"
        "ALTER SEQUENCE public.accounts_id_seq OWNED BY public.accounts.id;\n"
        "ALTER TABLE ONLY public.accounts ALTER COLUMN id SET DEFAULT "
        "nextval('public.accounts_id_seq'::regclass);\n"
        "\n"
        "ALTER TABLE ONLY public.accounts\n"
        "    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);\n"
        "ALTER TABLE ONLY public.accounts\n"
        "    ADD CONSTRAINT accounts_email_key UNIQUE (email);\n"
        "\n"
        "CREATE INDEX accounts_created_at_idx ON public.accounts USING btree (created_at DESC);\n"
        "\n"
        "GRANT SELECT ON TABLE public.accounts TO reporting;\n"
        "REVOKE ALL ON SCHEMA public FROM PUBLIC;\n"
        "\n"
        "\\unrestrict abc\n";
    arena_t *a = *state;
    catalog_t *cat = load(a, dump);
    assert_int_equal(cat->ntables, 1);
    const cat_table_t *t = table(cat, "accounts");
    assert_string_equal(t->schema, "public");
    assert_int_equal(t->line, 17);
    assert_int_equal(t->ncolumns, 5);
    assert_string_equal(column(t, "email")->type, "varchar");
    assert_true(column(t, "email")->not_null);
    assert_string_equal(column(t, "created_at")->type, "timestamptz");
    assert_true(column(t, "created_at")->not_null);
    assert_true(column(t, "id")->serial); /* the nextval() default makes it one */
    assert_true(column(t, "id")->default_volatile);
    assert_true(column(t, "mood")->is_enum_type);
    assert_int_equal(column(t, "plan")->nenum, 2);
    assert_string_equal(column(t, "plan")->enum_values[1], "pro");
    assert_int_equal(t->npk, 1);
    assert_true(index_named(t, "accounts_pkey")->primary);
    assert_true(index_named(t, "accounts_email_key")->unique);
    const cat_index_t *ix = index_named(t, "accounts_created_at_idx");
    assert_string_equal(ix->method, "btree");
    assert_true(ix->keys[0].desc);
    assert_int_equal(t->nindexes, 3);
    assert_int_equal(ix->line, 43);
}

static void test_catalog_ddl_syntax_error(void **state)
{
    arena_t *a = *state;
    catalog_t cat;
    catalog_init(&cat, a);
    err_t err;
    /* the meta-command line is blanked, not removed: positions stay right */
    assert_int_equal(pg_engine.load_ddl(a, "\\restrict x\nCREATE TABLE t (a int);\n"
                                           "CREATE TABEL u (b int);", &cat, &err), -1);
    assert_int_equal(err.code, ERR_SYNTAX);
    assert_string_equal(err.message, "syntax error at or near \"TABEL\"");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.column, 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_predicates, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_wrap_details, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_not_marks_under_not, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_not_in_subquery, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_exists_subquery, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_count_subquery_compared, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_or_groups, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_having, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_joins, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_binding_with_catalog, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_binding_qualifiers, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_binding_without_catalog, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_binding_into_derived_table, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_correlated_subqueries, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_ctes, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_set_operations, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_order_by, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_limit_offset_distinct, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_select_list, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_statement_splitting_and_kinds, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_same_shape_same_fingerprint, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_locations, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_update_delete, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_insert_select, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_syntax_errors, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_no_statement_is_an_error, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_catalog_columns_and_types, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_catalog_canonical_type, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_catalog_keys_and_constraints, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_catalog_enum_types, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_catalog_create_index, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_catalog_alter_table, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_catalog_schema_qualified_names, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_catalog_pg_dump, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_catalog_ddl_syntax_error, new_arena, free_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
