/* cmd_migrate.c — `dbagent migrate FILE...`: migration safety, for CI. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char help[] =
    "usage: dbagent migrate FILE... [--pg-version N | --db DSN] [options]\n\n"
    "Checks schema migrations before they lock production: the lock each statement\n"
    "takes and whether it blocks reads or writes, rewrites or scans the table (for\n"
    "the server version), the migration rules with context across the file (new\n"
    "tables, transactions, lock_timeout), and the safe version in optimized_query.\n"
    "Suppress with `-- dbagent:ignore RULE[,RULE]` before a statement, or\n"
    "`-- dbagent:ignore-file RULE` anywhere.\n\n"
    "      --pg-version N     the server's major version (default 15; with --db, the server's)\n"
    "  -F, --format FMT       json | text | markdown | sarif\n"
    "  -o, --output FILE      write the report to FILE\n"
    "      --fail-on SEV      exit 1 at or above info|warning|critical|none (default critical)\n"
    "  -h, --help             this help\n\n" CLI_LIVE_HELP;

enum { OPT_PG_VERSION = 2200 };

static int migrate_option(int opt, const char *arg, void *ctx, err_t *err)
{
    if (opt != OPT_PG_VERSION)
        return 0;
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < 9 || v > 30)
        return err_set(err, ERR_INVALID_REQUEST,
                       "--pg-version: expected a major version such as 15; got \"%s\"", arg);
    *(int *)ctx = (int)v;
    return 1;
}

int cmd_migrate(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"pg-version", required_argument, NULL, OPT_PG_VERSION},
        {NULL, 0, NULL, 0}};
    cli_common_t common;
    cli_common_init(&common);
    common.fail_on = SEV_CRITICAL; /* CI: critical findings fail the build by default */
    int pg_version = 0;
    err_t err = {0};
    int rc;
    if (cli_parse(argc, argv, "s:F:o:h", longopts, help, &common, migrate_option, &pg_version,
                  &rc) < 0)
        return rc;
    if (optind >= argc) {
        fputs("dbagent migrate: give at least one migration file\n\n", stderr);
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    arena_t *a = arena_new();
    request_t req;
    request_init(&req);
    req.task_type = TASK_MIGRATE;
    req.options.pg_version = pg_version;
    req.nfiles = argc - optind;
    req.files = (const char **)(argv + optind);
    req.file_texts = arena_calloc(a, (size_t)req.nfiles, sizeof(char *));
    rc = EXIT_OK;
    for (int i = 0; i < req.nfiles && rc == EXIT_OK; i++) {
        char *text;
        size_t len;
        if (cli_read_file(a, req.files[i], &text, &len, &err) < 0)
            rc = cli_fail(&common, &err, NULL);
        req.file_texts[i] = text;
    }
    if (rc == EXIT_OK)
        rc = cli_execute(&common, a, &req, req.nfiles == 1 ? req.file_texts[0] : NULL);
    arena_free(a);
    return rc;
}
