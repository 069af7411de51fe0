/* pg_explain.c — EXPLAIN, HypoPG what-if and plan text.
 *
 * Everything runs in the read-only session pg_conn.c opened. The user's statement
 * is only ever EXPLAINed: plain EXPLAIN does not execute it; EXPLAIN ANALYZE runs
 * inside BEGIN … ROLLBACK, and for writes only when analyze_writes is given (then
 * in a READ WRITE transaction that is still rolled back). Hypothetical indexes are
 * HypoPG's session-local ones, removed with hypopg_reset() before returning. */
#include "engine/pg/pg_explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/sb.h"
#include "engine/pg/pg_conn.h"
#include "engine/pg/pg_tree.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* ---- statement facts ---------------------------------------------------------- */

/* The highest $n in the statement (0 when it has no parameters). */
static int max_param(const char *sql)
{
    PgQueryScanResult r = pg_query_scan(sql);
    int max = 0;
    if (!r.error) {
        PgQuery__ScanResult *sr =
            pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *)r.pbuf.data);
        for (size_t i = 0; sr && i < sr->n_tokens; i++)
            if (sr->tokens[i]->token == PG_QUERY__TOKEN__PARAM) {
                int n = atoi(sql + sr->tokens[i]->start + 1);
                if (n > max)
                    max = n;
            }
        if (sr)
            pg_query__scan_result__free_unpacked(sr, NULL);
    }
    pg_query_free_scan_result(r);
    return max;
}

static bool is_write(arena_t *a, const char *sql)
{
    PgQuery__ParseResult *pr;
    err_t err;
    if (pgt_parse(a, sql, &pr, NULL, &err) < 0 || pr->n_stmts != 1)
        return false;
    switch (pr->stmts[0]->stmt->node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
    case PG_QUERY__NODE__NODE_MERGE_STMT:
        return true;
    default:
        return false;
    }
}

/* ---- EXPLAIN ------------------------------------------------------------------ */

static int explain_rows(live_t *l, const char *sql, const char **json, err_t *err)
{
    pgc_rows_t rows;
    if (pgc_query(l, sql, 0, NULL, &rows, err) < 0)
        return -1;
    if (rows.nrows < 1 || rows.ncols < 1)
        return err_set(err, ERR_INTERNAL, "EXPLAIN returned no plan");
    sb_t sb; /* a long plan may come back as several rows */
    sb_init(&sb, l->arena);
    for (int i = 0; i < rows.nrows; i++)
        sb_add(&sb, rows.values[i * rows.ncols] ? rows.values[i * rows.ncols] : "");
    *json = sb_str(&sb);
    return 0;
}

/* EXPLAIN of a statement with $n parameters: its generic plan. */
static int explain_generic(live_t *l, const char *options, const char *sql, int nparams,
                           const char **json, err_t *err)
{
    sb_t q;
    sb_init(&q, l->arena);
    sb_addf(&q, "PREPARE dbagent_stmt AS %s", sql);
    if (pgc_exec(l, "SET plan_cache_mode = force_generic_plan", err) < 0 ||
        pgc_exec(l, sb_str(&q), err) < 0)
        return -1;
    sb_init(&q, l->arena);
    sb_addf(&q, "EXPLAIN (%s) EXECUTE dbagent_stmt(", options);
    for (int i = 0; i < nparams; i++)
        sb_addf(&q, "%sNULL", i ? ", " : "");
    sb_add(&q, ")");
    int rc = explain_rows(l, sb_str(&q), json, err);
    err_t ignored;
    (void)pgc_exec(l, "DEALLOCATE dbagent_stmt", &ignored);
    (void)pgc_exec(l, "RESET plan_cache_mode", &ignored);
    return rc;
}

static int explain_plain(live_t *l, const char *sql, const char **json, err_t *err)
{
    int nparams = max_param(sql);
    if (nparams > 0)
        return explain_generic(l, "FORMAT JSON", sql, nparams, json, err);
    return explain_rows(l, arena_printf(l->arena, "EXPLAIN (FORMAT JSON) %s", sql), json, err);
}

static int explain_analyze(live_t *l, const char *sql, const explain_opts_t *o, const char **json,
                           err_t *err)
{
    bool write = is_write(l->arena, sql);
    if (write && !o->analyze_writes)
        return err_set_path(err, "/options/analyze_writes",
                       "--analyze would execute this INSERT/UPDATE/DELETE/MERGE; it is refused "
                       "unless --analyze-writes is also given (the transaction is rolled back "
                       "either way)");
    if (max_param(sql) > 0)
        return err_set_path(err, "/options/analyze",
                            "--analyze needs concrete values: the statement has $n parameters");
    if (pgc_exec(l, write ? "BEGIN READ WRITE" : "BEGIN", err) < 0)
        return -1;
    int rc = explain_rows(l, arena_printf(l->arena, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) %s",
                                          sql),
                          json, err);
    err_t rb;
    if (pgc_exec(l, "ROLLBACK", &rb) < 0 && rc == 0) {
        *err = rb;
        rc = -1;
    }
    return rc;
}

