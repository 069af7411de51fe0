/* digest_group.c — merging digests, and grouping shapes by fingerprint into the
 * report's model (model/workload.h). */
#include "workload/digest.h"

#include <stdlib.h>
#include <string.h>

#include "workload/digest_int.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static void merge_names(wl_digest_t *dst, const wl_digest_t *src, int *ids, int *n,
                        const int *src_ids, int src_n)
{
    for (int i = 0; i < src_n; i++) {
        const char *name = src->names[src_ids[i]];
        wl_names_add(ids, n, wl_name_id(dst, name, strlen(name)));
    }
}

static void merge_shape(wl_digest_t *dst, const wl_digest_t *src, wl_shape_t *to,
                        const wl_shape_t *from, const int *file_map)
{
    to->calls += from->calls;
    to->timed_calls += from->timed_calls;
    to->total_ms += from->total_ms;
    if (from->min_ms >= 0 && (to->min_ms < 0 || from->min_ms < to->min_ms))
        to->min_ms = from->min_ms;
    if (from->max_ms > to->max_ms)
        to->max_ms = from->max_ms;
    if (from->rows >= 0)
        to->rows = (to->rows < 0 ? 0 : to->rows) + from->rows;
    wl_sketch_merge(&to->sketch, &from->sketch);
    if (from->example)
        wl_set_example(to, from->example, strlen(from->example), from->example_ms,
                       from->example_line,
                       from->example_file >= 0 && file_map ? file_map[from->example_file]
                                                           : from->example_file);
    if (from->first_seen && (!to->first_seen || from->first_seen < to->first_seen))
        to->first_seen = from->first_seen;
    if (from->last_seen > to->last_seen)
        to->last_seen = from->last_seen;
    for (int i = 0; i < from->nhours; i++)
        wl_hours_add(&to->hours, &to->nhours, &to->hours_cap, from->hours[i].hour_ms,
                     from->hours[i].count, from->hours[i].total_ms);
    merge_names(dst, src, to->dbs, &to->ndbs, from->dbs, from->ndbs);
    merge_names(dst, src, to->users, &to->nusers, from->users, from->nusers);
    merge_names(dst, src, to->apps, &to->napps, from->apps, from->napps);
}

static void merge_np1(wl_digest_t *dst, const wl_np1_t *from, const int *shape_map,
                      const int *file_map)
{
    int parent = from->parent >= 0 ? shape_map[from->parent] : -1;
    wl_np1_t *to = wl_np1_get(dst, parent, shape_map[from->child], from->literal);
    if (!to->runs) {
        to->first_value = from->first_value ? wl_strndup(from->first_value, strlen(from->first_value)) : NULL;
        to->last_value = from->last_value ? wl_strndup(from->last_value, strlen(from->last_value)) : NULL;
        to->session = from->session ? wl_strndup(from->session, strlen(from->session)) : NULL;
        to->file = from->file >= 0 ? file_map[from->file] : -1;
        to->line = from->line;
    }
    to->runs += from->runs;
    to->executions += from->executions;
    if (from->longest > to->longest)
        to->longest = from->longest;
    to->child_ms += from->child_ms;
}

void wl_digest_merge(wl_digest_t *dst, const wl_digest_t *src)
{
    int *file_map = calloc((size_t)src->nfiles + 1, sizeof(int));
    int *shape_map = calloc((size_t)src->nshapes + 1, sizeof(int));
    if (!file_map || !shape_map)
        abort();
    for (int i = 0; i < src->nfiles; i++) {
        const wl_file_t *f = &src->files[i];
        file_map[i] = wl_digest_add_file(dst, f->name, f->format);
        wl_digest_note_file(dst, file_map[i], f->bytes, f->skipped, f->skipped_lines,
                            f->nskipped_lines);
    }
    for (int i = 0; i < src->nshapes; i++) {
        const wl_shape_t *from = src->shapes[i];
        wl_shape_t *to = wl_shape_get(dst, from->text, from->len, from->hash, from->dialect);
        shape_map[i] = to->id;
        merge_shape(dst, src, to, from, file_map);
    }
    for (int i = 0; i < src->nnp1; i++)
        merge_np1(dst, &src->np1[i], shape_map, file_map);
    wl_digest_stitch(dst, src, shape_map, file_map);
    dst->queries += src->queries;
    dst->total_ms += src->total_ms;
    if (src->first_seen && (!dst->first_seen || src->first_seen < dst->first_seen))
        dst->first_seen = src->first_seen;
    if (src->last_seen > dst->last_seen)
        dst->last_seen = src->last_seen;
    for (int i = 0; i < src->nhours; i++)
        wl_hours_add(&dst->hours, &dst->nhours, &dst->hours_cap, src->hours[i].hour_ms,
                     src->hours[i].count, src->hours[i].total_ms);
    wl_sketch_merge(&dst->sketch, &src->sketch);
    free(file_map);
    free(shape_map);
}

