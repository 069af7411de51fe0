/* cmd_optimize.c — `dbagent optimize [QUERY | -f FILE]`. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char help[] =
    "usage: dbagent optimize [QUERY | -f FILE] [options]\n\n"
    "Analyses one or more PostgreSQL statements: findings, the expected plan, the\n"
    "rewritten query, the indexes to create (as DDL) and a cache strategy.\n\n"
    "  QUERY               the SQL text (or '-' / -f - for standard input)\n"
    "  -f, --file FILE     read the SQL from FILE\n"
    "  -s, --schema FILE   DDL of the tables (CREATE TABLE/INDEX…, pg_dump --schema-only)\n"
    "  -F, --format FMT    json | text | markdown (default: text on a terminal, else json)\n"
    "  -o, --output FILE   write the report to FILE\n"
    "      --fail-on SEV   exit 1 when a finding is at or above info|warning|critical\n"
    "                      (default: none)\n"
    "  -h, --help          this help\n\n" CLI_LIVE_HELP;

static int optimize_option(int opt, const char *arg, void *ctx, err_t *err)
{
    (void)err;
    if (opt != 'f')
        return 0;
    *(const char **)ctx = arg;
    return 1;
}

int cmd_optimize(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"file", required_argument, NULL, 'f'},
                                             {NULL, 0, NULL, 0}};
    cli_common_t common;
    cli_common_init(&common);
    const char *file = NULL;
    err_t err = {0};
    int rc;
    if (cli_parse(argc, argv, "f:s:F:o:h", longopts, help, &common, optimize_option, &file,
                  &rc) < 0)
        return rc;
    if ((file != NULL) == (optind < argc) || argc - optind > 1) {
        fputs("dbagent optimize: give the query as one argument or with -f FILE\n\n", stderr);
        fputs(help, stderr);
        return EXIT_USAGE;
    }

    arena_t *a = arena_new();
    request_t req;
    request_init(&req);
    req.task_type = TASK_OPTIMIZE;
    char *text = NULL;
    size_t len;
    const char *src = file ? file : argv[optind];
    if (file || !strcmp(src, "-")) {
        if (cli_read_file(a, file ? file : "-", &text, &len, &err) < 0) {
            rc = cli_fail(&common, &err, NULL);
            arena_free(a);
            return rc;
        }
        req.query = text;
    } else {
        req.query = src;
    }
    rc = cli_execute(&common, a, &req, req.query);
    arena_free(a);
    return rc;
}
