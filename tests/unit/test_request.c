/* test_request.c — the request contract (DESIGN.md §2) as a table.
 *
 * Each row is a request document and what request_parse_json must answer: 0, or
 * -1 with the error code, the JSON pointer and the exact message. A typo must not
 * pass silently, so unknown keys, wrong types and unknown enum values are all
 * rows here. Rows that succeed are then checked field by field. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/report.h"
#include "model/request.h"

/* Table rows leave trailing fields (error code, position) zero on purpose. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define TASKS "design, optimize, migrate, debug, scale"
#define DBS "postgresql, mysql, mongodb, redis, dynamodb"
#define TOP_KEYS                                                                            \
    "task_type, database_type, query, performance_issue, schema, connection, snapshot, "   \
    "explain, workload, options"

typedef struct {
    const char *name;
    const char *json;
    int rc;              /* 0 or -1 */
    err_code_t code;     /* when rc is -1 */
    const char *path;
    const char *message;
    int line, column;    /* 0 when the error is not about a source position */
} request_case_t;

static void run_cases(const request_case_t *cases, size_t n)
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        const request_case_t *c = &cases[i];
        arena_t *a = arena_new();
        request_t req;
        err_t err;
        err_clear(&err);
        int rc = request_parse_json(a, c->json, strlen(c->json), &req, &err);
        if (rc != c->rc) {
            print_error("%s: rc %d, want %d (%s)\n", c->name, rc, c->rc, err.message);
            failures++;
        } else if (rc < 0 && (err.code != c->code || strcmp(err.path, c->path) ||
                              strcmp(err.message, c->message) || err.line != c->line ||
                              err.column != c->column)) {
            print_error("%s:\n  got  %s path \"%s\" at %d:%d: %s\n  want %s path \"%s\" at "
                        "%d:%d: %s\n",
                        c->name, err_code_name(err.code), err.path, err.line, err.column,
                        err.message, err_code_name(c->code), c->path, c->line, c->column,
                        c->message);
            failures++;
        }
        arena_free(a);
    }
    if (failures)
        fail_msg("%d of %zu cases failed", failures, n);
}

#define RUN(cases) run_cases(cases, sizeof(cases) / sizeof(cases[0]))

/* ---- the table ---------------------------------------------------------------- */

static void test_valid_requests(void **state)
{
    (void)state;
    static const request_case_t cases[] = {
        {"minimal", "{\"task_type\": \"optimize\"}", 0},
        {"every task type is accepted", "{\"task_type\": \"scale\"}", 0},
        {"every field",
         "{\"task_type\": \"optimize\", \"database_type\": \"postgresql\", \"query\": \"SELECT 1\","
         " \"performance_issue\": \"slow\", \"schema\": \"CREATE TABLE t (a int)\","
         " \"connection\": \"postgres://app@db1/shop\", \"snapshot\": \"s.json\","
         " \"explain\": \"[]\", \"workload\": \"pg.log\","
         " \"options\": {\"budget_mb\": 512, \"analyze\": true, \"fail_on\": \"critical\"}}",
         0},
        {"options may be empty", "{\"task_type\": \"debug\", \"options\": {}}", 0},
        {"min_improvement bounds are inclusive",
         "{\"task_type\": \"optimize\", \"options\": {\"min_improvement\": 0}}", 0},
        {"min_improvement 100", "{\"task_type\": \"optimize\", \"options\": {\"min_improvement\": 100}}",
         0},
        {"budget_mb may be a real", "{\"task_type\": \"scale\", \"options\": {\"budget_mb\": 0.5}}",
         0},
        {"white space and key order do not matter",
         "\n\n  {  \"query\" : \"SELECT 1\" ,\n \"task_type\":\"optimize\"  }  \n", 0},
        {"empty strings are strings", "{\"task_type\": \"optimize\", \"query\": \"\"}", 0},
    };
    RUN(cases);
}

static void test_unknown_keys(void **state)
{
    (void)state;
    static const request_case_t cases[] = {
        {"a typo of query", "{\"task_type\": \"optimize\", \"querry\": \"SELECT 1\"}", -1,
         ERR_INVALID_REQUEST, "/querry", "unknown key \"querry\"; allowed: " TOP_KEYS},
        {"keys are case-sensitive", "{\"Task_Type\": \"optimize\"}", -1, ERR_INVALID_REQUEST,
         "/Task_Type", "unknown key \"Task_Type\"; allowed: " TOP_KEYS},
        {"the first problem in document order is reported",
         "{\"zzz\": 1, \"task_type\": \"optimise\"}", -1, ERR_INVALID_REQUEST, "/zzz",
         "unknown key \"zzz\"; allowed: " TOP_KEYS},
        {"unknown option", "{\"task_type\": \"optimize\", \"options\": {\"budget\": 1}}", -1,
         ERR_INVALID_REQUEST, "/options/budget",
         "options: unknown key \"budget\"; allowed: budget_mb, analyze, analyze_writes, "
         "min_improvement, replica, pg_version, requirements, fail_on"},
    };
    RUN(cases);
}