/* ---- grouping by fingerprint --------------------------------------------- */

typedef struct {
    const char *fingerprint;
    wl_shape_t *merged;      /* a private shape holding the group's sums */
    const wl_shape_t *main;  /* the member with the most calls: its text is shown */
} group_t;

static wl_hour_t *hours_model(arena_t *a, const wl_hour_agg_t *h, int n)
{
    wl_hour_t *out = arena_calloc(a, (size_t)n + 1, sizeof(*out));
    for (int i = 0; i < n; i++)
        out[i] = (wl_hour_t){h[i].hour_ms, h[i].count, h[i].total_ms};
    return out;
}

static const char **names_model(arena_t *a, const wl_digest_t *d, const int *ids, int n)
{
    const char **out = arena_calloc(a, (size_t)n + 1, sizeof(char *));
    for (int i = 0; i < n; i++)
        out[i] = arena_strdup(a, d->names[ids[i]]);
    /* sorted, so the report does not depend on the order lines arrived in */
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0 && strcmp(out[k - 1], out[k]) > 0; k--) {
            const char *t = out[k];
            out[k] = out[k - 1];
            out[k - 1] = t;
        }
    return out;
}

static void query_model(arena_t *a, const wl_digest_t *d, const group_t *g, wl_query_t *q)
{
    const wl_shape_t *s = g->merged;
    q->fingerprint = g->fingerprint;
    q->query = arena_strdup(a, g->main->text);
    q->example = s->example ? arena_strdup(a, s->example) : NULL;
    q->example_ms = s->example_ms;
    q->example_line = s->example_line;
    q->example_file = s->example_file >= 0 ? arena_strdup(a, d->files[s->example_file].name) : NULL;
    q->calls = s->calls;
    q->timed = s->timed_calls > 0;
    q->total_ms = s->total_ms;
    q->mean_ms = s->timed_calls ? s->total_ms / (double)s->timed_calls : 0;
    q->min_ms = s->min_ms > 0 ? s->min_ms : 0;
    q->max_ms = s->max_ms > 0 ? s->max_ms : 0;
    q->p50_ms = wl_sketch_quantile(&s->sketch, 0.50);
    q->p95_ms = wl_sketch_quantile(&s->sketch, 0.95);
    q->p99_ms = wl_sketch_quantile(&s->sketch, 0.99);
    q->share = d->total_ms > 0 ? s->total_ms / d->total_ms : 0;
    q->rows = s->rows;
    q->databases = names_model(a, d, s->dbs, s->ndbs);
    q->ndatabases = s->ndbs;
    q->users = names_model(a, d, s->users, s->nusers);
    q->nusers = s->nusers;
    q->applications = names_model(a, d, s->apps, s->napps);
    q->napplications = s->napps;
    q->first_seen = s->first_seen;
    q->last_seen = s->last_seen;
    q->hours = hours_model(a, s->hours, s->nhours);
    q->nhours = s->nhours;
}

static int by_total(const void *pa, const void *pb)
{
    const wl_query_t *a = pa, *b = pb;
    if (a->total_ms != b->total_ms)
        return a->total_ms > b->total_ms ? -1 : 1;
    if (a->calls != b->calls)
        return a->calls > b->calls ? -1 : 1;
    return strcmp(a->fingerprint, b->fingerprint);
}

/* The whole workload's latency histogram: the sketch's buckets, a few per
 * power of ten so the chart stays readable. */
