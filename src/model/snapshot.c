/* snapshot.c — catalog ⇄ versioned JSON (see snapshot.h for the format).
 *
 * Writing walks the catalog in its own order (the loaders order it), so the
 * output is as deterministic as the catalog. Reading checks every member's type
 * and rejects unknown members, keeping the JSON pointer of where it is in a small
 * path buffer; all strings are copied into the caller's arena before the parsed
 * document is released. */
#include "model/snapshot.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/json.h"
#include "base/jsonw.h"
#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

/* ======================================================================= writing */

static void w_reals(jsonw_t *w, const char *key, const double *v, int n)
{
    jw_key(w, key);
    jw_array(w);
    for (int i = 0; i < n; i++)
        jw_real(w, v[i]);
    jw_array_end(w);
}

/* A count that is -1 when unknown: null, else an integer. */
static void w_count(jsonw_t *w, const char *key, long long v)
{
    jw_key(w, key);
    if (v < 0)
        jw_null(w);
    else
        jw_int(w, v);
}

/* reltuples and relpages are doubles in the model but whole in practice: whole
 * values print as integers, others with the writer's fixed precision. */
static void w_amount(jsonw_t *w, const char *key, double v)
{
    jw_key(w, key);
    if (v < 0)
        jw_null(w);
    else if (v == floor(v) && v < 9e15)
        jw_int(w, (long long)v);
    else
        jw_real(w, v);
}

static void w_real(jsonw_t *w, const char *key, double v)
{
    jw_key(w, key);
    jw_real(w, v);
}

static void w_stats(jsonw_t *w, const cat_stats_t *s, bool with_values)
{
    jw_key(w, "stats");
    if (!s->present) {
        jw_null(w);
        return;
    }
    jw_object(w);
    w_real(w, "null_frac", s->null_frac);
    w_real(w, "n_distinct", s->n_distinct);
    w_real(w, "correlation", s->correlation);
    w_real(w, "avg_width", s->avg_width);
    if (with_values) {
        jw_kv_strings(w, "most_common_vals", s->mcv, s->nmcv);
        w_reals(w, "most_common_freqs", s->mcf, s->nmcv);
        jw_kv_strings(w, "histogram_bounds", s->histogram, s->nhistogram);
    }
    jw_object_end(w);
}

static void w_column(jsonw_t *w, const cat_column_t *c, bool with_values)
{
    jw_object(w);
    jw_kv_string(w, "name", c->name);
    jw_kv_string(w, "type", c->type);
    jw_kv_string(w, "type_text", c->type_text);
    jw_kv_bool(w, "not_null", c->not_null);
    jw_kv_string(w, "default", c->has_default ? c->default_text : NULL);
    jw_kv_bool(w, "default_volatile", c->default_volatile);
    jw_kv_bool(w, "identity", c->identity);
    jw_kv_bool(w, "serial", c->serial);
    jw_kv_strings(w, "enum_values", c->enum_values, c->nenum);
    w_stats(w, &c->stats, with_values);
    jw_object_end(w);
}

static const char *const nulls_names[] = {NULL, "first", "last"};

static void w_index_key(jsonw_t *w, const cat_index_key_t *k)
{
    jw_object(w);
    if (k->column)
        jw_kv_string(w, "column", k->column);
    else
        jw_kv_string(w, "expr", k->expr);
    jw_kv_bool(w, "desc", k->desc);
    jw_kv_string(w, "nulls", k->nulls >= 1 && k->nulls <= 2 ? nulls_names[k->nulls] : NULL);
    jw_kv_string(w, "opclass", k->opclass);
    jw_object_end(w);
}

