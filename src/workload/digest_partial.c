/* digest_partial.c — a digest as a file, for fleets: `--emit-partial FILE` on each
 * server, `--merge PART...` in one place.
 *
 * A JSON document {"dbagent_digest_partial": 1, …} holding everything the digest
 * counted — shapes with their sketches' buckets, names, files, N+1 patterns,
 * totals — with doubles written to 17 digits so they read back exactly. Reading
 * a partial and merging it is the same operation as merging a thread's digest,
 * so merge(partials) equals the digest of the concatenated logs. */
#include "workload/digest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/jsonw.h"
#include "base/sb.h"
#include "workload/digest_int.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

enum { PARTIAL_VERSION = 1 };

/* ---- writing ------------------------------------------------------------- */

static void write_hours(jsonw_t *w, const char *key, const wl_hour_agg_t *h, int n)
{
    jw_key(w, key);
    jw_array(w);
    for (int i = 0; i < n; i++) {
        jw_array(w);
        jw_int(w, h[i].hour_ms);
        jw_int(w, h[i].count);
        jw_real_exact(w, h[i].total_ms);
        jw_array_end(w);
    }
    jw_array_end(w);
}

static void write_sketch(jsonw_t *w, const char *key, const wl_sketch_t *s)
{
    jw_key(w, key);
    jw_object(w);
    jw_kv_int(w, "zero", (long long)s->zero);
    jw_key(w, "min");
    jw_real_exact(w, s->min);
    jw_key(w, "max");
    jw_real_exact(w, s->max);
    jw_key(w, "buckets"); /* [index, count] for the non-empty ones */
    jw_array(w);
    for (int i = 0; i < s->n; i++)
        if (s->counts[i]) {
            jw_array(w);
            jw_int(w, s->lo + i);
            jw_int(w, (long long)s->counts[i]);
            jw_array_end(w);
        }
    jw_array_end(w);
    jw_object_end(w);
}

static void write_ids(jsonw_t *w, const char *key, const int *ids, int n)
{
    jw_key(w, key);
    jw_array(w);
    for (int i = 0; i < n; i++)
        jw_int(w, ids[i]);
    jw_array_end(w);
}

static void write_shape(jsonw_t *w, const wl_shape_t *s)
{
    jw_object(w);
    jw_kv_string(w, "text", s->text);
    jw_kv_int(w, "dialect", s->dialect);
    jw_kv_int(w, "calls", s->calls);
    jw_kv_int(w, "timed_calls", s->timed_calls);
    jw_key(w, "total_ms");
    jw_real_exact(w, s->total_ms);
    jw_key(w, "min_ms");
    jw_real_exact(w, s->min_ms);
    jw_key(w, "max_ms");
    jw_real_exact(w, s->max_ms);
    jw_kv_int(w, "rows", s->rows);
    write_sketch(w, "sketch", &s->sketch);
    jw_kv_string(w, "example", s->example);
    jw_key(w, "example_ms");
    jw_real_exact(w, s->example_ms);
    jw_kv_int(w, "example_line", s->example_line);
    jw_kv_int(w, "example_file", s->example_file);
    jw_kv_int(w, "first_seen", s->first_seen);
    jw_kv_int(w, "last_seen", s->last_seen);
    write_hours(w, "hours", s->hours, s->nhours);
    write_ids(w, "databases", s->dbs, s->ndbs);
    write_ids(w, "users", s->users, s->nusers);
    write_ids(w, "applications", s->apps, s->napps);
    jw_object_end(w);
}

static void write_np1(jsonw_t *w, const wl_np1_t *p)
{
    jw_object(w);
    jw_kv_int(w, "parent", p->parent);
    jw_kv_int(w, "child", p->child);
    jw_kv_int(w, "literal", p->literal);
    jw_kv_int(w, "runs", p->runs);
    jw_kv_int(w, "executions", p->executions);
    jw_kv_int(w, "longest", p->longest);
    jw_key(w, "child_ms");
    jw_real_exact(w, p->child_ms);
    jw_kv_string(w, "first_value", p->first_value);
    jw_kv_string(w, "last_value", p->last_value);
    jw_kv_string(w, "session", p->session);
    jw_kv_int(w, "file", p->file);
    jw_kv_int(w, "line", p->line);
    jw_object_end(w);
}

