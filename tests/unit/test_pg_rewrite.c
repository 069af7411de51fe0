/* test_pg_rewrite.c — the PostgreSQL engine's rewrites, as exact SQL.
 *
 * Each case parses SQL with the engine, picks the predicate (by operator) or the
 * block/target the rewrite is about, applies one rewrite and compares the whole
 * deparsed batch. Refused shapes must come back unapplied, with a note, and the
 * SQL exactly as the deparser prints the input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine/pg/pg.h"
#include "engine/pg/pg_tree.h" /* node_t, to hand-build a predicate copy */

/* ---- helpers ---------------------------------------------------------------- */

static qm_batch_t *parse(arena_t *a, const char *sql)
{
    qm_batch_t *batch = NULL;
    err_t err;
    if (pg_engine.parse(a, sql, &batch, &err) < 0)
        fail_msg("parse failed: %s", err.message);
    return batch;
}

/* The first predicate (WHERE/ON, then HAVING) with operator op in statement stmt. */
static const qm_pred_t *find_pred(const qm_batch_t *batch, int stmt, const char *op)
{
    const qm_stmt_t *st = &batch->stmts[stmt - 1];
    for (int k = 0; k < st->nblocks; k++) {
        const qm_block_t *b = st->blocks[k];
        for (int i = 0; i < b->npreds; i++)
            if (!strcmp(b->preds[i].op, op))
                return &b->preds[i];
        for (int i = 0; i < b->nhaving; i++)
            if (!strcmp(b->having[i].op, op))
                return &b->having[i];
    }
    fail_msg("no predicate %s in statement %d", op, stmt);
    return NULL;
}

static const char *apply(arena_t *a, qm_batch_t *batch, rewrite_t *rw, int n)
{
    const char *sql = NULL;
    err_t err;
    if (pg_engine.rewrite(a, batch, rw, n, &sql, &err) < 0)
        fail_msg("rewrite failed: %s", err.message);
    return sql;
}

/* The input as the deparser prints it, untouched. */
static const char *unchanged(arena_t *a, const char *sql)
{
    return apply(a, parse(a, sql), NULL, 0);
}

static void expect_applied(const rewrite_t *rw, const char *got, const char *want)
{
    if (!rw->applied)
        fail_msg("not applied: %s", rw->note ? rw->note : "(no note)");
    assert_null(rw->note);
    assert_string_equal(got, want);
}

static void expect_refused(arena_t *a, const rewrite_t *rw, const char *got, const char *sql)
{
    assert_false(rw->applied);
    assert_non_null(rw->note);
    assert_true(rw->note[0] != '\0');
    assert_string_equal(got, unchanged(a, sql));
}

/* A predicate rewrite, described as data. */
typedef struct {
    const char *sql;
    const char *op;       /* selects the predicate */
    rewrite_t rw;         /* kind and parameters; pred/statement filled in */
    const char *want;     /* NULL: refused, SQL unchanged */
} pred_case_t;

static void run_pred_cases(const pred_case_t *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        arena_t *a = arena_new();
        qm_batch_t *batch = parse(a, cases[i].sql);
        rewrite_t rw = cases[i].rw;
        rw.statement = 1;
        rw.pred = find_pred(batch, 1, cases[i].op);
        const char *got = apply(a, batch, &rw, 1);
        if (cases[i].want)
            expect_applied(&rw, got, cases[i].want);
        else
            expect_refused(a, &rw, got, cases[i].sql);
        arena_free(a);
    }
}

#define RUN(cases) run_pred_cases(cases, sizeof(cases) / sizeof(cases[0]))

/* ---- RW_RANGE, RW_SHIFT ------------------------------------------------------- */

