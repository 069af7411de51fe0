/* digest_read.c — reading log files into a digest, in parallel with --jobs.
 *
 * The work is a list of parts: a whole file, or a byte range of a large plain
 * file cut where an entry starts (input.h: wl_input_split). Each part is read
 * into a digest of its own by whichever thread takes it, and the parts are
 * merged in order at the end, so the result does not depend on scheduling.
 * Line numbers inside a part count from its first line; once every part is
 * read, each part's numbers are shifted by the lines of the parts before it. */
#include "workload/digest.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/progress.h"
#include "workload/digest_int.h"
#include "workload/input.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

enum {
    HEAD_BYTES = 64 * 1024,
    HEAD_SNIFF = 8 * 1024,
    SPLIT_MIN_BYTES = 16 * 1024 * 1024, /* smaller files are not worth cutting */
    PROGRESS_STEP = 1 << 20,
};

typedef struct {
    const char *path;
    long long from, to;        /* byte range; to = -1: the whole input */
    wl_format_t fmt;
    const char *prefix;        /* detected on the file's head, shared by its parts */
    /* results */
    wl_digest_t *digest;
    long long lines, bytes;
    err_t err;
    int rc;
} part_t;

typedef struct {
    part_t *parts; int nparts;
    atomic_int next;
    progress_t *progress;
    const wl_digest_opts_t *opts;
} work_t;

typedef struct {
    wl_reader_t *reader;
    part_t *part;
    progress_t *progress;
    long long unreported;
} line_ctx_t;

typedef struct {
    wl_digest_t *d;
    int file;
} emit_ctx_t;

static void on_entry(void *ctx, const wl_entry_t *e)
{
    emit_ctx_t *c = ctx;
    wl_digest_add(c->d, e, c->file);
}

static void on_line(void *ctx, const char *line, size_t len)
{
    line_ctx_t *c = ctx;
    wl_reader_line(c->reader, line, len);
    c->part->lines++;
    c->part->bytes += (long long)len + 1;
    c->unreported += (long long)len + 1;
    if (c->unreported >= PROGRESS_STEP && c->progress) {
        progress_add(c->progress, c->unreported);
        c->unreported = 0;
    }
}

/* Reads one part into its own digest (file index 0 there; remapped on merge). */
static int read_part(part_t *p, const wl_digest_opts_t *opts, progress_t *progress)
{
    wl_input_t *in;
    int rc = p->to < 0 ? wl_input_open(p->path, &in, &p->err)
                       : wl_input_open_range(p->path, p->from, p->to, &in, &p->err);
    if (rc < 0)
        return -1;
    if (p->fmt == WL_FMT_AUTO) { /* stdin: detected on this very input */
        char head[HEAD_SNIFF];
        size_t n = wl_input_head(in, head, sizeof(head), &p->err);
        if (p->err.code != ERR_NONE) {
            wl_input_close(in);
            return -1;
        }
        p->fmt = wl_detect_format(head, n, NULL);
    }
    p->digest = wl_digest_new(opts);
    p->digest->part_mode = true; /* edges kept: runs across cuts are joined on merge */
    int file = wl_digest_add_file(p->digest, p->path, wl_format_name(p->fmt));
    emit_ctx_t ec = {p->digest, file};
    wl_reader_t *r = wl_reader_new(p->fmt, p->prefix, on_entry, &ec);
    line_ctx_t lc = {r, p, progress, 0};
    rc = wl_input_lines(in, on_line, &lc, &p->err);
    wl_reader_finish(r);
    wl_digest_finish(p->digest);
    long long lines[WL_SKIPPED_KEEP];
    int n = wl_reader_skipped_lines(r, lines);
    wl_digest_note_file(p->digest, file, p->bytes, wl_reader_skipped(r), lines, n);
    if (progress && lc.unreported)
        progress_add(progress, lc.unreported);
    wl_reader_free(r);
    wl_input_close(in);
    return rc;
}

static void *worker(void *arg)
{
    work_t *w = arg;
    for (;;) {
        int i = atomic_fetch_add(&w->next, 1);
        if (i >= w->nparts)
            return NULL;
        w->parts[i].rc = read_part(&w->parts[i], w->opts, w->progress);
    }
}

static void ignore_entry(void *ctx, const wl_entry_t *e)
{
    (void)ctx;
    (void)e;
}

/* Format and (for stderr logs) the log_line_prefix, from the file's first bytes. */
static int sniff(const char *path, wl_format_t given, const char *prefix, wl_format_t *fmt,
                 const char **prefix_out, bool *splittable, long long *size, err_t *err)
{
    wl_input_t *in;
    if (wl_input_open(path, &in, err) < 0)
        return -1;
    char *head = malloc(HEAD_BYTES);
    if (!head)
        abort();
    size_t n = wl_input_head(in, head, HEAD_BYTES, err);
    if (err->code != ERR_NONE) {
        free(head);
        wl_input_close(in);
        return -1;
    }
    *fmt = given != WL_FMT_AUTO ? given : wl_detect_format(head, n, strcmp(path, "-") ? path : NULL);
    *splittable = strcmp(path, "-") && !wl_input_is_gzip(in);
    *size = wl_input_size(in);
    *prefix_out = prefix;
    if (*fmt == WL_FMT_PG_STDERR && !prefix && *splittable && *size >= SPLIT_MIN_BYTES) {
        /* every part must read lines the same way: detect once, on the head */
        wl_reader_t *probe = wl_reader_new(*fmt, NULL, ignore_entry, NULL);
        const char *line = head, *end = head + n;
        while (line < end) {
            const char *nl = memchr(line, '\n', (size_t)(end - line));
            if (!nl)
                break;
            wl_reader_line(probe, line, (size_t)(nl - line));
            line = nl + 1;
        }
        const char *detected = wl_reader_prefix(probe);
        *prefix_out = detected ? wl_strndup(detected, strlen(detected)) : NULL;
        wl_reader_free(probe);
    }
    free(head);
    wl_input_close(in);
    return 0;
}

