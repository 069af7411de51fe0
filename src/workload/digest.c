/* digest.c — counting entries by shape, and following sessions for N+1 runs. */
#include "workload/digest.h"

#include <stdlib.h>
#include <string.h>

#include "workload/digest_int.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

#define HOUR_MS 3600000LL

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        abort(); /* as the arena does: out of memory is not recoverable here */
    return q;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        abort();
    return p;
}

char *wl_strndup(const char *s, size_t n)
{
    char *p = xrealloc(NULL, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void wl_digest_opts_default(wl_digest_opts_t *o)
{
    o->n_plus_one_min = 10;
    o->n_plus_one_gap_ms = 1000;
}

wl_digest_t *wl_digest_new(const wl_digest_opts_t *o)
{
    wl_digest_t *d = xcalloc(1, sizeof(*d));
    if (o)
        d->opts = *o;
    else
        wl_digest_opts_default(&d->opts);
    wl_norm_init(&d->norm);
    d->last_name[0] = d->last_name[1] = d->last_name[2] = -1;
    wl_sketch_init(&d->sketch);
    return d;
}

static void session_clear(wl_session_t *s);

void wl_digest_free(wl_digest_t *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->nshapes; i++) {
        wl_shape_t *sh = d->shapes[i];
        free(sh->text);
        free(sh->example);
        free(sh->hours);
        wl_sketch_free(&sh->sketch);
        free(sh);
    }
    free(d->shapes);
    free(d->table);
    for (int i = 0; i < d->nnames; i++)
        free(d->names[i]);
    free(d->names);
    free(d->name_table);
    for (int i = 0; i < d->nfiles; i++) {
        free(d->files[i].name);
        free(d->files[i].format);
    }
    free(d->files);
    for (int i = 0; i < d->nnp1; i++) {
        free(d->np1[i].first_value);
        free(d->np1[i].last_value);
        free(d->np1[i].session);
    }
    free(d->np1);
    for (int k = 0; d->sessions && k < d->nused_slots; k++)
        session_clear(&d->sessions[d->used_slots[k]]);
    free(d->sessions);
    free(d->used_slots);
    for (int i = 0; i < d->nheads; i++)
        free(d->heads[i].session);
    free(d->heads);
    for (int i = 0; i < d->ntails; i++)
        free(d->tails[i].session);
    free(d->tails);
    free(d->hours);
    wl_norm_free(&d->norm);
    wl_sketch_free(&d->sketch);
    free(d);
}

/* ---- shapes and names ---------------------------------------------------- */

static void shape_table_grow(wl_digest_t *d)
{
    size_t cap = d->table_cap ? d->table_cap * 2 : 1024;
    int *t = xcalloc(cap, sizeof(int));
    for (int i = 0; i < d->nshapes; i++) {
        size_t at = (size_t)d->shapes[i]->hash & (cap - 1);
        while (t[at])
            at = (at + 1) & (cap - 1);
        t[at] = i + 1;
    }
    free(d->table);
    d->table = t;
    d->table_cap = cap;
}

wl_shape_t *wl_shape_get(wl_digest_t *d, const char *text, size_t len, uint64_t hash,
                         wl_dialect_t dialect)
{
    if ((size_t)(d->nshapes + 1) * 2 > d->table_cap)
        shape_table_grow(d);
    size_t at = (size_t)hash & (d->table_cap - 1);
    for (; d->table[at]; at = (at + 1) & (d->table_cap - 1)) {
        wl_shape_t *sh = d->shapes[d->table[at] - 1];
        if (sh->hash == hash && sh->len == len && sh->dialect == dialect &&
            !memcmp(sh->text, text, len))
            return sh;
    }
    wl_shape_t *sh = xcalloc(1, sizeof(*sh));
    sh->text = wl_strndup(text, len);
    sh->len = len;
    sh->hash = hash;
    sh->dialect = dialect;
    sh->min_ms = -1;
    sh->max_ms = -1;
    sh->rows = -1;
    sh->example_ms = -2;
    sh->example_file = -1;
    sh->id = d->nshapes;
    wl_sketch_init(&sh->sketch);
    if (d->nshapes == d->shapes_cap) {
        d->shapes_cap = d->shapes_cap ? d->shapes_cap * 2 : 64;
        d->shapes = xrealloc(d->shapes, (size_t)d->shapes_cap * sizeof(*d->shapes));
    }
    d->shapes[d->nshapes++] = sh;
    d->table[at] = sh->id + 1;
    return sh;
}

int wl_name_id(wl_digest_t *d, const char *s, size_t len)
{
    if ((size_t)(d->nnames + 1) * 2 > d->name_table_cap) {
        size_t cap = d->name_table_cap ? d->name_table_cap * 2 : 64;
        int *t = xcalloc(cap, sizeof(int));
        for (int i = 0; i < d->nnames; i++) {
            size_t at = (size_t)wl_hash(d->names[i], strlen(d->names[i])) & (cap - 1);
            while (t[at])
                at = (at + 1) & (cap - 1);
            t[at] = i + 1;
        }
        free(d->name_table);
        d->name_table = t;
        d->name_table_cap = cap;
    }
    size_t at = (size_t)wl_hash(s, len) & (d->name_table_cap - 1);
    for (; d->name_table[at]; at = (at + 1) & (d->name_table_cap - 1)) {
        const char *n = d->names[d->name_table[at] - 1];
        if (strlen(n) == len && !memcmp(n, s, len))
            return d->name_table[at] - 1;
    }
    if (d->nnames == d->names_cap) {
        d->names_cap = d->names_cap ? d->names_cap * 2 : 16;
        d->names = xrealloc(d->names, (size_t)d->names_cap * sizeof(*d->names));
    }
    d->names[d->nnames] = wl_strndup(s, len);
    d->name_table[at] = d->nnames + 1;
    return d->nnames++;
}

void wl_names_add(int *ids, int *n, int id)
{
    for (int i = 0; i < *n; i++)
        if (ids[i] == id)
            return;
    if (*n < WL_NAMES_MAX)
        ids[(*n)++] = id;
}

void wl_hours_add(wl_hour_agg_t **hours, int *n, int *cap, long long hour_ms, long long count,
                  double total_ms)
{
    /* Logs are in time order, so the hour is almost always the last one. */
    int i = *n;
    while (i > 0 && (*hours)[i - 1].hour_ms > hour_ms)
        i--;
    if (i > 0 && (*hours)[i - 1].hour_ms == hour_ms) {
        (*hours)[i - 1].count += count;
        (*hours)[i - 1].total_ms += total_ms;
        return;
    }
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 4;
        *hours = xrealloc(*hours, (size_t)*cap * sizeof(**hours));
    }
    memmove(&(*hours)[i + 1], &(*hours)[i], (size_t)(*n - i) * sizeof(**hours));
    (*hours)[i] = (wl_hour_agg_t){hour_ms, count, total_ms};
    (*n)++;
}

