/* input.c — bytes and lines from a file, stdin or a .gz (input.h).
 *
 * Layers, bottom up: raw_read() takes bytes from the descriptor (read(2), or
 * pread(2) within a range); decode() turns them into text, inflating when the
 * first two bytes were gzip's magic; wl_input_read() serves first whatever
 * wl_input_head() decoded ahead (the peek buffer), then decode(). Lines are cut
 * from 1 MiB blocks, a line crossing blocks is carried in a buffer that grows
 * to the longest line, so memory is one block + the longest line + zlib's
 * window, whatever the file's size. No mmap: peak RSS stays low on big logs.
 *
 * Errors are sticky: once a read failed (I/O error, truncated or corrupt gzip)
 * every later read reports the same error, after the bytes decoded before it.
 * So a caller may ignore an error from wl_input_head(); wl_input_lines() will
 * report it once it has delivered everything before it. */
#include "workload/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/banned.h"

#define RAW_BLOCK ((size_t)256 * 1024)         /* compressed bytes read at a time */
#define LINE_BLOCK ((size_t)1024 * 1024)       /* text read at a time by wl_input_lines */
#define SPLIT_WINDOW (64LL * 1024 * 1024)      /* how far a cut may move forward */
#define MAX_INFLATE_OUT ((size_t)1 << 30)      /* z_stream.avail_out is a uInt */

struct wl_input {
    char *name;            /* for messages: the path, or "stdin" */
    int fd;
    bool close_fd;         /* false for stdin */
    long long size;        /* of the file or the range; -1 unknown */
    long long consumed;    /* raw bytes read from fd */
    bool raw_eof;
    /* a range of a plain file, read with pread */
    bool ranged;
    long long pos, end;
    /* gzip */
    bool gzip;
    z_stream z;
    bool z_ready;          /* inflateInit2 done */
    bool between_members;  /* the last member ended; another may follow */
    bool padding;          /* zero bytes after the last member (tape padding) */
    unsigned char *zbuf;   /* compressed bytes; z.next_in points inside */
    size_t zcap;
    long long text;        /* text bytes decoded so far (read or peeked) */
    /* text decoded ahead by wl_input_head, served first by wl_input_read */
    char *peek;
    size_t peek_len, peek_off;
    /* sticky error */
    bool failed;
    err_t error;
};

/* ---- memory and errors ---------------------------------------------------------- */

/* Allocation failure aborts, as the arena does (STYLE.md). */
static void *checked(void *p)
{
    if (!p) {
        fputs("dbagent: out of memory\n", stderr);
        abort();
    }
    return p;
}

static void *xmalloc(size_t n)
{
    return checked(malloc(n ? n : 1));
}

static void *xrealloc(void *p, size_t n)
{
    return checked(realloc(p, n ? n : 1));
}

