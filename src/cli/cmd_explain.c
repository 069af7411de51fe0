/* cmd_explain.c — `dbagent explain [FILE|-]`: EXPLAIN output → bottlenecks and fixes. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char help[] =
    "usage: dbagent explain [FILE|-] [options]\n"
    "       dbagent explain --compare BEFORE AFTER [options]\n\n"
    "Reads PostgreSQL EXPLAIN output — JSON or the default text format, with or\n"
    "without ANALYZE, BUFFERS, SETTINGS, VERBOSE; psql's decorations and auto_explain\n"
    "log lines are fine — and reports per node exclusive time and share, estimate\n"
    "errors, and the plan rules' findings, each with a fix to run (index DDL from the\n"
    "same advisor as 'optimize', CREATE STATISTICS, ANALYZE, work_mem, VACUUM).\n\n"
    "  FILE                 the plan (default '-': standard input)\n"
    "      --compare B A    compare two plans of the same query: total time, per-node\n"
    "                       changes, nodes added and removed, a one-line verdict\n"
    "  -s, --schema FILE    DDL, so index advice respects existing indexes\n"
    "  -F, --format FMT     json | text | markdown (default: text on a terminal)\n"
    "  -o, --output FILE    write the report to FILE\n"
    "      --fail-on SEV    exit 1 when a finding is at or above info|warning|critical\n"
    "  -h, --help           this help\n";

enum { OPT_COMPARE = 2100 };

static int explain_option(int opt, const char *arg, void *ctx, err_t *err)
{
    (void)arg;
    (void)err;
    if (opt != OPT_COMPARE)
        return 0;
    *(bool *)ctx = true;
    return 1;
}

int cmd_explain(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"compare", no_argument, NULL, OPT_COMPARE},
                                             {NULL, 0, NULL, 0}};
    cli_common_t common;
    cli_common_init(&common);
    bool compare = false;
    err_t err = {0};
    int rc;
    if (cli_parse(argc, argv, "s:F:o:h", longopts, help, &common, explain_option, &compare,
                  &rc) < 0)
        return rc;
    int nfiles = argc - optind;
    if ((compare && nfiles != 2) || (!compare && nfiles > 1)) {
        fputs(compare ? "dbagent explain --compare: give BEFORE and AFTER\n\n"
                      : "dbagent explain: give one plan file (or none for standard input)\n\n",
              stderr);
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    arena_t *shared = arena_new(), *a = arena_new();
    catalog_t cat;
    task_env_t env = {0};
    request_t req;
    request_init(&req);
    req.task_type = TASK_OPTIMIZE;
    report_t *report;
    char *text = NULL, *after = NULL;
    size_t len;
    if (cli_read_file(a, nfiles ? argv[optind] : "-", &text, &len, &err) < 0 ||
        (compare && cli_read_file(a, argv[optind + 1], &after, &len, &err) < 0) ||
        cli_load_schema(shared, &common, &cat, &env.catalog, &err) < 0)
        goto fail;
    req.explain = text;
    if ((compare ? task_compare_plans(a, &req, text, after, &env, &report, &err)
                 : task_run(a, &req, &env, &report, &err)) < 0)
        goto fail;
    if (cli_write_output(&common, render_report(a, report, &common.render), &err) < 0)
        goto fail;
    rc = cli_findings_exit(&common, report);
    goto cleanup;
fail:
    rc = cli_fail(&common, &err, NULL);
cleanup:
    arena_free(a);
    arena_free(shared);
    return rc;
}