int wl_digest_add_file(wl_digest_t *d, const char *name, const char *format)
{
    for (int i = 0; i < d->nfiles; i++)
        if (!strcmp(d->files[i].name, name))
            return i;
    if (d->nfiles == d->files_cap) {
        d->files_cap = d->files_cap ? d->files_cap * 2 : 4;
        d->files = xrealloc(d->files, (size_t)d->files_cap * sizeof(*d->files));
    }
    wl_file_t *f = &d->files[d->nfiles];
    memset(f, 0, sizeof(*f));
    f->name = wl_strndup(name, strlen(name));
    f->format = wl_strndup(format, strlen(format));
    return d->nfiles++;
}

/* Keeps the WL_SKIPPED_KEEP smallest line numbers, ascending. */
static void keep_skipped_line(wl_file_t *f, long long line)
{
    int i = f->nskipped_lines;
    while (i > 0 && f->skipped_lines[i - 1] > line)
        i--;
    if ((i > 0 && f->skipped_lines[i - 1] == line) || i >= WL_SKIPPED_KEEP)
        return;
    int n = f->nskipped_lines < WL_SKIPPED_KEEP ? f->nskipped_lines : WL_SKIPPED_KEEP - 1;
    memmove(&f->skipped_lines[i + 1], &f->skipped_lines[i], (size_t)(n - i) * sizeof(long long));
    f->skipped_lines[i] = line;
    if (f->nskipped_lines < WL_SKIPPED_KEEP)
        f->nskipped_lines++;
}

void wl_digest_note_file(wl_digest_t *d, int file, long long bytes, long long skipped,
                         const long long *lines, int nlines)
{
    wl_file_t *f = &d->files[file];
    f->bytes += bytes;
    f->skipped += skipped;
    for (int i = 0; i < nlines; i++)
        keep_skipped_line(f, lines[i]);
}

void wl_set_example(wl_shape_t *sh, const char *sql, size_t len, double ms, long long line,
                    int file)
{
    if (ms <= sh->example_ms)
        return;
    free(sh->example);
    sh->example = wl_strndup(sql, len < WL_EXAMPLE_MAX ? len : WL_EXAMPLE_MAX);
    sh->example_ms = ms;
    sh->example_line = line;
    sh->example_file = file;
}

