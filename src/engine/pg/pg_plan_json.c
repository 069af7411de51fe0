/* pg_plan_json.c — a single-pass reader for EXPLAIN's JSON format.
 *
 * Plans can be tens of megabytes, so the reader does not build a JSON document:
 * it walks the text once and stores the keys the analyzer uses directly into plan
 * nodes (a table maps key → field), skipping everything else. Strings are copied
 * only when kept. Nesting is bounded (a deeper document is an error, not a stack
 * overflow). The input need not be NUL-terminated. */
#include "engine/pg/pg_plan_json.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

enum { MAX_DEPTH = 2000 };

typedef struct {
    arena_t *a;
    const char *p, *start, *end;
    err_t *err;
    int depth;
    bool failed;
} reader_t;

static int line_of(const reader_t *r)
{
    int line = 1;
    for (const char *q = r->start; q < r->p && q < r->end; q++)
        line += *q == '\n';
    return line;
}

static bool fail(reader_t *r, const char *what)
{
    if (!r->failed) {
        r->failed = true;
        int line = line_of(r);
        err_set(r->err, ERR_INVALID_REQUEST, "not a valid EXPLAIN JSON plan: %s (line %d)", what,
                line);
        r->err->line = line;
        r->err->column = 1;
    }
    return false;
}

static void skip_ws(reader_t *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\t' || *r->p == '\r'))
        r->p++;
}

static bool expect(reader_t *r, char c, const char *what)
{
    skip_ws(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return true;
    }
    return fail(r, r->p >= r->end ? "the document ends too early" : what);
}

/* ---- scalars ----------------------------------------------------------------- */

/* The raw extent of a string token (between the quotes, escapes untouched). */
static bool string_span(reader_t *r, const char **s, size_t *n, bool *escaped)
{
    if (!expect(r, '"', "expected a string"))
        return false;
    const char *begin = r->p;
    *escaped = false;
    while (r->p < r->end && *r->p != '"') {
        if (*r->p == '\\') {
            *escaped = true;
            r->p++;
        } else if ((unsigned char)*r->p < 0x20) {
            return fail(r, "a control character inside a string");
        }
        r->p++;
    }
    if (r->p >= r->end)
        return fail(r, "a string is not closed");
    *s = begin;
    *n = (size_t)(r->p - begin);
    r->p++;
    return true;
}

static void put_utf8(sb_t *sb, uint32_t cp)
{
    char b[4];
    if (cp < 0x80) { b[0] = (char)cp; sb_addn(sb, b, 1); }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | cp >> 6); b[1] = (char)(0x80 | (cp & 0x3F)); sb_addn(sb, b, 2); }
    else if (cp < 0x10000) { b[0] = (char)(0xE0 | cp >> 12); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[2] = (char)(0x80 | (cp & 0x3F)); sb_addn(sb, b, 3); }
    else { b[0] = (char)(0xF0 | cp >> 18); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F)); b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); sb_addn(sb, b, 4); }
}

static const char *unescape(reader_t *r, const char *s, size_t n)
{
    sb_t sb;
    sb_init(&sb, r->a);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            sb_addc(&sb, s[i]);
            continue;
        }
        if (++i >= n)
            break;
        switch (s[i]) {
        case 'n': sb_addc(&sb, '\n'); break;
        case 't': sb_addc(&sb, '\t'); break;
        case 'r': sb_addc(&sb, '\r'); break;
        case 'b': sb_addc(&sb, '\b'); break;
        case 'f': sb_addc(&sb, '\f'); break;
        case 'u': {
            uint32_t cp = 0;
            for (int k = 0; k < 4 && i + 1 < n; k++) {
                char h = s[++i];
                cp = cp * 16 + (uint32_t)(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
            }
            put_utf8(&sb, cp);
            break;
        }
        default: sb_addc(&sb, s[i]); break;
        }
    }
    return sb_str(&sb);
}

static bool read_string(reader_t *r, const char **out)
{
    const char *s;
    size_t n;
    bool escaped;
    if (!string_span(r, &s, &n, &escaped))
        return false;
    *out = escaped ? unescape(r, s, n) : arena_strndup(r->a, s, n);
    return true;
}

