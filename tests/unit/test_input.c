/* test_input.c — workload/input.c: files, stdin and .gz in, lines out.
 *
 * Every test writes its input into a fresh temp directory and compares what
 * wl_input_lines() delivers with a reference cut by hand: split at '\n', one
 * '\r' stripped before it, a last line without a newline kept. Lines are
 * collected as "line\n" into one buffer, so two runs agree exactly when their
 * buffers are equal. Block edges (256 KiB raw reads, 1 MiB line blocks) are
 * hit on purpose: CRLF pairs straddle every multiple of 256 KiB, lines run
 * longer than a block. gzip files are written with zlib's gzwrite; several
 * members are concatenated files, as `cat a.gz b.gz` makes. Stdin is a pipe
 * dup2'd onto fd 0, fed by a child process. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "workload/input.h"

/* ---- helpers ---------------------------------------------------------------- */

#define KIB ((size_t)1024)
#define MIB (1024 * KIB)

static char tmpdir[64];

static int setup_dir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_input.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *tmp_path(const char *name)
{
    static char path[4][256];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
    return p;
}

typedef struct {
    char *data;
    size_t len, cap;
    long long lines;
} buf_t;

static void buf_add(buf_t *b, const void *s, size_t n)
{
    if (n == 0)
        return;
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void buf_free(buf_t *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

static void write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

static void append_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_APPEND);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
}

static buf_t read_whole(const char *path)
{
    buf_t b = {0};
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    char chunk[65536];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof(chunk))) > 0)
        buf_add(&b, chunk, (size_t)n);
    close(fd);
    return b;
}

/* One gzip member holding text (level 6). */
static void write_gzip(const char *path, const char *mode, const char *text, size_t len)
{
    gzFile gz = gzopen(path, mode);
    assert_non_null(gz);
    size_t off = 0;
    while (off < len) {
        unsigned n = len - off > MIB ? (unsigned)MIB : (unsigned)(len - off);
        assert_int_equal(gzwrite(gz, text + off, n), (int)n);
        off += n;
    }
    assert_int_equal(gzclose(gz), Z_OK);
}

/* The reference: text cut into "line\n" records, '\r' before '\n' stripped. */
static buf_t reference_lines(const char *text, size_t len)
{
    buf_t b = {0};
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\n')
            continue;
        if (i == len && start == len)
            break; /* no last line after a final newline */
        size_t n = i - start;
        if (n > 0 && text[start + n - 1] == '\r')
            n--;
        buf_add(&b, text + start, n);
        buf_add(&b, "\n", 1);
        b.lines++;
        start = i + 1;
    }
    return b;
}

static void collect(void *ctx, const char *line, size_t len)
{
    buf_t *b = ctx;
    assert_true(line[len] == '\0');
    buf_add(b, line, len);
    buf_add(b, "\n", 1);
    b->lines++;
}

/* Reads every line of an open input; rc and err as wl_input_lines left them. */
static int lines_of(wl_input_t *in, buf_t *out, err_t *err)
{
    memset(out, 0, sizeof(*out));
    err_clear(err);
    return wl_input_lines(in, collect, out, err);
}

static void assert_same(const buf_t *got, const buf_t *want)
{
    assert_int_equal(got->lines, want->lines);
    assert_int_equal(got->len, want->len);
    if (got->len)
        assert_memory_equal(got->data, want->data, got->len);
}

/* Opens path, reads its lines and checks them against the reference of text. */
static void check_file_lines(const char *path, const char *text, size_t len, bool gzip)
{
    wl_input_t *in;
    err_t err;
    assert_int_equal(wl_input_open(path, &in, &err), 0);
    assert_int_equal(wl_input_is_gzip(in), gzip);
    buf_t got, want = reference_lines(text, len);
    if (lines_of(in, &got, &err) != 0)
        fail_msg("%s: %s", path, err.message);
    assert_same(&got, &want);
    assert_int_equal(wl_input_consumed(in), wl_input_size(in));
    wl_input_close(in);
    buf_free(&got);
    buf_free(&want);
}