static void test_wrong_types(void **state)
{
    (void)state;
    static const request_case_t cases[] = {
        {"query is a number", "{\"task_type\": \"optimize\", \"query\": 5}", -1,
         ERR_INVALID_REQUEST, "/query", "query: expected a string, got integer"},
        {"schema is an array", "{\"task_type\": \"optimize\", \"schema\": [\"CREATE\"]}", -1,
         ERR_INVALID_REQUEST, "/schema", "schema: expected a string, got array"},
        {"workload is null", "{\"task_type\": \"optimize\", \"workload\": null}", -1,
         ERR_INVALID_REQUEST, "/workload", "workload: expected a string, got null"},
        {"explain is an object", "{\"task_type\": \"optimize\", \"explain\": {}}", -1,
         ERR_INVALID_REQUEST, "/explain", "explain: expected a string, got object"},
        {"task_type is a boolean", "{\"task_type\": true}", -1, ERR_INVALID_REQUEST,
         "/task_type", "task_type: expected a string, got boolean"},
        {"database_type is a real", "{\"task_type\": \"optimize\", \"database_type\": 1.5}", -1,
         ERR_INVALID_REQUEST, "/database_type", "database_type: expected a string, got number"},
        {"options is an array", "{\"task_type\": \"optimize\", \"options\": []}", -1,
         ERR_INVALID_REQUEST, "/options", "options: expected an object, got array"},
        {"budget_mb is a string",
         "{\"task_type\": \"optimize\", \"options\": {\"budget_mb\": \"512\"}}", -1,
         ERR_INVALID_REQUEST, "/options/budget_mb",
         "options.budget_mb: expected a number, got string"},
        {"analyze is an integer", "{\"task_type\": \"optimize\", \"options\": {\"analyze\": 1}}",
         -1, ERR_INVALID_REQUEST, "/options/analyze",
         "options.analyze: expected a boolean, got integer"},
        {"analyze_writes is a string",
         "{\"task_type\": \"optimize\", \"options\": {\"analyze_writes\": \"yes\"}}", -1,
         ERR_INVALID_REQUEST, "/options/analyze_writes",
         "options.analyze_writes: expected a boolean, got string"},
        {"replica is a number", "{\"task_type\": \"optimize\", \"options\": {\"replica\": 1}}",
         -1, ERR_INVALID_REQUEST, "/options/replica", "options.replica: expected a string, got integer"},
        {"min_improvement is a string",
         "{\"task_type\": \"optimize\", \"options\": {\"min_improvement\": \"10\"}}", -1,
         ERR_INVALID_REQUEST, "/options/min_improvement",
         "options.min_improvement: expected a percentage from 0 to 100"},
        {"min_improvement above 100",
         "{\"task_type\": \"optimize\", \"options\": {\"min_improvement\": 100.5}}", -1,
         ERR_INVALID_REQUEST, "/options/min_improvement",
         "options.min_improvement: expected a percentage from 0 to 100"},
        {"min_improvement below 0",
         "{\"task_type\": \"optimize\", \"options\": {\"min_improvement\": -1}}", -1,
         ERR_INVALID_REQUEST, "/options/min_improvement",
         "options.min_improvement: expected a percentage from 0 to 100"},
        /* Nested fields are named the same way in every message: options.<key>. */
        {"fail_on is an integer", "{\"task_type\": \"optimize\", \"options\": {\"fail_on\": 2}}",
         -1, ERR_INVALID_REQUEST, "/options/fail_on",
         "options.fail_on: expected a string, got integer"},
    };
    RUN(cases);
}

