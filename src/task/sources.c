/* sources.c — choosing the catalog: live, replica, stale snapshot, snapshot, DDL.
 *
 * The fallback order is the agent definition's: retry the primary (inside the
 * engine's connect), then the read replica, then the stale snapshot with
 * meta.stale = true. When all fail the error says what was tried (exit 3). */
#include <stdio.h>
#include <string.h>

#include "base/sb.h"
#include "model/snapshot.h"
#include "task/task.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

void task_live_defaults(live_opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->statement_timeout_ms = 5000;
    o->lock_timeout_ms = 1000;
    retry_policy_default(&o->retry);
}

static int read_file(arena_t *a, const char *path, char **text, size_t *len, err_t *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(err, ERR_IO, "snapshot %s: cannot open", path);
    sb_t sb;
    sb_init(&sb, a);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        sb_addn(&sb, buf, n);
    fclose(f);
    *text = (char *)sb_str(&sb);
    *len = sb.len;
    return 0;
}

static int load_snapshot(arena_t *a, const char *path, const catalog_t **out, err_t *err)
{
    char *text;
    size_t len;
    if (read_file(a, path, &text, &len, err) < 0)
        return -1;
    catalog_t *cat = arena_alloc(a, sizeof(*cat));
    catalog_init(cat, a);
    if (snapshot_read(a, text, len, cat, err) < 0) {
        /* err->path points into the snapshot file; the contract's path is the
         * request's, so the file's pointer moves into the message. */
        char msg[900], where[128];
        snprintf(msg, sizeof(msg), "%.850s", err->message);
        snprintf(where, sizeof(where), "%s", err->path);
        err->path[0] = '\0';
        snprintf(err->message, sizeof(err->message), "snapshot %.200s%s%.100s: %.600s", path,
                 where[0] ? " at " : "", where, msg);
        return -1;
    }
    *out = cat;
    return 0;
}

static int load_ddl(arena_t *a, const request_t *req, const engine_t *eng, const catalog_t **out,
                    err_t *err)
{
    catalog_t *cat = arena_alloc(a, sizeof(*cat));
    catalog_init(cat, a);
    if (eng->load_ddl(a, req->schema, cat, err) < 0) {
        char msg[900];
        snprintf(msg, sizeof(msg), "%.850s", err->message);
        snprintf(err->message, sizeof(err->message), "schema: %s", msg);
        snprintf(err->path, sizeof(err->path), "/schema");
        return -1;
    }
    cat->source = "ddl";
    *out = cat;
    return 0;
}

static int open_live(arena_t *a, const request_t *req, const task_env_t *env, const engine_t *eng,
                     report_t *r, task_sources_t *out, err_t *err)
{
    live_opts_t o;
    if (env && env->live_set)
        o = env->live;
    else
        task_live_defaults(&o);
    o.dsn = req->connection;
    o.replica_dsn = req->options.replica;
    if (eng->connect(a, &o, &out->live, err) < 0) {
        if (err->code != ERR_UNREACHABLE || !req->snapshot)
            return -1;
        report_add_assumption(r, arena_printf(a, "Database unreachable, so the stale snapshot "
                                                 "%s was used: %s",
                                              req->snapshot, err->message));
        err_clear(err);
        out->source = "snapshot";
        out->stale = true;
        return load_snapshot(a, req->snapshot, &out->catalog, err);
    }
    out->target = eng->live_describe(out->live);
    catalog_t *cat = arena_alloc(a, sizeof(*cat));
    catalog_init(cat, a);
    if (eng->load_live(out->live, cat, err) < 0)
        return -1;
    out->catalog = cat;
    out->source = "live";
    return 0;
}

int task_open_sources(arena_t *a, const request_t *req, const task_env_t *env,
                      const engine_t *eng, report_t *r, task_sources_t *out, err_t *err)
{
    memset(out, 0, sizeof(*out));
    out->source = "offline";
    if (req->connection) {
        if (!eng->connect)
            return err_set(err, ERR_NOT_IMPLEMENTED, "live connections are not implemented for "
                                                     "this database type yet");
        return open_live(a, req, env, eng, r, out, err);
    }
    if (req->snapshot) {
        out->source = "snapshot";
        return load_snapshot(a, req->snapshot, &out->catalog, err);
    }
    if (req->schema)
        return load_ddl(a, req, eng, &out->catalog, err);
    if (env && env->catalog) {
        out->catalog = env->catalog;
        return 0;
    }
    catalog_t *empty = arena_alloc(a, sizeof(*empty));
    catalog_init(empty, a);
    out->catalog = empty;
    return 0;
}

void task_close_sources(const engine_t *eng, task_sources_t *s)
{
    if (s->live)
        eng->disconnect(s->live);
    s->live = NULL;
}

int task_snapshot(arena_t *a, const request_t *req, const task_env_t *env, bool with_values,
                  const char **json, err_t *err)
{
    const engine_t *eng = engine_find(db_type_name(req->database_type));
    if (!eng || !eng->connect)
        return err_set(err, ERR_NOT_IMPLEMENTED, "snapshot: live connections are implemented "
                                                 "for postgresql only");
    request_t live_req = *req;
    live_req.snapshot = NULL; /* a snapshot of a snapshot is not a snapshot */
    report_t *scratch = report_new(a);
    task_sources_t src;
    int rc = task_open_sources(a, &live_req, env, eng, scratch, &src, err);
    if (rc == 0)
        rc = snapshot_write(a, src.catalog, with_values, json);
    task_close_sources(eng, &src);
    return rc;
}
