/* cmd_design.c — `dbagent design`: schema review and database choice. */
#include <string.h>

#include "cli/cli.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char help[] =
    "usage: dbagent design [--schema FILE | --db DSN | --snapshot FILE] [--requirements TEXT]\n\n"
    "Reviews every table of a schema (types, keys, constraints, index hygiene) with the\n"
    "DDL that fixes each finding, and chooses a database from stated requirements\n"
    "following the selection matrix (ACID + complex queries → PostgreSQL, time series\n"
    "→ TimescaleDB/InfluxDB, …), with the phrases it matched as reasons.\n\n"
    "  -r, --requirements TEXT  what the system needs, in words\n"
    "  -s, --schema FILE        DDL to review\n"
    "  -F, --format FMT         json | text | markdown\n"
    "  -o, --output FILE        write the report to FILE\n"
    "      --fail-on SEV        exit 1 when a finding is at or above info|warning|critical\n"
    "  -h, --help               this help\n\n" CLI_LIVE_HELP;

enum { OPT_REQUIREMENTS = 'r' };

static int design_option(int opt, const char *arg, void *ctx, err_t *err)
{
    (void)err;
    if (opt != OPT_REQUIREMENTS)
        return 0;
    *(const char **)ctx = arg;
    return 1;
}

int cmd_design(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"requirements", required_argument, NULL, OPT_REQUIREMENTS},
        {NULL, 0, NULL, 0}};
    cli_common_t common;
    cli_common_init(&common);
    const char *requirements = NULL;
    int rc;
    if (cli_parse(argc, argv, "r:s:F:o:h", longopts, help, &common, design_option,
                  &requirements, &rc) < 0)
        return rc;
    if (optind < argc) {
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    arena_t *a = arena_new();
    request_t req;
    request_init(&req);
    req.task_type = TASK_DESIGN;
    req.options.requirements = requirements;
    rc = cli_execute(&common, a, &req, NULL);
    arena_free(a);
    return rc;
}
