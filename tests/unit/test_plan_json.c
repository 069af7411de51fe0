/* test_plan_json.c — the JSON plan reader: fields, tree, times, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "engine/pg/pg_plan_json.h"

static int new_arena(void **state) { *state = arena_new(); return 0; }
static int free_arena(void **state) { arena_free(*state); return 0; }

static void test_key_table_sorted(void **state)
{
    (void)state;
    assert_true(pg_plan_json_fields_sorted());
}

static const char plan[] =
    "[{\"Plan\": {\"Node Type\": \"Limit\", \"Startup Cost\": 0.43, \"Total Cost\": 10.5,"
    " \"Plan Rows\": 20, \"Plan Width\": 8, \"Actual Startup Time\": 0.01,"
    " \"Actual Total Time\": 2.5, \"Actual Rows\": 20, \"Actual Loops\": 1,"
    " \"Plans\": [{\"Node Type\": \"Seq Scan\", \"Parent Relationship\": \"Outer\","
    " \"Relation Name\": \"orders\", \"Alias\": \"o\", \"Filter\": \"(note = 'a\\\"b')\","
    " \"Rows Removed by Filter\": 5000, \"Plan Rows\": 100, \"Total Cost\": 9.0,"
    " \"Actual Total Time\": 2.0, \"Actual Rows\": 20, \"Actual Loops\": 1,"
    " \"Sort Key\": [\"a\", \"b DESC\"], \"HashAgg Batches\": 4, \"Workers\": [{\"x\": 1}]}]},"
    " \"Planning Time\": 0.2, \"Execution Time\": 2.6,"
    " \"JIT\": {\"Timing\": {\"Total\": 1.5}}, \"Settings\": {\"work_mem\": \"64kB\"}}]";

static void test_reads_fields_and_tree(void **state)
{
    plan_set_t set = {0};
    err_t err;
    assert_int_equal(pg_plan_json_parse(*state, plan, strlen(plan), &set, &err), 0);
    assert_int_equal(set.nplans, 1);
    plan_t *p = set.plans[0];
    assert_string_equal(p->root->node_type, "Limit");
    assert_int_equal(p->root->nchildren, 1);
    plan_node_t *scan = p->root->children[0];
    assert_string_equal(scan->relation, "orders");
    assert_string_equal(scan->alias, "o");
    assert_string_equal(scan->filter, "(note = 'a\"b')");
    assert_true(scan->rows_removed_by_filter == 5000);
    assert_int_equal(scan->nsort_key, 2);
    assert_string_equal(scan->sort_key[1], "b DESC");
    assert_true(scan->hash_batches == 4);
    assert_true(p->execution_ms == 2.6 && p->planning_ms == 0.2 && p->jit_ms == 1.5);
    assert_int_equal(p->nsettings, 1);
    assert_string_equal(p->settings[0], "work_mem = '64kB'");
    plan_analyze(*state, p);
    assert_string_equal(scan->path, "Limit > Seq Scan on orders o");
    assert_true(scan->exclusive_ms == 2.0);
    assert_true(p->root->exclusive_ms == 0.5);
    assert_true(scan->row_factor == 5); /* 100 estimated, 20 actual */
}

static void test_errors_name_the_line(void **state)
{
    static const struct {
        const char *in, *msg;
        int line;
    } cases[] = {
        {"[{\"Plan\": {\"Node Type\": \"Limit\"", "the document ends too early", 1},
        {"[\n{\"Plan\": {\"Total Cost\": 1}}]", "a plan node without \"Node Type\"", 2},
        {"[{\"Planning Time\": 1}]", "an entry without \"Plan\"", 1},
        {"[]", "an empty list of plans", 1},
        {"[{\"Plan\": {\"Node Type\": \"X\"}}] trailing", "unexpected text after the plan", 1},
        {"{\"Plan\": {\"Node Type\": \"X\", \"Total Cost\": \"a\"}}", "expected a number", 1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        plan_set_t set = {0};
        err_t err;
        assert_int_equal(pg_plan_json_parse(*state, cases[i].in, strlen(cases[i].in), &set, &err), -1);
        assert_int_equal(err.code, ERR_INVALID_REQUEST);
        if (!strstr(err.message, cases[i].msg))
            fail_msg("case %zu: %s", i, err.message);
        assert_int_equal(err.line, cases[i].line);
    }
}

static void test_deep_nesting_is_an_error_not_a_crash(void **state)
{
    size_t depth = 5000, n = 0;
    char *buf = arena_alloc(*state, depth * 2 + 16);
    for (size_t i = 0; i < depth; i++)
        buf[n++] = '[';
    plan_set_t set = {0};
    err_t err;
    assert_int_equal(pg_plan_json_parse(*state, buf, n, &set, &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_table_sorted),
        cmocka_unit_test_setup_teardown(test_reads_fields_and_tree, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_errors_name_the_line, new_arena, free_arena),
        cmocka_unit_test_setup_teardown(test_deep_nesting_is_an_error_not_a_crash, new_arena,
                                        free_arena),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
