/* test_sarif.c — the SARIF 2.1.0 renderer, on reports built by hand.
 *
 * Each test builds a report in its own arena, renders it, parses the output back
 * and checks exact key paths: the log's header, one rule descriptor per rule id
 * (sorted, with the rule table's summary and the docs' help), results pointing at
 * their descriptor, levels, regions with zeros left out, and the artifact URI.
 * The last test validates the output against the SARIF 2.1.0 JSON schema with
 * tests/sarif/validate.sh, and is skipped when that script cannot install its
 * validator. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/json.h"
#include "render/render.h"

/* ---- helpers ---------------------------------------------------------------- */

/* The value at a dotted path ("runs.0.tool.driver.name"; numbers index arrays),
 * or NULL when any step is missing. */
static json_value_t *at(json_value_t *v, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *save = NULL, *step = strtok_r(buf, ".", &save); v && step;
         step = strtok_r(NULL, ".", &save)) {
        if (jv_kind(v) == JV_ARRAY) {
            size_t i = (size_t)strtoul(step, NULL, 10);
            v = i < jv_array_len(v) ? jv_array_at(v, i) : NULL;
        } else {
            v = jv_kind(v) == JV_OBJECT ? jv_get(v, step) : NULL;
        }
    }
    return v;
}

static void assert_str_at(json_value_t *doc, const char *path, const char *want)
{
    json_value_t *v = at(doc, path);
    if (!v || jv_kind(v) != JV_STRING)
        fail_msg("%s: expected the string \"%s\", found %s", path, want,
                 v ? jv_kind_name(jv_kind(v)) : "nothing");
    if (strcmp(jv_string(v), want))
        fail_msg("%s: expected \"%s\", found \"%s\"", path, want, jv_string(v));
}

static void assert_int_at(json_value_t *doc, const char *path, long want)
{
    json_value_t *v = at(doc, path);
    if (!v || jv_kind(v) != JV_INT)
        fail_msg("%s: expected %ld, found %s", path, want, v ? jv_kind_name(jv_kind(v)) : "nothing");
    assert_int_equal((long)jv_number(v), want);
}

static void assert_prefix_at(json_value_t *doc, const char *path, const char *prefix)
{
    json_value_t *v = at(doc, path);
    assert_non_null(v);
    if (strncmp(jv_string(v), prefix, strlen(prefix)))
        fail_msg("%s: expected to start with \"%s\", found \"%s\"", path, prefix, jv_string(v));
}

static void assert_len_at(json_value_t *doc, const char *path, size_t want)
{
    json_value_t *v = at(doc, path);
    assert_non_null(v);
    assert_int_equal(jv_array_len(v), want);
}

static json_value_t *parse(const char *text)
{
    json_value_t *doc = NULL;
    err_t err;
    if (jv_parse(text, strlen(text), &doc, &err))
        fail_msg("not JSON: %s\n%s", err.message, text);
    return doc;
}

static report_t *new_report(arena_t *a)
{
    report_t *r = report_new(a);
    r->meta = (report_meta_t){.task_type = "migrate", .database_type = "postgresql",
                              .source = "offline", .version = "0.1.0", .statements = 3};
    return r;
}

static qm_loc_t loc(int statement, int line, int column)
{
    return (qm_loc_t){.statement = statement, .line = line, .column = column, .offset = -1};
}

/* Four findings of three rules: two from the rule table, one only in the docs
 * (the migration rules' rows come later), in the report's own order. */
static report_t *migration_report(arena_t *a)
{
    report_t *r = new_report(a);
    finding_t *f = report_add_finding(r, "create-index-non-concurrently", SEV_CRITICAL,
                                      loc(2, 4, 1), "CREATE INDEX on orders blocks writes");
    f->fix = "CREATE INDEX CONCURRENTLY idx_orders_user_id ON orders (user_id);";
    report_add_finding(r, "select-star", SEV_INFO, loc(1, 1, 8), "SELECT * lists every column");
    report_add_finding(r, "leading-wildcard-like", SEV_WARNING, loc(3, 9, 0), "LIKE '%%x'");
    report_add_finding(r, "select-star", SEV_WARNING, loc(0, 0, 0), "schema-level finding");
    return r;
}

static json_value_t *render(arena_t *a, const report_t *r, const char *const *files, int n)
{
    const char *out = render_sarif(a, r, files, n);
    assert_non_null(out);
    return parse(out);
}

/* ---- tests -------------------------------------------------------------------- */

