/* fuzz_digest.c — the whole digest pipeline on any bytes.
 *
 * The first byte picks what the rest is:
 *   bits 0-2  0: a partial digest (--merge), else a log in format n
 *             (1 stderr, 2 csvlog, 3 jsonlog, 4 mysql-slow, 5 pgss-csv, 6 sql,
 *             7 detected)
 *   bit  3    N+1 from 2 repetitions (else 10), so runs are common
 *   bit  4    --jobs 2 (parts only when the input is large; threads otherwise)
 * The bytes are written to a temp file and go through task_digest exactly as the
 * CLI sends them: input, reader, scanner, counting, N+1 runs, partial reading,
 * fingerprint groups, N+1 findings with the batched rewrite, the index plan, the
 * cache strategy; then the report is rendered in every format. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char path[] = "/tmp/fuzz_digest.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (size > 1 && write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    const char *files[] = {path};
    digest_opts_t o;
    task_digest_opts_default(&o);
    int mode = data[0] & 7;
    static const wl_format_t formats[] = {WL_FMT_AUTO,      WL_FMT_PG_STDERR, WL_FMT_PG_CSV,
                                          WL_FMT_PG_JSON,   WL_FMT_MYSQL_SLOW, WL_FMT_PGSS_CSV,
                                          WL_FMT_SQL,       WL_FMT_AUTO};
    if (mode == 0) {
        o.merge = files;
        o.nmerge = 1;
    } else {
        o.files = files;
        o.nfiles = 1;
        o.format = formats[mode];
    }
    if (data[0] & 8)
        o.wl.n_plus_one_min = 2;
    o.jobs = data[0] & 16 ? 2 : 1;
    arena_t *a = arena_new();
    request_t req;
    request_init(&req);
    task_env_t env = {0};
    report_t *report = NULL;
    err_t err = {0};
    int rc = task_digest(a, &req, &env, &o, &report, &err);
    fuzz_render(a, rc, report, &err, NULL);
    arena_free(a);
    unlink(path);
    return 0;
}