static uint64_t rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Log-like text: lines of 0–300 printable bytes, CRLF now and then, and a CRLF
 * pair straddling every multiple of 256 KiB (where reads end). */
static char *make_text(size_t len, uint64_t seed)
{
    char *t = malloc(len);
    assert_non_null(t);
    uint64_t s = seed;
    size_t i = 0;
    while (i < len) {
        size_t n = rng(&s) % 300;
        for (size_t k = 0; k < n && i < len; k++)
            t[i++] = (char)(' ' + rng(&s) % 94);
        if (i < len && rng(&s) % 4 == 0)
            t[i++] = '\r';
        if (i < len)
            t[i++] = '\n';
    }
    for (size_t at = 256 * KIB; at < len; at += 256 * KIB) {
        t[at - 1] = '\r';
        t[at] = '\n';
    }
    return t;
}

/* ---- plain files ---------------------------------------------------------------- */

static void test_small_plain_cases(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *want; /* "line\n" records */
    } cases[] = {
        {"a\nbb\nccc\n", "a\nbb\nccc\n"},
        {"a\r\nbb\r\n", "a\nbb\n"},              /* CRLF */
        {"a\nb", "a\nb\n"},                       /* no final newline */
        {"a\r", "a\n"},                           /* a last line ending in \r */
        {"x\ry\n", "x\ry\n"},                     /* only the \r before \n goes */
        {"a\r\r\n", "a\r\n"},                     /* only one */
        {"\n\n", "\n\n"},                         /* empty lines */
        {"", ""},                                 /* empty file */
        {"\r\n", "\n"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *path = tmp_path("small.log");
        write_file(path, cases[i].text, strlen(cases[i].text));
        wl_input_t *in;
        err_t err;
        assert_int_equal(wl_input_open(path, &in, &err), 0);
        assert_false(wl_input_is_gzip(in));
        assert_int_equal(wl_input_size(in), (long long)strlen(cases[i].text));
        buf_t got;
        assert_int_equal(lines_of(in, &got, &err), 0);
        assert_int_equal(got.len, strlen(cases[i].want));
        if (got.len)
            assert_memory_equal(got.data, cases[i].want, got.len);
        wl_input_close(in);
        buf_free(&got);
    }
}

static void test_embedded_nul_kept(void **state)
{
    (void)state;
    const char text[] = {'a', '\0', 'b', '\n', 'c'};
    const char *path = tmp_path("nul.log");
    write_file(path, text, sizeof(text));
    check_file_lines(path, text, sizeof(text), false);
}

static void test_large_plain_with_block_edges(void **state)
{
    (void)state;
    size_t len = 5 * MIB + 12345;
    char *text = make_text(len, 11);
    const char *path = tmp_path("big.log");
    write_file(path, text, len);
    check_file_lines(path, text, len, false);
    free(text);
}

/* Lines longer than a block (1 MiB), one of them the whole tail of the file. */
static void test_lines_longer_than_a_block(void **state)
{
    (void)state;
    size_t len = 7 * MIB + 3;
    char *text = malloc(len);
    memset(text, 'x', len);
    text[10] = '\n';
    text[3 * MIB] = '\n';              /* a 3 MiB line */
    text[3 * MIB + 1] = '\n';          /* an empty one */
    text[4 * MIB + 7] = '\r';
    text[4 * MIB + 8] = '\n';          /* a 1 MiB line ending in CRLF */
    /* then a 3 MiB line without a final newline */
    const char *path = tmp_path("long.log");
    write_file(path, text, len);
    check_file_lines(path, text, len, false);
    free(text);
}

static void test_gzip_by_magic_not_name(void **state)
{
    (void)state;
    const char *text = "plain\ntext\n";
    const char *path = tmp_path("plain.gz"); /* a .gz name, plain content */
    write_file(path, text, strlen(text));
    check_file_lines(path, text, strlen(text), false);
    const char *gz = tmp_path("compressed.log"); /* gzip content, no .gz name */
    write_gzip(gz, "wb", text, strlen(text));
    check_file_lines(gz, text, strlen(text), true);
}