/* Records an ERR_IO error on the input (it sticks) and copies it to err. */
static int fail(wl_input_t *in, err_t *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(wl_input_t *in, err_t *err, const char *fmt, ...)
{
    char msg[sizeof(in->error.message)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    err_set(&in->error, ERR_IO, "%s", msg);
    in->failed = true;
    if (err)
        *err = in->error;
    return -1;
}

static int replay_error(const wl_input_t *in, err_t *err)
{
    if (err)
        *err = in->error;
    return -1;
}

/* ---- opening -------------------------------------------------------------------- */

static wl_input_t *input_new(const char *name, int fd, bool close_fd)
{
    wl_input_t *in = xmalloc(sizeof(*in));
    memset(in, 0, sizeof(*in));
    size_t n = strlen(name) + 1;
    in->name = xmalloc(n);
    memcpy(in->name, name, n);
    in->fd = fd;
    in->close_fd = close_fd;
    in->size = -1;
    return in;
}

/* Size for a regular file; a directory is an error (open(2) accepts it). */
static int describe(wl_input_t *in, bool need_regular, err_t *err)
{
    struct stat st;
    if (fstat(in->fd, &st) != 0)
        return fail(in, err, "%s: %s", in->name, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return fail(in, err, "%s: %s", in->name, strerror(EISDIR));
    if (S_ISREG(st.st_mode))
        in->size = (long long)st.st_size;
    else if (need_regular)
        return fail(in, err, "%s: not a regular file, so it cannot be read in parts", in->name);
    return 0;
}

static int open_path(const char *path, wl_input_t **out, bool need_regular, err_t *err)
{
    *out = NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    if (is_stdin && need_regular)
        return err_set(err, ERR_IO, "stdin cannot be read in parts; read it whole");
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    wl_input_t *in = input_new(is_stdin ? "stdin" : path, fd, !is_stdin);
    if (describe(in, need_regular, err) != 0) {
        wl_input_close(in);
        return -1;
    }
    *out = in;
    return 0;
}

/* A buffer of cap bytes, or less for a file known to be smaller (a digest of
 * many small files should not allocate a megabyte for each). A file that grows
 * meanwhile is still read whole, in more reads. */
static size_t buffer_for(const wl_input_t *in, size_t cap)
{
    if (in->size < 0 || in->gzip)
        return cap;
    size_t need = (size_t)in->size + 4096;
    return need < cap ? need : cap;
}

/* ---- raw bytes ------------------------------------------------------------------ */

static int raw_read(wl_input_t *in, void *buf, size_t cap, size_t *got, err_t *err)
{
    *got = 0;
    if (in->raw_eof)
        return 0;
    if (in->ranged && (long long)cap > in->end - in->pos)
        cap = (size_t)(in->end - in->pos);
    ssize_t n = 0;
    if (cap > 0) {
        do
            n = in->ranged ? pread(in->fd, buf, cap, in->pos) : read(in->fd, buf, cap);
        while (n < 0 && errno == EINTR);
    }
    if (n < 0)
        return fail(in, err, "%s: %s", in->name, strerror(errno));
    if (n == 0)
        in->raw_eof = true;
    in->pos += n;
    in->consumed += n;
    *got = (size_t)n;
    return 0;
}

/* Reads the first bytes and decides: gzip (by its magic 1f 8b), or plain text,
 * whose bytes become the peek buffer. */
static int sniff(wl_input_t *in, err_t *err)
{
    size_t cap = buffer_for(in, RAW_BLOCK);
    unsigned char *buf = xmalloc(cap);
    size_t have = 0, got;
    do {
        if (raw_read(in, buf + have, cap - have, &got, err) != 0) {
            free(buf);
            return -1;
        }
        have += got;
    } while (have < 2 && got > 0);
    if (have >= 2 && buf[0] == 0x1f && buf[1] == 0x8b) {
        in->gzip = true;
        in->zbuf = buf;
        in->zcap = cap;
        if (inflateInit2(&in->z, 16 + MAX_WBITS) != Z_OK)
            return fail(in, err, "%s: cannot start zlib", in->name);
        in->z_ready = true;
        in->z.next_in = buf;
        in->z.avail_in = (uInt)have;
        return 0;
    }
    in->peek = (char *)buf;
    in->peek_len = have;
    in->text = (long long)have;
    return 0;
}

int wl_input_open(const char *path, wl_input_t **out, err_t *err)
{
    if (open_path(path, out, false, err) != 0)
        return -1;
    if (sniff(*out, err) != 0) {
        wl_input_close(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

static bool file_is_gzip(const wl_input_t *in)
{
    unsigned char magic[2];
    return pread(in->fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

int wl_input_open_range(const char *path, long long from, long long to, wl_input_t **out,
                        err_t *err)
{
    wl_input_t *in;
    if (open_path(path, &in, true, err) != 0)
        return -1;
    if (file_is_gzip(in)) {
        fail(in, err, "%s: a gzip file cannot be read in parts; read it whole", in->name);
        wl_input_close(in);
        return -1;
    }
    if (to < 0 || to > in->size)
        to = in->size;
    from = from < 0 ? 0 : from > to ? to : from;
    in->ranged = true;
    in->pos = from;
    in->end = to;
    in->size = to - from;
    *out = in;
    return 0;
}

/* ---- gzip ----------------------------------------------------------------------- */

static long long compressed_pos(const wl_input_t *in)
{
    return in->consumed - (long long)in->z.avail_in;
}

static int truncated(wl_input_t *in, err_t *err)
{
    if (in->size >= 0)
        return fail(in, err,
                    "%s: truncated gzip: read %lld of %lld compressed bytes, %lld bytes of text",
                    in->name, in->consumed, in->size, in->text);
    return fail(in, err, "%s: truncated gzip: read %lld compressed bytes, %lld bytes of text",
                in->name, in->consumed, in->text);
}

static int corrupt(wl_input_t *in, const char *why, err_t *err)
{
    return fail(in, err, "%s: corrupt gzip (%s) at compressed byte %lld, after %lld bytes of text",
                in->name, why, compressed_pos(in), in->text);
}

/* Refills zbuf when zlib has used it up. */
static int feed(wl_input_t *in, err_t *err)
{
    if (in->z.avail_in > 0 || in->raw_eof)
        return 0;
    size_t got;
    if (raw_read(in, in->zbuf, in->zcap, &got, err) != 0)
        return -1;
    in->z.next_in = in->zbuf;
    in->z.avail_in = (uInt)got;
    return 0;
}

/* After a member: zero bytes are padding (skipped, as gzip does); anything else
 * starts the next member (`cat a.gz b.gz`), except after padding. */
static int next_member(wl_input_t *in, err_t *err)
{
    while (in->z.avail_in > 0 && *in->z.next_in == 0) {
        in->z.next_in++;
        in->z.avail_in--;
        in->padding = true;
    }
    if (in->z.avail_in == 0)
        return 0;
    if (in->padding)
        return corrupt(in, "trailing garbage after the last member", err);
    inflateReset(&in->z);
    in->between_members = false;
    return 0;
}

/* One inflate step; sets *end when the input is finished. */
static int inflate_step(wl_input_t *in, bool *end, err_t *err)
{
    if (feed(in, err) != 0)
        return -1;
    if (in->between_members && next_member(in, err) != 0)
        return -1;
    if (in->z.avail_in == 0) {
        if (!in->raw_eof)
            return 0; /* all padding so far: the next step reads on */
        if (in->between_members)
            return *end = true, 0;
        return truncated(in, err);
    }
    int rc = inflate(&in->z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END)
        in->between_members = true;
    else if (rc == Z_BUF_ERROR && in->z.avail_in > 0)
        return corrupt(in, "no progress", err);
    else if (rc != Z_OK && rc != Z_BUF_ERROR)
        return corrupt(in, in->z.msg ? in->z.msg : zError(rc), err);
    return 0;
}

/* Inflates until at least one byte of text is produced or the input ends. */
static int inflate_some(wl_input_t *in, char *buf, size_t cap, size_t *got, err_t *err)
{
    if (cap > MAX_INFLATE_OUT)
        cap = MAX_INFLATE_OUT;
    in->z.next_out = (unsigned char *)buf;
    in->z.avail_out = (uInt)cap;
    bool end = false;
    while (in->z.avail_out == cap && !end) {
        if (inflate_step(in, &end, err) != 0)
            return -1;
    }
    *got = cap - in->z.avail_out;
    return 0;
}

/* ---- text ----------------------------------------------------------------------- */

static int decode(wl_input_t *in, char *buf, size_t cap, size_t *got, err_t *err)
{
    *got = 0;
    if (in->failed)
        return replay_error(in, err);
    int rc = in->gzip ? inflate_some(in, buf, cap, got, err) : raw_read(in, buf, cap, got, err);
    in->text += (long long)*got;
    return rc;
}

int wl_input_read(wl_input_t *in, char *buf, size_t cap, size_t *got, err_t *err)
{
    *got = 0;
    if (cap == 0)
        return 0;
    if (in->peek_off < in->peek_len) {
        size_t n = in->peek_len - in->peek_off;
        n = n < cap ? n : cap;
        memcpy(buf, in->peek + in->peek_off, n);
        in->peek_off += n;
        *got = n;
        return 0;
    }
    return decode(in, buf, cap, got, err);
}

size_t wl_input_head(wl_input_t *in, char *buf, size_t cap, err_t *err)
{
    size_t have = in->peek_len - in->peek_off;
    if (have < cap) {
        if (have > 0)
            memmove(in->peek, in->peek + in->peek_off, have);
        in->peek = xrealloc(in->peek, cap);
        in->peek_off = 0;
        size_t got = 1;
        while (have < cap && got > 0 && decode(in, in->peek + have, cap - have, &got, err) == 0)
            have += got;
        in->peek_len = have;
    }
    size_t n = have < cap ? have : cap;
    memcpy(buf, in->peek + in->peek_off, n);
    return n;
}

bool wl_input_is_gzip(const wl_input_t *in)
{
    return in->gzip;
}

long long wl_input_consumed(const wl_input_t *in)
{
    return in->consumed;
}

long long wl_input_size(const wl_input_t *in)
{
    return in->size;
}

void wl_input_close(wl_input_t *in)
{
    if (!in)
        return;
    if (in->z_ready)
        inflateEnd(&in->z);
    if (in->close_fd)
        close(in->fd);
    free(in->zbuf);
    free(in->peek);
    free(in->name);
    free(in);
}

/* ---- lines ---------------------------------------------------------------------- */

/* Strips a trailing '\r', NUL-terminates (line has room for it) and calls fn. */
static void deliver(wl_line_fn fn, void *ctx, char *line, size_t len)
{
    if (len > 0 && line[len - 1] == '\r')
        len--;
    line[len] = '\0';
    fn(ctx, line, len);
}

typedef struct {
    char *buf;
    size_t len, cap;
} carry_t;

static void carry_add(carry_t *c, const char *s, size_t n)
{
    if (c->len + n + 1 > c->cap) {
        size_t cap = c->cap ? c->cap : 4096;
        while (c->len + n + 1 > cap)
            cap *= 2;
        c->buf = xrealloc(c->buf, cap);
        c->cap = cap;
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
}

/* Delivers the complete lines of one block; the unfinished tail goes to carry. */
static void cut_block(char *p, char *end, carry_t *carry, wl_line_fn fn, void *ctx)
{
    char *nl;
    if (carry->len > 0) {
        nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            carry_add(carry, p, (size_t)(end - p));
            return;
        }
        carry_add(carry, p, (size_t)(nl - p));
        deliver(fn, ctx, carry->buf, carry->len);
        carry->len = 0;
        p = nl + 1;
    }
    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        deliver(fn, ctx, p, (size_t)(nl - p));
        p = nl + 1;
    }
    if (p < end)
        carry_add(carry, p, (size_t)(end - p));
}

int wl_input_lines(wl_input_t *in, wl_line_fn fn, void *ctx, err_t *err)
{
    size_t cap = buffer_for(in, LINE_BLOCK);
    char *block = xmalloc(cap);
    carry_t carry = {0};
    size_t got;
    int rc;
    while ((rc = wl_input_read(in, block, cap, &got, err)) == 0 && got > 0)
        cut_block(block, block + got, &carry, fn, ctx);
    if (rc == 0 && carry.len > 0) /* a last line without a newline */
        deliver(fn, ctx, carry.buf, carry.len);
    free(carry.buf);
    free(block);
    return rc;
}

/* ---- split points for --jobs ---------------------------------------------------- */

/* A window of the file in memory: bytes [at, at + len) in buf (cap + 1 bytes,
 * so a line ending at the end of the data can be NUL-terminated). */
typedef struct {
    wl_input_t *in;
    char *buf;
    size_t cap, len;
    long long at;
} scan_t;

/* Makes at least want bytes from pos available (fewer at the end of the file). */
static int scan_fill(scan_t *s, long long pos, size_t want, err_t *err)
{
    if (pos >= s->at && pos + (long long)want <= s->at + (long long)s->len)
        return 0;
    if (want > s->cap) {
        s->cap = want;
        s->buf = xrealloc(s->buf, s->cap + 1);
    }
    size_t len = 0;
    while (len < s->cap) {
        ssize_t n = pread(s->in->fd, s->buf + len, s->cap - len, pos + (long long)len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(s->in, err, "%s: %s", s->in->name, strerror(errno));
        if (n == 0)
            break;
        len += (size_t)n;
    }
    s->at = pos;
    s->len = len;
    return 0;
}

/* The line beginning at pos: *line, *len (without the newline) and *next, the
 * position after its newline. *found = false when the line runs past limit. */
static int scan_line(scan_t *s, long long pos, long long limit, char **line, size_t *len,
                     long long *next, bool *found, err_t *err)
{
    size_t want = buffer_for(s->in, LINE_BLOCK);
    for (;;) {
        if (scan_fill(s, pos, want, err) != 0)
            return -1;
        char *p = s->buf + (pos - s->at);
        size_t have = (size_t)(s->at + (long long)s->len - pos);
        char *nl = memchr(p, '\n', have);
        bool at_eof = s->at + (long long)s->len < s->at + (long long)s->cap;
        *found = true;
        *line = p;
        if (nl || at_eof) {
            *len = nl ? (size_t)(nl - p) : have;
            *next = pos + (long long)*len + (nl ? 1 : 0);
            return 0;
        }
        if (pos + (long long)have >= limit)
            return *found = false, 0;
        /* a longer line: read more of it, up to the limit */
        want = have * 2;
        if ((long long)want > limit - pos + 1)
            want = (size_t)(limit - pos + 1);
    }
}

static bool ask_starts_entry(wl_entry_start_fn starts_entry, void *ctx, char *line, size_t len)
{
    if (len > 0 && line[len - 1] == '\r')
        len--;
    char saved = line[len];
    line[len] = '\0';
    bool yes = starts_entry(ctx, line, len);
    line[len] = saved;
    return yes;
}

/* The first line at or after from (>= 1) where an entry starts, within
 * SPLIT_WINDOW; *cut = the file's size when there is none. */
static int find_cut(scan_t *s, long long from, wl_entry_start_fn starts_entry, void *ctx,
                    long long *cut, err_t *err)
{
    long long size = s->in->size, limit = from + SPLIT_WINDOW, pos = from - 1, next;
    char *line;
    size_t len;
    bool found;
    *cut = size;
    /* the rest of the line holding byte from-1 (empty when it is a newline) */
    if (scan_line(s, pos, limit, &line, &len, &next, &found, err) != 0)
        return -1;
    for (pos = next; found && pos < size && pos < limit; pos = next) {
        if (scan_line(s, pos, limit, &line, &len, &next, &found, err) != 0)
            return -1;
        if (found && ask_starts_entry(starts_entry, ctx, line, len)) {
            *cut = pos;
            break;
        }
    }
    return 0;
}

static int split_cuts(wl_input_t *in, int n, wl_entry_start_fn starts_entry, void *ctx,
                      long long *offsets, err_t *err)
{
    long long size = in->size;
    scan_t s = {.in = in, .at = -1};
    int parts = 1;
    offsets[0] = 0;
    for (int k = 1; k < n && size > 0; k++) {
        /* size*k/n without overflow */
        long long target = size / n * k + size % n * k / n;
        if (target <= offsets[parts - 1])
            target = offsets[parts - 1] + 1;
        long long cut;
        if (target >= size)
            break;
        if (find_cut(&s, target, starts_entry, ctx, &cut, err) != 0) {
            free(s.buf);
            return -1;
        }
        if (cut < size)
            offsets[parts++] = cut;
    }
    offsets[parts] = size;
    free(s.buf);
    return parts;
}

int wl_input_split(const char *path, int n, wl_entry_start_fn starts_entry, void *ctx,
                   long long *offsets, err_t *err)
{
    wl_input_t *in;
    if (open_path(path, &in, true, err) != 0)
        return -1;
    int parts;
    if (file_is_gzip(in))
        parts = fail(in, err, "%s: a gzip file cannot be read in parts; read it whole", in->name);
    else
        parts = split_cuts(in, n < 1 ? 1 : n, starts_entry, ctx, offsets, err);
    wl_input_close(in);
    return parts;
}