static void test_range(void **state)
{
    (void)state;
    static const pred_case_t cases[] = {
        {"SELECT id FROM orders WHERE date_trunc('day', created_at) = '2024-03-01'", "=",
         {.kind = RW_RANGE, .lo = "2024-03-01", .hi = "2024-03-02"},
         "SELECT id FROM orders WHERE created_at >= '2024-03-01' AND created_at < '2024-03-02'"},
        /* a conjunct of an AND is spliced into it, not nested */
        {"SELECT id FROM orders o WHERE o.user_id = 7 AND o.created_at::date = '2024-03-01' "
         "AND o.status = 'paid'",
         "=", {.kind = RW_RANGE, .lo = "2024-03-01", .hi = "2024-03-02"}, NULL},
        {"SELECT id FROM orders WHERE extract(year FROM created_at) = 2024 OR id = 1", "=",
         {.kind = RW_RANGE, .lo = "2024-01-01", .hi = "2025-01-01"},
         "SELECT id FROM orders WHERE (created_at >= '2024-01-01' AND created_at < "
         "'2025-01-01') OR id = 1"},
        {"SELECT id FROM orders WHERE date_trunc('day', created_at) > '2024-03-01'", ">",
         {.kind = RW_RANGE, .lo = "2024-03-01", .hi = "2024-03-02"}, NULL},
        {"SELECT id FROM orders WHERE date_trunc('day', created_at) = '2024-03-01'", "=",
         {.kind = RW_RANGE}, NULL},
    };
    RUN(cases);
}

/* The AND case above picks the first "=" (user_id); this one picks the cast. */
static void test_range_in_and(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    qm_batch_t *batch = parse(a, "SELECT id FROM orders o WHERE o.user_id = 7 AND "
                                 "o.created_at::date = '2024-03-01' AND o.status = 'paid'");
    rewrite_t rw = {.kind = RW_RANGE, .statement = 1, .lo = "2024-03-01", .hi = "2024-03-02",
                    .pred = &batch->stmts[0].blocks[0]->preds[1]};
    const char *got = apply(a, batch, &rw, 1);
    expect_applied(&rw, got,
                   "SELECT id FROM orders o WHERE o.user_id = 7 AND o.created_at >= "
                   "'2024-03-01' AND o.created_at < '2024-03-02' AND o.status = 'paid'");
    arena_free(a);
}

static void test_shift(void **state)
{
    (void)state;
    static const pred_case_t cases[] = {
        {"SELECT * FROM t WHERE id + 1 = 10", "=", {.kind = RW_SHIFT, .value = "9"},
         "SELECT * FROM t WHERE id = 9"},
        {"SELECT * FROM t WHERE 10 < t.n - 5", ">", {.kind = RW_SHIFT, .value = "15"},
         "SELECT * FROM t WHERE t.n > 15"},
        {"SELECT * FROM t WHERE id + 1 = 10", "=", {.kind = RW_SHIFT, .value = "5000000000"},
         "SELECT * FROM t WHERE id = 5000000000"},
        {"SELECT * FROM t WHERE id * 2 = 10", "=", {.kind = RW_SHIFT, .value = "5"}, NULL},
        {"SELECT * FROM t WHERE id + 1 = 10", "=", {.kind = RW_SHIFT, .value = "nine"}, NULL},
    };
    RUN(cases);
}

/* ---- RW_NOT_EXISTS, RW_EXISTS ------------------------------------------------- */

