/* cmd_digest.c — `dbagent digest LOG...`: a workload digest of server logs. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char help[] =
    "usage: dbagent digest FILE... [options]\n"
    "       dbagent digest --merge PART... [options]\n"
    "       dbagent digest --db DSN              (pg_stat_statements, live)\n\n"
    "Reads server logs and ranks the workload: statements grouped by libpg_query\n"
    "fingerprint with calls, total/mean/min/max time and p50/p95/p99; N+1 runs found\n"
    "per session; one index plan for the whole workload under --budget-mb.\n"
    "Formats are detected per file: PostgreSQL stderr logs (any log_line_prefix),\n"
    "csvlog, jsonlog, MySQL/MariaDB slow logs, pg_stat_statements exported with\n"
    "psql --csv, and plain .sql. FILE may be - (stdin) or gzip-compressed.\n\n"
    "      --prefix PREFIX      the server's log_line_prefix (default: detected)\n"
    "      --log-format FMT     auto | stderr | csvlog | jsonlog | mysql-slow | pgss-csv | sql\n"
    "  -j, --jobs N             threads: large files are read in parts (default 1)\n"
    "      --emit-partial FILE  also write a mergeable partial digest to FILE\n"
    "      --merge              the FILEs are partial digests to combine\n"
    "      --budget-mb N        disk for the advised indexes (default: no limit)\n"
    "      --top N              shapes given to the index advisor (default 50)\n"
    "      --n-plus-one-min N   repetitions in one session that make an N+1 (default 10)\n"
    "      --n-plus-one-gap-ms MS  longest pause inside one N+1 run (default 1000)\n"
    "      --no-progress        never draw the progress bar\n"
    "  -s, --schema FILE        DDL for index advice (or --db / --snapshot)\n"
    "  -F, --format FMT         json | text | markdown | html\n"
    "  -o, --output FILE        write the report to FILE\n"
    "      --fail-on SEV        exit 1 at or above info|warning|critical|none (default none)\n"
    "  -h, --help               this help\n\n"
    "A progress bar is drawn on stderr when it is a terminal and the input is over\n"
    "50 MB (DBAGENT_PROGRESS=1 forces it).\n\n" CLI_LIVE_HELP;

enum {
    OPT_PREFIX = 2300, OPT_LOG_FORMAT, OPT_EMIT_PARTIAL, OPT_MERGE, OPT_BUDGET, OPT_TOP,
    OPT_NP1_MIN, OPT_NP1_GAP, OPT_NO_PROGRESS
};

typedef struct {
    digest_opts_t o;
    bool merge;
    double budget_mb;
} digest_cli_t;

static int positive(const char *flag, const char *arg, long max, long *out, err_t *err)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < 1 || v > max)
        return err_set(err, ERR_INVALID_REQUEST, "%s: expected a whole number from 1 to %ld; got "
                       "\"%s\"", flag, max, arg);
    *out = v;
    return 1;
}

static int digest_option(int opt, const char *arg, void *ctx, err_t *err)
{
    digest_cli_t *c = ctx;
    long v;
    switch (opt) {
    case OPT_PREFIX: c->o.prefix = arg; return 1;
    case OPT_LOG_FORMAT: {
        int f = wl_format_parse(arg);
        if (f < 0)
            return err_set(err, ERR_INVALID_REQUEST, "--log-format: expected one of auto, stderr, "
                           "csvlog, jsonlog, mysql-slow, pgss-csv, sql; got \"%s\"", arg);
        c->o.format = (wl_format_t)f;
        return 1;
    }
    case 'j':
        if (positive("--jobs", arg, 64, &v, err) < 0)
            return -1;
        c->o.jobs = (int)v;
        return 1;
    case OPT_EMIT_PARTIAL: c->o.emit_partial = arg; return 1;
    case OPT_MERGE: c->merge = true; return 1;
    case OPT_BUDGET:
        if (positive("--budget-mb", arg, 100000000, &v, err) < 0)
            return -1;
        c->budget_mb = (double)v;
        return 1;
    case OPT_TOP:
        if (positive("--top", arg, 1000, &v, err) < 0)
            return -1;
        c->o.top = (int)v;
        return 1;
    case OPT_NP1_MIN:
        if (positive("--n-plus-one-min", arg, 1000000, &v, err) < 0)
            return -1;
        c->o.wl.n_plus_one_min = v < 2 ? 2 : (int)v;
        return 1;
    case OPT_NP1_GAP:
        if (positive("--n-plus-one-gap-ms", arg, 86400000, &v, err) < 0)
            return -1;
        c->o.wl.n_plus_one_gap_ms = (double)v;
        return 1;
    case OPT_NO_PROGRESS: c->o.progress = false; return 1;
    default: return 0;
    }
}

static int run_digest(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
                      err_t *err, void *ctx)
{
    return task_digest(a, req, env, ctx, out, err);
}

int cmd_digest(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS,
        {"prefix", required_argument, NULL, OPT_PREFIX},
        {"log-format", required_argument, NULL, OPT_LOG_FORMAT},
        {"jobs", required_argument, NULL, 'j'},
        {"emit-partial", required_argument, NULL, OPT_EMIT_PARTIAL},
        {"merge", no_argument, NULL, OPT_MERGE},
        {"budget-mb", required_argument, NULL, OPT_BUDGET},
        {"top", required_argument, NULL, OPT_TOP},
        {"n-plus-one-min", required_argument, NULL, OPT_NP1_MIN},
        {"n-plus-one-gap-ms", required_argument, NULL, OPT_NP1_GAP},
        {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
        {NULL, 0, NULL, 0}};
    cli_common_t common;
    cli_common_init(&common);
    digest_cli_t dc = {0};
    task_digest_opts_default(&dc.o);
    dc.o.progress = true;
    int rc;
    if (cli_parse(argc, argv, "s:F:o:j:h", longopts, help, &common, digest_option, &dc, &rc) < 0)
        return rc;
    if (common.render.format == FMT_SARIF) {
        err_t err;
        err_set(&err, ERR_INVALID_REQUEST, "--format: digest writes json, text, markdown or html");
        return cli_fail(&common, &err, NULL);
    }
    const char *const *files = (const char *const *)(argv + optind);
    int nfiles = argc - optind;
    if (nfiles == 0 && !common.db) {
        fputs("dbagent digest: give log files (- for stdin), --merge PART..., or --db DSN\n\n",
              stderr);
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    if (dc.merge) {
        dc.o.merge = files;
        dc.o.nmerge = nfiles;
    } else {
        dc.o.files = files;
        dc.o.nfiles = nfiles;
    }
    arena_t *a = arena_new();
    request_t req;
    request_init(&req);
    req.task_type = TASK_OPTIMIZE; /* for the shared sources; the report says "digest" */
    req.options.budget_mb = dc.budget_mb;
    rc = cli_execute_with(&common, a, &req, NULL, run_digest, &dc.o);
    arena_free(a);
    return rc;
}