static void test_enum_values(void **state)
{
    (void)state;
    static const request_case_t cases[] = {
        {"British spelling of optimize", "{\"task_type\": \"optimise\"}", -1,
         ERR_INVALID_REQUEST, "/task_type",
         "task_type: expected one of " TASKS "; got \"optimise\""},
        {"task names are case-sensitive", "{\"task_type\": \"OPTIMIZE\"}", -1,
         ERR_INVALID_REQUEST, "/task_type",
         "task_type: expected one of " TASKS "; got \"OPTIMIZE\""},
        {"empty task", "{\"task_type\": \"\"}", -1, ERR_INVALID_REQUEST, "/task_type",
         "task_type: expected one of " TASKS "; got \"\""},
        {"postgres is not the name", "{\"task_type\": \"optimize\", \"database_type\": \"postgres\"}",
         -1, ERR_INVALID_REQUEST, "/database_type",
         "database_type: expected one of " DBS "; got \"postgres\""},
        {"unknown fail_on",
         "{\"task_type\": \"optimize\", \"options\": {\"fail_on\": \"error\"}}", -1,
         ERR_INVALID_REQUEST, "/options/fail_on",
         "options.fail_on: expected one of info, warning, critical; got \"error\""},
    };
    RUN(cases);
}

static void test_missing_and_malformed(void **state)
{
    (void)state;
    static const request_case_t cases[] = {
        {"missing task_type", "{\"query\": \"SELECT 1\"}", -1, ERR_INVALID_REQUEST, "/task_type",
         "task_type: required; one of " TASKS},
        {"empty object", "{}", -1, ERR_INVALID_REQUEST, "/task_type",
         "task_type: required; one of " TASKS},
        {"root is an array", "[{\"task_type\": \"optimize\"}]", -1, ERR_INVALID_REQUEST, "",
         "request: expected a JSON object, got array"},
        {"root is a string", "\"optimize\"", -1, ERR_INVALID_REQUEST, "",
         "request: expected a JSON object, got string"},
        {"root is null", "null", -1, ERR_INVALID_REQUEST, "",
         "request: expected a JSON object, got null"},
        {"invalid JSON on line 3",
         "{\n  \"task_type\": \"optimize\",\n  \"query\": 'SELECT 1'\n}", -1,
         ERR_INVALID_REQUEST, "", "invalid JSON: invalid token near '''", 3, 12},
        {"trailing comma", "{\"task_type\": \"optimize\",}", -1, ERR_INVALID_REQUEST, "",
         "invalid JSON: string or '}' expected near '}'", 1, 26},
        {"duplicate key", "{\"task_type\": \"optimize\", \"task_type\": \"debug\"}", -1,
         ERR_INVALID_REQUEST, "", "invalid JSON: duplicate object key near '\"task_type\"'", 1,
         37},
        {"invalid UTF-8 inside a string", "{\"task_type\": \"optimize\", \"query\": \"SELECT '\xe9'\"}",
         -1, ERR_INVALID_REQUEST, "", "invalid JSON: unable to decode byte 0xe9 near '\"SELECT ''",
         1, 44},
        {"UTF-16 surrogate escape alone", "{\"task_type\": \"optimize\", \"query\": \"\\ud800\"}",
         -1, ERR_INVALID_REQUEST, "", "invalid JSON: invalid Unicode '\\uD800' near '\"\\ud800\"'",
         1, 43},
        {"escaped NUL inside a string", "{\"task_type\": \"optimize\", \"query\": \"a\\u0000\"}",
         -1, ERR_INVALID_REQUEST, "",
         "invalid JSON: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"a\\u0000\"'", 1, 44},
        {"empty document", "", -1, ERR_INVALID_REQUEST, "",
         "invalid JSON: unexpected token near end of file", 1, 0},
    };
    RUN(cases);
}

/* ---- fields of valid requests -------------------------------------------------- */

static void test_minimal_request_defaults(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    request_t req;
    err_t err;
    const char *json = "{\"task_type\": \"migrate\"}";
    assert_int_equal(request_parse_json(a, json, strlen(json), &req, &err), 0);
    assert_int_equal(req.task_type, TASK_MIGRATE);
    assert_int_equal(req.database_type, DB_POSTGRESQL);
    assert_false(req.database_type_given);
    assert_null(req.query);
    assert_null(req.schema);
    assert_null(req.connection);
    assert_int_equal(req.options.fail_on, -1);
    assert_true(req.options.min_improvement < 0); /* not given: the default applies */
    assert_null(req.options.replica);
    assert_false(req.options.analyze_writes);
    assert_false(req.options.analyze);
    assert_true(req.options.budget_mb == 0);
    arena_free(a);
}