/* ---- N+1 ------------------------------------------------------------------ */

wl_np1_t *wl_np1_get(wl_digest_t *d, int parent, int child, int literal)
{
    for (int i = 0; i < d->nnp1; i++) {
        wl_np1_t *p = &d->np1[i];
        if (p->parent == parent && p->child == child && p->literal == literal)
            return p;
    }
    if (d->nnp1 == d->np1_cap) {
        d->np1_cap = d->np1_cap ? d->np1_cap * 2 : 8;
        d->np1 = xrealloc(d->np1, (size_t)d->np1_cap * sizeof(*d->np1));
    }
    wl_np1_t *p = &d->np1[d->nnp1++];
    memset(p, 0, sizeof(*p));
    p->parent = parent;
    p->child = child;
    p->literal = literal;
    p->file = -1;
    return p;
}

/* A finished run: exactly one varying literal over enough repetitions is an N+1
 * (identical repetitions are a different problem; several varying literals are
 * usually a batch of writes, not lookups by key). */
void wl_run_record(wl_digest_t *d, const wl_run_t *r)
{
    if (r->shape < 0 || r->count < d->opts.n_plus_one_min || !r->varied ||
        (r->varied & (r->varied - 1)))
        return;
    int lit = __builtin_ctz(r->varied);
    wl_np1_t *p = wl_np1_get(d, r->prev_shape, r->shape, lit);
    if (!p->runs) {
        p->first_value = wl_strndup(r->first[lit], r->first_len[lit]);
        p->last_value = wl_strndup(r->last[lit], r->last_len[lit]);
        p->session = wl_strndup(r->session, strlen(r->session));
        p->file = r->file;
        p->line = r->line;
    }
    p->runs++;
    p->executions += r->count;
    if (r->count > p->longest)
        p->longest = r->count;
    p->child_ms += r->ms;
}

static void push_run(wl_run_t **arr, int *n, int *cap, const wl_run_t *r)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *arr = xrealloc(*arr, (size_t)*cap * sizeof(wl_run_t));
    }
    (*arr)[*n] = *r;
    (*arr)[*n].session = wl_strndup(r->session, strlen(r->session));
    (*n)++;
}

/* The session's current run is over (another shape came, or the slot is taken). */
static void end_run(wl_digest_t *d, wl_session_t *s)
{
    if (d->part_mode && s->head && s->run.shape >= 0) {
        wl_run_t r = s->run;
        r.ends_inside = true;
        push_run(&d->heads, &d->nheads, &d->heads_cap, &r);
    } else {
        wl_run_record(d, &s->run);
    }
    s->head = false;
}

static void session_clear(wl_session_t *s)
{
    free(s->run.session);
    memset(s, 0, sizeof(*s));
}

static wl_session_t *session_for(wl_digest_t *d, const wl_str_t *id)
{
    if (!d->sessions) {
        d->sessions = xcalloc(WL_SESSIONS, sizeof(wl_session_t));
        d->used_slots = xcalloc(WL_SESSIONS, sizeof(int));
    }
    uint64_t key = wl_hash(id->s, id->len) | 1; /* never 0: 0 marks a free slot */
    wl_session_t *s = &d->sessions[key % WL_SESSIONS];
    if (s->key == key && strlen(s->run.session) == id->len &&
        !memcmp(s->run.session, id->s, id->len))
        return s;
    if (s->key) /* another session had the slot: its run ends here */
        end_run(d, s);
    else
        d->used_slots[d->nused_slots++] = (int)(s - d->sessions);
    session_clear(s);
    s->key = key;
    s->head = d->part_mode;
    s->run.session = wl_strndup(id->s, id->len);
    s->run.shape = s->run.prev_shape = -1;
    return s;
}

static void copy_lit(char *dst, uint16_t *dst_len, const char *sql, const wl_span_t *sp)
{
    size_t n = sp->len < WL_LIT_MAX ? sp->len : WL_LIT_MAX;
    memcpy(dst, sql + sp->off, n);
    *dst_len = (uint16_t)n;
}

static void start_run(wl_run_t *r, const wl_entry_t *e, const wl_shape_t *sh,
                      const wl_norm_t *n, int nl, int file)
{
    if (r->shape != sh->id)
        r->prev_shape = r->shape;
    r->shape = sh->id;
    r->count = 1;
    r->line = e->line;
    r->file = file;
    r->ms = 0;
    r->varied = 0;
    r->nlits = nl;
    r->first_ts = e->ts_ms;
    for (int i = 0; i < nl; i++) {
        copy_lit(r->first[i], &r->first_len[i], e->sql.s, &n->lits[i]);
        copy_lit(r->last[i], &r->last_len[i], e->sql.s, &n->lits[i]);
    }
}