int pg_explain(live_t *l, const char *sql, const explain_opts_t *o, const char **plan_json,
               err_t *err)
{
    return o && o->analyze ? explain_analyze(l, sql, o, plan_json, err)
                           : explain_plain(l, sql, plan_json, err);
}

/* ---- reading plans ------------------------------------------------------------ */

static json_value_t *top_plan(json_value_t *root)
{
    if (jv_kind(root) != JV_ARRAY || jv_array_len(root) < 1)
        return NULL;
    json_value_t *first = jv_array_at(root, 0);
    return jv_kind(first) == JV_OBJECT ? jv_get(first, "Plan") : NULL;
}

static double plan_cost(json_value_t *root)
{
    json_value_t *plan = top_plan(root), *cost = plan ? jv_get(plan, "Total Cost") : NULL;
    return cost ? jv_number(cost) : -1;
}

static bool plan_uses_index(json_value_t *node, const char *index)
{
    if (!node || jv_kind(node) != JV_OBJECT)
        return false;
    json_value_t *name = jv_get(node, "Index Name");
    if (name && jv_kind(name) == JV_STRING && !strcmp(jv_string(name), index))
        return true;
    json_value_t *kids = jv_get(node, "Plans");
    for (size_t i = 0; kids && i < jv_array_len(kids); i++)
        if (plan_uses_index(jv_array_at(kids, i), index))
            return true;
    return false;
}

/* ---- what-if ------------------------------------------------------------------ */

bool pg_has_hypopg(live_t *l)
{
    pgc_rows_t rows;
    err_t err;
    return pgc_query(l, "SELECT 1 FROM pg_extension WHERE extname = 'hypopg'", 0, NULL, &rows,
                     &err) == 0 &&
           rows.nrows == 1;
}

/* EXPLAINs sql and parses the plan; the caller releases *root. */
static int explain_parsed(live_t *l, const char *sql, json_value_t **root, int *calls, err_t *err)
{
    const char *json;
    (*calls)++;
    if (explain_plain(l, sql, &json, err) < 0)
        return -1;
    return jv_parse(json, strlen(json), root, err);
}

/* Creates one hypothetical index; *hypo_name is how plans will name it. */
static int hypo_create(live_t *l, whatif_index_t *ix, const char **oid, const char **hypo_name,
                       err_t *err)
{
    pgc_rows_t rows;
    const char *params[1] = {ix->create_sql};
    if (pgc_query(l, "SELECT indexrelid::text AS oid, indexname FROM hypopg_create_index($1)", 1,
                  params, &rows, err) < 0)
        return -1;
    if (rows.nrows != 1)
        return err_set(err, ERR_INTERNAL, "hypopg_create_index returned no index");
    *oid = pgc_get(&rows, 0, "oid");
    *hypo_name = pgc_get(&rows, 0, "indexname");
    const char *sp[1] = {*oid};
    if (pgc_query(l, "SELECT hypopg_relation_size($1::oid)::text AS size", 1, sp, &rows, err) == 0 &&
        rows.nrows == 1 && pgc_get(&rows, 0, "size"))
        ix->size_bytes = atoll(pgc_get(&rows, 0, "size"));
    return 0;
}

/* Measures one candidate alone. */
static int measure_one(live_t *l, const char *sql, whatif_index_t *ix, int *calls, err_t *err)
{
    const char *oid, *name;
    err_t create_err;
    if (hypo_create(l, ix, &oid, &name, &create_err) < 0) {
        if (create_err.code == ERR_UNREACHABLE) {
            *err = create_err;
            return -1;
        }
        /* HypoPG refused this definition: the candidate stays unmeasured. */
        ix->note = arena_printf(l->arena, "HypoPG could not create it: %s", create_err.message);
        ix->simulable = false;
        return 0;
    }
    json_value_t *root;
    int rc = explain_parsed(l, sql, &root, calls, err);
    if (rc == 0) {
        ix->cost_after = plan_cost(root);
        ix->used = plan_uses_index(top_plan(root), name);
        jv_release(root);
    }
    err_t ignored;
    (void)pgc_exec(l, "SELECT hypopg_reset()", &ignored);
    return rc;
}

/* All used candidates together: for joins, an index may only pay off with another. */
static int measure_together(live_t *l, const char *sql, whatif_index_t *ix, int n, int *calls,
                            err_t *err)
{
    const char *names[64];
    int used[64], nused = 0;
    for (int i = 0; i < n && nused < 64; i++) {
        const char *oid;
        if (!ix[i].simulable)
            continue;
        if (hypo_create(l, &ix[i], &oid, &names[nused], err) < 0)
            return -1;
        used[nused++] = i;
    }
    json_value_t *root;
    if (nused < 2 || explain_parsed(l, sql, &root, calls, err) < 0)
        return nused < 2 ? 0 : -1;
    double cost = plan_cost(root);
    for (int k = 0; k < nused; k++) {
        whatif_index_t *w = &ix[used[k]];
        if (plan_uses_index(top_plan(root), names[k]) && (cost < w->cost_after || !w->used)) {
            w->used = true;
            w->cost_after = cost;
            w->note = "measured together with the other candidates";
        }
    }
    jv_release(root);
    err_t ignored;
    (void)pgc_exec(l, "SELECT hypopg_reset()", &ignored);
    return 0;
}