/* ---- gzip ---------------------------------------------------------------------------- */

static void test_gzip_single_member(void **state)
{
    (void)state;
    size_t len = 4 * MIB + 777;
    char *text = make_text(len, 22);
    const char *path = tmp_path("one.log.gz");
    write_gzip(path, "wb", text, len);
    check_file_lines(path, text, len, true);
    free(text);
    const char *empty = tmp_path("empty.gz"); /* a member with no text */
    write_gzip(empty, "wb", "", 0);
    check_file_lines(empty, "", 0, true);
}

/* `cat a.gz b.gz c.gz`: one text; a line may run across members. */
static void test_gzip_multi_member(void **state)
{
    (void)state;
    size_t len = 3 * MIB;
    char *text = make_text(len, 33);
    size_t cut1 = MIB + 17, cut2 = 2 * MIB + 50; /* mid-line, most likely */
    const char *a = tmp_path("a.gz"), *b = tmp_path("b.gz"), *all = tmp_path("all.gz");
    write_gzip(all, "wb", text, cut1);
    write_gzip(a, "wb", text + cut1, 0);            /* an empty member between */
    buf_t part = read_whole(a);
    append_file(all, part.data, part.len);
    buf_free(&part);
    write_gzip(b, "wb", text + cut1, cut2 - cut1);
    part = read_whole(b);
    append_file(all, part.data, part.len);
    buf_free(&part);
    write_gzip(b, "wb", text + cut2, len - cut2);
    part = read_whole(b);
    append_file(all, part.data, part.len);
    buf_free(&part);
    check_file_lines(all, text, len, true);
    /* zero padding after the last member is skipped, as gzip does */
    static const char zeros[1000];
    append_file(all, zeros, sizeof(zeros));
    check_file_lines(all, text, len, true);
    free(text);
}

/* Reads path expecting an error; returns the lines delivered before it. */
static buf_t read_expecting_error(const char *path, err_t *err)
{
    wl_input_t *in;
    buf_t got;
    assert_int_equal(wl_input_open(path, &in, err), 0);
    assert_int_equal(lines_of(in, &got, err), -1);
    assert_int_equal(err->code, ERR_IO);
    /* the error sticks */
    char buf[16];
    size_t n;
    err_t again;
    err_clear(&again);
    assert_int_equal(wl_input_read(in, buf, sizeof(buf), &n, &again), -1);
    assert_string_equal(again.message, err->message);
    wl_input_close(in);
    return got;
}

static void test_truncated_gzip(void **state)
{
    (void)state;
    size_t len = 3 * MIB;
    char *text = make_text(len, 44);
    const char *path = tmp_path("cut.gz");
    write_gzip(path, "wb", text, len);
    buf_t whole = read_whole(path);
    long long kept = (long long)whole.len / 2;
    write_file(path, whole.data, (size_t)kept);
    err_t err;
    buf_t got = read_expecting_error(path, &err);
    /* "PATH: truncated gzip: read N of M compressed bytes, K bytes of text" */
    char prefix[512];
    snprintf(prefix, sizeof(prefix), "%s: truncated gzip: read %lld of %lld compressed bytes, ",
             path, kept, kept);
    if (strncmp(err.message, prefix, strlen(prefix)) != 0)
        fail_msg("message: %s", err.message);
    long long text_bytes = -1;
    assert_int_equal(sscanf(err.message + strlen(prefix), "%lld bytes of text", &text_bytes), 1);
    /* what was delivered is a prefix of the text, no more than was decoded */
    assert_true(got.len > MIB && (long long)got.len <= text_bytes && text_bytes < (long long)len);
    buf_t want = reference_lines(text, len);
    assert_memory_equal(got.data, want.data, got.len);
    /* truncated inside the header, and right after the magic */
    write_file(path, whole.data, 5);
    buf_free(&got);
    got = read_expecting_error(path, &err);
    assert_non_null(strstr(err.message, "truncated gzip: read 5 of 5 compressed bytes, 0 bytes"));
    write_file(path, "\x1f\x8b", 2);
    buf_free(&got);
    got = read_expecting_error(path, &err);
    assert_non_null(strstr(err.message, "truncated gzip: read 2 of 2"));
    buf_free(&got);
    buf_free(&want);
    buf_free(&whole);
    free(text);
}

