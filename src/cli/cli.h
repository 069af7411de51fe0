/* cli.h — subcommands, flags, help, exit codes. Only cli/ and main.c print or
 * decide exit codes. */
#ifndef DBAGENT_CLI_H
#define DBAGENT_CLI_H

#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/err.h"
#include "model/catalog.h"
#include "model/report.h"
#include "engine/engine.h"
#include "model/request.h"
#include "render/render.h"
#include "task/task.h"

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_UNREACHABLE = 3 };

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_command_t;

int cli_main(int argc, char **argv);

/* Options most commands share. */
typedef struct {
    const char *schema_file;
    const char *format_name;
    const char *output;
    int fail_on;         /* severity, -1 = never */
    render_opts_t render;
    /* live mode */
    const char *db, *replica, *snapshot;
    bool analyze, analyze_writes;
    double min_improvement; /* -1 = default */
    live_opts_t live;
} cli_common_t;

void cli_common_init(cli_common_t *c);
/* A command's own option: 1 when handled, 0 when unknown, -1 on error (err set). */
typedef int (*cli_option_fn)(int opt, const char *arg, void *ctx, err_t *err);

/* The option loop every command shares: --help prints help and stops with exit 0;
 * shared options fill common; the rest go to own (may be NULL); an unknown option
 * prints help to stderr and stops with exit 2. Returns 0 to go on, -1 to stop with
 * *exit_code. Also decides the output format (cli_common_finish). */
int cli_parse(int argc, char **argv, const char *shortopts, const struct option *longopts,
              const char *help, cli_common_t *common, cli_option_fn own, void *ctx,
              int *exit_code);
/* Handles a shared option; returns 1 when consumed, 0 when not ours, -1 on error. */
int cli_common_option(cli_common_t *c, int opt, const char *arg, err_t *err);
/* How a command ends: --schema loaded into a catalog that outlives the request,
 * the live options applied, the task run in arena a, the report written. Returns
 * the exit code; an error is printed with error_source (may be NULL) under the
 * caret. */
int cli_execute(cli_common_t *c, arena_t *a, request_t *req, const char *error_source);
/* cli_execute with another task than the request's (e.g. digest, which takes
 * options of its own through ctx). */
typedef int (*cli_task_fn)(arena_t *a, const request_t *req, const task_env_t *env,
                           report_t **out, err_t *err, void *ctx);
int cli_execute_with(cli_common_t *c, arena_t *a, request_t *req, const char *error_source,
                     cli_task_fn run, void *ctx);
/* Copies --db, --snapshot, --analyze… into a request that has none of its own. */
void cli_apply_live(const cli_common_t *c, request_t *req);
/* Decides format and colour once options are parsed (text on a terminal). */
int cli_common_finish(cli_common_t *c, err_t *err);
/* Loads --schema into cat (an arena that outlives the requests). */
int cli_load_schema(arena_t *a, const cli_common_t *c, catalog_t *cat, const catalog_t **out,
                    err_t *err);

/* Reads a file ("-" for stdin) into the arena, NUL-terminated. */
int cli_read_file(arena_t *a, const char *path, char **out, size_t *len, err_t *err) MUST_CHECK;
/* Writes text to -o FILE or stdout. */
int cli_write_output(const cli_common_t *c, const char *text, err_t *err) MUST_CHECK;
/* Prints an error in the chosen format and returns the exit code for it. */
int cli_fail(const cli_common_t *c, const err_t *err, const char *source);
int cli_exit_code_for(const err_t *err);
/* 1 when a finding is at or above --fail-on, else 0. */
int cli_findings_exit(const cli_common_t *c, const report_t *r);

/* The subcommands. */
int cmd_run(int argc, char **argv);
int cmd_optimize(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_snapshot(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_design(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_digest(int argc, char **argv);


#define CLI_COMMON_LONGOPTS                                                                  \
    {"schema", required_argument, NULL, 's'}, {"format", required_argument, NULL, 'F'},      \
    {"output", required_argument, NULL, 'o'}, {"fail-on", required_argument, NULL, 'x'},     \
    {"help", no_argument, NULL, 'h'}, CLI_LIVE_LONGOPTS

/* Live-mode options; their values are above 1000 so they never clash with letters. */
enum {
    OPT_DB = 1000, OPT_REPLICA, OPT_SNAPSHOT, OPT_ANALYZE, OPT_ANALYZE_WRITES,
    OPT_STATEMENT_TIMEOUT, OPT_LOCK_TIMEOUT, OPT_RETRY_ATTEMPTS, OPT_RETRY_INITIAL,
    OPT_RETRY_MAX, OPT_MIN_IMPROVEMENT
};
#define CLI_LIVE_LONGOPTS                                                                      \
    {"db", required_argument, NULL, OPT_DB}, {"replica", required_argument, NULL, OPT_REPLICA}, \
    {"snapshot", required_argument, NULL, OPT_SNAPSHOT},                                       \
    {"analyze", no_argument, NULL, OPT_ANALYZE},                                               \
    {"analyze-writes", no_argument, NULL, OPT_ANALYZE_WRITES},                                 \
    {"statement-timeout", required_argument, NULL, OPT_STATEMENT_TIMEOUT},                     \
    {"lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT},                               \
    {"retry-attempts", required_argument, NULL, OPT_RETRY_ATTEMPTS},                           \
    {"retry-initial-ms", required_argument, NULL, OPT_RETRY_INITIAL},                          \
    {"retry-max-ms", required_argument, NULL, OPT_RETRY_MAX},                                  \
    {"min-improvement", required_argument, NULL, OPT_MIN_IMPROVEMENT}

#define CLI_LIVE_HELP                                                                          \
    "live mode (read-only; passwords are never printed):\n"                                    \
    "      --db DSN               postgres://… or 'host=… dbname=…' ('' = the PG* variables)\n" \
    "      --replica DSN          read replica, tried when the primary is unreachable\n"        \
    "      --snapshot FILE        catalog + statistics from 'dbagent snapshot'; with --db it\n" \
    "                             is the last fallback (meta.stale: true)\n"                    \
    "      --analyze              EXPLAIN (ANALYZE, BUFFERS) inside BEGIN … ROLLBACK\n"         \
    "      --analyze-writes       also for INSERT/UPDATE/DELETE/MERGE (still rolled back)\n"    \
    "      --statement-timeout MS per statement (default 5000)\n"                               \
    "      --lock-timeout MS      (default 1000)\n"                                             \
    "      --retry-attempts N     tries on transient failures (default 3)\n"                    \
    "      --retry-initial-ms MS  first backoff delay, doubling (default 1000)\n"               \
    "      --retry-max-ms MS      backoff cap (default 30000); each delay jittered by ±20%\n"   \
    "      --min-improvement PCT  keep a what-if index only if it cuts cost by PCT (10)\n"

#endif
