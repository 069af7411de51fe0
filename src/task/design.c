/* design.c — schema review and database choice.
 *
 * The schema comes from --schema, a live database or a snapshot; every table is
 * reviewed (schema rules and index hygiene). The database choice follows the
 * agent definition's selection matrix from the stated requirements: free text
 * (options.requirements or performance_issue) and/or flags. */
#include <stdio.h>
#include <string.h>

#include "advise/choice.h"
#include "rules/rules.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* options.requirements flags that are true, with their "given" bits. */
static db_requirements_t hints_of(const request_t *req)
{
    const struct {
        const char *name;
        bool value;
    } flags[] = {
        {"acid", req->options.hints.acid}, {"complex_queries", req->options.hints.complex_queries},
        {"write_heavy", req->options.hints.write_heavy},
        {"flexible_schema", req->options.hints.flexible_schema},
        {"key_value", req->options.hints.key_value}, {"caching", req->options.hints.caching},
        {"ttl", req->options.hints.ttl}, {"time_series", req->options.hints.time_series},
        {"full_text", req->options.hints.full_text}, {"graph", req->options.hints.graph},
        {"aws_scale", req->options.hints.aws_scale},
    };
    db_requirements_t h = {0};
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (flags[i].value && db_requirements_set(&h, flags[i].name, true) < 0)
            break; /* the names above are the setter's own: this cannot happen */
    return h;
}

static int choose(arena_t *a, const request_t *req, const char *text, report_t *r, err_t *err)
{
    db_requirements_t h = hints_of(req);
    db_choice_t ch;
    if (advise_database_choice(a, text, req->options.hints.given ? &h : NULL, &ch, err) < 0)
        return -1;
    database_choice_t *c = arena_alloc(a, sizeof(*c));
    *c = (database_choice_t){ch.recommended, ch.alternatives, ch.nalternatives, ch.reasons,
                             ch.nreasons, ch.note};
    r->database_choice = c;
    report_add_recommendation(r, arena_printf(a, "Database: %s", ch.recommended));
    return 0;
}

int task_design(arena_t *a, const request_t *req, const task_env_t *env, report_t **out,
                err_t *err)
{
    const engine_t *eng = engine_find(db_type_name(req->database_type));
    const char *text = req->options.requirements ? req->options.requirements
                                                 : req->performance_issue;
    report_t *r = report_new(a);
    task_sources_t src;
    int rc = -1;
    if (task_open_sources(a, req, env, eng, r, &src, err) < 0)
        goto cleanup;
    if (!src.catalog->loaded && !text && !req->options.hints.given) {
        err_set_path(err, "/schema", "design: give a schema to review (--schema FILE, --db DSN "
                                     "or --snapshot FILE) and/or requirements to choose a "
                                     "database (--requirements TEXT or options.requirements)");
        goto cleanup;
    }
    if (src.catalog->loaded) {
        rule_ctx_t rc2;
        rule_ctx_init(&rc2, a, r, NULL, src.catalog, eng);
        rules_run(&rc2, RF_SCHEMA);
        rules_run(&rc2, RF_INDEX);
    }
    report_sort(r);
    task_summarise(r);
    if ((text || req->options.hints.given) && choose(a, req, text, r, err) < 0)
        goto cleanup;
    if (src.catalog->loaded)
        task_add_assumptions(r, src.catalog);
    r->meta.task_type = task_type_name(req->task_type);
    r->meta.database_type = db_type_name(req->database_type);
    r->meta.source = src.source;
    r->meta.stale = src.stale;
    r->meta.target = src.target;
    r->meta.version = DBAGENT_VERSION;
    *out = r;
    rc = 0;
cleanup:
    task_close_sources(eng, &src);
    return rc;
}