static void test_every_field_is_read(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    request_t req;
    err_t err;
    const char *json =
        "{\"task_type\": \"debug\", \"database_type\": \"mysql\", \"query\": \"SELECT 'caf\\u00e9'\","
        " \"performance_issue\": \"p95 went from 20 ms to 2 s\", \"schema\": \"CREATE TABLE t (a int)\","
        " \"connection\": \"mysql://app@db1/shop\", \"snapshot\": \"shop.snapshot.json\","
        " \"explain\": \"[{\\\"Plan\\\": {}}]\", \"workload\": \"slow.log\","
        " \"options\": {\"budget_mb\": 512.5, \"analyze\": true, \"analyze_writes\": true,"
        " \"min_improvement\": 25, \"replica\": \"mysql://app@db2/shop\", \"fail_on\": \"warning\"}}";
    assert_int_equal(request_parse_json(a, json, strlen(json), &req, &err), 0);
    assert_int_equal(req.task_type, TASK_DEBUG);
    assert_int_equal(req.database_type, DB_MYSQL);
    assert_true(req.database_type_given);
    assert_string_equal(req.query, "SELECT 'caf\xc3\xa9'");
    assert_string_equal(req.performance_issue, "p95 went from 20 ms to 2 s");
    assert_string_equal(req.schema, "CREATE TABLE t (a int)");
    assert_string_equal(req.connection, "mysql://app@db1/shop");
    assert_string_equal(req.snapshot, "shop.snapshot.json");
    assert_string_equal(req.explain, "[{\"Plan\": {}}]");
    assert_string_equal(req.workload, "slow.log");
    assert_true(req.options.budget_mb == 512.5);
    assert_true(req.options.analyze);
    assert_true(req.options.analyze_writes);
    assert_true(req.options.min_improvement == 25);
    assert_string_equal(req.options.replica, "mysql://app@db2/shop");
    assert_int_equal(req.options.fail_on, SEV_WARNING);
    arena_free(a);
}

static void test_strings_outlive_the_document(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    request_t req;
    err_t err;
    char *json = strdup("{\"task_type\": \"optimize\", \"query\": \"SELECT 42\"}");
    assert_int_equal(request_parse_json(a, json, strlen(json), &req, &err), 0);
    memset(json, 'x', strlen(json)); /* the request must not point into the input */
    free(json);
    assert_string_equal(req.query, "SELECT 42");
    arena_free(a);
}

static void test_parse_uses_len(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    request_t req;
    err_t err;
    const char *text = "{\"task_type\": \"scale\"}{\"not\": \"read\"}";
    assert_int_equal(request_parse_json(a, text, 22, &req, &err), 0);
    assert_int_equal(req.task_type, TASK_SCALE);
    arena_free(a);
}

static void test_bad_field_after_good_ones(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    request_t req;
    err_t err;
    const char *json = "{\"task_type\": \"optimize\", \"database_type\": \"redis\", \"query\": 5}";
    assert_int_equal(request_parse_json(a, json, strlen(json), &req, &err), -1);
    assert_string_equal(err.path, "/query");
    arena_free(a);
}

/* ---- size limit ---------------------------------------------------------------- */

static void test_five_megabyte_query_is_refused(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    size_t qlen = 5u * 1024 * 1024;
    const char *head = "{\"task_type\": \"optimize\", \"query\": \"";
    const char *tail = "\"}";
    size_t len = strlen(head) + qlen + strlen(tail);
    char *json = malloc(len + 1);
    memcpy(json, head, strlen(head));
    memset(json + strlen(head), 'x', qlen);
    memcpy(json + strlen(head) + qlen, tail, strlen(tail) + 1);
    request_t req;
    err_t err;
    assert_int_equal(request_parse_json(a, json, len, &req, &err), -1);
    assert_int_equal(err.code, ERR_INVALID_REQUEST);
    char want[200];
    snprintf(want, sizeof(want), "request: %zu bytes is more than the limit of 4194304 bytes",
             len);
    assert_string_equal(err.message, want);
    assert_string_equal(err.path, "");
    free(json);
    arena_free(a);
}

static void test_query_just_under_the_limit_is_accepted(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *head = "{\"task_type\": \"optimize\", \"query\": \"";
    const char *tail = "\"}";
    size_t len = REQUEST_MAX_TEXT; /* the whole document at the limit */
    size_t qlen = len - strlen(head) - strlen(tail);
    char *json = malloc(len + 1);
    memcpy(json, head, strlen(head));
    memset(json + strlen(head), 'y', qlen);
    memcpy(json + strlen(head) + qlen, tail, strlen(tail) + 1);
    request_t req;
    err_t err;
    assert_int_equal(request_parse_json(a, json, len, &req, &err), 0);
    assert_int_equal(strlen(req.query), qlen);
    free(json);
    arena_free(a);
}

