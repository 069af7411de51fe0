/* input.h — bytes and lines from a file, stdin or a .gz, with bounded memory.
 *
 * wl_input_open() recognises gzip by its magic bytes (not the name) and inflates
 * with zlib as it reads; "-" is stdin. A gzip file may hold several members
 * (`cat a.gz b.gz`); zero bytes after the last are padding (skipped, as gzip
 * does), other bytes must be a member (unlike gzip, which warns and ignores
 * trailing garbage, this is an error). wl_input_lines() streams the input in 1 MiB blocks and
 * calls back once per line, so memory is one block plus the longest line.
 * Reads use read(2)/pread(2), never mmap.
 *
 * Errors are ERR_IO: "FILE: strerror" for a missing file, a directory, a
 * permission; "FILE: truncated gzip: read N of M compressed bytes, K bytes of
 * text"; "FILE: corrupt gzip (zlib's reason) at compressed byte N, after K bytes
 * of text". FILE is the path, or "stdin". An error sticks: every later read
 * reports it again, after the text decoded before it. */
#ifndef DBAGENT_WL_INPUT_H
#define DBAGENT_WL_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

typedef struct wl_input wl_input_t;

int wl_input_open(const char *path, wl_input_t **out, err_t *err);
/* Opens bytes [from, to) of a plain file: --jobs reads chunks of one file in
 * parallel. to = -1 (or past the end) means to the end. A gzip file, stdin or
 * anything not a regular file is an ERR_IO error ("cannot be read in parts").
 * wl_input_consumed and wl_input_size then count within the range. */
int wl_input_open_range(const char *path, long long from, long long to, wl_input_t **out,
                        err_t *err);
/* Reads up to cap uncompressed bytes; *got = 0 at the end. */
int wl_input_read(wl_input_t *in, char *buf, size_t cap, size_t *got, err_t *err);
/* Peeks at the first cap bytes of text without consuming them (format
 * detection), gzip and stdin included: they are kept and served by the next
 * reads. Returns how many were copied into buf (< cap only at the end of the
 * input or on an error). On a read error, err is filled and the bytes before
 * it are returned; the next read reports the error again, so a caller may
 * leave it to wl_input_lines(). */
size_t wl_input_head(wl_input_t *in, char *buf, size_t cap, err_t *err);
bool wl_input_is_gzip(const wl_input_t *in);
/* Bytes of the underlying file consumed so far (compressed bytes for a .gz)
 * and its size (-1 unknown, e.g. a pipe): for the progress bar. */
long long wl_input_consumed(const wl_input_t *in);
long long wl_input_size(const wl_input_t *in);
void wl_input_close(wl_input_t *in);

/* line[len] is '\0' (the line may contain NULs itself); the pointer is valid
 * only during the call. */
typedef void (*wl_line_fn)(void *ctx, const char *line, size_t len);
/* Calls fn for every line until the end of the input: the newline stripped,
 * and a '\r' before it; a last line without a newline is delivered too. Lines
 * longer than a block are gathered in a buffer that grows to fit. On a read
 * error, the lines before it have been delivered, a partial last line is not,
 * and -1 is returned. */
int wl_input_lines(wl_input_t *in, wl_line_fn fn, void *ctx, err_t *err);

/* Split points for --jobs: n-1 offsets dividing a plain file into n parts, each
 * cut at about size*k/n and moved forward to the start of the next line for
 * which starts_entry() is true (so a multi-line entry is never cut). A cut that
 * finds no such line within 64 MiB, or meets the previous cut or the end of the
 * file, is dropped: fewer parts. Returns the number of parts, or -1 (ERR_IO; a
 * gzip file or stdin cannot be split); offsets (room for n + 1) gets
 * offsets[0] = 0 < offsets[1] < ... < offsets[parts] = file size. The line given
 * to starts_entry has no newline nor trailing '\r', and line[len] is '\0'. */
typedef bool (*wl_entry_start_fn)(void *ctx, const char *line, size_t len);
int wl_input_split(const char *path, int n, wl_entry_start_fn starts_entry, void *ctx,
                   long long *offsets, err_t *err);

#endif