static void w_index(jsonw_t *w, const cat_index_t *ix)
{
    jw_object(w);
    jw_kv_string(w, "name", ix->name);
    jw_kv_string(w, "method", ix->method);
    jw_key(w, "keys");
    jw_array(w);
    for (int i = 0; i < ix->nkeys; i++)
        w_index_key(w, &ix->keys[i]);
    jw_array_end(w);
    jw_kv_strings(w, "include", ix->include, ix->ninclude);
    jw_kv_string(w, "predicate", ix->predicate);
    jw_kv_bool(w, "unique", ix->unique);
    jw_kv_bool(w, "primary", ix->primary);
    jw_kv_bool(w, "constraint_backed", ix->constraint_backed);
    jw_kv_bool(w, "valid", ix->valid);
    w_count(w, "idx_scan", ix->idx_scan);
    w_count(w, "size_bytes", ix->size_bytes);
    jw_kv_string(w, "definition", ix->definition);
    jw_object_end(w);
}

static void w_fk(jsonw_t *w, const cat_fk_t *fk)
{
    jw_object(w);
    jw_kv_string(w, "name", fk->name);
    jw_kv_strings(w, "columns", fk->columns, fk->ncolumns);
    jw_kv_string(w, "ref_table", fk->ref_table);
    jw_kv_strings(w, "ref_columns", fk->ref_columns, fk->nref_columns);
    jw_object_end(w);
}

static void w_table(jsonw_t *w, const cat_table_t *t, bool with_values)
{
    jw_object(w);
    jw_kv_string(w, "schema", t->schema);
    jw_kv_string(w, "name", t->name);
    w_amount(w, "rows", t->rows);
    w_amount(w, "pages", t->pages);
    w_count(w, "size_bytes", t->size_bytes);
    jw_kv_string(w, "last_analyze", t->last_analyze);
    w_count(w, "n_mod_since_analyze", t->n_mod_since_analyze);
    jw_key(w, "columns");
    jw_array(w);
    for (int i = 0; i < t->ncolumns; i++)
        w_column(w, &t->columns[i], with_values);
    jw_array_end(w);
    jw_kv_strings(w, "primary_key", t->pk, t->npk);
    jw_key(w, "foreign_keys");
    jw_array(w);
    for (int i = 0; i < t->nfks; i++)
        w_fk(w, &t->fks[i]);
    jw_array_end(w);
    jw_key(w, "indexes");
    jw_array(w);
    for (int i = 0; i < t->nindexes; i++)
        w_index(w, t->indexes[i]);
    jw_array_end(w);
    jw_object_end(w);
}

static void w_settings(jsonw_t *w, const catalog_t *cat)
{
    jw_key(w, "settings");
    jw_array(w);
    for (int i = 0; i < cat->nsettings; i++) {
        jw_object(w);
        jw_kv_string(w, "name", cat->settings[i].name);
        jw_kv_string(w, "setting", cat->settings[i].value);
        jw_kv_string(w, "unit", cat->settings[i].unit);
        jw_object_end(w);
    }
    jw_array_end(w);
}

static void w_enums(jsonw_t *w, const catalog_t *cat)
{
    jw_key(w, "enums");
    jw_array(w);
    for (int i = 0; i < cat->nenums; i++) {
        jw_object(w);
        jw_kv_string(w, "name", cat->enums[i].name);
        jw_kv_strings(w, "values", cat->enums[i].values, cat->enums[i].nvalues);
        jw_object_end(w);
    }
    jw_array_end(w);
}