static void add_part(part_t **parts, int *n, int *cap, part_t p)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *parts = realloc(*parts, (size_t)*cap * sizeof(part_t));
        if (!*parts)
            abort();
    }
    (*parts)[(*n)++] = p;
}

/* Shifts a part's line numbers by the lines of the parts of its file before it. */
static void shift_lines(wl_digest_t *d, long long delta)
{
    if (!delta)
        return;
    for (int i = 0; i < d->nshapes; i++)
        if (d->shapes[i]->example_line > 0)
            d->shapes[i]->example_line += delta;
    for (int i = 0; i < d->nnp1; i++)
        d->np1[i].line += delta;
    for (int i = 0; i < d->nheads; i++)
        d->heads[i].line += delta;
    for (int i = 0; i < d->ntails; i++)
        d->tails[i].line += delta;
    for (int f = 0; f < d->nfiles; f++)
        for (int k = 0; k < d->files[f].nskipped_lines; k++)
            d->files[f].skipped_lines[k] += delta;
}

static int plan_parts(const char *const *paths, int npaths, wl_format_t fmt,
                      const char *prefix, int jobs, part_t **parts, int *nparts,
                      long long *total, err_t *err)
{
    int cap = 0;
    *total = 0;
    for (int i = 0; i < npaths; i++) {
        wl_format_t f;
        const char *pfx;
        bool splittable;
        long long size;
        if (!strcmp(paths[i], "-")) { /* read once: detected as it is read */
            f = fmt;
            pfx = prefix;
            splittable = false;
            size = -1;
        } else if (sniff(paths[i], fmt, prefix, &f, &pfx, &splittable, &size, err) < 0) {
            return -1;
        }
        *total = size >= 0 && *total >= 0 ? *total + size : -1;
        part_t p = {.path = paths[i], .from = 0, .to = -1, .fmt = f, .prefix = pfx};
        long long offsets[65];
        int n = 1;
        if (jobs > 1 && splittable && size >= SPLIT_MIN_BYTES) {
            int want = jobs < 64 ? jobs : 64;
            n = wl_input_split(paths[i], want, wl_line_starts_entry, &f, offsets, err);
            if (n < 0)
                return -1;
        }
        for (int k = 0; k < n; k++) {
            if (n > 1) {
                p.from = offsets[k];
                p.to = offsets[k + 1];
            }
            add_part(parts, nparts, &cap, p);
        }
    }
    return 0;
}

int wl_digest_read(wl_digest_t *d, const char *const *paths, int npaths, wl_format_t fmt,
                   const char *prefix, int jobs, bool progress, err_t *err)
{
    part_t *parts = NULL;
    int nparts = 0;
    long long total;
    int rc = plan_parts(paths, npaths, fmt, prefix, jobs, &parts, &nparts, &total, err);
    work_t w = {parts, nparts, 0, NULL, &d->opts};
    if (rc == 0 && progress && progress_should_show(total))
        w.progress = progress_start("reading", total);
    int nthreads = jobs < nparts ? jobs : nparts;
    if (rc == 0 && nthreads <= 1) {
        worker(&w);
    } else if (rc == 0) {
        pthread_t *t = calloc((size_t)nthreads, sizeof(pthread_t));
        if (!t)
            abort();
        for (int i = 0; i < nthreads; i++)
            if (pthread_create(&t[i], NULL, worker, &w))
                abort();
        for (int i = 0; i < nthreads; i++)
            pthread_join(t[i], NULL);
        free(t);
    }
    if (w.progress)
        progress_finish(w.progress);
    long long base = 0;
    const char *last_path = NULL;
    for (int i = 0; rc == 0 && i < nparts; i++) {
        part_t *p = &parts[i];
        if (p->rc < 0) {
            *err = p->err;
            rc = -1;
            break;
        }
        if (!last_path || strcmp(last_path, p->path)) {
            base = 0;
            wl_digest_close_tails(d); /* runs do not continue into another file */
        }
        last_path = p->path;
        shift_lines(p->digest, base);
        base += p->lines;
        wl_digest_merge(d, p->digest);
    }
    wl_digest_close_tails(d);
    for (int i = 0; i < nparts; i++) {
        wl_digest_free(parts[i].digest);
        if (parts[i].prefix != prefix && (i + 1 == nparts || parts[i + 1].prefix != parts[i].prefix))
            free((char *)parts[i].prefix);
    }
    free(parts);
    return rc;
}