static void test_corrupt_gzip(void **state)
{
    (void)state;
    size_t len = 2 * MIB;
    char *text = make_text(len, 55);
    const char *path = tmp_path("bad.gz");
    write_gzip(path, "wb", text, len);
    buf_t good = read_whole(path);
    char *bad = malloc(good.len + 16);
    err_t err;
    buf_t got;

    /* the CRC in the trailer */
    memcpy(bad, good.data, good.len);
    bad[good.len - 8] ^= 0x55;
    write_file(path, bad, good.len);
    got = read_expecting_error(path, &err);
    assert_non_null(strstr(err.message, ": corrupt gzip (incorrect data check) at compressed"));
    assert_true(got.len > len / 2); /* the text before the check was delivered */
    buf_free(&got);

    /* reserved header flags */
    memcpy(bad, good.data, good.len);
    bad[3] = (char)0xE0;
    write_file(path, bad, good.len);
    got = read_expecting_error(path, &err);
    assert_non_null(strstr(err.message, "corrupt gzip (unknown header flags set) at compressed"));
    assert_non_null(strstr(err.message, "after 0 bytes of text"));
    buf_free(&got);

    /* bytes smashed in the middle of the deflate data */
    memcpy(bad, good.data, good.len);
    memset(bad + good.len / 2, 0xff, 64);
    write_file(path, bad, good.len);
    got = read_expecting_error(path, &err);
    assert_non_null(strstr(err.message, " gzip"));
    buf_free(&got);

    /* garbage after the last member, right away (not a gzip header) */
    memcpy(bad, good.data, good.len);
    memcpy(bad + good.len, "garbage!", 8);
    write_file(path, bad, good.len + 8);
    got = read_expecting_error(path, &err);
    assert_non_null(strstr(err.message, "corrupt gzip (incorrect header check)"));
    size_t complete = len;
    while (complete > 0 && text[complete - 1] != '\n')
        complete--;
    buf_t want = reference_lines(text, complete);
    assert_same(&got, &want); /* every complete line first */
    buf_free(&want);
    buf_free(&got);

    /* garbage after zero padding, short and longer than a read */
    memcpy(bad, good.data, good.len);
    memcpy(bad + good.len, "\0\0\0\0x", 5);
    write_file(path, bad, good.len + 5);
    got = read_expecting_error(path, &err);
    assert_non_null(strstr(err.message, "corrupt gzip (trailing garbage after the last member)"));
    buf_free(&got);
    char *padded = calloc(1, good.len + MIB + 1);
    memcpy(padded, good.data, good.len);
    padded[good.len + MIB] = 'x';
    write_file(path, padded, good.len + MIB + 1);
    got = read_expecting_error(path, &err);
    assert_non_null(strstr(err.message, "corrupt gzip (trailing garbage after the last member)"));
    buf_free(&got);
    free(padded);

    free(bad);
    buf_free(&good);
    free(text);
}

/* ---- opening errors ---------------------------------------------------------------- */

static void expect_open_error(const char *path, const char *suffix)
{
    wl_input_t *in = (wl_input_t *)1;
    err_t err;
    err_clear(&err);
    assert_int_equal(wl_input_open(path, &in, &err), -1);
    assert_null(in);
    assert_int_equal(err.code, ERR_IO);
    char want[512];
    snprintf(want, sizeof(want), "%s: %s", path, suffix);
    assert_string_equal(err.message, want);
}