static void test_not_exists(void **state)
{
    (void)state;
    static const pred_case_t cases[] = {
        {"SELECT * FROM users u WHERE u.id NOT IN (SELECT user_id FROM orders WHERE "
         "status = 'paid')",
         "NOT IN", {.kind = RW_NOT_EXISTS, .outer_qualifier = "u"},
         "SELECT * FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders WHERE status = 'paid' "
         "AND orders.user_id = u.id)"},
        {"SELECT * FROM users WHERE id NOT IN (SELECT o.user_id FROM orders o)", "NOT IN",
         {.kind = RW_NOT_EXISTS, .outer_qualifier = "users"},
         "SELECT * FROM users WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = "
         "users.id)"},
        {"SELECT * FROM users WHERE id NOT IN (SELECT user_id FROM orders o JOIN items i ON "
         "i.order_id = o.id WHERE a = 1 AND b = 2)",
         "NOT IN", {.kind = RW_NOT_EXISTS, .outer_qualifier = "users"},
         "SELECT * FROM users WHERE NOT EXISTS (SELECT 1 FROM orders o JOIN items i ON "
         "i.order_id = o.id WHERE a = 1 AND b = 2 AND user_id = users.id)"},
        /* refused: GROUP BY, LIMIT, DISTINCT, UNION, two columns, aggregate, name clash */
        {"SELECT * FROM users u WHERE u.id NOT IN (SELECT user_id FROM orders GROUP BY "
         "user_id)",
         "NOT IN", {.kind = RW_NOT_EXISTS, .outer_qualifier = "u"}, NULL},
        {"SELECT * FROM users u WHERE u.id NOT IN (SELECT user_id FROM orders LIMIT 5)",
         "NOT IN", {.kind = RW_NOT_EXISTS, .outer_qualifier = "u"}, NULL},
        {"SELECT * FROM users u WHERE u.id NOT IN (SELECT DISTINCT user_id FROM orders)",
         "NOT IN", {.kind = RW_NOT_EXISTS, .outer_qualifier = "u"}, NULL},
        {"SELECT * FROM users u WHERE u.id NOT IN (SELECT user_id FROM a UNION SELECT "
         "user_id FROM b)",
         "NOT IN", {.kind = RW_NOT_EXISTS, .outer_qualifier = "u"}, NULL},
        {"SELECT * FROM users u WHERE (u.id, u.org) NOT IN (SELECT user_id, org FROM orders)",
         "NOT IN", {.kind = RW_NOT_EXISTS, .outer_qualifier = "u"}, NULL},
        {"SELECT * FROM users u WHERE u.id NOT IN (SELECT max(user_id) FROM orders)",
         "NOT IN", {.kind = RW_NOT_EXISTS, .outer_qualifier = "u"}, NULL},
        {"SELECT * FROM t WHERE id NOT IN (SELECT parent_id FROM t)", "NOT IN",
         {.kind = RW_NOT_EXISTS, .outer_qualifier = "t"}, NULL},
        {"SELECT * FROM users WHERE id NOT IN (SELECT user_id FROM orders)", "NOT IN",
         {.kind = RW_NOT_EXISTS}, NULL},
        {"SELECT * FROM users u WHERE u.id IN (SELECT user_id FROM orders)", "IN",
         {.kind = RW_NOT_EXISTS, .outer_qualifier = "u"}, NULL},
    };
    RUN(cases);
}

static void test_exists(void **state)
{
    (void)state;
    static const pred_case_t cases[] = {
        {"SELECT id FROM users u WHERE (SELECT count(*) FROM orders o WHERE o.user_id = "
         "u.id) > 0",
         ">", {.kind = RW_EXISTS},
         "SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)"},
        {"SELECT id FROM users u WHERE (SELECT count(*) FROM orders o WHERE o.user_id = "
         "u.id) >= 1 AND u.active",
         ">=", {.kind = RW_EXISTS},
         "SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id) "
         "AND u.active"},
        {"SELECT id FROM users u WHERE (SELECT count(*) FROM orders o WHERE o.user_id = "
         "u.id) = 0",
         "=", {.kind = RW_EXISTS, .negate = true},
         "SELECT id FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = "
         "u.id)"},
        {"SELECT id FROM users u WHERE 0 <> (SELECT count(*) FROM orders o WHERE o.user_id = "
         "u.id)",
         "<>", {.kind = RW_EXISTS},
         "SELECT id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)"},
        /* refused: a count compared with 2, count(col), GROUP BY, LIMIT */
        {"SELECT id FROM users u WHERE (SELECT count(*) FROM orders o WHERE o.user_id = "
         "u.id) > 2",
         ">", {.kind = RW_EXISTS}, NULL},
        {"SELECT id FROM users u WHERE (SELECT count(o.note) FROM orders o WHERE o.user_id = "
         "u.id) > 0",
         ">", {.kind = RW_EXISTS}, NULL},
        {"SELECT id FROM users u WHERE (SELECT count(*) FROM orders o WHERE o.user_id = "
         "u.id GROUP BY o.status) > 0",
         ">", {.kind = RW_EXISTS}, NULL},
        {"SELECT id FROM users u WHERE (SELECT count(*) FROM orders o LIMIT 0) > 0", ">",
         {.kind = RW_EXISTS}, NULL},
    };
    RUN(cases);
}

/* A copy of a predicate (not the model's own) still works through rw->statement.
 * A bare ANY sublink the model calls NOT IN (negated by a NOT further out) becomes
 * EXISTS in place: that NOT stays, so the result is NOT EXISTS, never NOT NOT. */
