/* cli.c — the command table, shared options, input and output. */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/engine.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

#ifndef DBAGENT_VERSION
#define DBAGENT_VERSION "dev"
#endif

enum { MAX_INPUT_FILE = 64 * 1024 * 1024 };

static const cli_command_t commands[] = {
    {"run", cmd_run, "request JSON in, report JSON out (the machine interface)"},
    {"optimize", cmd_optimize, "query → plan, bottlenecks, rewrite, indexes, cache strategy"},
    {"rules", cmd_rules, "list the rules, or show one rule's documentation"},
    {"explain", cmd_explain, "EXPLAIN output → per-node times, bottlenecks and fixes"},
    {"design", cmd_design, "schema review, and the database choice from requirements"},
    {"migrate", cmd_migrate, "migration safety: locks, rewrites, the safe version (CI)"},
    {"digest", cmd_digest, "server logs → ranked workload, N+1 runs, one index plan"},
    {"snapshot", cmd_snapshot, "catalog + statistics of a live database as JSON"},
};

static void usage(FILE *out)
{
    fprintf(out, "dbagent %s — database performance advisor\n\n"
                 "usage: dbagent COMMAND [OPTIONS]\n\ncommands:\n",
            DBAGENT_VERSION);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nnot yet implemented: debug, scale, serve, mcp (they answer a clear\n"
          "error, exit 2)\n\n"
          "exit codes: 0 done; 1 findings at or above --fail-on; 2 bad input or usage;\n"
          "3 database unreachable\n\n"
          "Run 'dbagent COMMAND --help' for a command's options.\n",
          out);
}

static const char *const planned[] = {"debug", "scale", "serve", "mcp"};

int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("dbagent %s\n", DBAGENT_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(name, commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof(planned) / sizeof(planned[0]); i++)
        if (!strcmp(name, planned[i])) {
            fprintf(stderr, "dbagent: '%s' is not implemented yet; implemented: run, optimize, "
                            "rules, snapshot, explain, design, migrate\n", name);
            return EXIT_USAGE;
        }
    fprintf(stderr, "dbagent: unknown command '%s'\n\n", name);
    usage(stderr);
    return EXIT_USAGE;
}

void cli_common_init(cli_common_t *c)
{
    memset(c, 0, sizeof(*c));
    c->fail_on = -1;
    c->min_improvement = -1;
    task_live_defaults(&c->live);
}

/* A whole number in [lo, hi] for option name, or an error. */
static int int_option(const char *name, const char *arg, long lo, long hi, int *out, err_t *err)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (!*arg || *end || v < lo || v > hi)
        return err_set(err, ERR_INVALID_REQUEST,
                       "--%s: expected a whole number from %ld to %ld; got \"%s\"", name, lo, hi,
                       arg);
    *out = (int)v;
    return 1;
}

static int live_option(cli_common_t *c, int opt, const char *arg, err_t *err)
{
    int pct;
    switch (opt) {
    case OPT_DB: c->db = arg; return 1;
    case OPT_REPLICA: c->replica = arg; return 1;
    case OPT_SNAPSHOT: c->snapshot = arg; return 1;
    case OPT_ANALYZE: c->analyze = true; return 1;
    case OPT_ANALYZE_WRITES: c->analyze_writes = true; return 1;
    case OPT_STATEMENT_TIMEOUT:
        return int_option("statement-timeout", arg, 1, 3600000, &c->live.statement_timeout_ms, err);
    case OPT_LOCK_TIMEOUT:
        return int_option("lock-timeout", arg, 1, 3600000, &c->live.lock_timeout_ms, err);
    case OPT_RETRY_ATTEMPTS:
        return int_option("retry-attempts", arg, 1, 10, &c->live.retry.attempts, err);
    case OPT_RETRY_INITIAL:
        return int_option("retry-initial-ms", arg, 0, 600000, &c->live.retry.initial_ms, err);
    case OPT_RETRY_MAX:
        return int_option("retry-max-ms", arg, 0, 3600000, &c->live.retry.max_ms, err);
    case OPT_MIN_IMPROVEMENT:
        if (int_option("min-improvement", arg, 0, 100, &pct, err) < 0)
            return -1;
        c->min_improvement = pct;
        return 1;
    default: return 0;
    }
}