static void test_open_errors(void **state)
{
    (void)state;
    expect_open_error(tmp_path("missing.log"), strerror(ENOENT));
    expect_open_error(tmpdir, strerror(EISDIR));
    if (geteuid() != 0) { /* root reads anything */
        const char *path = tmp_path("secret.log");
        write_file(path, "x\n", 2);
        chmod(path, 0);
        expect_open_error(path, strerror(EACCES));
    }
    wl_input_t *in;
    err_t err;
    assert_int_equal(wl_input_open_range(tmp_path("missing.log"), 0, -1, &in, &err), -1);
    assert_int_equal(err.code, ERR_IO);
    assert_int_equal(wl_input_split(tmpdir, 2, NULL, NULL, (long long[3]){0}, &err), -1);
    assert_non_null(strstr(err.message, strerror(EISDIR)));
}

/* ---- head ------------------------------------------------------------------------------ */

/* head() twice, then lines(): the peeked bytes are read again, nothing lost. */
static void check_head_then_lines(wl_input_t *in, const char *text, size_t len)
{
    char head[100 * 1024];
    err_t err;
    err_clear(&err);
    size_t n = wl_input_head(in, head, 10, &err);
    assert_int_equal(n, len < 10 ? len : 10);
    assert_memory_equal(head, text, n);
    n = wl_input_head(in, head, sizeof(head), &err); /* more than before */
    assert_int_equal(err.code, ERR_NONE);
    assert_int_equal(n, len < sizeof(head) ? len : sizeof(head));
    assert_memory_equal(head, text, n);
    buf_t got, want = reference_lines(text, len);
    assert_int_equal(lines_of(in, &got, &err), 0);
    assert_same(&got, &want);
    buf_free(&got);
    buf_free(&want);
}

static void test_head_then_lines(void **state)
{
    (void)state;
    size_t len = 600 * KIB;
    char *text = make_text(len, 66);
    const char *plain = tmp_path("head.log"), *gz = tmp_path("head.gz");
    write_file(plain, text, len);
    write_gzip(gz, "wb", text, len);
    const char *paths[] = {plain, gz};
    for (int i = 0; i < 2; i++) {
        wl_input_t *in;
        err_t err;
        assert_int_equal(wl_input_open(paths[i], &in, &err), 0);
        check_head_then_lines(in, text, len);
        wl_input_close(in);
    }
    /* a file shorter than the head asked for */
    write_file(plain, "ab\n", 3);
    wl_input_t *in;
    err_t err;
    assert_int_equal(wl_input_open(plain, &in, &err), 0);
    check_head_then_lines(in, "ab\n", 3);
    wl_input_close(in);
    free(text);
}

/* head() of a truncated .gz returns the text before the error; lines() then
 * delivers it and reports the error. */
static void test_head_of_truncated_gzip(void **state)
{
    (void)state;
    const char *text = "first line\nsecond line\n";
    const char *path = tmp_path("headcut.gz");
    write_gzip(path, "wb", text, strlen(text));
    buf_t whole = read_whole(path);
    write_file(path, whole.data, whole.len - 4); /* drop part of the trailer */
    wl_input_t *in;
    err_t err;
    err_clear(&err);
    assert_int_equal(wl_input_open(path, &in, &err), 0);
    char head[4096];
    size_t n = wl_input_head(in, head, sizeof(head), &err);
    assert_int_equal(n, strlen(text));
    assert_int_equal(err.code, ERR_IO);
    buf_t got;
    assert_int_equal(lines_of(in, &got, &err), -1);
    assert_non_null(strstr(err.message, "truncated gzip"));
    assert_int_equal(got.lines, 2);
    wl_input_close(in);
    buf_free(&got);
    buf_free(&whole);
}

/* ---- stdin ---------------------------------------------------------------------------------- */