static void test_not_exists_bare_sublink(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    qm_batch_t *batch = parse(a, "SELECT * FROM users u WHERE u.active AND NOT u.id IN "
                                 "(SELECT user_id FROM orders)");
    qm_pred_t copy = *find_pred(batch, 1, "NOT IN");
    node_t *not_expr = copy.src;
    copy.src = not_expr->bool_expr->args[0];
    copy.op = "IN";
    rewrite_t rw = {.kind = RW_NOT_EXISTS, .statement = 1, .pred = &copy,
                    .outer_qualifier = "u"};
    apply(a, batch, &rw, 1);
    assert_false(rw.applied);
    assert_string_equal(rw.note, "not a NOT IN (subquery) predicate");
    copy.op = "NOT IN";
    rw = (rewrite_t){.kind = RW_NOT_EXISTS, .statement = 1, .pred = &copy,
                     .outer_qualifier = "u"};
    const char *got = apply(a, batch, &rw, 1);
    expect_applied(&rw, got,
                   "SELECT * FROM users u WHERE u.active AND NOT EXISTS (SELECT 1 FROM orders "
                   "WHERE orders.user_id = u.id)");
    arena_free(a);
}

/* A predicate rewritten once is not rewritten again through a stale shape. */
static void test_range_twice(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    qm_batch_t *batch = parse(a, "SELECT 1 FROM t WHERE t.n = 1 AND date(t.at) = '2024-01-01'");
    const qm_pred_t *p = &batch->stmts[0].blocks[0]->preds[1];
    rewrite_t rw[2] = {
        {.kind = RW_RANGE, .statement = 1, .pred = p, .lo = "2024-01-01", .hi = "2024-01-02"},
        {.kind = RW_RANGE, .statement = 1, .pred = p, .lo = "2024-01-01", .hi = "2024-01-02"},
    };
    const char *got = apply(a, batch, rw, 2);
    assert_true(rw[0].applied);
    assert_false(rw[1].applied);
    assert_string_equal(got, "SELECT 1 FROM t WHERE t.n = 1 AND t.at >= '2024-01-01' AND "
                             "t.at < '2024-01-02'");
    arena_free(a);
}

/* ---- RW_LIKE_TO_EQ, RW_IS_NULL ------------------------------------------------- */

static void test_like_to_eq(void **state)
{
    (void)state;
    static const pred_case_t cases[] = {
        {"SELECT * FROM users WHERE email LIKE 'ann@example.com'", "~~",
         {.kind = RW_LIKE_TO_EQ}, "SELECT * FROM users WHERE email = 'ann@example.com'"},
        {"SELECT * FROM users WHERE email NOT LIKE 'ann'", "!~~", {.kind = RW_LIKE_TO_EQ},
         "SELECT * FROM users WHERE email <> 'ann'"},
        {"SELECT * FROM users WHERE email LIKE 'ann%'", "~~", {.kind = RW_LIKE_TO_EQ}, NULL},
        {"SELECT * FROM users WHERE email LIKE 'a_n'", "~~", {.kind = RW_LIKE_TO_EQ}, NULL},
        {"SELECT * FROM users WHERE email ILIKE 'ann'", "~~*", {.kind = RW_LIKE_TO_EQ}, NULL},
        {"SELECT * FROM users WHERE email LIKE $1", "~~", {.kind = RW_LIKE_TO_EQ}, NULL},
    };
    RUN(cases);
}

static void test_is_null(void **state)
{
    (void)state;
    static const pred_case_t cases[] = {
        {"SELECT * FROM users WHERE deleted_at = NULL", "=", {.kind = RW_IS_NULL},
         "SELECT * FROM users WHERE deleted_at IS NULL"},
        {"SELECT * FROM users WHERE deleted_at != NULL AND id = 1", "<>", {.kind = RW_IS_NULL},
         "SELECT * FROM users WHERE deleted_at IS NOT NULL AND id = 1"},
        {"SELECT * FROM users u WHERE NULL <> u.deleted_at", "<>", {.kind = RW_IS_NULL},
         "SELECT * FROM users u WHERE u.deleted_at IS NOT NULL"},
        {"SELECT * FROM users WHERE deleted_at = NULL::timestamptz", "=", {.kind = RW_IS_NULL},
         "SELECT * FROM users WHERE deleted_at IS NULL"},
        {"SELECT * FROM users WHERE deleted_at = '2024-01-01'", "=", {.kind = RW_IS_NULL},
         NULL},
        {"SELECT * FROM users WHERE deleted_at < NULL", "<", {.kind = RW_IS_NULL}, NULL},
    };
    RUN(cases);
}

/* ---- RW_HAVING_TO_WHERE --------------------------------------------------------- */