static void write_files(jsonw_t *w, const wl_digest_t *d)
{
    jw_key(w, "files");
    jw_array(w);
    for (int i = 0; i < d->nfiles; i++) {
        const wl_file_t *f = &d->files[i];
        jw_object(w);
        jw_kv_string(w, "name", f->name);
        jw_kv_string(w, "format", f->format);
        jw_kv_int(w, "bytes", f->bytes);
        jw_kv_int(w, "skipped", f->skipped);
        jw_key(w, "skipped_lines");
        jw_array(w);
        for (int k = 0; k < f->nskipped_lines; k++)
            jw_int(w, f->skipped_lines[k]);
        jw_array_end(w);
        jw_object_end(w);
    }
    jw_array_end(w);
}

int wl_digest_write_partial(const wl_digest_t *d, const char *path, err_t *err)
{
    arena_t *a = arena_new();
    sb_t sb;
    sb_init(&sb, a);
    jsonw_t w;
    jw_init(&w, &sb, false);
    jw_object(&w);
    jw_kv_int(&w, "dbagent_digest_partial", PARTIAL_VERSION);
    jw_kv_int(&w, "queries", d->queries);
    jw_key(&w, "total_ms");
    jw_real_exact(&w, d->total_ms);
    jw_kv_int(&w, "first_seen", d->first_seen);
    jw_kv_int(&w, "last_seen", d->last_seen);
    write_hours(&w, "hours", d->hours, d->nhours);
    write_sketch(&w, "sketch", &d->sketch);
    write_files(&w, d);
    jw_kv_strings(&w, "names", (const char *const *)d->names, d->nnames);
    jw_key(&w, "shapes");
    jw_array(&w);
    for (int i = 0; i < d->nshapes; i++)
        write_shape(&w, d->shapes[i]);
    jw_array_end(&w);
    jw_key(&w, "n_plus_one");
    jw_array(&w);
    for (int i = 0; i < d->nnp1; i++)
        write_np1(&w, &d->np1[i]);
    jw_array_end(&w);
    jw_object_end(&w);
    sb_addc(&sb, '\n');
    FILE *f = fopen(path, "w");
    int rc = 0;
    if (!f || fwrite(sb.buf, 1, sb.len, f) != sb.len || fclose(f) != 0) {
        rc = err_set(err, ERR_IO, "%s: %s", path, strerror(errno ? errno : EIO));
        if (f)
            fclose(f);
    }
    arena_free(a);
    return rc;
}

/* ---- reading ------------------------------------------------------------- */

typedef struct {
    const char *path;
    err_t *err;
    bool bad;
} rd_t;

static json_value_t *need(rd_t *r, const json_value_t *obj, const char *key, jv_kind_t kind)
{
    json_value_t *v = obj ? jv_get(obj, key) : NULL;
    bool ok = v && (jv_kind(v) == kind || (kind == JV_REAL && jv_kind(v) == JV_INT) ||
                    (kind == JV_STRING && jv_kind(v) == JV_NULL));
    if (!ok && !r->bad) {
        r->bad = true;
        err_set(r->err, ERR_INVALID_REQUEST, "%s: not a dbagent partial digest: \"%s\" missing or "
                "not a %s", r->path, key, jv_kind_name(kind));
    }
    return ok ? v : NULL;
}

static long long num(rd_t *r, const json_value_t *obj, const char *key)
{
    json_value_t *v = need(r, obj, key, JV_REAL);
    return v ? (long long)jv_number(v) : 0;
}

static double real(rd_t *r, const json_value_t *obj, const char *key)
{
    json_value_t *v = need(r, obj, key, JV_REAL);
    return v ? jv_number(v) : 0;
}

static const char *str(rd_t *r, const json_value_t *obj, const char *key)
{
    json_value_t *v = need(r, obj, key, JV_STRING);
    return v && jv_kind(v) == JV_STRING ? jv_string(v) : NULL;
}

static void read_hours(rd_t *r, const json_value_t *obj, const char *key, wl_hour_agg_t **h,
                       int *n, int *cap)
{
    json_value_t *arr = need(r, obj, key, JV_ARRAY);
    for (size_t i = 0; arr && i < jv_array_len(arr); i++) {
        json_value_t *e = jv_array_at(arr, i);
        if (jv_kind(e) != JV_ARRAY || jv_array_len(e) != 3) {
            r->bad = true;
            err_set(r->err, ERR_INVALID_REQUEST, "%s: %s[%zu]: expected [hour, count, ms]",
                    r->path, key, i);
            return;
        }
        wl_hours_add(h, n, cap, (long long)jv_number(jv_array_at(e, 0)),
                     (long long)jv_number(jv_array_at(e, 1)), jv_number(jv_array_at(e, 2)));
    }
}