/* Runs fn with fd 0 reading a pipe that a child process fills with data. */
static void with_stdin(const char *data, size_t len, void (*fn)(const char *, size_t))
{
    int saved = dup(0), p[2];
    assert_true(saved >= 0);
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        size_t off = 0;
        while (off < len) {
            ssize_t n = write(p[1], data + off, len - off > 4096 ? 4096 : len - off);
            if (n <= 0)
                _exit(1);
            off += (size_t)n;
        }
        _exit(0);
    }
    close(p[1]);
    assert_int_equal(dup2(p[0], 0), 0);
    close(p[0]);
    fn(data, len);
    assert_int_equal(dup2(saved, 0), 0);
    close(saved);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
}

static const char *stdin_text;
static size_t stdin_len;

static void read_stdin(const char *data, size_t len)
{
    (void)data;
    (void)len;
    wl_input_t *in;
    err_t err;
    assert_int_equal(wl_input_open("-", &in, &err), 0);
    assert_int_equal(wl_input_size(in), -1);
    check_head_then_lines(in, stdin_text, stdin_len);
    assert_true(wl_input_consumed(in) == (long long)len);
    wl_input_close(in);
    assert_true(fcntl(0, F_GETFD) != -1); /* stdin is not closed */
}

static void test_stdin_plain_and_gzip(void **state)
{
    (void)state;
    size_t len = 700 * KIB;
    char *text = make_text(len, 77);
    stdin_text = text;
    stdin_len = len;
    with_stdin(text, len, read_stdin);
    const char *gz = tmp_path("stdin.gz");
    write_gzip(gz, "wb", text, len);
    buf_t compressed = read_whole(gz);
    with_stdin(compressed.data, compressed.len, read_stdin);
    buf_free(&compressed);
    free(text);
}

static void read_stdin_truncated(const char *data, size_t len)
{
    (void)data;
    wl_input_t *in;
    err_t err;
    assert_int_equal(wl_input_open("-", &in, &err), 0);
    buf_t got;
    assert_int_equal(lines_of(in, &got, &err), -1);
    char want[128];
    snprintf(want, sizeof(want), "stdin: truncated gzip: read %zu compressed bytes, ", len);
    if (strncmp(err.message, want, strlen(want)) != 0)
        fail_msg("message: %s", err.message);
    buf_free(&got);
    wl_input_close(in);
}

static void test_stdin_truncated_gzip(void **state)
{
    (void)state;
    size_t len = 300 * KIB;
    char *text = make_text(len, 88);
    const char *gz = tmp_path("stdin-cut.gz");
    write_gzip(gz, "wb", text, len);
    buf_t compressed = read_whole(gz);
    with_stdin(compressed.data, compressed.len / 2, read_stdin_truncated);
    buf_free(&compressed);
    free(text);
}

/* ---- ranges and split ------------------------------------------------------------------- */

static bool starts_with_e(void *ctx, const char *line, size_t len)
{
    int *calls = ctx;
    (*calls)++;
    assert_true(line[len] == '\0');
    assert_false(len > 0 && line[len - 1] == '\r');
    return len > 0 && line[0] == 'E';
}

/* Entries: an "E…" line then 0–5 continuation lines of up to 200 bytes, CRLF
 * now and then; entries 1000 and 15000 have a 1.5 MiB line (longer than a
 * block); no final newline. */
static char *make_entries(size_t len, uint64_t seed, size_t *out_len)
{
    char *t = malloc(len + 4 * MIB);
    assert_non_null(t);
    uint64_t s = seed;
    size_t i = 0;
    long long entry = 0;
    while (i < len) {
        i += (size_t)snprintf(t + i, 64, "E%lld start", entry++);
        int more = (int)(rng(&s) % 6);
        for (int k = 0; k < more; k++) {
            t[i++] = rng(&s) % 5 == 0 ? '\r' : 'x';
            t[i++] = '\n';
            size_t n = k == 0 && (entry == 1001 || entry == 15001) ? 3 * MIB / 2 : rng(&s) % 200;
            for (size_t c = 0; c < n; c++)
                t[i++] = (char)('a' + rng(&s) % 26); /* never 'E' */
        }
        t[i++] = '\n';
    }
    *out_len = i - 1; /* drop the final newline */
    return t;
}