static void test_having_to_where(void **state)
{
    (void)state;
    static const pred_case_t cases[] = {
        {"SELECT status, count(*) FROM orders GROUP BY status HAVING status <> 'void'", "<>",
         {.kind = RW_HAVING_TO_WHERE},
         "SELECT status, count(*) FROM orders WHERE status <> 'void' GROUP BY status"},
        {"SELECT status, count(*) FROM orders WHERE total > 10 GROUP BY status HAVING "
         "count(*) > 5 AND status <> 'void'",
         "<>", {.kind = RW_HAVING_TO_WHERE},
         "SELECT status, count(*) FROM orders WHERE total > 10 AND status <> 'void' GROUP BY "
         "status HAVING count(*) > 5"},
        {"SELECT user_id, status FROM orders WHERE a = 1 OR b = 2 GROUP BY user_id, status "
         "HAVING status >= 'x' AND user_id = 3 AND max(total) > 1",
         ">=", {.kind = RW_HAVING_TO_WHERE},
         "SELECT user_id, status FROM orders WHERE (a = 1 OR b = 2) AND status >= 'x' GROUP BY "
         "user_id, status HAVING user_id = 3 AND max(total) > 1"},
        /* refused: an aggregate, no GROUP BY, ROLLUP, inside an OR */
        {"SELECT status FROM orders GROUP BY status HAVING count(*) > 5", ">",
         {.kind = RW_HAVING_TO_WHERE}, NULL},
        {"SELECT count(*) FROM orders HAVING 1 < 0", "<", {.kind = RW_HAVING_TO_WHERE}, NULL},
        {"SELECT status, count(*) FROM orders GROUP BY ROLLUP (status) HAVING status <> 'v'",
         "<>", {.kind = RW_HAVING_TO_WHERE}, NULL},
        {"SELECT status FROM orders GROUP BY status HAVING status <> 'v' OR count(*) > 1",
         "<>", {.kind = RW_HAVING_TO_WHERE}, NULL},
    };
    RUN(cases);
}

/* ---- RW_LATERAL ----------------------------------------------------------------- */

typedef struct {
    const char *sql;
    int block, target;
    const char *want; /* NULL: refused */
} lateral_case_t;