static void read_sketch(rd_t *r, const json_value_t *obj, const char *key, wl_sketch_t *s)
{
    json_value_t *sk = need(r, obj, key, JV_OBJECT);
    json_value_t *b = need(r, sk, "buckets", JV_ARRAY);
    if (!b)
        return;
    wl_sketch_t in;
    wl_sketch_init(&in);
    for (size_t i = 0; i < jv_array_len(b); i++) {
        json_value_t *e = jv_array_at(b, i);
        if (jv_kind(e) != JV_ARRAY || jv_array_len(e) != 2 || jv_number(jv_array_at(e, 1)) < 0 ||
            jv_number(jv_array_at(e, 0)) < -100000 || jv_number(jv_array_at(e, 0)) > 100000) {
            r->bad = true;
            err_set(r->err, ERR_INVALID_REQUEST, "%s: %s.buckets[%zu]: expected [index, count]",
                    r->path, key, i);
            break;
        }
        wl_sketch_add_bucket(&in, (int)jv_number(jv_array_at(e, 0)),
                             (uint64_t)jv_number(jv_array_at(e, 1)));
    }
    long long zero = num(r, sk, "zero");
    if (zero > 0)
        wl_sketch_add(&in, 0, (uint64_t)zero);
    if (in.total) { /* the exact extremes, which bucketing blurs */
        in.min = real(r, sk, "min");
        in.max = real(r, sk, "max");
    }
    wl_sketch_merge(s, &in);
    wl_sketch_free(&in);
}

static void read_ids(rd_t *r, const json_value_t *obj, const char *key, const int *name_map,
                     int nnames, int *ids, int *n)
{
    json_value_t *arr = need(r, obj, key, JV_ARRAY);
    for (size_t i = 0; arr && i < jv_array_len(arr); i++) {
        long long id = (long long)jv_number(jv_array_at(arr, i));
        if (id >= 0 && id < nnames)
            wl_names_add(ids, n, name_map[id]);
    }
}

static void read_shape(rd_t *r, wl_digest_t *src, const json_value_t *o, const int *name_map,
                       int nnames)
{
    const char *text = str(r, o, "text");
    if (!text || r->bad) {
        if (!r->bad)
            err_set(r->err, ERR_INVALID_REQUEST, "%s: a shape without text", r->path);
        r->bad = true;
        return;
    }
    long long dialect = num(r, o, "dialect");
    wl_shape_t *s = wl_shape_get(src, text, strlen(text), wl_hash(text, strlen(text)),
                                 dialect == WL_DIALECT_MYSQL ? WL_DIALECT_MYSQL : WL_DIALECT_PG);
    s->calls += num(r, o, "calls");
    s->timed_calls += num(r, o, "timed_calls");
    s->total_ms += real(r, o, "total_ms");
    s->min_ms = real(r, o, "min_ms");
    s->max_ms = real(r, o, "max_ms");
    s->rows = num(r, o, "rows");
    read_sketch(r, o, "sketch", &s->sketch);
    const char *ex = str(r, o, "example");
    long long file = num(r, o, "example_file");
    if (ex)
        wl_set_example(s, ex, strlen(ex), real(r, o, "example_ms"), num(r, o, "example_line"),
                       file >= 0 && file < src->nfiles ? (int)file : -1);
    s->first_seen = num(r, o, "first_seen");
    s->last_seen = num(r, o, "last_seen");
    read_hours(r, o, "hours", &s->hours, &s->nhours, &s->hours_cap);
    read_ids(r, o, "databases", name_map, nnames, s->dbs, &s->ndbs);
    read_ids(r, o, "users", name_map, nnames, s->users, &s->nusers);
    read_ids(r, o, "applications", name_map, nnames, s->apps, &s->napps);
}

static void read_np1(rd_t *r, wl_digest_t *src, const json_value_t *o)
{
    long long parent = num(r, o, "parent"), child = num(r, o, "child");
    if (r->bad || child < 0 || child >= src->nshapes || parent < -1 || parent >= src->nshapes) {
        if (!r->bad)
            err_set(r->err, ERR_INVALID_REQUEST, "%s: n_plus_one: shape out of range", r->path);
        r->bad = true;
        return;
    }
    long long lit = num(r, o, "literal");
    wl_np1_t *p = wl_np1_get(src, (int)parent, (int)child, lit >= 0 && lit < 64 ? (int)lit : 0);
    p->runs = num(r, o, "runs");
    p->executions = num(r, o, "executions");
    p->longest = num(r, o, "longest");
    p->child_ms = real(r, o, "child_ms");
    const char *v;
    if ((v = str(r, o, "first_value")))
        p->first_value = wl_strndup(v, strlen(v));
    if ((v = str(r, o, "last_value")))
        p->last_value = wl_strndup(v, strlen(v));
    if ((v = str(r, o, "session")))
        p->session = wl_strndup(v, strlen(v));
    long long file = num(r, o, "file");
    p->file = file >= 0 && file < src->nfiles ? (int)file : -1;
    p->line = num(r, o, "line");
}