/* Lines of [offsets[k], offsets[k+1]) for every part, concatenated. */
static buf_t lines_of_parts(const char *path, const long long *offsets, int parts)
{
    buf_t all = {0};
    for (int k = 0; k < parts; k++) {
        wl_input_t *in;
        err_t err;
        assert_int_equal(wl_input_open_range(path, offsets[k], offsets[k + 1], &in, &err), 0);
        assert_int_equal(wl_input_size(in), offsets[k + 1] - offsets[k]);
        buf_t got;
        assert_int_equal(lines_of(in, &got, &err), 0);
        assert_int_equal(wl_input_consumed(in), offsets[k + 1] - offsets[k]);
        buf_add(&all, got.data, got.len);
        all.lines += got.lines;
        buf_free(&got);
        wl_input_close(in);
    }
    return all;
}

static void test_split_and_ranges(void **state)
{
    (void)state;
    size_t len;
    char *text = make_entries(6 * MIB, 99, &len);
    const char *path = tmp_path("entries.log");
    write_file(path, text, len);
    buf_t want = reference_lines(text, len);
    static const int ns[] = {1, 2, 3, 4, 7, 16, 100};
    for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
        long long offsets[101];
        int calls = 0;
        err_t err;
        int parts = wl_input_split(path, ns[i], starts_with_e, &calls, offsets, &err);
        assert_true(parts >= 1 && parts <= ns[i]);
        if (ns[i] <= 4) /* entries are dense: every cut finds its own */
            assert_int_equal(parts, ns[i]);
        assert_int_equal(offsets[0], 0);
        assert_int_equal(offsets[parts], (long long)len);
        for (int k = 1; k < parts; k++) {
            assert_true(offsets[k] > offsets[k - 1]);
            assert_true(text[offsets[k] - 1] == '\n'); /* at a line start */
            assert_true(text[offsets[k]] == 'E');     /* of an entry */
            long long target = (long long)len * k / ns[i];
            assert_true(offsets[k] >= target);
        }
        buf_t got = lines_of_parts(path, offsets, parts);
        assert_same(&got, &want);
        buf_free(&got);
    }
    buf_free(&want);
    free(text);
}

static void test_range_bounds(void **state)
{
    (void)state;
    const char *text = "one\ntwo\nthree\n";
    const char *path = tmp_path("range.log");
    write_file(path, text, strlen(text));
    wl_input_t *in;
    err_t err;
    buf_t got;
    assert_int_equal(wl_input_open_range(path, 4, -1, &in, &err), 0); /* to the end */
    assert_int_equal(lines_of(in, &got, &err), 0);
    assert_int_equal(got.len, strlen("two\nthree\n"));
    assert_memory_equal(got.data, "two\nthree\n", got.len);
    wl_input_close(in);
    buf_free(&got);
    assert_int_equal(wl_input_open_range(path, 4, 6, &in, &err), 0); /* mid-line end */
    char head[8];
    assert_int_equal(wl_input_head(in, head, sizeof(head), &err), 2);
    assert_memory_equal(head, "tw", 2);
    assert_int_equal(lines_of(in, &got, &err), 0);
    assert_int_equal(got.lines, 1);
    assert_memory_equal(got.data, "tw\n", 3);
    wl_input_close(in);
    buf_free(&got);
    assert_int_equal(wl_input_open_range(path, 100, 1000, &in, &err), 0); /* past the end */
    assert_int_equal(wl_input_size(in), 0);
    assert_int_equal(lines_of(in, &got, &err), 0);
    assert_int_equal(got.lines, 0);
    wl_input_close(in);
    buf_free(&got);
}