static void latency_model(arena_t *a, const wl_sketch_t *sk, wl_summary_t *s)
{
    enum { PER_DECADE = 4, DECADES = 12 }; /* 1 µs … 1000 s */
    long long counts[PER_DECADE * DECADES] = {0};
    double lows[PER_DECADE * DECADES];
    for (int i = 0; i < PER_DECADE * DECADES; i++)
        lows[i] = 1e-3 * __builtin_powi(10.0, i / PER_DECADE) *
                  (i % PER_DECADE == 0 ? 1 : i % PER_DECADE == 1 ? 1.778 : i % PER_DECADE == 2 ? 3.162 : 5.623);
    for (int b = 0; b < sk->n; b++) {
        if (!sk->counts[b])
            continue;
        double v = wl_sketch_bucket_low(sk->lo + b);
        int k = 0;
        while (k + 1 < PER_DECADE * DECADES && lows[k + 1] <= v)
            k++;
        counts[k] += (long long)sk->counts[b];
    }
    counts[0] += (long long)sk->zero;
    int first = -1, last = -1;
    for (int i = 0; i < PER_DECADE * DECADES; i++)
        if (counts[i]) {
            if (first < 0)
                first = i;
            last = i;
        }
    if (first < 0)
        return;
    s->nlatency = last - first + 1;
    s->latency = arena_calloc(a, (size_t)s->nlatency, sizeof(wl_bucket_t));
    for (int i = first; i <= last; i++)
        s->latency[i - first] = (wl_bucket_t){
            i == 0 ? 0 : lows[i], i + 1 < PER_DECADE * DECADES ? lows[i + 1] : 1e9, counts[i]};
}

static void summary_model(arena_t *a, const wl_digest_t *d, workload_t *w)
{
    wl_summary_t *s = &w->summary;
    s->queries = d->queries;
    s->distinct = w->nqueries;
    s->total_ms = d->total_ms;
    s->first_seen = d->first_seen;
    s->last_seen = d->last_seen;
    s->hours = hours_model(a, d->hours, d->nhours);
    s->nhours = d->nhours;
    for (int i = 0; i < d->nhours; i++)
        if (d->hours[i].count > s->busiest_hour_count) {
            s->busiest_hour_count = d->hours[i].count;
            s->busiest_hour = d->hours[i].hour_ms;
        }
    s->files = arena_calloc(a, (size_t)d->nfiles + 1, sizeof(char *));
    s->formats = arena_calloc(a, (size_t)d->nfiles + 1, sizeof(char *));
    s->skipped_files = arena_calloc(a, WL_SKIPPED_KEEP, sizeof(char *));
    for (int i = 0; i < d->nfiles; i++) {
        const wl_file_t *f = &d->files[i];
        s->files[i] = arena_strdup(a, f->name);
        s->formats[i] = arena_strdup(a, f->format);
        s->bytes += f->bytes;
        s->skipped += f->skipped;
        for (int k = 0; k < f->nskipped_lines && s->nskipped_lines < WL_SKIPPED_KEEP; k++) {
            s->skipped_files[s->nskipped_lines] = s->files[i];
            s->skipped_lines[s->nskipped_lines++] = f->skipped_lines[k];
        }
    }
    s->nfiles = d->nfiles;
    s->p50_ms = wl_sketch_quantile(&d->sketch, 0.50);
    s->p95_ms = wl_sketch_quantile(&d->sketch, 0.95);
    s->p99_ms = wl_sketch_quantile(&d->sketch, 0.99);
    latency_model(a, &d->sketch, s);
    w->sketch_error_pct = (int)(WL_SKETCH_ALPHA * 100 + 0.5);
}