/* ---- request_check_text ---------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *text;
    size_t len;
    const char *message; /* NULL: accepted */
} text_case_t;

static void test_check_text(void **state)
{
    (void)state;
    static const text_case_t cases[] = {
        {"ASCII", "SELECT 1", 8, NULL},
        {"empty", "", 0, NULL},
        {"two-, three- and four-byte UTF-8", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, NULL},
        {"highest code point U+10FFFF", "\xf4\x8f\xbf\xbf", 4, NULL},
        {"NUL byte", "SELECT\0 1", 9, "query: NUL byte at offset 6"},
        {"NUL byte first", "\0", 1, "query: NUL byte at offset 0"},
        {"lone continuation byte", "ab\x80", 3, "query: invalid UTF-8 at byte offset 2"},
        {"Latin-1 e-acute", "caf\xe9", 4, "query: invalid UTF-8 at byte offset 3"},
        {"overlong slash", "\xc0\xaf", 2, "query: invalid UTF-8 at byte offset 0"},
        {"overlong three-byte", "x\xe0\x80\xaf", 4, "query: invalid UTF-8 at byte offset 1"},
        {"UTF-16 surrogate", "\xed\xa0\x80", 3, "query: invalid UTF-8 at byte offset 0"},
        {"above U+10FFFF", "\xf4\x90\x80\x80", 4, "query: invalid UTF-8 at byte offset 0"},
        {"truncated sequence at the end", "ok\xe2\x82", 4, "query: invalid UTF-8 at byte offset 2"},
        {"0xFF is never UTF-8", "\xff", 1, "query: invalid UTF-8 at byte offset 0"},
    };
    int failures = 0;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        err_t err;
        err_clear(&err);
        int rc = request_check_text("/query", cases[i].text, cases[i].len, &err);
        int want_rc = cases[i].message ? -1 : 0;
        if (rc != want_rc || (rc < 0 && (strcmp(err.message, cases[i].message) ||
                                         strcmp(err.path, "/query") ||
                                         err.code != ERR_INVALID_REQUEST))) {
            print_error("%s: rc %d \"%s\" path \"%s\", want rc %d \"%s\"\n", cases[i].name, rc,
                        err.message, err.path, want_rc,
                        cases[i].message ? cases[i].message : "");
            failures++;
        }
    }
    if (failures)
        fail_msg("%d check_text cases failed", failures);
}

static void test_check_text_size_limit(void **state)
{
    (void)state;
    size_t len = REQUEST_MAX_TEXT + 1;
    char *big = malloc(len);
    memset(big, 'a', len);
    err_t err;
    assert_int_equal(request_check_text("/schema", big, len, &err), -1);
    assert_string_equal(err.path, "/schema");
    assert_string_equal(err.message, "schema: 4194305 bytes is more than the limit of 4194304 bytes");
    assert_int_equal(request_check_text("/schema", big, len - 1, &err), 0);
    free(big);
}

/* ---- names ------------------------------------------------------------------------ */

static void test_names_round_trip(void **state)
{
    (void)state;
    static const char *const tasks[] = {"design", "optimize", "migrate", "debug", "scale"};
    static const char *const dbs[] = {"postgresql", "mysql", "mongodb", "redis", "dynamodb"};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(task_type_parse(tasks[i]), i);
        assert_string_equal(task_type_name((task_type_t)i), tasks[i]);
        assert_int_equal(db_type_parse(dbs[i]), i);
        assert_string_equal(db_type_name((db_type_t)i), dbs[i]);
    }
    assert_int_equal(task_type_parse("optimise"), -1);
    assert_int_equal(task_type_parse(NULL), -1);
    assert_int_equal(db_type_parse("postgres"), -1);
    assert_int_equal(db_type_parse(""), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_requests),
        cmocka_unit_test(test_unknown_keys),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_enum_values),
        cmocka_unit_test(test_missing_and_malformed),
        cmocka_unit_test(test_minimal_request_defaults),
        cmocka_unit_test(test_every_field_is_read),
        cmocka_unit_test(test_strings_outlive_the_document),
        cmocka_unit_test(test_parse_uses_len),
        cmocka_unit_test(test_bad_field_after_good_ones),
        cmocka_unit_test(test_five_megabyte_query_is_refused),
        cmocka_unit_test(test_query_just_under_the_limit_is_accepted),
        cmocka_unit_test(test_check_text),
        cmocka_unit_test(test_check_text_size_limit),
        cmocka_unit_test(test_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