static void extend_run(wl_run_t *r, const wl_entry_t *e, const wl_norm_t *n, int nl)
{
    r->count++;
    for (int i = 0; i < nl; i++) {
        const wl_span_t *sp = &n->lits[i];
        size_t len = sp->len < WL_LIT_MAX ? sp->len : WL_LIT_MAX;
        if (len != r->first_len[i] || memcmp(r->first[i], e->sql.s + sp->off, len))
            r->varied |= 1u << i;
        copy_lit(r->last[i], &r->last_len[i], e->sql.s, sp);
    }
}

static void follow_session(wl_digest_t *d, const wl_entry_t *e, const wl_shape_t *sh,
                           const wl_norm_t *n, int file)
{
    wl_session_t *s = session_for(d, &e->session);
    wl_run_t *r = &s->run;
    int nl = n->nlits < WL_LITS_MAX ? n->nlits : WL_LITS_MAX;
    bool same = r->shape == sh->id && r->nlits == nl &&
                (!e->ts_ms || !r->last_ts ||
                 e->ts_ms - r->last_ts <= (long long)d->opts.n_plus_one_gap_ms);
    if (same) {
        extend_run(r, e, n, nl);
    } else {
        if (r->shape >= 0)
            end_run(d, s);
        start_run(r, e, sh, n, nl, file);
    }
    if (e->duration_ms > 0)
        r->ms += e->duration_ms;
    if (e->ts_ms)
        r->last_ts = e->ts_ms;
}

void wl_digest_finish(wl_digest_t *d)
{
    if (!d->sessions)
        return;
    for (int k = 0; k < d->nused_slots; k++) { /* only the slots ever used */
        wl_session_t *s = &d->sessions[d->used_slots[k]];
        if (!s->key)
            continue;
        if (d->part_mode && s->run.shape >= 0) /* open at the part's end: an edge */
            push_run(s->head ? &d->heads : &d->tails, s->head ? &d->nheads : &d->ntails,
                     s->head ? &d->heads_cap : &d->tails_cap, &s->run);
        else
            wl_run_record(d, &s->run);
        session_clear(s);
    }
    d->nused_slots = 0;
}

/* ---- runs across parts ------------------------------------------------------ */

static int find_tail(const wl_digest_t *d, const char *session)
{
    for (int i = 0; i < d->ntails; i++)
        if (!strcmp(d->tails[i].session, session))
            return i;
    return -1;
}

static void drop_tail(wl_digest_t *d, int i)
{
    free(d->tails[i].session);
    d->tails[i] = d->tails[--d->ntails];
}

/* t continues with h (same session and shape, no pause between). */
static void join_runs(wl_run_t *t, const wl_run_t *h)
{
    t->count += h->count;
    t->ms += h->ms;
    t->varied |= h->varied;
    for (int i = 0; i < t->nlits; i++) {
        if (t->first_len[i] != h->first_len[i] || memcmp(t->first[i], h->first[i], t->first_len[i]))
            t->varied |= 1u << i;
        memcpy(t->last[i], h->last[i], h->last_len[i]);
        t->last_len[i] = h->last_len[i];
    }
    if (h->last_ts)
        t->last_ts = h->last_ts;
}

void wl_digest_stitch(wl_digest_t *dst, const wl_digest_t *src, const int *shape_map,
                      const int *file_map)
{
    for (int i = 0; i < src->nheads; i++) {
        wl_run_t h = src->heads[i];
        h.shape = shape_map[h.shape];
        h.prev_shape = -1;
        h.file = h.file >= 0 ? file_map[h.file] : -1;
        int ti = find_tail(dst, h.session);
        if (ti >= 0) {
            wl_run_t *t = &dst->tails[ti];
            bool continues = t->shape == h.shape && t->nlits == h.nlits &&
                             (!h.first_ts || !t->last_ts ||
                              h.first_ts - t->last_ts <= (long long)dst->opts.n_plus_one_gap_ms);
            if (continues) {
                join_runs(t, &h);
                if (h.ends_inside) {
                    wl_run_record(dst, t);
                    drop_tail(dst, ti);
                }
                continue;
            }
            h.prev_shape = t->shape;
            wl_run_record(dst, t);
            drop_tail(dst, ti);
        }
        if (h.ends_inside)
            wl_run_record(dst, &h);
        else
            push_run(&dst->tails, &dst->ntails, &dst->tails_cap, &h);
    }
    for (int i = 0; i < src->ntails; i++) {
        wl_run_t t = src->tails[i];
        t.shape = shape_map[t.shape];
        t.prev_shape = t.prev_shape >= 0 ? shape_map[t.prev_shape] : -1;
        t.file = t.file >= 0 ? file_map[t.file] : -1;
        int ti = find_tail(dst, t.session);
        if (ti >= 0) { /* cannot happen: the session's head consumed it; be safe */
            wl_run_record(dst, &dst->tails[ti]);
            drop_tail(dst, ti);
        }
        push_run(&dst->tails, &dst->ntails, &dst->tails_cap, &t);
    }
}