void cli_apply_live(const cli_common_t *c, request_t *req)
{
    if (c->db && !req->connection)
        req->connection = c->db;
    if (c->replica && !req->options.replica)
        req->options.replica = c->replica;
    if (c->snapshot && !req->snapshot)
        req->snapshot = c->snapshot;
    req->options.analyze |= c->analyze;
    req->options.analyze_writes |= c->analyze_writes;
    if (c->min_improvement >= 0 && req->options.min_improvement < 0)
        req->options.min_improvement = c->min_improvement;
}


int cli_common_option(cli_common_t *c, int opt, const char *arg, err_t *err)
{
    switch (opt) {
    case 's': c->schema_file = arg; return 1;
    case 'F': c->format_name = arg; return 1;
    case 'o': c->output = arg; return 1;
    case 'x':
        if (!strcmp(arg, "none")) {
            c->fail_on = -1;
            return 1;
        }
        c->fail_on = severity_parse(arg);
        if (c->fail_on < 0)
            return err_set(err, ERR_INVALID_REQUEST,
                           "--fail-on: expected one of info, warning, critical, none; got \"%s\"",
                           arg);
        return 1;
    default: return live_option(c, opt, arg, err);
    }
}

int cli_parse(int argc, char **argv, const char *shortopts, const struct option *longopts,
              const char *help, cli_common_t *common, cli_option_fn own, void *ctx,
              int *exit_code)
{
    err_t err = {0};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(help, stdout);
            *exit_code = EXIT_OK;
            return -1;
        }
        int used = own ? own(opt, optarg, ctx, &err) : 0;
        if (used == 0)
            used = cli_common_option(common, opt, optarg, &err);
        if (used < 0) {
            *exit_code = cli_fail(common, &err, NULL);
            return -1;
        }
        if (used == 0) {
            fputs(help, stderr);
            *exit_code = EXIT_USAGE;
            return -1;
        }
    }
    if (cli_common_finish(common, &err) < 0) {
        *exit_code = cli_fail(common, &err, NULL);
        return -1;
    }
    return 0;
}

static int run_task(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
                    err_t *err, void *ctx)
{
    (void)ctx;
    return task_run(a, req, env, out, err);
}

int cli_execute(cli_common_t *c, arena_t *a, request_t *req, const char *error_source)
{
    return cli_execute_with(c, a, req, error_source, run_task, NULL);
}

int cli_execute_with(cli_common_t *c, arena_t *a, request_t *req, const char *error_source,
                     cli_task_fn run, void *ctx)
{
    arena_t *shared = arena_new();
    catalog_t cat;
    task_env_t env = {.live = c->live, .live_set = true};
    report_t *report;
    err_t err = {0};
    int rc;
    cli_apply_live(c, req);
    if (cli_load_schema(shared, c, &cat, &env.catalog, &err) < 0 ||
        run(a, req, &env, &report, &err, ctx) < 0 ||
        cli_write_output(c, render_report(a, report, &c->render), &err) < 0)
        rc = cli_fail(c, &err, !strcmp(err.path, "/schema") ? NULL : error_source);
    else
        rc = cli_findings_exit(c, report);
    arena_free(shared);
    return rc;
}

int cli_common_finish(cli_common_t *c, err_t *err)
{
    bool tty = !c->output && isatty(STDOUT_FILENO);
    if (c->format_name) {
        int f = render_format_parse(c->format_name);
        if (f < 0)
            return err_set(err, ERR_INVALID_REQUEST,
                           "--format: expected one of json, text, markdown, sarif, html; got \"%s\"",
                           c->format_name);
        c->render.format = (format_t)f;
    } else {
        c->render.format = tty ? FMT_TEXT : FMT_JSON;
    }
    const char *no_color = getenv("NO_COLOR");
    c->render.color = tty && c->render.format == FMT_TEXT && !(no_color && no_color[0]);
    return 0;
}

