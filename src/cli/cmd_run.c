/* cmd_run.c — `dbagent run [FILE|-] [--jsonl]`: request JSON in, report JSON out. */
#include <getopt.h>
#include <string.h>

#include "cli/cli.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char help[] =
    "usage: dbagent run [FILE|-] [--jsonl] [options]\n\n"
    "Reads a request (JSON, DESIGN.md §2) and writes the report as JSON.\n\n"
    "  FILE                the request (default '-': standard input)\n"
    "      --jsonl         one request per line in, one report (or error) per line out\n"
    "  -s, --schema FILE   DDL used by requests that carry no \"schema\" of their own\n"
    "  -o, --output FILE   write to FILE\n"
    "      --fail-on SEV   exit 1 when a finding is at or above info|warning|critical\n"
    "  -h, --help          this help\n\n"
    "A bad request answers {\"error\": {\"code\", \"message\", \"path\"}} and exit 2.\n"
    "The live options apply to requests that do not set their own.\n\n" CLI_LIVE_HELP;

/* One request → one report or error, in its own arena. Returns the exit code. */
static int run_one(const cli_common_t *c, const task_env_t *env, const char *text, size_t len,
                   FILE *out)
{
    arena_t *a = arena_new();
    request_t req;
    report_t *report = NULL;
    err_t err = {0};
    int rc = EXIT_OK;
    const char *json;
    int parsed = request_parse_json(a, text, len, &req, &err);
    if (parsed == 0)
        cli_apply_live(c, &req);
    if (parsed < 0 || task_run(a, &req, env, &report, &err) < 0) {
        json = render_json_error(a, &err, c->render.compact);
        rc = cli_exit_code_for(&err);
    } else {
        json = render_json(a, report, c->render.compact);
        rc = cli_findings_exit(c, report);
    }
    fputs(json, out);
    fputc('\n', out);
    arena_free(a);
    return rc;
}

static int worse(int a, int b)
{
    return a > b ? a : b;
}

static int run_lines(const cli_common_t *c, const task_env_t *env, char *text, FILE *out)
{
    int rc = EXIT_OK;
    for (char *line = text; *line;) {
        char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len && line[len - 1] == '\r')
            len--;
        if (len)
            rc = worse(rc, run_one(c, env, line, len, out));
        if (!eol)
            break;
        line = eol + 1;
    }
    return rc;
}

static int run_option(int opt, const char *arg, void *ctx, err_t *err)
{
    (void)arg;
    if (opt == 'F')
        return err_set(err, ERR_INVALID_REQUEST, "--format: run always writes JSON");
    if (opt != 'j')
        return 0;
    *(bool *)ctx = true;
    return 1;
}

int cmd_run(int argc, char **argv)
{
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"jsonl", no_argument, NULL, 'j'},
                                             {NULL, 0, NULL, 0}};
    cli_common_t common;
    cli_common_init(&common);
    bool jsonl = false;
    err_t err = {0};
    int rc;
    if (cli_parse(argc, argv, "s:o:h", longopts, help, &common, run_option, &jsonl, &rc) < 0)
        return rc;
    common.render.format = FMT_JSON;
    common.render.compact = jsonl;
    if (argc - optind > 1) {
        fputs(help, stderr);
        return EXIT_USAGE;
    }
    const char *path = optind < argc ? argv[optind] : "-";
    arena_t *shared = arena_new();
    catalog_t cat;
    task_env_t env = {0};
    char *text;
    size_t len;
    FILE *out = stdout;
    env.live = common.live;
    env.live_set = true;
    if (cli_load_schema(shared, &common, &cat, &env.catalog, &err) < 0 ||
        cli_read_file(shared, path, &text, &len, &err) < 0) {
        rc = cli_fail(&common, &err, NULL);
        goto cleanup;
    }
    if (common.output && !(out = fopen(common.output, "wb"))) {
        err_set(&err, ERR_IO, "%s: cannot open for writing", common.output);
        common.output = NULL;
        rc = cli_fail(&common, &err, NULL);
        goto cleanup;
    }
    rc = jsonl ? run_lines(&common, &env, text, out) : run_one(&common, &env, text, len, out);
    if (out != stdout)
        fclose(out);
cleanup:
    arena_free(shared);
    return rc;
}