int pg_whatif(live_t *l, const char *sql, whatif_index_t *ix, int n, double *cost_before,
              int *calls, err_t *err)
{
    json_value_t *root;
    if (pgc_exec(l, "SELECT hypopg_reset()", err) < 0 ||
        explain_parsed(l, sql, &root, calls, err) < 0)
        return -1;
    *cost_before = plan_cost(root);
    jv_release(root);
    int simulable = 0;
    for (int i = 0; i < n; i++) {
        ix[i].cost_after = -1;
        ix[i].size_bytes = -1;
        if (!ix[i].simulable) {
            ix[i].note = "HypoPG cannot simulate this index kind; the model's advice stands";
            continue;
        }
        simulable++;
        if (measure_one(l, sql, &ix[i], calls, err) < 0)
            return -1;
    }
    return simulable >= 2 ? measure_together(l, sql, ix, n, calls, err) : 0;
}

/* ---- plan text ---------------------------------------------------------------- */

static const char *str_field(json_value_t *node, const char *key)
{
    json_value_t *v = jv_get(node, key);
    return v && jv_kind(v) == JV_STRING ? jv_string(v) : NULL;
}

static double num_field(json_value_t *node, const char *key)
{
    json_value_t *v = jv_get(node, key);
    return v && (jv_kind(v) == JV_INT || jv_kind(v) == JV_REAL) ? jv_number(v) : -1;
}

static void node_line(sb_t *sb, json_value_t *node, int depth)
{
    for (int i = 0; i < depth; i++)
        sb_add(sb, "  ");
    if (depth)
        sb_add(sb, "-> ");
    const char *type = str_field(node, "Node Type"), *op = str_field(node, "Operation");
    if (type && !strcmp(type, "ModifyTable") && op)
        type = op; /* as EXPLAIN's text format: "Update on t" */
    sb_add(sb, type ? type : "?");
    const char *index = str_field(node, "Index Name"), *rel = str_field(node, "Relation Name");
    const char *alias = str_field(node, "Alias");
    if (index)
        sb_addf(sb, " using %s", index);
    if (rel) {
        sb_addf(sb, " on %s", rel);
        if (alias && strcmp(alias, rel))
            sb_addf(sb, " %s", alias);
    }
    sb_addf(sb, "  (cost=%.2f..%.2f rows=%.0f)", num_field(node, "Startup Cost"),
            num_field(node, "Total Cost"), num_field(node, "Plan Rows"));
    double actual = num_field(node, "Actual Rows");
    if (actual >= 0)
        sb_addf(sb, " (actual rows=%.0f loops=%.0f time=%.3f ms)", actual,
                num_field(node, "Actual Loops"), num_field(node, "Actual Total Time"));
    static const char *const conds[] = {"Index Cond", "Recheck Cond", "Hash Cond", "Merge Cond",
                                        "Join Filter", "Filter", "Sort Key"};
    for (size_t i = 0; i < sizeof(conds) / sizeof(conds[0]); i++) {
        json_value_t *c = jv_get(node, conds[i]);
        if (!c)
            continue;
        sb_add(sb, "\n");
        for (int k = 0; k <= depth + 1; k++)
            sb_add(sb, "  ");
        if (jv_kind(c) == JV_STRING)
            sb_addf(sb, "%s: %s", conds[i], jv_string(c));
        else if (jv_kind(c) == JV_ARRAY) {
            sb_addf(sb, "%s: ", conds[i]);
            for (size_t k = 0; k < jv_array_len(c); k++)
                sb_addf(sb, "%s%s", k ? ", " : "", jv_string(jv_array_at(c, k)));
        }
    }
    sb_add(sb, "\n");
    json_value_t *kids = jv_get(node, "Plans");
    for (size_t i = 0; kids && i < jv_array_len(kids); i++)
        node_line(sb, jv_array_at(kids, i), depth + 1);
}

const char *pg_plan_text(arena_t *a, const char *plan_json)
{
    json_value_t *root;
    err_t err;
    if (!plan_json || jv_parse(plan_json, strlen(plan_json), &root, &err) < 0)
        return NULL;
    sb_t sb;
    sb_init(&sb, a);
    json_value_t *plan = top_plan(root);
    if (plan)
        node_line(&sb, plan, 0);
    json_value_t *first = jv_kind(root) == JV_ARRAY ? jv_array_at(root, 0) : NULL;
    double exec = first ? num_field(first, "Execution Time") : -1;
    if (exec >= 0)
        sb_addf(&sb, "Execution Time: %.3f ms\n", exec);
    jv_release(root);
    sb_truncate(&sb, sb.len ? sb.len - 1 : 0);
    return sb_str(&sb);
}