int cli_load_schema(arena_t *a, const cli_common_t *c, catalog_t *cat, const catalog_t **out,
                    err_t *err)
{
    *out = NULL;
    if (!c->schema_file)
        return 0;
    char *text;
    size_t len;
    if (cli_read_file(a, c->schema_file, &text, &len, err) < 0)
        return -1;
    catalog_init(cat, a);
    if (engine_find("postgresql")->load_ddl(a, text, cat, err) < 0) {
        char msg[900];
        snprintf(msg, sizeof(msg), "%.800s", err->message);
        snprintf(err->message, sizeof(err->message), "%s: %s", c->schema_file, msg);
        return -1;
    }
    *out = cat;
    return 0;
}

/* A regular file of known size is read once, straight into the arena (plans can
 * be tens of megabytes: no second copy). Streams grow a buffer, then copy. */
static int read_sized(arena_t *a, FILE *f, const char *path, size_t size, char **out,
                      size_t *len, err_t *err)
{
    if (size > MAX_INPUT_FILE)
        return err_set(err, ERR_INVALID_REQUEST, "%s: larger than %d MB", path,
                       MAX_INPUT_FILE >> 20);
    char *buf = arena_alloc(a, size + 1);
    size_t got = fread(buf, 1, size, f);
    if (got != size || ferror(f))
        return err_set(err, ERR_IO, "%s: read error", path);
    buf[size] = '\0';
    *out = buf;
    *len = size;
    return 0;
}

static int read_stream(arena_t *a, FILE *f, const char *path, char **out, size_t *len,
                       err_t *err)
{
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap);
    int rc = 0;
    for (;;) {
        if (n + 1 >= cap) {
            if (cap >= MAX_INPUT_FILE) {
                rc = err_set(err, ERR_INVALID_REQUEST, "%s: larger than %d MB", path,
                             MAX_INPUT_FILE >> 20);
                goto cleanup;
            }
            cap *= 2;
            char *grown = realloc(buf, cap);
            if (!grown)
                abort();
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        rc = err_set(err, ERR_IO, "%s: read error", path);
        goto cleanup;
    }
    *out = arena_strndup(a, buf, n);
    *len = n;
cleanup:
    free(buf);
    return rc;
}

int cli_read_file(arena_t *a, const char *path, char **out, size_t *len, err_t *err)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return err_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    int rc = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)
                 ? read_sized(a, f, path, (size_t)st.st_size, out, len, err)
                 : read_stream(a, f, path, out, len, err);
    if (f != stdin)
        fclose(f);
    return rc;
}

int cli_write_output(const cli_common_t *c, const char *text, err_t *err)
{
    FILE *f = c->output ? fopen(c->output, "wb") : stdout;
    if (!f)
        return err_set(err, ERR_IO, "%s: %s", c->output, strerror(errno));
    size_t len = strlen(text);
    bool ok = fwrite(text, 1, len, f) == len && (len == 0 || text[len - 1] == '\n' || fputc('\n', f) != EOF);
    if (f != stdout)
        ok = fclose(f) == 0 && ok;
    else
        ok = fflush(f) == 0 && ok;
    return ok ? 0 : err_set(err, ERR_IO, "%s: write failed", c->output ? c->output : "stdout");
}

int cli_exit_code_for(const err_t *err)
{
    return err->code == ERR_UNREACHABLE ? EXIT_UNREACHABLE : EXIT_USAGE;
}

int cli_fail(const cli_common_t *c, const err_t *err, const char *source)
{
    arena_t *a = arena_new();
    const char *text = render_error(a, err, source, &c->render);
    if (c->render.format == FMT_JSON || c->render.format == FMT_SARIF) {
        err_t werr;
        if (cli_write_output(c, text, &werr) < 0)
            fprintf(stderr, "dbagent: %s\n", werr.message);
    } else {
        fputs(text, stderr);
    }
    arena_free(a);
    return cli_exit_code_for(err);
}

int cli_findings_exit(const cli_common_t *c, const report_t *r)
{
    return c->fail_on >= 0 && report_max_severity(r) >= c->fail_on ? EXIT_FINDINGS : EXIT_OK;
}