static void sarif_header_and_driver(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    json_value_t *doc = render(a, migration_report(a), NULL, 0);
    assert_str_at(doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    assert_str_at(doc, "version", "2.1.0");
    assert_len_at(doc, "runs", 1);
    assert_str_at(doc, "runs.0.tool.driver.name", "dbagent");
    assert_str_at(doc, "runs.0.tool.driver.version", "0.1.0");
    assert_prefix_at(doc, "runs.0.tool.driver.informationUri", "https://");
    assert_str_at(doc, "runs.0.columnKind", "unicodeCodePoints");
    jv_release(doc);
    arena_free(a);
}

static void sarif_rules_sorted_once_each(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    json_value_t *doc = render(a, migration_report(a), NULL, 0);
    assert_len_at(doc, "runs.0.tool.driver.rules", 3);
    assert_str_at(doc, "runs.0.tool.driver.rules.0.id", "create-index-non-concurrently");
    assert_str_at(doc, "runs.0.tool.driver.rules.1.id", "leading-wildcard-like");
    assert_str_at(doc, "runs.0.tool.driver.rules.2.id", "select-star");
    assert_str_at(doc, "runs.0.tool.driver.rules.0.name", "CreateIndexNonConcurrently");
    assert_str_at(doc, "runs.0.tool.driver.rules.2.name", "SelectStar");
    jv_release(doc);
    arena_free(a);
}

static void sarif_rule_descriptor_from_table_and_docs(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    json_value_t *doc = render(a, migration_report(a), NULL, 0);
    const char *star = "runs.0.tool.driver.rules.2";
    char p[128];
    snprintf(p, sizeof(p), "%s.shortDescription.text", star);
    assert_str_at(doc, p, "SELECT * lists every column; name the ones used (blocks index-only scans)");
    snprintf(p, sizeof(p), "%s.fullDescription.text", star);
    assert_prefix_at(doc, p, "Detects: SELECT * or alias.* in a query's output list");
    assert_non_null(strstr(jv_string(at(doc, p)), "\nWhy it matters: The executor fetches"));
    assert_non_null(strstr(jv_string(at(doc, p)), "\nFix: List the columns"));
    assert_null(strchr(jv_string(at(doc, p)), '`'));
    snprintf(p, sizeof(p), "%s.help.text", star);
    assert_prefix_at(doc, p, "Detects: ");
    snprintf(p, sizeof(p), "%s.help.markdown", star);
    assert_prefix_at(doc, p, "## select-star\n\n- **Severity:** info");
    assert_non_null(strstr(jv_string(at(doc, p)), "```sql"));
    assert_null(strstr(jv_string(at(doc, p)), "## leading-wildcard-like"));
    snprintf(p, sizeof(p), "%s.defaultConfiguration.level", star);
    assert_str_at(doc, p, "note");
    assert_str_at(doc, "runs.0.tool.driver.rules.1.defaultConfiguration.level", "warning");
    jv_release(doc);
    arena_free(a);
}

/* A rule documented but not (yet) in the table: summary and level from the docs. */
static void sarif_rule_only_in_docs(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    json_value_t *doc = render(a, migration_report(a), NULL, 0);
    assert_prefix_at(doc, "runs.0.tool.driver.rules.0.shortDescription.text", "CREATE INDEX");
    assert_str_at(doc, "runs.0.tool.driver.rules.0.defaultConfiguration.level", "error");
    assert_prefix_at(doc, "runs.0.tool.driver.rules.0.help.markdown",
                     "## create-index-non-concurrently\n");
    jv_release(doc);
    arena_free(a);
}

/* Neither in the table nor in the docs: the id stands in, no help. */
static void sarif_unknown_rule(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = new_report(a);
    report_add_finding(r, "made-up-rule", SEV_WARNING, loc(1, 2, 3), "made up");
    json_value_t *doc = render(a, r, NULL, 0);
    assert_str_at(doc, "runs.0.tool.driver.rules.0.shortDescription.text", "made-up-rule");
    assert_str_at(doc, "runs.0.tool.driver.rules.0.defaultConfiguration.level", "warning");
    assert_null(at(doc, "runs.0.tool.driver.rules.0.help"));
    assert_null(at(doc, "runs.0.tool.driver.rules.0.fullDescription"));
    jv_release(doc);
    arena_free(a);
}

static void sarif_results_in_report_order(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    json_value_t *doc = render(a, migration_report(a), NULL, 0);
    assert_len_at(doc, "runs.0.results", 4);
    assert_str_at(doc, "runs.0.results.0.ruleId", "create-index-non-concurrently");
    assert_int_at(doc, "runs.0.results.0.ruleIndex", 0);
    assert_str_at(doc, "runs.0.results.0.level", "error");
    assert_str_at(doc, "runs.0.results.0.message.text",
                  "CREATE INDEX on orders blocks writes Fix: CREATE INDEX CONCURRENTLY "
                  "idx_orders_user_id ON orders (user_id);");
    assert_str_at(doc, "runs.0.results.1.ruleId", "select-star");
    assert_int_at(doc, "runs.0.results.1.ruleIndex", 2);
    assert_str_at(doc, "runs.0.results.1.level", "note");
    assert_str_at(doc, "runs.0.results.1.message.text", "SELECT * lists every column");
    assert_int_at(doc, "runs.0.results.2.ruleIndex", 1);
    assert_str_at(doc, "runs.0.results.2.level", "warning");
    assert_str_at(doc, "runs.0.results.2.message.text", "LIKE '%x'");
    /* the finding's own severity, not the rule's default */
    assert_str_at(doc, "runs.0.results.3.level", "warning");
    jv_release(doc);
    arena_free(a);
}

static void sarif_regions_leave_out_zeros(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    json_value_t *doc = render(a, migration_report(a), NULL, 0);
    const char *loc0 = "runs.0.results.0.locations.0.physicalLocation";
    char p[128];
    snprintf(p, sizeof(p), "%s.region.startLine", loc0);
    assert_int_at(doc, p, 4);
    snprintf(p, sizeof(p), "%s.region.startColumn", loc0);
    assert_int_at(doc, p, 1);
    assert_int_at(doc, "runs.0.results.2.locations.0.physicalLocation.region.startLine", 9);
    assert_null(at(doc, "runs.0.results.2.locations.0.physicalLocation.region.startColumn"));
    assert_null(at(doc, "runs.0.results.3.locations.0.physicalLocation.region"));
    assert_str_at(doc, "runs.0.results.3.locations.0.physicalLocation.artifactLocation.uri",
                  "query.sql");
    jv_release(doc);
    arena_free(a);
}

static void sarif_artifact_uri_from_files(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    const char *files[] = {"db/migrate/2024 add index.sql", "other.sql"};
    json_value_t *doc = render(a, migration_report(a), files, 2);
    assert_str_at(doc, "runs.0.results.0.locations.0.physicalLocation.artifactLocation.uri",
                  "db/migrate/2024%20add%20index.sql");
    jv_release(doc);
    arena_free(a);
}

static void sarif_empty_report(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    json_value_t *doc = render(a, new_report(a), NULL, 0);
    assert_len_at(doc, "runs.0.tool.driver.rules", 0);
    assert_len_at(doc, "runs.0.results", 0);
    jv_release(doc);
    arena_free(a);
}

static void sarif_is_deterministic(void **state)
{
    (void)state;
    arena_t *a = arena_new();
    report_t *r = migration_report(a);
    assert_string_equal(render_sarif(a, r, NULL, 0), render_sarif(a, r, NULL, 0));
    arena_free(a);
}

/* Runs tests/sarif/validate.sh on text; returns its exit status, output in out. */
static int run_validator(const char *text, char *out, size_t outlen)
{
    char path[] = "/tmp/dbagent-sarif-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "tests/sarif/validate.sh %s 2>&1", path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, outlen - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    unlink(path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void sarif_validates_against_schema(void **state)
{
    (void)state;
    if (access("tests/sarif/validate.sh", X_OK)) {
        print_message("tests/sarif/validate.sh not found (run from the repository root)\n");
        skip();
    }
    arena_t *a = arena_new();
    const char *files[] = {"db/migrate/001 add index.sql"};
    const char *docs[] = {render_sarif(a, migration_report(a), files, 1),
                          render_sarif(a, new_report(a), NULL, 0)};
    char out[8192];
    for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        int rc = run_validator(docs[i], out, sizeof(out));
        if (rc == 77) {
            print_message("%s", out);
            arena_free(a);
            skip();
        }
        if (rc != 0 || strcmp(out, "ok\n"))
            fail_msg("schema validation failed (%d):\n%s\n%s", rc, out, docs[i]);
    }
    arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sarif_header_and_driver),
        cmocka_unit_test(sarif_rules_sorted_once_each),
        cmocka_unit_test(sarif_rule_descriptor_from_table_and_docs),
        cmocka_unit_test(sarif_rule_only_in_docs),
        cmocka_unit_test(sarif_unknown_rule),
        cmocka_unit_test(sarif_results_in_report_order),
        cmocka_unit_test(sarif_regions_leave_out_zeros),
        cmocka_unit_test(sarif_artifact_uri_from_files),
        cmocka_unit_test(sarif_empty_report),
        cmocka_unit_test(sarif_is_deterministic),
        cmocka_unit_test(sarif_validates_against_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
