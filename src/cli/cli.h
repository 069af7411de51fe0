/* cli.h — subcommands, flags, help, exit codes. Only cli/ and main.c print or
 * decide exit codes. */
#ifndef DBAGENT_CLI_H
#define DBAGENT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/err.h"
#include "model/catalog.h"
#include "model/report.h"
#include "render/render.h"

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
} cli_common_t;

void cli_common_init(cli_common_t *c);
/* Handles a shared option; returns 1 when consumed, 0 when not ours, -1 on error. */
int cli_common_option(cli_common_t *c, int opt, const char *arg, err_t *err);
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

/* docs/rules.md, embedded at build time. */
extern const char rules_doc[];

#define CLI_COMMON_LONGOPTS                                                                  \
    {"schema", required_argument, NULL, 's'}, {"format", required_argument, NULL, 'F'},      \
    {"output", required_argument, NULL, 'o'}, {"fail-on", required_argument, NULL, 'x'},     \
    {"help", no_argument, NULL, 'h'}

#endif
