/* fuzz_lines.h — the part of the slow-log, pg_stat_statements and SQL reader
 * fuzz targets that is the same: bytes split into lines (each in a buffer of its
 * own size, so ASan sees a read past a line), fed to a reader, and the skipped
 * line numbers checked (within what was fed, ascending). Each target keeps its
 * own entry checks. */
#ifndef DBAGENT_FUZZ_LINES_H
#define DBAGENT_FUZZ_LINES_H

#include <stdlib.h>
#include <string.h>

#include "workload/reader.h"

/* Reads every byte of s, so a dangling or short buffer is an ASan report. */
static inline void fuzz_touch_str(wl_str_t s)
{
    if (!s.s) {
        if (s.len != 0)
            abort();
        return;
    }
    volatile unsigned char sum = 0;
    for (size_t i = 0; i < s.len; i++)
        sum ^= (unsigned char)s.s[i];
    (void)sum;
}

/* Feeds text to r line by line, finishes it and checks the skipped lines;
 * *lines_fed counts the lines as they go (the entry checks read it). */
static inline void fuzz_feed_lines(wl_reader_t *r, const char *text, size_t size,
                                   long long *lines_fed)
{
    size_t at = 0;
    while (at < size) {
        const char *nl = memchr(text + at, '\n', size - at);
        size_t end = nl ? (size_t)(nl - text) : size;
        size_t len = end - at;
        if (len > 0 && text[at + len - 1] == '\r')
            len--;
        char *line = malloc(len ? len : 1);
        if (!line)
            abort();
        memcpy(line, text + at, len);
        (*lines_fed)++;
        wl_reader_line(r, line, len);
        free(line);
        at = end + 1;
    }
    wl_reader_finish(r);
    long long kept[WL_SKIPPED_KEEP];
    int n = wl_reader_skipped_lines(r, kept);
    if (wl_reader_skipped(r) > *lines_fed || n > wl_reader_skipped(r))
        abort();
    for (int i = 0; i < n; i++)
        if (kept[i] < 1 || kept[i] > *lines_fed || (i > 0 && kept[i] <= kept[i - 1]))
            abort();
}

#endif