static void test_split_small_and_refusals(void **state)
{
    (void)state;
    long long offsets[9];
    int calls = 0;
    err_t err;
    const char *path = tmp_path("tiny.log");
    write_file(path, "E1\nE2\n", 6);
    /* 8 parts of 6 bytes: cuts collide, fewer parts */
    int parts = wl_input_split(path, 8, starts_with_e, &calls, offsets, &err);
    assert_int_equal(parts, 2);
    assert_int_equal(offsets[1], 3);
    assert_int_equal(offsets[2], 6);
    write_file(path, "", 0);
    assert_int_equal(wl_input_split(path, 4, starts_with_e, &calls, offsets, &err), 1);
    assert_int_equal(offsets[1], 0);
    /* no entry start after the first line: one part */
    write_file(path, "E only\n a\n b\n c\n", 16);
    assert_int_equal(wl_input_split(path, 4, starts_with_e, &calls, offsets, &err), 1);
    assert_int_equal(offsets[1], 16);

    const char *gz = tmp_path("split.gz");
    write_gzip(gz, "wb", "E1\nE2\n", 6);
    assert_int_equal(wl_input_split(gz, 2, starts_with_e, &calls, offsets, &err), -1);
    assert_non_null(strstr(err.message, "a gzip file cannot be read in parts"));
    wl_input_t *in;
    assert_int_equal(wl_input_open_range(gz, 0, -1, &in, &err), -1);
    assert_non_null(strstr(err.message, "a gzip file cannot be read in parts"));
    assert_int_equal(wl_input_split("-", 2, starts_with_e, &calls, offsets, &err), -1);
    assert_non_null(strstr(err.message, "stdin cannot be read in parts"));
}

/* A cut moves forward at most 64 MiB: here the only later entry starts 65 MiB
 * after the middle (the file is sparse: one long line of NULs, cheap to make). */
static void test_split_gives_up_after_window(void **state)
{
    (void)state;
    const char *path = tmp_path("sparse.log");
    long long hole = 130LL * (long long)MIB;
    write_file(path, "E first\n", 8);
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, "\nE last\n", 8, 8 + hole), 8);
    close(fd);
    long long offsets[3];
    int calls = 0;
    err_t err;
    assert_int_equal(wl_input_split(path, 2, starts_with_e, &calls, offsets, &err), 1);
    assert_int_equal(offsets[1], 8 + hole + 8);
    assert_int_equal(calls, 0); /* the long line was never handed over */
    /* with the entry within reach, the cut finds it */
    truncate(path, 0);
    fd = open(path, O_WRONLY);
    assert_int_equal(pwrite(fd, "E first\n", 8, 0), 8);
    assert_int_equal(pwrite(fd, "\nE last\n", 8, 8 + hole / 2), 8);
    assert_int_equal(pwrite(fd, "\n", 1, 16 + hole), 1);
    close(fd);
    assert_int_equal(wl_input_split(path, 2, starts_with_e, &calls, offsets, &err), 2);
    assert_int_equal(offsets[1], 8 + hole / 2 + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_plain_cases),
        cmocka_unit_test(test_embedded_nul_kept),
        cmocka_unit_test(test_large_plain_with_block_edges),
        cmocka_unit_test(test_lines_longer_than_a_block),
        cmocka_unit_test(test_gzip_by_magic_not_name),
        cmocka_unit_test(test_gzip_single_member),
        cmocka_unit_test(test_gzip_multi_member),
        cmocka_unit_test(test_truncated_gzip),
        cmocka_unit_test(test_corrupt_gzip),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_head_then_lines),
        cmocka_unit_test(test_head_of_truncated_gzip),
        cmocka_unit_test(test_stdin_plain_and_gzip),
        cmocka_unit_test(test_stdin_truncated_gzip),
        cmocka_unit_test(test_split_and_ranges),
        cmocka_unit_test(test_range_bounds),
        cmocka_unit_test(test_split_small_and_refusals),
        cmocka_unit_test(test_split_gives_up_after_window),
    };
    return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}