static void read_files(rd_t *r, wl_digest_t *src, const json_value_t *doc)
{
    json_value_t *files = need(r, doc, "files", JV_ARRAY);
    for (size_t i = 0; files && !r->bad && i < jv_array_len(files); i++) {
        json_value_t *f = jv_array_at(files, i);
        const char *name = str(r, f, "name"), *format = str(r, f, "format");
        if (r->bad || !name || !format)
            return;
        int k = wl_digest_add_file(src, name, format);
        long long lines[WL_SKIPPED_KEEP];
        int n = 0;
        json_value_t *sl = need(r, f, "skipped_lines", JV_ARRAY);
        for (size_t j = 0; sl && j < jv_array_len(sl) && n < WL_SKIPPED_KEEP; j++)
            lines[n++] = (long long)jv_number(jv_array_at(sl, j));
        wl_digest_note_file(src, k, num(r, f, "bytes"), num(r, f, "skipped"), lines, n);
    }
}

/* Builds a digest from the document (names and shapes in the file's numbering). */
static void read_doc(rd_t *r, wl_digest_t *src, const json_value_t *doc)
{
    read_files(r, src, doc);
    json_value_t *names = need(r, doc, "names", JV_ARRAY);
    int nnames = names ? (int)jv_array_len(names) : 0;
    int *name_map = calloc((size_t)nnames + 1, sizeof(int));
    if (!name_map)
        abort();
    for (int i = 0; i < nnames; i++) {
        json_value_t *v = jv_array_at(names, (size_t)i);
        const char *s = jv_kind(v) == JV_STRING ? jv_string(v) : "";
        name_map[i] = wl_name_id(src, s, strlen(s));
    }
    json_value_t *shapes = need(r, doc, "shapes", JV_ARRAY);
    for (size_t i = 0; shapes && !r->bad && i < jv_array_len(shapes); i++)
        read_shape(r, src, jv_array_at(shapes, i), name_map, nnames);
    free(name_map);
    json_value_t *np1 = need(r, doc, "n_plus_one", JV_ARRAY);
    for (size_t i = 0; np1 && !r->bad && i < jv_array_len(np1); i++)
        read_np1(r, src, jv_array_at(np1, i));
    src->queries = num(r, doc, "queries");
    src->total_ms = real(r, doc, "total_ms");
    src->first_seen = num(r, doc, "first_seen");
    src->last_seen = num(r, doc, "last_seen");
    read_hours(r, doc, "hours", &src->hours, &src->nhours, &src->hours_cap);
    read_sketch(r, doc, "sketch", &src->sketch);
}

static int slurp(const char *path, char **text, size_t *len, err_t *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    sb_t sb;
    arena_t *a = arena_new();
    sb_init(&sb, a);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        sb_addn(&sb, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        arena_free(a);
        return err_set(err, ERR_IO, "%s: read error", path);
    }
    *text = wl_strndup(sb.buf, sb.len);
    *len = sb.len;
    arena_free(a);
    return 0;
}

int wl_digest_read_partial(wl_digest_t *d, const char *path, err_t *err)
{
    char *text;
    size_t len;
    if (slurp(path, &text, &len, err) < 0)
        return -1;
    json_value_t *doc;
    int rc = jv_parse(text, len, &doc, err);
    free(text);
    if (rc < 0) {
        char msg[sizeof(err->message)];
        snprintf(msg, sizeof(msg), "%s", err->message);
        return err_set(err, ERR_INVALID_REQUEST, "%s: not a dbagent partial digest: %s", path, msg);
    }
    rd_t r = {path, err, false};
    json_value_t *version = jv_get(doc, "dbagent_digest_partial");
    if (jv_kind(doc) != JV_OBJECT || !version || jv_kind(version) != JV_INT ||
        jv_number(version) != PARTIAL_VERSION) {
        jv_release(doc);
        return err_set(err, ERR_INVALID_REQUEST,
                       "%s: not a dbagent partial digest (version %d expected; write one with "
                       "`dbagent digest LOG --emit-partial FILE`)", path, PARTIAL_VERSION);
    }
    wl_digest_t *src = wl_digest_new(&d->opts);
    read_doc(&r, src, doc);
    jv_release(doc);
    if (!r.bad)
        wl_digest_merge(d, src);
    wl_digest_free(src);
    return r.bad ? -1 : 0;
}