static const char *now_utc(arena_t *a)
{
    time_t now = time(NULL);
    struct tm tm;
    char buf[32];
    gmtime_r(&now, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return arena_strdup(a, buf);
}

int snapshot_write_opts(arena_t *a, const catalog_t *cat, const snapshot_opts_t *o,
                        const char **json)
{
    sb_t sb;
    jsonw_t w;
    sb_init(&sb, a);
    jw_init(&w, &sb, true);
    jw_object(&w);
    jw_kv_int(&w, "dbagent_snapshot", SNAPSHOT_VERSION);
    jw_kv_string(&w, "taken_at", o->taken_at ? o->taken_at : now_utc(a));
    jw_kv_string(&w, "server_version", cat->server_version);
    jw_key(&w, "server_version_num");
    if (cat->server_version_num > 0)
        jw_int(&w, cat->server_version_num);
    else
        jw_null(&w);
    jw_kv_string(&w, "source", o->source ? o->source : cat->source);
    w_settings(&w, cat);
    jw_kv_strings(&w, "extensions", cat->extensions, cat->nextensions);
    jw_kv_strings(&w, "available_extensions", cat->available_extensions, cat->navailable);
    w_enums(&w, cat);
    jw_key(&w, "tables");
    jw_array(&w);
    for (int i = 0; i < cat->ntables; i++)
        w_table(&w, cat->tables[i], o->with_values);
    jw_array_end(&w);
    jw_object_end(&w);
    sb_addc(&sb, '\n');
    *json = sb_str(&sb);
    return 0;
}

int snapshot_write(arena_t *a, const catalog_t *cat, bool with_values, const char **json)
{
    snapshot_opts_t o = {.with_values = with_values};
    return snapshot_write_opts(a, cat, &o, json);
}

/* ======================================================================= reading */

typedef struct {
    arena_t *a;
    err_t *err;
    char path[512];          /* JSON pointer of the value being read */
    size_t len;
} rd_t;

/* Appends "/seg" (escaped as RFC 6901 wants) and returns the length to restore. */
static size_t rd_enter(rd_t *r, const char *seg)
{
    size_t saved = r->len;
    char *p = r->path + r->len, *end = r->path + sizeof(r->path) - 3;
    *p++ = '/';
    for (; *seg && p < end; seg++) {
        if (*seg == '~' || *seg == '/') {
            *p++ = '~';
            *p++ = *seg == '~' ? '0' : '1';
        } else {
            *p++ = *seg;
        }
    }
    *p = '\0';
    r->len = (size_t)(p - r->path);
    return saved;
}

static size_t rd_enter_at(rd_t *r, size_t i)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "%zu", i);
    return rd_enter(r, buf);
}

static void rd_leave(rd_t *r, size_t saved)
{
    r->len = saved;
    r->path[saved] = '\0';
}