void wl_digest_close_tails(wl_digest_t *d)
{
    while (d->ntails) {
        wl_run_record(d, &d->tails[d->ntails - 1]);
        drop_tail(d, d->ntails - 1);
    }
}

/* ---- counting ------------------------------------------------------------- */

/* A name's id, trying the one this field had last time first: consecutive
 * entries mostly come from the same database, user and application. */
static int name_id(wl_digest_t *d, int *last, const wl_str_t *s)
{
    if (*last >= 0) {
        const char *n = d->names[*last];
        if (strlen(n) == s->len && !memcmp(n, s->s, s->len))
            return *last;
    }
    *last = wl_name_id(d, s->s, s->len);
    return *last;
}

static void count_names(wl_digest_t *d, wl_shape_t *sh, const wl_entry_t *e)
{
    if (e->db.len)
        wl_names_add(sh->dbs, &sh->ndbs, name_id(d, &d->last_name[0], &e->db));
    if (e->user.len)
        wl_names_add(sh->users, &sh->nusers, name_id(d, &d->last_name[1], &e->user));
    if (e->app.len)
        wl_names_add(sh->apps, &sh->napps, name_id(d, &d->last_name[2], &e->app));
}

static void count_time(wl_digest_t *d, wl_shape_t *sh, const wl_entry_t *e, long long calls)
{
    double total = e->duration_ms * (double)calls;
    double lo = e->min_ms >= 0 && calls > 1 ? e->min_ms : e->duration_ms;
    double hi = e->max_ms >= 0 && calls > 1 ? e->max_ms : e->duration_ms;
    sh->timed_calls += calls;
    sh->total_ms += total;
    if (sh->min_ms < 0 || lo < sh->min_ms)
        sh->min_ms = lo;
    if (hi > sh->max_ms)
        sh->max_ms = hi;
    wl_sketch_add(&sh->sketch, e->duration_ms, (uint64_t)calls);
    wl_sketch_add(&d->sketch, e->duration_ms, (uint64_t)calls);
    d->total_ms += total;
}

static void count_seen(wl_digest_t *d, wl_shape_t *sh, const wl_entry_t *e, long long calls)
{
    if (!e->ts_ms)
        return;
    if (!sh->first_seen || e->ts_ms < sh->first_seen)
        sh->first_seen = e->ts_ms;
    if (e->ts_ms > sh->last_seen)
        sh->last_seen = e->ts_ms;
    if (!d->first_seen || e->ts_ms < d->first_seen)
        d->first_seen = e->ts_ms;
    if (e->ts_ms > d->last_seen)
        d->last_seen = e->ts_ms;
    long long hour = e->ts_ms - e->ts_ms % HOUR_MS;
    double ms = e->duration_ms > 0 ? e->duration_ms * (double)calls : 0;
    wl_hours_add(&sh->hours, &sh->nhours, &sh->hours_cap, hour, calls, ms);
    wl_hours_add(&d->hours, &d->nhours, &d->hours_cap, hour, calls, ms);
}

void wl_digest_add(wl_digest_t *d, const wl_entry_t *e, int file)
{
    if (!e->sql.len)
        return;
    wl_normalize(e->sql.s, e->sql.len, e->dialect, &d->norm);
    if (!d->norm.len)
        return; /* only comments or whitespace */
    wl_shape_t *sh = wl_shape_get(d, d->norm.text, d->norm.len, d->norm.hash, e->dialect);
    long long calls = e->calls > 0 ? e->calls : 1;
    sh->calls += calls;
    d->queries += calls;
    if (e->duration_ms >= 0)
        count_time(d, sh, e, calls);
    if (e->rows >= 0)
        sh->rows = (sh->rows < 0 ? 0 : sh->rows) + e->rows;
    wl_set_example(sh, e->sql.s, e->sql.len, e->duration_ms >= 0 ? e->duration_ms : -1, e->line,
                   file);
    count_seen(d, sh, e, calls);
    count_names(d, sh, e);
    if (e->session.len && calls == 1)
        follow_session(d, e, sh, &d->norm, file);
}