static void np1_model(arena_t *a, const wl_digest_t *d, const int *group_of, const int *rank,
                      const group_t *groups, wl_result_t *out)
{
    out->n_plus_one = arena_calloc(a, (size_t)d->nnp1 + 1, sizeof(wl_n_plus_one_t));
    for (int i = 0; i < d->nnp1; i++) {
        const wl_np1_t *p = &d->np1[i];
        wl_n_plus_one_t *o = &out->n_plus_one[out->nn_plus_one++];
        o->child = rank[group_of[p->child]];
        o->parent = p->parent >= 0 ? rank[group_of[p->parent]] : -1;
        o->literal = p->literal;
        o->child_example = arena_strdup(a, groups[group_of[p->child]].merged->example
                                               ? groups[group_of[p->child]].merged->example : "");
        if (p->parent >= 0 && groups[group_of[p->parent]].merged->example)
            o->parent_example = arena_strdup(a, groups[group_of[p->parent]].merged->example);
        o->first_value = p->first_value ? arena_strdup(a, p->first_value) : NULL;
        o->last_value = p->last_value ? arena_strdup(a, p->last_value) : NULL;
        o->runs = p->runs;
        o->executions = p->executions;
        o->longest = p->longest;
        o->child_ms = p->child_ms;
        o->session = p->session ? arena_strdup(a, p->session) : NULL;
        o->file = p->file >= 0 ? arena_strdup(a, d->files[p->file].name) : NULL;
        o->line = p->line;
    }
}

typedef struct {
    wl_query_t q;
    int group;
} ranked_t;

static int by_total_ranked(const void *pa, const void *pb)
{
    return by_total(&((const ranked_t *)pa)->q, &((const ranked_t *)pb)->q);
}

void wl_digest_group(wl_digest_t *d, arena_t *a, wl_fingerprint_fn fp, void *ctx,
                     wl_result_t *out)
{
    memset(out, 0, sizeof(*out));
    group_t *groups = arena_calloc(a, (size_t)d->nshapes + 1, sizeof(group_t));
    int *group_of = arena_calloc(a, (size_t)d->nshapes + 1, sizeof(int));
    int ngroups = 0;
    /* scratch holds one merged shape per fingerprint (its text is the
     * fingerprint, so its shape table is the fingerprint → group map), the same
     * files in the same order, and the names the groups use. */
    wl_digest_t *scratch = wl_digest_new(&d->opts);
    for (int i = 0; i < d->nfiles; i++)
        wl_digest_add_file(scratch, d->files[i].name, d->files[i].format);
    scratch->total_ms = d->total_ms;
    for (int i = 0; i < d->nshapes; i++) {
        wl_shape_t *sh = d->shapes[i];
        const char *f = fp(ctx, a, sh->example ? sh->example : sh->text, sh->text, sh->dialect);
        if (!f) /* does not parse: a group of its own, named by our hash */
            f = arena_printf(a, "%016llx", (unsigned long long)sh->hash);
        wl_shape_t *merged = wl_shape_get(scratch, f, strlen(f), wl_hash(f, strlen(f)), WL_DIALECT_PG);
        int g = merged->id;
        if (g == ngroups) {
            groups[g] = (group_t){f, merged, sh};
            ngroups++;
        } else if (sh->calls > groups[g].main->calls) {
            groups[g].main = sh;
        }
        group_of[i] = g;
        merge_shape(scratch, d, merged, sh, NULL);
    }
    ranked_t *ranked = arena_calloc(a, (size_t)ngroups + 1, sizeof(ranked_t));
    for (int g = 0; g < ngroups; g++) {
        query_model(a, scratch, &groups[g], &ranked[g].q);
        ranked[g].group = g;
    }
    qsort(ranked, (size_t)ngroups, sizeof(ranked_t), by_total_ranked);
    workload_t *w = arena_alloc(a, sizeof(*w));
    w->queries = arena_calloc(a, (size_t)ngroups + 1, sizeof(wl_query_t));
    int *rank = arena_calloc(a, (size_t)ngroups + 1, sizeof(int));
    out->dialects = arena_calloc(a, (size_t)ngroups + 1, sizeof(wl_dialect_t));
    for (int k = 0; k < ngroups; k++) {
        w->queries[k] = ranked[k].q;
        rank[ranked[k].group] = k;
        out->dialects[k] = groups[ranked[k].group].main->dialect;
    }
    w->nqueries = ngroups;
    summary_model(a, d, w);
    np1_model(a, d, group_of, rank, groups, out);
    out->workload = w;
    wl_digest_free(scratch);
}
