/* cmd_snapshot.c — `dbagent snapshot --db DSN [-o FILE] [--no-values]`. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char help[] =
    "usage: dbagent snapshot --db DSN [-o FILE] [--no-values]\n\n"
    "Writes the catalog and statistics of a live PostgreSQL database as JSON: tables,\n"
    "columns, constraints, indexes with sizes and scans, pg_stats, extensions and the\n"
    "settings that steer plans. No row data beyond what pg_stats holds. Use it later\n"
    "with --snapshot FILE for offline analysis, or as the fallback when the database\n"
    "is unreachable.\n\n"
    "      --no-values      drop most-common values and histogram bounds (privacy)\n"
    "  -o, --output FILE    write to FILE (default: standard output)\n"
    "  -h, --help           this help\n\n" CLI_LIVE_HELP;

enum { OPT_NO_VALUES = 2000 };

static int snapshot_option(int opt, const char *arg, void *ctx, err_t *err)
{
    (void)arg;
    (void)err;
    if (opt != OPT_NO_VALUES)
        return 0;
    *(bool *)ctx = false;
    return 1;
}

int cmd_snapshot(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"no-values", no_argument, NULL, OPT_NO_VALUES},
                                             {NULL, 0, NULL, 0}};
    cli_common_t common;
    cli_common_init(&common);
    bool with_values = true;
    err_t err = {0};
    int rc;
    if (cli_parse(argc, argv, "o:h", longopts, help, &common, snapshot_option, &with_values,
                  &rc) < 0)
        return rc;
    common.render.format = FMT_JSON;
    if (!common.db || optind < argc) {
        fputs("dbagent snapshot: --db DSN is required\n\n", stderr);
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    arena_t *a = arena_new();
    request_t req;
    request_init(&req);
    cli_apply_live(&common, &req);
    task_env_t env = {.live = common.live, .live_set = true};
    const char *json;
    rc = EXIT_OK;
    if (task_snapshot(a, &req, &env, with_values, &json, &err) < 0 ||
        cli_write_output(&common, json, &err) < 0)
        rc = cli_fail(&common, &err, NULL);
    arena_free(a);
    return rc;
}
