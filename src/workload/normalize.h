/* normalize.h — the digest's fast path: a hand-written SQL scanner that turns a
 * statement into its shape.
 *
 * Literals become placeholders ($1, $2, … in order), lists of only literals in
 * IN (…) and VALUES (…), (…) are collapsed, comments dropped, whitespace folded to
 * single spaces, keywords and unquoted identifiers lower-cased. Dollar quotes,
 * E'' / B'' / X'' / U&'' strings, casts (`'x'::int`, `CAST`), arrays and
 * negative numbers are handled. The digest groups by this text and asks
 * libpg_query for a fingerprint once per distinct text.
 *
 * The contract with libpg_query: two statements with the same normalized text
 * always have the same libpg_query fingerprint (the scanner is never coarser than
 * the fingerprint; where it is finer, the digest merges groups by fingerprint).
 * Tested in tests/unit/test_normalize.c on a tricky corpus.
 *
 * No allocation in the hot path beyond growing the caller's buffers.
 *
 * Details the callers rely on:
 * - Literals are replaced only in queries (SELECT, INSERT, UPDATE, DELETE,
 *   WITH, VALUES, TABLE, MERGE, and those under EXPLAIN); other statements keep
 *   their literals, whose values libpg_query does fingerprint (COPY t FROM
 *   'file', COMMENT ... IS 'x', DO $$...$$, SET). Type modifiers stay too.
 * - $n parameters in the input are kept as they are and are not in lits;
 *   placeholders for literals are numbered $1, $2, ... in text order.
 * - Collapsing keeps a list's first element: IN (1, 2, 3) and IN (4) read
 *   IN ($1), ARRAY[1, 2] reads ARRAY[$1], and VALUES rows of the first row's
 *   shape (or of constants only) are dropped: VALUES ($1, $2). Elements that
 *   are not constants stay (IN (a, 1, 2) reads IN (a, $1, $2)).
 * - lits lists every literal replaced, in input order, even those of a
 *   collapsed list; a negative number's span starts at its minus sign, a typed
 *   literal's (int '5') is the string's.
 * - The text is PostgreSQL syntax in both dialects (MySQL `names` become
 *   "names", its strings PostgreSQL strings) and a fixed point: normalizing it
 *   again with WL_DIALECT_PG gives the same text. It holds no NUL byte.
 * - Trailing semicolons are dropped. */
#ifndef DBAGENT_WL_NORMALIZE_H
#define DBAGENT_WL_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "workload/entry.h"

typedef struct {
    uint32_t off, len;     /* a literal's span in the ORIGINAL text */
} wl_span_t;

typedef struct {
    char *text;            /* normalized text, NUL-terminated (malloc, reused) */
    size_t len, cap;
    wl_span_t *lits;       /* every literal replaced, in order (malloc, reused) */
    int nlits, lits_cap;
    uint64_t hash;         /* 64-bit hash of text (stable across runs/machines) */
} wl_norm_t;

void wl_norm_init(wl_norm_t *n);
void wl_norm_free(wl_norm_t *n);
/* Normalizes sql[0..len) into n (previous contents replaced). Never fails: text
 * that does not scan (an unterminated string) is normalized as far as it goes and
 * the rest kept as one placeholder. */
void wl_normalize(const char *sql, size_t len, wl_dialect_t dialect, wl_norm_t *n);
/* The same 64-bit hash wl_normalize uses, for any bytes. */
uint64_t wl_hash(const void *data, size_t len);

#endif
