/* conn_driver.c — a tiny command-line front to engine/pg/pg_conn for
 * tests/live/test_conn.sh. Not part of dbagent.
 *
 *   conn_driver [--attempts N] [--initial MS] [--max MS] [--jitter J] [--seed S]
 *               [--replica DSN] [--log LEVEL] [-q SQL]... DSN|-
 *
 * DSN "-" means none (libpq's PG* variables). Prints, on stdout:
 *   elapsed_ms: <time pgc_connect took, 1 decimal>
 *   connected: <pgc_describe>            | error: <code name>: <message>
 *   replica: yes|no
 *   row: col=value col=value …           (each row of each -q statement)
 *   query error: <sqlstate>: <message>   (a failed -q statement)
 * Logs (JSON lines) go to stderr. Exit: 0 all fine, 1 a statement failed,
 * 2 usage, 3 could not connect. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/log.h"
#include "base/retry.h"
#include "engine/pg/pg_conn.h"

enum { MAX_QUERIES = 16 };

typedef struct {
    live_opts_t live;
    const char *queries[MAX_QUERIES];
    int nqueries;
} args_t;

static int usage(void)
{
    fputs("usage: conn_driver [--attempts N] [--initial MS] [--max MS] [--jitter J] "
          "[--seed S] [--replica DSN] [--log LEVEL] [-q SQL]... DSN|-\n",
          stderr);
    return 2;
}

/* Fills args from argv; -1 on a usage error. */
static int parse_args(int argc, char **argv, args_t *args)
{
    static const struct option opts[] = {
        {"attempts", required_argument, NULL, 'a'}, {"initial", required_argument, NULL, 'i'},
        {"max", required_argument, NULL, 'm'},      {"jitter", required_argument, NULL, 'j'},
        {"seed", required_argument, NULL, 's'},     {"replica", required_argument, NULL, 'r'},
        {"log", required_argument, NULL, 'l'},      {"query", required_argument, NULL, 'q'},
        {NULL, 0, NULL, 0},
    };
    memset(args, 0, sizeof(*args));
    retry_policy_default(&args->live.retry);
    log_level_t level;
    for (int c; (c = getopt_long(argc, argv, "q:", opts, NULL)) != -1;) {
        switch (c) {
        case 'a': args->live.retry.attempts = atoi(optarg); break;
        case 'i': args->live.retry.initial_ms = atoi(optarg); break;
        case 'm': args->live.retry.max_ms = atoi(optarg); break;
        case 'j': args->live.retry.jitter = atof(optarg); break;
        case 's': args->live.retry.seed = strtoull(optarg, NULL, 10); break;
        case 'r': args->live.replica_dsn = optarg; break;
        case 'l':
            if (log_level_parse(optarg, &level) < 0)
                return -1;
            log_set_level(level);
            break;
        case 'q':
            if (args->nqueries == MAX_QUERIES)
                return -1;
            args->queries[args->nqueries++] = optarg;
            break;
        default: return -1;
        }
    }
    if (optind != argc - 1)
        return -1;
    args->live.dsn = strcmp(argv[optind], "-") == 0 ? NULL : argv[optind];
    return 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void print_rows(const pgc_rows_t *r)
{
    for (int i = 0; i < r->nrows; i++) {
        fputs("row:", stdout);
        for (int c = 0; c < r->ncols; c++) {
            const char *v = r->values[(size_t)i * (size_t)r->ncols + (size_t)c];
            printf(" %s=%s", r->names[c], v ? v : "NULL");
        }
        putchar('\n');
    }
}

/* Runs the -q statements; 0 when all succeeded, else 1. */
static int run_queries(live_t *l, const args_t *args)
{
    int rc = 0;
    for (int i = 0; i < args->nqueries; i++) {
        pgc_rows_t rows;
        err_t err;
        if (pgc_query(l, args->queries[i], 0, NULL, &rows, &err) < 0) {
            printf("query error: %s: %s\n", rows.sqlstate ? rows.sqlstate : "none", err.message);
            rc = 1;
            continue;
        }
        print_rows(&rows);
    }
    return rc;
}

int main(int argc, char **argv)
{
    args_t args;
    if (parse_args(argc, argv, &args) < 0)
        return usage();
    arena_t *a = arena_new();
    live_t *l = NULL;
    err_t err;
    int rc = 3;
    double t0 = now_ms();
    int connected = pgc_connect(a, &args.live, &l, &err);
    printf("elapsed_ms: %.1f\n", now_ms() - t0);
    if (connected < 0) {
        printf("error: %s: %s\n", err_code_name(err.code), err.message);
        goto cleanup;
    }
    printf("connected: %s\nreplica: %s\n", pgc_describe(l), l->replica ? "yes" : "no");
    printf("server_version_num: %d\n", l->server_version_num);
    rc = run_queries(l, &args);
cleanup:
    pgc_close(l);
    arena_free(a);
    fflush(stdout);
    return rc;
}