/* Fails with "<path>: <message>" and err->path set. Returns -1. */
static int rd_fail(rd_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int rd_fail(rd_t *r, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return err_set_path(r->err, r->path, "%s: %s", r->len ? r->path : "/", msg);
}

static int rd_expect(rd_t *r, const json_value_t *v, jv_kind_t kind, const char *what)
{
    jv_kind_t k = jv_kind(v);
    if (k == kind || (kind == JV_REAL && k == JV_INT))
        return 0;
    return rd_fail(r, "expected %s, got %s", what, jv_kind_name(k));
}

typedef struct {
    rd_t *r;
    const char *const *allowed;
} keycheck_t;

static int check_key(const char *key, json_value_t *val, void *ctx)
{
    (void)val;
    keycheck_t *kc = ctx;
    for (const char *const *k = kc->allowed; *k; k++)
        if (!strcmp(*k, key))
            return 0;
    sb_t sb;
    sb_init(&sb, kc->r->a);
    for (const char *const *k = kc->allowed; *k; k++)
        sb_addf(&sb, "%s%s", k == kc->allowed ? "" : ", ", *k);
    size_t saved = rd_enter(kc->r, key);
    rd_fail(kc->r, "unknown member (expected one of: %s)", sb_str(&sb));
    rd_leave(kc->r, saved);
    return -1;
}

/* v must be an object with members from allowed (NULL-terminated) only. */
static int rd_object(rd_t *r, const json_value_t *v, const char *const *allowed)
{
    if (rd_expect(r, v, JV_OBJECT, "an object") < 0)
        return -1;
    keycheck_t kc = {r, allowed};
    return jv_object_each(v, check_key, &kc);
}

/* The member key of obj, or NULL when absent; *saved is the path to restore. */
static json_value_t *rd_member(rd_t *r, const json_value_t *obj, const char *key, size_t *saved)
{
    json_value_t *v = jv_get(obj, key);
    if (v)
        *saved = rd_enter(r, key);
    return v;
}

/* A string member; absent leaves *out alone; null is allowed when nullable. */
static int rd_string(rd_t *r, const json_value_t *obj, const char *key, bool nullable,
                     const char **out)
{
    size_t saved;
    json_value_t *v = rd_member(r, obj, key, &saved);
    if (!v)
        return 0;
    if (nullable && jv_kind(v) == JV_NULL)
        *out = NULL;
    else if (rd_expect(r, v, JV_STRING, nullable ? "a string or null" : "a string") < 0)
        return -1;
    else
        *out = arena_strndup(r->a, jv_string(v), jv_string_len(v));
    rd_leave(r, saved);
    return 0;
}

/* A required, non-empty string member (names). */
static int rd_name(rd_t *r, const json_value_t *obj, const char *key, const char **out)
{
    *out = NULL;
    if (rd_string(r, obj, key, false, out) < 0)
        return -1;
    if (*out && **out)
        return 0;
    size_t saved = rd_enter(r, key);
    rd_fail(r, *out ? "expected a non-empty string" : "missing (expected a string)");
    rd_leave(r, saved);
    return -1;
}

static int rd_bool(rd_t *r, const json_value_t *obj, const char *key, bool *out)
{
    size_t saved;
    json_value_t *v = rd_member(r, obj, key, &saved);
    if (!v)
        return 0;
    if (rd_expect(r, v, JV_BOOL, "true or false") < 0)
        return -1;
    *out = jv_bool(v);
    rd_leave(r, saved);
    return 0;
}

/* A number member; null gives null_value. */
static int rd_real(rd_t *r, const json_value_t *obj, const char *key, double null_value,
                   double *out)
{
    size_t saved;
    json_value_t *v = rd_member(r, obj, key, &saved);
    if (!v)
        return 0;
    if (jv_kind(v) == JV_NULL)
        *out = null_value;
    else if (rd_expect(r, v, JV_REAL, "a number or null") < 0)
        return -1;
    else
        *out = jv_number(v);
    rd_leave(r, saved);
    return 0;
}

/* A non-negative integer member; null gives -1. */
static int rd_count(rd_t *r, const json_value_t *obj, const char *key, long long *out)
{
    size_t saved;
    json_value_t *v = rd_member(r, obj, key, &saved);
    if (!v)
        return 0;
    if (jv_kind(v) == JV_NULL) {
        *out = -1;
    } else {
        if (rd_expect(r, v, JV_INT, "an integer or null") < 0)
            return -1;
        if (jv_number(v) < 0)
            return rd_fail(r, "expected a non-negative integer or null");
        *out = (long long)jv_number(v);
    }
    rd_leave(r, saved);
    return 0;
}

/* An array member: *arr is NULL when absent. */
static int rd_array(rd_t *r, const json_value_t *obj, const char *key, json_value_t **arr,
                    size_t *n)
{
    size_t saved;
    *n = 0;
    *arr = rd_member(r, obj, key, &saved);
    if (!*arr)
        return 0;
    if (rd_expect(r, *arr, JV_ARRAY, "an array") < 0)
        return -1;
    *n = jv_array_len(*arr);
    rd_leave(r, saved);
    return 0;
}

static int rd_strings(rd_t *r, const json_value_t *obj, const char *key, const char ***out,
                      int *n)
{
    json_value_t *arr;
    size_t len;
    if (rd_array(r, obj, key, &arr, &len) < 0)
        return -1;
    if (!arr)
        return 0;
    size_t saved = rd_enter(r, key);
    const char **v = arena_calloc(r->a, len + 1, sizeof(char *));
    for (size_t i = 0; i < len; i++) {
        json_value_t *e = jv_array_at(arr, i);
        size_t at = rd_enter_at(r, i);
        if (rd_expect(r, e, JV_STRING, "a string") < 0)
            return -1;
        v[i] = arena_strndup(r->a, jv_string(e), jv_string_len(e));
        rd_leave(r, at);
    }
    rd_leave(r, saved);
    *out = v;
    *n = (int)len;
    return 0;
}

static int rd_reals(rd_t *r, const json_value_t *obj, const char *key, double **out, int *n)
{
    json_value_t *arr;
    size_t len;
    if (rd_array(r, obj, key, &arr, &len) < 0)
        return -1;
    if (!arr)
        return 0;
    size_t saved = rd_enter(r, key);
    double *v = arena_calloc(r->a, len + 1, sizeof(double));
    for (size_t i = 0; i < len; i++) {
        json_value_t *e = jv_array_at(arr, i);
        size_t at = rd_enter_at(r, i);
        if (rd_expect(r, e, JV_REAL, "a number") < 0)
            return -1;
        v[i] = jv_number(e);
        rd_leave(r, at);
    }
    rd_leave(r, saved);
    *out = v;
    *n = (int)len;
    return 0;
}

/* Calls fn for each element of the array member key (absent: none), with the
 * path pointing at the element. */
typedef int (*rd_each_fn)(rd_t *r, const json_value_t *elem, void *ctx);

static int rd_each(rd_t *r, const json_value_t *obj, const char *key, rd_each_fn fn, void *ctx)
{
    json_value_t *arr;
    size_t len;
    if (rd_array(r, obj, key, &arr, &len) < 0)
        return -1;
    size_t saved = rd_enter(r, key);
    for (size_t i = 0; i < len; i++) {
        size_t at = rd_enter_at(r, i);
        if (fn(r, jv_array_at(arr, i), ctx) < 0)
            return -1;
        rd_leave(r, at);
    }
    rd_leave(r, saved);
    return 0;
}

/* ---- statistics and columns ------------------------------------------------------ */

static int rd_stats(rd_t *r, const json_value_t *col, cat_stats_t *s)
{
    static const char *const keys[] = {"null_frac", "n_distinct", "correlation", "avg_width",
                                       "most_common_vals", "most_common_freqs",
                                       "histogram_bounds", NULL};
    size_t saved;
    json_value_t *v = rd_member(r, col, "stats", &saved);
    if (!v || jv_kind(v) == JV_NULL) {
        if (v)
            rd_leave(r, saved);
        return 0;
    }
    int nfreqs = 0;
    s->present = true;
    if (rd_object(r, v, keys) < 0 || rd_real(r, v, "null_frac", 0, &s->null_frac) < 0 ||
        rd_real(r, v, "n_distinct", 0, &s->n_distinct) < 0 ||
        rd_real(r, v, "correlation", 0, &s->correlation) < 0 ||
        rd_real(r, v, "avg_width", 0, &s->avg_width) < 0 ||
        rd_strings(r, v, "most_common_vals", &s->mcv, &s->nmcv) < 0 ||
        rd_reals(r, v, "most_common_freqs", &s->mcf, &nfreqs) < 0 ||
        rd_strings(r, v, "histogram_bounds", &s->histogram, &s->nhistogram) < 0)
        return -1;
    if (nfreqs != s->nmcv)
        return rd_fail(r, "most_common_freqs has %d entries for %d most_common_vals", nfreqs,
                       s->nmcv);
    rd_leave(r, saved);
    return 0;
}

static int rd_column(rd_t *r, const json_value_t *v, void *ctx)
{
    static const char *const keys[] = {"name", "type", "type_text", "not_null", "default",
                                       "default_volatile", "identity", "serial",
                                       "enum_values", "stats", NULL};
    cat_table_t *t = ctx;
    const char *name;
    if (rd_object(r, v, keys) < 0 || rd_name(r, v, "name", &name) < 0)
        return -1;
    cat_column_t c = {.name = name};
    if (rd_string(r, v, "type", true, &c.type) < 0 ||
        rd_string(r, v, "type_text", true, &c.type_text) < 0 ||
        rd_bool(r, v, "not_null", &c.not_null) < 0 ||
        rd_string(r, v, "default", true, &c.default_text) < 0 ||
        rd_bool(r, v, "default_volatile", &c.default_volatile) < 0 ||
        rd_bool(r, v, "identity", &c.identity) < 0 || rd_bool(r, v, "serial", &c.serial) < 0 ||
        rd_strings(r, v, "enum_values", &c.enum_values, &c.nenum) < 0 ||
        rd_stats(r, v, &c.stats) < 0)
        return -1;
    c.has_default = c.default_text != NULL;
    ARENA_PUSH(r->a, t->columns, t->ncolumns, t->columns_cap, c);
    return 0;
}

/* ---- indexes and foreign keys ------------------------------------------------------ */

static int rd_nulls(rd_t *r, const json_value_t *v, int *out)
{
    const char *s = NULL;
    if (rd_string(r, v, "nulls", true, &s) < 0)
        return -1;
    *out = !s ? 0 : !strcmp(s, "first") ? 1 : !strcmp(s, "last") ? 2 : -1;
    if (*out >= 0)
        return 0;
    size_t saved = rd_enter(r, "nulls");
    rd_fail(r, "expected \"first\", \"last\" or null, got \"%s\"", s);
    rd_leave(r, saved);
    return -1;
}

static int rd_index_key(rd_t *r, const json_value_t *v, void *ctx)
{
    static const char *const keys[] = {"column", "expr", "desc", "nulls", "opclass", NULL};
    cat_index_key_t *k = &((cat_index_t *)ctx)->keys[((cat_index_t *)ctx)->nkeys];
    if (rd_object(r, v, keys) < 0 || rd_string(r, v, "column", false, &k->column) < 0 ||
        rd_string(r, v, "expr", false, &k->expr) < 0 || rd_bool(r, v, "desc", &k->desc) < 0 ||
        rd_nulls(r, v, &k->nulls) < 0 || rd_string(r, v, "opclass", true, &k->opclass) < 0)
        return -1;
    if (!k->column == !k->expr)
        return rd_fail(r, "expected exactly one of \"column\" and \"expr\"");
    ((cat_index_t *)ctx)->nkeys++;
    return 0;
}

static int rd_index_keys(rd_t *r, const json_value_t *v, cat_index_t *ix)
{
    json_value_t *arr;
    size_t n;
    if (rd_array(r, v, "keys", &arr, &n) < 0)
        return -1;
    ix->keys = arena_calloc(r->a, n ? n : 1, sizeof(cat_index_key_t));
    return rd_each(r, v, "keys", rd_index_key, ix);
}

static int rd_index(rd_t *r, const json_value_t *v, void *ctx)
{
    static const char *const keys[] = {"name", "method", "keys", "include", "predicate",
                                       "unique", "primary", "constraint_backed", "valid",
                                       "idx_scan", "size_bytes", "definition", NULL};
    cat_table_t *t = ctx;
    cat_index_t *ix = arena_alloc(r->a, sizeof(*ix));
    ix->table = t->name;
    ix->method = "btree";
    ix->valid = true;
    ix->idx_scan = ix->size_bytes = -1;
    if (rd_object(r, v, keys) < 0 || rd_name(r, v, "name", &ix->name) < 0 ||
        rd_string(r, v, "method", false, &ix->method) < 0 || rd_index_keys(r, v, ix) < 0 ||
        rd_strings(r, v, "include", &ix->include, &ix->ninclude) < 0 ||
        rd_string(r, v, "predicate", true, &ix->predicate) < 0 ||
        rd_bool(r, v, "unique", &ix->unique) < 0 || rd_bool(r, v, "primary", &ix->primary) < 0 ||
        rd_bool(r, v, "constraint_backed", &ix->constraint_backed) < 0 ||
        rd_bool(r, v, "valid", &ix->valid) < 0 || rd_count(r, v, "idx_scan", &ix->idx_scan) < 0 ||
        rd_count(r, v, "size_bytes", &ix->size_bytes) < 0 ||
        rd_string(r, v, "definition", true, &ix->definition) < 0)
        return -1;
    ARENA_PUSH(r->a, t->indexes, t->nindexes, t->indexes_cap, ix);
    return 0;
}

static int rd_fk(rd_t *r, const json_value_t *v, void *ctx)
{
    static const char *const keys[] = {"name", "columns", "ref_table", "ref_columns", NULL};
    cat_table_t *t = ctx;
    cat_fk_t fk = {0};
    if (rd_object(r, v, keys) < 0 || rd_string(r, v, "name", true, &fk.name) < 0 ||
        rd_strings(r, v, "columns", &fk.columns, &fk.ncolumns) < 0 ||
        rd_string(r, v, "ref_table", true, &fk.ref_table) < 0 ||
        rd_strings(r, v, "ref_columns", &fk.ref_columns, &fk.nref_columns) < 0)
        return -1;
    ARENA_PUSH(r->a, t->fks, t->nfks, t->fks_cap, fk);
    return 0;
}

/* ---- tables and the document ---------------------------------------------------------- */

static int rd_table(rd_t *r, const json_value_t *v, void *ctx)
{
    static const char *const keys[] = {"schema", "name", "rows", "pages", "size_bytes",
                                       "last_analyze", "n_mod_since_analyze", "columns",
                                       "primary_key", "foreign_keys", "indexes", NULL};
    catalog_t *cat = ctx;
    const char *schema = NULL, *name;
    if (rd_object(r, v, keys) < 0 || rd_string(r, v, "schema", true, &schema) < 0 ||
        rd_name(r, v, "name", &name) < 0)
        return -1;
    cat_table_t *t = catalog_add_table(cat, schema, name);
    if (rd_real(r, v, "rows", -1, &t->rows) < 0 || rd_real(r, v, "pages", -1, &t->pages) < 0 ||
        rd_count(r, v, "size_bytes", &t->size_bytes) < 0 ||
        rd_string(r, v, "last_analyze", true, &t->last_analyze) < 0 ||
        rd_count(r, v, "n_mod_since_analyze", &t->n_mod_since_analyze) < 0 ||
        rd_each(r, v, "columns", rd_column, t) < 0 ||
        rd_strings(r, v, "primary_key", &t->pk, &t->npk) < 0 ||
        rd_each(r, v, "foreign_keys", rd_fk, t) < 0 || rd_each(r, v, "indexes", rd_index, t) < 0)
        return -1;
    for (int i = 0; i < t->ncolumns; i++)
        t->columns[i].is_enum_type = catalog_enum(cat, t->columns[i].type) != NULL;
    cat->has_stats |= t->rows >= 0;
    return 0;
}

static int rd_setting(rd_t *r, const json_value_t *v, void *ctx)
{
    static const char *const keys[] = {"name", "setting", "unit", NULL};
    catalog_t *cat = ctx;
    cat_setting_t s = {0};
    if (rd_object(r, v, keys) < 0 || rd_name(r, v, "name", &s.name) < 0 ||
        rd_string(r, v, "setting", true, &s.value) < 0 ||
        rd_string(r, v, "unit", true, &s.unit) < 0)
        return -1;
    ARENA_PUSH(r->a, cat->settings, cat->nsettings, cat->settings_cap, s);
    return 0;
}

static int rd_enum(rd_t *r, const json_value_t *v, void *ctx)
{
    static const char *const keys[] = {"name", "values", NULL};
    catalog_t *cat = ctx;
    cat_enum_t e = {0};
    if (rd_object(r, v, keys) < 0 || rd_name(r, v, "name", &e.name) < 0 ||
        rd_strings(r, v, "values", &e.values, &e.nvalues) < 0)
        return -1;
    ARENA_PUSH(r->a, cat->enums, cat->nenums, cat->enums_cap, e);
    return 0;
}

static int rd_version(rd_t *r, const json_value_t *doc, snapshot_meta_t *meta)
{
    if (rd_expect(r, doc, JV_OBJECT, "an object") < 0)
        return -1;
    json_value_t *v = jv_get(doc, "dbagent_snapshot");
    if (!v)
        return err_set_path(r->err, "/dbagent_snapshot",
                            "not a dbagent snapshot: no \"dbagent_snapshot\" version member "
                            "(this dbagent reads version %d)", SNAPSHOT_VERSION);
    if (jv_kind(v) != JV_INT || jv_number(v) != SNAPSHOT_VERSION) {
        char found[64];
        if (jv_kind(v) == JV_INT || jv_kind(v) == JV_REAL)
            snprintf(found, sizeof(found), "%g", jv_number(v));
        else if (jv_kind(v) == JV_STRING)
            snprintf(found, sizeof(found), "\"%.40s\"", jv_string(v));
        else
            snprintf(found, sizeof(found), "(%s)", jv_kind_name(jv_kind(v)));
        return err_set_path(r->err, "/dbagent_snapshot",
                            "unsupported snapshot version %s (this dbagent reads version %d)",
                            found, SNAPSHOT_VERSION);
    }
    meta->version = SNAPSHOT_VERSION;
    return 0;
}

static int rd_document(rd_t *r, const json_value_t *doc, catalog_t *cat, snapshot_meta_t *meta)
{
    static const char *const keys[] = {"dbagent_snapshot", "taken_at", "server_version",
                                       "server_version_num", "source", "settings",
                                       "extensions", "available_extensions", "enums",
                                       "tables", NULL};
    double num = 0;
    if (rd_version(r, doc, meta) < 0 || rd_object(r, doc, keys) < 0 ||
        rd_string(r, doc, "taken_at", true, &meta->taken_at) < 0 ||
        rd_string(r, doc, "server_version", true, &cat->server_version) < 0 ||
        rd_real(r, doc, "server_version_num", 0, &num) < 0 ||
        rd_string(r, doc, "source", true, &meta->source) < 0 ||
        rd_each(r, doc, "settings", rd_setting, cat) < 0 ||
        rd_strings(r, doc, "extensions", &cat->extensions, &cat->nextensions) < 0 ||
        rd_strings(r, doc, "available_extensions", &cat->available_extensions,
                   &cat->navailable) < 0 ||
        rd_each(r, doc, "enums", rd_enum, cat) < 0 || rd_each(r, doc, "tables", rd_table, cat) < 0)
        return -1;
    if (num < 0 || num > 2147483647.0 || num != floor(num)) {
        size_t saved = rd_enter(r, "server_version_num");
        rd_fail(r, "expected a non-negative integer or null");
        rd_leave(r, saved);
        return -1;
    }
    cat->server_version_num = (int)num;
    cat->extensions_cap = cat->nextensions;
    cat->available_cap = cat->navailable;
    return 0;
}

int snapshot_read_meta(arena_t *a, const char *text, size_t len, catalog_t *cat,
                       snapshot_meta_t *meta, err_t *err)
{
    snapshot_meta_t scratch;
    meta = meta ? meta : &scratch;
    memset(meta, 0, sizeof(*meta));
    catalog_init(cat, a);
    json_value_t *doc;
    if (jv_parse(text, len, &doc, err) < 0) {
        err_t parse = *err;
        err_set(err, ERR_INVALID_REQUEST, "snapshot: %s", parse.message);
        err->line = parse.line;
        err->column = parse.column;
        return -1;
    }
    rd_t r = {.a = a, .err = err};
    int rc = rd_document(&r, doc, cat, meta);
    jv_release(doc);
    if (rc < 0)
        return -1;
    cat->loaded = true;
    cat->source = "snapshot";
    return 0;
}

int snapshot_read(arena_t *a, const char *text, size_t len, catalog_t *cat, err_t *err)
{
    return snapshot_read_meta(a, text, len, cat, NULL, err);
}