static void test_lateral(void **state)
{
    (void)state;
    static const lateral_case_t cases[] = {
        {"SELECT u.id, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) AS n_orders "
         "FROM users u",
         0, 1,
         "SELECT u.id, lat1.n_orders FROM users u LEFT JOIN LATERAL (SELECT count(*) AS "
         "n_orders FROM orders o WHERE o.user_id = u.id) lat1 ON true"},
        {"SELECT u.id, (SELECT max(o.total) AS top FROM orders o WHERE o.user_id = u.id), "
         "(SELECT o.created_at FROM orders o WHERE o.user_id = u.id ORDER BY 1 DESC LIMIT 1) "
         "FROM users u JOIN orgs g ON g.id = u.org_id WHERE u.active",
         0, 1,
         "SELECT u.id, lat1.top, (SELECT o.created_at FROM orders o WHERE o.user_id = u.id "
         "ORDER BY 1 DESC LIMIT 1) FROM users u JOIN orgs g ON g.id = u.org_id LEFT JOIN "
         "LATERAL (SELECT max(o.total) AS top FROM orders o WHERE o.user_id = u.id) lat1 ON "
         "true WHERE u.active"},
        {"SELECT u.id, (SELECT o.total + 1 FROM orders o WHERE o.user_id = u.id LIMIT 1) "
         "FROM users u",
         0, 1,
         "SELECT u.id, lat1.value FROM users u LEFT JOIN LATERAL (SELECT o.total + 1 AS value "
         "FROM orders o WHERE o.user_id = u.id LIMIT 1) lat1 ON true"},
        /* refused: two FROM items, not a subquery, aggregated outer query */
        {"SELECT u.id, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) FROM users u, "
         "orgs g",
         0, 1, NULL},
        {"SELECT u.id, u.name FROM users u", 0, 1, NULL},
        {"SELECT u.org_id, count(*), (SELECT 1) FROM users u GROUP BY u.org_id", 0, 2, NULL},
        {"SELECT u.id, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) FROM users u",
         0, 5, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        arena_t *a = arena_new();
        qm_batch_t *batch = parse(a, cases[i].sql);
        rewrite_t rw = {.kind = RW_LATERAL, .statement = 1, .block = cases[i].block,
                        .target = cases[i].target};
        const char *got = apply(a, batch, &rw, 1);
        if (cases[i].want)
            expect_applied(&rw, got, cases[i].want);
        else
            expect_refused(a, &rw, got, cases[i].sql);
        arena_free(a);
    }
}

/* Two laterals in one statement get lat1 and lat2; an alias already taken is skipped. */
static void test_lateral_twice(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    qm_batch_t *batch = parse(a, "SELECT u.id, (SELECT count(*) FROM orders o WHERE o.user_id "
                                 "= u.id), (SELECT max(p.at) FROM posts p WHERE p.user_id = "
                                 "u.id) AS last_post FROM users lat1");
    rewrite_t rw[2] = {{.kind = RW_LATERAL, .statement = 1, .target = 1},
                       {.kind = RW_LATERAL, .statement = 1, .target = 2}};
    const char *got = apply(a, batch, rw, 2);
    assert_true(rw[0].applied);
    expect_applied(&rw[1], got,
                   "SELECT u.id, lat2.count, lat3.last_post FROM users lat1 LEFT JOIN LATERAL "
                   "(SELECT count(*) AS count FROM orders o WHERE o.user_id = u.id) lat2 ON true "
                   "LEFT JOIN LATERAL (SELECT max(p.at) AS last_post FROM posts p WHERE "
                   "p.user_id = u.id) lat3 ON true");
    arena_free(a);
}

/* ---- RW_BATCH ------------------------------------------------------------------- */

typedef struct {
    const char *sql;
    int parent;
    int children[4];
    int nchildren;
    const char *child_table, *child_column, *parent_key;
    const char *want; /* NULL: refused */
} batch_case_t;

static const char *const n_plus_one =
    "SELECT * FROM orders o WHERE o.user_id = 7 ORDER BY o.created_at DESC LIMIT 3;\n"
    "SELECT * FROM items WHERE order_id = 101;\n"
    "SELECT * FROM items WHERE order_id = 102;\n"
    "SELECT * FROM items WHERE order_id = 103";

static void test_batch(void **state)
{
    (void)state;
    static const batch_case_t cases[] = {
        {NULL, 1, {2, 3, 4}, 3, "items", "order_id", "id",
         "SELECT o.*, COALESCE(json_agg(items.*) FILTER (WHERE items.order_id IS NOT NULL), "
         "'[]') AS items FROM orders o LEFT JOIN items ON items.order_id = o.id WHERE "
         "o.user_id = 7 GROUP BY o.id ORDER BY o.created_at DESC LIMIT 3"},
        {NULL, 0, {3, 2, 4}, 3, "items", "order_id", NULL,
         "SELECT * FROM orders o WHERE o.user_id = 7 ORDER BY o.created_at DESC LIMIT 3; "
         "SELECT * FROM items WHERE order_id = ANY($1)"},
        /* unqualified parent columns are qualified; the child's other conditions and
         * ORDER BY move into the join and the aggregate */
        {"SELECT id, total FROM orders WHERE user_id = $1 ORDER BY created_at;"
         "SELECT name, qty FROM items i WHERE i.order_id = 5 AND NOT deleted ORDER BY pos;"
         "SELECT name, qty FROM items i WHERE i.order_id = 6 AND NOT deleted ORDER BY pos;"
         "SELECT 1",
         1, {2, 3}, 2, "items", "order_id", "id",
         "SELECT orders.id, orders.total, COALESCE(json_agg(i.* ORDER BY i.pos) FILTER (WHERE "
         "i.order_id IS NOT NULL), '[]') AS items FROM orders LEFT JOIN items i ON i.order_id "
         "= orders.id AND NOT i.deleted WHERE orders.user_id = $1 GROUP BY orders.id ORDER BY "
         "orders.created_at; SELECT 1"},
        /* no parent: the key column is added to the select list; $n after existing ones */
        {"SELECT name FROM items WHERE shop = $1 AND order_id = 5;"
         "SELECT name FROM items WHERE shop = $1 AND order_id = 6",
         0, {1, 2}, 2, "items", "order_id", NULL,
         "SELECT name, order_id FROM items WHERE shop = $1 AND order_id = ANY($2)"},
        {"SELECT name FROM items WHERE order_id = $1; SELECT name FROM items WHERE order_id = $1",
         0, {1, 2}, 2, "items", "order_id", NULL,
         "SELECT name, order_id FROM items WHERE order_id = ANY($1)"},
        /* refused: parent joins, child limited, child on another table, parent grouped */
        {"SELECT * FROM orders o JOIN users u ON u.id = o.user_id;"
         "SELECT * FROM items WHERE order_id = 1; SELECT * FROM items WHERE order_id = 2",
         1, {2, 3}, 2, "items", "order_id", "id", NULL},
        {"SELECT * FROM orders; SELECT * FROM items WHERE order_id = 1 LIMIT 1;"
         "SELECT * FROM items WHERE order_id = 2 LIMIT 1",
         1, {2, 3}, 2, "items", "order_id", "id", NULL},
        {"SELECT * FROM orders; SELECT * FROM items WHERE order_id = 1;"
         "SELECT * FROM notes WHERE order_id = 2",
         1, {2, 3}, 2, "items", "order_id", "id", NULL},
        {"SELECT user_id, count(*) FROM orders GROUP BY user_id;"
         "SELECT * FROM items WHERE order_id = 1; SELECT * FROM items WHERE order_id = 2",
         1, {2, 3}, 2, "items", "order_id", "id", NULL},
        {"SELECT * FROM items WHERE order_id > 1; SELECT * FROM items WHERE order_id > 2", 0,
         {1, 2}, 2, "items", "order_id", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        arena_t *a = arena_new();
        const char *sql = cases[i].sql ? cases[i].sql : n_plus_one;
        qm_batch_t *batch = parse(a, sql);
        rewrite_t rw = {.kind = RW_BATCH, .statement = cases[i].parent ? cases[i].parent : 1,
                        .parent_stmt = cases[i].parent, .children = cases[i].children,
                        .nchildren = cases[i].nchildren, .child_table = cases[i].child_table,
                        .child_column = cases[i].child_column,
                        .parent_key = cases[i].parent_key};
        const char *got = apply(a, batch, &rw, 1);
        if (cases[i].want)
            expect_applied(&rw, got, cases[i].want);
        else
            expect_refused(a, &rw, got, sql);
        arena_free(a);
    }
}

/* ---- several rewrites in one call ------------------------------------------------ */

static void test_several(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    qm_batch_t *batch = parse(a, "SELECT * FROM users WHERE email LIKE 'x' AND deleted_at = "
                                 "NULL; SELECT 2");
    rewrite_t rw[3] = {
        {.kind = RW_LIKE_TO_EQ, .statement = 1, .pred = find_pred(batch, 1, "~~")},
        {.kind = RW_IS_NULL, .statement = 1, .pred = find_pred(batch, 1, "=")},
        {.kind = RW_SHIFT, .statement = 1, .pred = find_pred(batch, 1, "="), .value = "1"},
    };
    const char *got = apply(a, batch, rw, 3);
    assert_true(rw[0].applied);
    assert_true(rw[1].applied);
    assert_false(rw[2].applied); /* the predicate is now an IS NULL */
    assert_non_null(rw[2].note);
    assert_string_equal(got, "SELECT * FROM users WHERE email = 'x' AND deleted_at IS NULL; "
                             "SELECT 2");
    arena_free(a);
}

static void test_missing_inputs(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *sql = "SELECT * FROM users WHERE id = 1";
    qm_batch_t *batch = parse(a, sql);
    rewrite_t rw[3] = {
        {.kind = RW_RANGE, .statement = 1},
        {.kind = RW_LATERAL, .statement = 3},
        {.kind = (rewrite_kind_t)99},
    };
    const char *got = apply(a, batch, rw, 3);
    for (int i = 0; i < 3; i++)
        expect_refused(a, &rw[i], got, sql);
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_range_in_and),
        cmocka_unit_test(test_shift),
        cmocka_unit_test(test_not_exists),
        cmocka_unit_test(test_not_exists_bare_sublink),
        cmocka_unit_test(test_range_twice),
        cmocka_unit_test(test_exists),
        cmocka_unit_test(test_like_to_eq),
        cmocka_unit_test(test_is_null),
        cmocka_unit_test(test_having_to_where),
        cmocka_unit_test(test_lateral),
        cmocka_unit_test(test_lateral_twice),
        cmocka_unit_test(test_batch),
        cmocka_unit_test(test_several),
        cmocka_unit_test(test_missing_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
