/* request.c — request JSON → request_t, with errors that name the path. */
#include "model/request.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "model/report.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char *const task_names[] = {"design", "optimize", "migrate", "debug", "scale"};
static const char *const db_names[] = {"postgresql", "mysql", "mongodb", "redis", "dynamodb"};
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const char *task_type_name(task_type_t t) { return task_names[t]; }
const char *db_type_name(db_type_t d) { return db_names[d]; }

static int name_index(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(names[i], s))
            return i;
    return -1;
}

int task_type_parse(const char *s) { return name_index(task_names, COUNT(task_names), s); }
int db_type_parse(const char *s) { return name_index(db_names, COUNT(db_names), s); }

void request_init(request_t *req)
{
    memset(req, 0, sizeof(*req));
    req->task_type = TASK_OPTIMIZE;
    req->database_type = DB_POSTGRESQL;
    req->options.fail_on = -1;
    req->options.min_improvement = -1;
}

/* Length of the valid UTF-8 sequence at s, 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
    size_t n;
    uint32_t cp;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0) n = 2, cp = s[0] & 0x1F;
    else if ((s[0] & 0xF0) == 0xE0) n = 3, cp = s[0] & 0x0F;
    else if ((s[0] & 0xF8) == 0xF0) n = 4, cp = s[0] & 0x07;
    else return 0;
    if (n > left)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min_cp[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

int request_check_text(const char *path, const char *text, size_t len, err_t *err)
{
    if (len > REQUEST_MAX_TEXT)
        return err_set_path(err, path, "%s: %zu bytes is more than the limit of %d bytes",
                            path + 1, len, REQUEST_MAX_TEXT);
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        if (s[i] == 0)
            return err_set_path(err, path, "%s: NUL byte at offset %zu", path + 1, i);
        size_t n = utf8_seq(s + i, len - i);
        if (!n)
            return err_set_path(err, path, "%s: invalid UTF-8 at byte offset %zu", path + 1, i);
        i += n;
    }
    return 0;
}

/* "/options/fail_on" → "options.fail_on": how messages name a field. */
static const char *field_name(const char *path, char *buf, size_t size)
{
    snprintf(buf, size, "%s", path[0] == '/' ? path + 1 : path);
    for (char *p = buf; *p; p++)
        if (*p == '/')
            *p = '.';
    return buf;
}

typedef struct {
    arena_t *arena;
    request_t *req;
    err_t *err;
    bool has_task;
} parse_ctx_t;

static int want_string(parse_ctx_t *c, const char *path, json_value_t *v, const char **out)
{
    char name[128];
    if (jv_kind(v) != JV_STRING)
        return err_set_path(c->err, path, "%s: expected a string, got %s",
                            field_name(path, name, sizeof(name)), jv_kind_name(jv_kind(v)));
    size_t len = jv_string_len(v);
    if (request_check_text(path, jv_string(v), len, c->err) < 0)
        return -1;
    *out = arena_strndup(c->arena, jv_string(v), len);
    return 0;
}

static int want_enum(parse_ctx_t *c, const char *path, json_value_t *v,
                     const char *const *names, int n, int *out)
{
    const char *s;
    if (want_string(c, path, v, &s) < 0)
        return -1;
    int i = name_index(names, n, s);
    if (i < 0) {
        char allowed[256] = "";
        size_t used = 0;
        for (int k = 0; k < n; k++)
            used += (size_t)snprintf(allowed + used, sizeof(allowed) - used, "%s%s",
                                     k ? ", " : "", names[k]);
        char name[128];
        return err_set_path(c->err, path, "%s: expected one of %s; got \"%s\"",
                            field_name(path, name, sizeof(name)), allowed, s);
    }
    *out = i;
    return 0;
}

/* options.requirements: {"acid": true, "time_series": true, …} */
static int hint_field(const char *key, json_value_t *v, void *ctx)
{
    parse_ctx_t *c = ctx;
    static const char *const names[] = {"acid", "complex_queries", "write_heavy",
                                        "flexible_schema", "key_value", "caching", "ttl",
                                        "time_series", "full_text", "graph", "aws_scale"};
    bool *flags[] = {&c->req->options.hints.acid, &c->req->options.hints.complex_queries,
                     &c->req->options.hints.write_heavy, &c->req->options.hints.flexible_schema,
                     &c->req->options.hints.key_value, &c->req->options.hints.caching,
                     &c->req->options.hints.ttl, &c->req->options.hints.time_series,
                     &c->req->options.hints.full_text, &c->req->options.hints.graph,
                     &c->req->options.hints.aws_scale};
    char path[160];
    snprintf(path, sizeof(path), "/options/requirements/%s", key);
    int i = name_index(names, COUNT(names), key);
    if (i < 0)
        return err_set_path(c->err, path,
                            "options.requirements: unknown key \"%s\"; allowed: acid, "
                            "complex_queries, write_heavy, flexible_schema, key_value, caching, "
                            "ttl, time_series, full_text, graph, aws_scale",
                            key);
    if (jv_kind(v) != JV_BOOL)
        return err_set_path(c->err, path, "options.requirements.%s: expected a boolean", key);
    *flags[i] = jv_bool(v);
    c->req->options.hints.given = true;
    return 0;
}