static bool read_number(reader_t *r, double *out)
{
    skip_ws(r);
    char buf[64];
    size_t n = 0;
    while (r->p < r->end && n < sizeof(buf) - 1 && strchr("+-0123456789.eE", *r->p) && *r->p)
        buf[n++] = *r->p++;
    buf[n] = '\0';
    char *endp;
    *out = strtod(buf, &endp);
    if (n == 0 || *endp)
        return fail(r, "expected a number");
    return true;
}

static bool read_literal(reader_t *r, const char *word, size_t n)
{
    if ((size_t)(r->end - r->p) >= n && !memcmp(r->p, word, n)) {
        r->p += n;
        return true;
    }
    return fail(r, "expected a value");
}

static bool skip_value(reader_t *r);

static bool skip_container(reader_t *r, char open, char close)
{
    if (++r->depth > MAX_DEPTH)
        return fail(r, "nesting is too deep");
    r->p++; /* open */
    skip_ws(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        r->depth--;
        return true;
    }
    for (;;) {
        if (open == '{') {
            const char *s;
            size_t n;
            bool esc;
            if (!string_span(r, &s, &n, &esc) || !expect(r, ':', "expected ':' after a key"))
                return false;
        }
        if (!skip_value(r))
            return false;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        r->depth--;
        return expect(r, close, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static bool skip_value(reader_t *r)
{
    skip_ws(r);
    if (r->p >= r->end)
        return fail(r, "the document ends too early");
    switch (*r->p) {
    case '{': return skip_container(r, '{', '}');
    case '[': return skip_container(r, '[', ']');
    case '"': {
        const char *s;
        size_t n;
        bool esc;
        return string_span(r, &s, &n, &esc);
    }
    case 't': return read_literal(r, "true", 4);
    case 'f': return read_literal(r, "false", 5);
    case 'n': return read_literal(r, "null", 4);
    default: {
        double d;
        return read_number(r, &d);
    }
    }
}

/* Iterates an object: calls member(r, key, keylen, ctx) positioned at each value,
 * which must consume it. */
typedef bool (*member_fn)(reader_t *r, const char *key, size_t n, void *ctx);

static bool read_object(reader_t *r, member_fn member, void *ctx)
{
    if (!expect(r, '{', "expected an object"))
        return false;
    if (++r->depth > MAX_DEPTH)
        return fail(r, "nesting is too deep");
    skip_ws(r);
    if (r->p < r->end && *r->p == '}') {
        r->p++;
        r->depth--;
        return true;
    }
    for (;;) {
        const char *key;
        size_t n;
        bool esc;
        if (!string_span(r, &key, &n, &esc) || !expect(r, ':', "expected ':' after a key") ||
            !member(r, key, n, ctx))
            return false;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        r->depth--;
        return expect(r, '}', "expected ',' or '}'");
    }
}

static bool read_string_array(reader_t *r, const char ***out, int *n)
{
    if (!expect(r, '[', "expected an array of strings"))
        return false;
    int cap = 0;
    *out = NULL;
    *n = 0;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return true;
    }
    for (;;) {
        const char *s;
        if (!read_string(r, &s))
            return false;
        ARENA_PUSH(r->a, *out, *n, cap, s);
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        return expect(r, ']', "expected ',' or ']'");
    }
}

/* ---- plan nodes ---------------------------------------------------------------- */

typedef enum { F_STR, F_NUM, F_INT, F_BOOL, F_STRS } field_kind_t;

typedef struct {
    const char *key;
    field_kind_t kind;
    size_t offset, count_offset;
} field_t;

#define S(k, f) {k, F_STR, offsetof(plan_node_t, f), 0}
#define N(k, f) {k, F_NUM, offsetof(plan_node_t, f), 0}
#define I(k, f) {k, F_INT, offsetof(plan_node_t, f), 0}
#define B(k, f) {k, F_BOOL, offsetof(plan_node_t, f), 0}
#define A(k, f, c) {k, F_STRS, offsetof(plan_node_t, f), offsetof(plan_node_t, c)}

/* Sorted by key in byte order (bsearch): "Hash Cond" < "HashAgg…" because ' ' < 'A'.
 * test_plan_json checks the order. */
static const field_t fields[] = {
    N("Actual Loops", actual_loops), N("Actual Rows", actual_rows),
    N("Actual Startup Time", actual_startup_ms), N("Actual Total Time", actual_total_ms),
    S("Alias", alias), S("CTE Name", cte_name), N("Disk Usage", disk_usage_kb),
    N("Exact Heap Blocks", exact_heap_blocks), S("Filter", filter), S("Function Name", function_name),
    A("Group Key", group_key, ngroup_key), N("Hash Batches", hash_batches),
    N("Hash Buckets", hash_buckets), S("Hash Cond", hash_cond), N("HashAgg Batches", hash_batches), N("Heap Fetches", heap_fetches), N("I/O Read Time", io_read_ms),
    N("I/O Write Time", io_write_ms), S("Index Cond", index_cond), S("Index Name", index_name),
    S("Join Filter", join_filter), S("Join Type", join_type), N("Local Hit Blocks", local_hit),
    N("Local Read Blocks", local_read), N("Lossy Heap Blocks", lossy_heap_blocks),
    S("Merge Cond", merge_cond), S("Node Type", node_type), S("Operation", operation),
    N("Original Hash Batches", original_hash_batches), B("Parallel Aware", parallel_aware),
    S("Parent Relationship", parent_relationship), N("Peak Memory Usage", peak_memory_kb),
    N("Plan Rows", plan_rows), N("Plan Width", plan_width), S("Recheck Cond", recheck_cond),
    S("Relation Name", relation), N("Rows Removed by Filter", rows_removed_by_filter),
    N("Rows Removed by Index Recheck", rows_removed_by_index_recheck),
    N("Rows Removed by Join Filter", rows_removed_by_join_filter), S("Scan Direction", scan_direction),
    S("Schema", schema), N("Shared Dirtied Blocks", shared_dirtied), N("Shared Hit Blocks", shared_hit),
    N("Shared Read Blocks", shared_read), N("Shared Written Blocks", shared_written),
    A("Sort Key", sort_key, nsort_key), S("Sort Method", sort_method),
    N("Sort Space Used", sort_space_kb), /* "Sort Space Type" is read in node_member */
    N("Startup Cost", startup_cost), S("Strategy", strategy), S("Subplan Name", subplan_name),
    N("Temp Read Blocks", temp_read), N("Temp Written Blocks", temp_written),
    N("Total Cost", total_cost), I("Workers Launched", workers_launched),
    I("Workers Planned", workers_planned),
};

typedef struct {
    const char *key;
    size_t n;
} keyref_t;

static int field_cmp(const void *k, const void *e)
{
    const keyref_t *key = k;
    const char *name = ((const field_t *)e)->key;
    size_t len = strlen(name);
    int c = memcmp(key->key, name, key->n < len ? key->n : len);
    return c ? c : (key->n < len ? -1 : key->n > len);
}

bool pg_plan_json_fields_sorted(void)
{
    for (size_t i = 1; i < sizeof(fields) / sizeof(fields[0]); i++) {
        keyref_t k = {fields[i - 1].key, strlen(fields[i - 1].key)};
        if (field_cmp(&k, &fields[i]) >= 0)
            return false;
    }
    return true;
}

static const field_t *find_field(const char *key, size_t n)
{
    keyref_t k = {key, n};
    return bsearch(&k, fields, sizeof(fields) / sizeof(fields[0]), sizeof(fields[0]), field_cmp);
}

static bool key_is(const char *key, size_t n, const char *want)
{
    return strlen(want) == n && !memcmp(key, want, n);
}

static bool read_node(reader_t *r, plan_node_t *node);

static bool read_children(reader_t *r, plan_node_t *node)
{
    if (!expect(r, '[', "expected the \"Plans\" array"))
        return false;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return true;
    }
    for (;;) {
        plan_node_t *child = plan_node_new(r->a);
        if (!read_node(r, child))
            return false;
        plan_node_add_child(r->a, node, child);
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        return expect(r, ']', "expected ',' or ']' in \"Plans\"");
    }
}

static bool store_field(reader_t *r, plan_node_t *node, const field_t *f)
{
    char *base = (char *)node;
    double d;
    switch (f->kind) {
    case F_STR: return read_string(r, (const char **)(base + f->offset));
    case F_NUM:
        if (!read_number(r, &d))
            return false;
        *(double *)(base + f->offset) = d;
        return true;
    case F_INT:
        if (!read_number(r, &d))
            return false;
        *(int *)(base + f->offset) = (int)d;
        return true;
    case F_BOOL:
        skip_ws(r);
        *(bool *)(base + f->offset) = r->p < r->end && *r->p == 't';
        return skip_value(r);
    case F_STRS:
        return read_string_array(r, (const char ***)(base + f->offset), (int *)(base + f->count_offset));
    }
    return false;
}

static bool node_member(reader_t *r, const char *key, size_t n, void *ctx)
{
    plan_node_t *node = ctx;
    if (key_is(key, n, "Plans"))
        return read_children(r, node);
    if (key_is(key, n, "Sort Space Type"))
        return read_string(r, &node->sort_space_type);
    const field_t *f = find_field(key, n);
    if (!f)
        return skip_value(r);
    skip_ws(r);
    if (r->p < r->end && *r->p == 'n') /* null: stays unknown */
        return skip_value(r);
    return store_field(r, node, f);
}

static bool read_node(reader_t *r, plan_node_t *node)
{
    if (!read_object(r, node_member, node))
        return false;
    if (!node->node_type)
        return fail(r, "a plan node without \"Node Type\"");
    if (!strcmp(node->node_type, "ModifyTable") && node->operation)
        node->node_type = node->operation; /* "Update on t", as the text format says */
    node->has_actual = node->actual_loops >= 0;
    node->never_executed = node->has_actual && node->actual_loops == 0;
    return true;
}

/* ---- the document -------------------------------------------------------------- */

static bool jit_member(reader_t *r, const char *key, size_t n, void *ctx)
{
    plan_t *p = ctx;
    if (key_is(key, n, "Timing"))
        return read_object(r, jit_member, p);
    if (key_is(key, n, "Total"))
        return read_number(r, &p->jit_ms);
    return skip_value(r);
}

static bool settings_member(reader_t *r, const char *key, size_t n, void *ctx)
{
    plan_t *p = ctx;
    const char *value;
    if (!read_string(r, &value))
        return false;
    int cap = p->nsettings; /* grown one at a time: settings are few */
    const char *s = arena_printf(r->a, "%.*s = '%s'", (int)n, key, value);
    ARENA_PUSH(r->a, p->settings, p->nsettings, cap, s);
    return true;
}

static bool plan_member(reader_t *r, const char *key, size_t n, void *ctx)
{
    plan_t *p = ctx;
    if (key_is(key, n, "Plan")) {
        p->root = plan_node_new(r->a);
        return read_node(r, p->root);
    }
    if (key_is(key, n, "Planning Time"))
        return read_number(r, &p->planning_ms);
    if (key_is(key, n, "Execution Time"))
        return read_number(r, &p->execution_ms);
    if (key_is(key, n, "JIT"))
        return read_object(r, jit_member, p);
    if (key_is(key, n, "Settings"))
        return read_object(r, settings_member, p);
    return skip_value(r);
}

static bool read_plan(reader_t *r, plan_set_t *out)
{
    plan_t *p = plan_new(r->a);
    p->source_format = "json";
    if (!read_object(r, plan_member, p))
        return false;
    if (!p->root)
        return fail(r, "an entry without \"Plan\"");
    plan_set_add(r->a, out, p);
    return true;
}

/* [plan, plan, …] */
static bool read_plan_list(reader_t *r, plan_set_t *out)
{
    if (!expect(r, '[', "expected '[' or '{' at the start of a JSON plan"))
        return false;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']')
        return fail(r, "an empty list of plans");
    for (;;) {
        if (!read_plan(r, out))
            return false;
        skip_ws(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        return expect(r, ']', "expected ',' or ']' between plans");
    }
}

int pg_plan_json_parse(arena_t *a, const char *text, size_t len, plan_set_t *out, err_t *err)
{
    reader_t r = {.a = a, .p = text, .start = text, .end = text + len, .err = err};
    skip_ws(&r);
    bool ok = r.p < r.end && *r.p == '{' ? read_plan(&r, out) : read_plan_list(&r, out);
    skip_ws(&r);
    if (ok && r.p < r.end)
        ok = fail(&r, "unexpected text after the plan");
    return ok ? 0 : -1;
}
