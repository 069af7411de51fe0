/* input.h — bytes and lines from a file, stdin or a .gz, with bounded memory.
 *
 * wl_input_open() recognises gzip by its magic bytes (not the name) and inflates
 * with zlib as it reads; "-" is stdin. wl_input_lines() streams the input in
 * blocks and calls back once per line (newline stripped, a trailing '\r' too),
 * so memory is one block plus the longest line. A truncated or corrupt .gz is an
 * ERR_IO error saying how many compressed and uncompressed bytes were read. */
#ifndef DBAGENT_WL_INPUT_H
#define DBAGENT_WL_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

typedef struct wl_input wl_input_t;

int wl_input_open(const char *path, wl_input_t **out, err_t *err);
/* Opens bytes [from, to) of a plain file (not gzip, not stdin): --jobs reads
 * chunks of one file in parallel. to = -1 means to the end. */
int wl_input_open_range(const char *path, long long from, long long to, wl_input_t **out,
                        err_t *err);
/* Reads up to cap uncompressed bytes; *got = 0 at the end. */
int wl_input_read(wl_input_t *in, char *buf, size_t cap, size_t *got, err_t *err);
/* Peeks at the first bytes without consuming them (format detection); returns
 * how many were copied into buf (<= cap). */
size_t wl_input_head(wl_input_t *in, char *buf, size_t cap, err_t *err);
bool wl_input_is_gzip(const wl_input_t *in);
/* Bytes of the underlying file consumed so far and its size (-1 unknown, e.g.
 * a pipe): for the progress bar. */
long long wl_input_consumed(const wl_input_t *in);
long long wl_input_size(const wl_input_t *in);
void wl_input_close(wl_input_t *in);

typedef void (*wl_line_fn)(void *ctx, const char *line, size_t len);
/* Calls fn for every line until the end of the input. */
int wl_input_lines(wl_input_t *in, wl_line_fn fn, void *ctx, err_t *err);

/* Split points for --jobs: n-1 offsets dividing a plain file into n parts, each
 * moved forward to the start of a line for which starts_entry() is true (so a
 * multi-line entry is never cut). Returns the number of parts (may be fewer than
 * n for a small file); offsets[0] = 0 and offsets[parts] = file size. */
typedef bool (*wl_entry_start_fn)(void *ctx, const char *line, size_t len);
int wl_input_split(const char *path, int n, wl_entry_start_fn starts_entry, void *ctx,
                   long long *offsets, err_t *err);

#endif