static int option_field(const char *key, json_value_t *v, void *ctx)
{
    parse_ctx_t *c = ctx;
    static const char *const sev[] = {"info", "warning", "critical"};
    if (!strcmp(key, "budget_mb")) {
        if (jv_kind(v) != JV_INT && jv_kind(v) != JV_REAL)
            return err_set_path(c->err, "/options/budget_mb",
                                "options.budget_mb: expected a number, got %s",
                                jv_kind_name(jv_kind(v)));
        c->req->options.budget_mb = jv_number(v);
        return 0;
    }
    if (!strcmp(key, "analyze")) {
        if (jv_kind(v) != JV_BOOL)
            return err_set_path(c->err, "/options/analyze",
                                "options.analyze: expected a boolean, got %s",
                                jv_kind_name(jv_kind(v)));
        c->req->options.analyze = jv_bool(v);
        return 0;
    }
    if (!strcmp(key, "analyze_writes")) {
        if (jv_kind(v) != JV_BOOL)
            return err_set_path(c->err, "/options/analyze_writes",
                                "options.analyze_writes: expected a boolean, got %s",
                                jv_kind_name(jv_kind(v)));
        c->req->options.analyze_writes = jv_bool(v);
        return 0;
    }
    if (!strcmp(key, "min_improvement")) {
        if ((jv_kind(v) != JV_INT && jv_kind(v) != JV_REAL) || jv_number(v) < 0 ||
            jv_number(v) > 100)
            return err_set_path(c->err, "/options/min_improvement",
                                "options.min_improvement: expected a percentage from 0 to 100");
        c->req->options.min_improvement = jv_number(v);
        return 0;
    }
    if (!strcmp(key, "replica"))
        return want_string(c, "/options/replica", v, &c->req->options.replica);
    if (!strcmp(key, "pg_version")) {
        if (jv_kind(v) != JV_INT || jv_number(v) < 9 || jv_number(v) > 30)
            return err_set_path(c->err, "/options/pg_version",
                                "options.pg_version: expected a major version such as 15");
        c->req->options.pg_version = (int)jv_number(v);
        return 0;
    }
    if (!strcmp(key, "requirements")) {
        if (jv_kind(v) == JV_STRING)
            return want_string(c, "/options/requirements", v, &c->req->options.requirements);
        if (jv_kind(v) != JV_OBJECT)
            return err_set_path(c->err, "/options/requirements",
                                "options.requirements: expected text or an object of flags");
        return jv_object_each(v, hint_field, c);
    }
    if (!strcmp(key, "fail_on"))
        return want_enum(c, "/options/fail_on", v, sev, 3, &c->req->options.fail_on);
    char path[128];
    snprintf(path, sizeof(path), "/options/%s", key);
    return err_set_path(c->err, path,
                        "options: unknown key \"%s\"; allowed: budget_mb, analyze, analyze_writes, "
                        "min_improvement, replica, pg_version, requirements, fail_on",
                        key);
}

/* The request's text fields, in contract order. */
static const struct {
    const char *key;
    size_t offset;
} text_fields[] = {
    {"query", offsetof(request_t, query)},
    {"performance_issue", offsetof(request_t, performance_issue)},
    {"schema", offsetof(request_t, schema)},
    {"connection", offsetof(request_t, connection)},
    {"snapshot", offsetof(request_t, snapshot)},
    {"explain", offsetof(request_t, explain)},
    {"workload", offsetof(request_t, workload)},
};

static int top_field(const char *key, json_value_t *v, void *ctx)
{
    parse_ctx_t *c = ctx;
    char path[128];
    snprintf(path, sizeof(path), "/%s", key);
    if (!strcmp(key, "task_type")) {
        int t;
        if (want_enum(c, path, v, task_names, COUNT(task_names), &t) < 0)
            return -1;
        c->req->task_type = (task_type_t)t;
        c->has_task = true;
        return 0;
    }
    if (!strcmp(key, "database_type")) {
        int d;
        if (want_enum(c, path, v, db_names, COUNT(db_names), &d) < 0)
            return -1;
        c->req->database_type = (db_type_t)d;
        c->req->database_type_given = true;
        return 0;
    }
    if (!strcmp(key, "options")) {
        if (jv_kind(v) != JV_OBJECT)
            return err_set_path(c->err, path, "options: expected an object, got %s",
                                jv_kind_name(jv_kind(v)));
        return jv_object_each(v, option_field, c);
    }
    for (int i = 0; i < COUNT(text_fields); i++)
        if (!strcmp(key, text_fields[i].key))
            return want_string(c, path, v, (const char **)((char *)c->req + text_fields[i].offset));
    return err_set_path(c->err, path,
                        "unknown key \"%s\"; allowed: task_type, database_type, query, "
                        "performance_issue, schema, connection, snapshot, explain, workload, "
                        "options",
                        key);
}

int request_parse_json(arena_t *a, const char *text, size_t len, request_t *req, err_t *err)
{
    request_init(req);
    /* jansson itself rejects invalid UTF-8 and NUL bytes inside strings. */
    if (len > REQUEST_MAX_TEXT)
        return err_set_path(err, "", "request: %zu bytes is more than the limit of %d bytes",
                            len, REQUEST_MAX_TEXT);
    json_value_t *root;
    if (jv_parse(text, len, &root, err) < 0)
        return -1;
    parse_ctx_t c = {a, req, err, false};
    int rc = 0;
    if (jv_kind(root) != JV_OBJECT)
        rc = err_set_path(err, "", "request: expected a JSON object, got %s",
                          jv_kind_name(jv_kind(root)));
    else if (jv_object_each(root, top_field, &c) < 0)
        rc = -1;
    else if (!c.has_task)
        rc = err_set_path(err, "/task_type",
                          "task_type: required; one of design, optimize, migrate, debug, scale");
    jv_release(root);
    return rc;
}
