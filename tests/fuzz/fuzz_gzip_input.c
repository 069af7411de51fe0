/* fuzz_gzip_input.c — arbitrary bytes as a file, read by workload/input.c.
 *
 * The bytes are written to a temp file (unlinked at once, reached through
 * /proc/self/fd) and read the way the digest reads a log: wl_input_open
 * (gzip by magic bytes), wl_input_head, then wl_input_lines. Errors are fine;
 * a crash, a leak, a hang or a line without its NUL is not. For plain text the
 * file is also split in parts (cut before lines starting with 'E') and the
 * lines of the parts, read as ranges, must be the lines of the whole. Inputs
 * are capped at 16 KiB so that a gzip bomb stays a 16 MB one. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "workload/input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FNV-1a over every line and its end, so two readings can be compared. */
static void hash_line(void *ctx, const char *line, size_t len)
{
    uint64_t *h = ctx;
    if (line[len] != '\0')
        abort();
    for (size_t i = 0; i <= len; i++)
        *h = (*h ^ (uint8_t)(i < len ? line[i] : '\n')) * 1099511628211u;
}

static bool starts_with_e(void *ctx, const char *line, size_t len)
{
    (void)ctx;
    return len > 0 && line[0] == 'E';
}

/* Reads path whole; returns the hash of its lines, 0 on error. */
static uint64_t read_whole(const char *path, uint8_t head_cap, bool *gzip)
{
    wl_input_t *in;
    err_t err;
    err_clear(&err);
    if (wl_input_open(path, &in, &err) != 0)
        return 0;
    *gzip = wl_input_is_gzip(in);
    char head[256];
    (void)wl_input_head(in, head, head_cap, &err);
    uint64_t h = 14695981039346656037u;
    int rc = wl_input_lines(in, hash_line, &h, &err);
    wl_input_close(in);
    return rc == 0 ? h : 0;
}

static uint64_t read_parts(const char *path, int n)
{
    long long offsets[9];
    err_t err;
    int parts = wl_input_split(path, n, starts_with_e, NULL, offsets, &err);
    if (parts < 1)
        abort(); /* a plain regular file always splits */
    uint64_t h = 14695981039346656037u;
    for (int k = 0; k < parts; k++) {
        wl_input_t *in;
        if (offsets[k + 1] <= offsets[k] && parts > 1)
            abort();
        if (wl_input_open_range(path, offsets[k], offsets[k + 1], &in, &err) != 0)
            abort();
        if (wl_input_lines(in, hash_line, &h, &err) != 0)
            abort();
        wl_input_close(in);
    }
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (size > 16 * 1024)
        return 0;
    if (fd < 0) {
        char tmpl[] = "/tmp/fuzz_gzip_input.XXXXXX";
        fd = mkstemp(tmpl);
        if (fd < 0)
            abort();
        unlink(tmpl);
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    bool gzip = false;
    uint64_t whole = read_whole(path, size ? data[0] : 0, &gzip);
    if (!gzip && whole != read_parts(path, 2 + (size ? data[size - 1] % 7 : 0)))
        abort();
    return 0;
}
