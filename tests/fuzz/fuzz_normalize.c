/* fuzz_normalize.c — any bytes through the digest's SQL normalizer, in both
 * dialects.
 *
 * The input is libFuzzer's own buffer (not NUL-terminated), so a read past the
 * statement is an ASan report. For each dialect: the text is NUL-terminated,
 * holds no NUL and is as long as len says; the hash is wl_hash of the text;
 * every literal span lies inside the input, in order, without overlap; and the
 * normalizer is a fixed point on its own output (normalizing the text again in
 * the PostgreSQL dialect gives the same text), which is what lets the digest
 * key groups by text. One wl_norm_t pair is reused across inputs, as the digest
 * reuses its buffers. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workload/normalize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what, const wl_norm_t *n, const wl_norm_t *again)
{
    if (ok)
        return;
    fprintf(stderr, "fuzz_normalize: %s\n  text:  [%s]\n", what, n->text);
    if (again)
        fprintf(stderr, "  again: [%s]\n", again->text);
    abort();
}

static void check_one(const uint8_t *data, size_t size, wl_dialect_t dialect, wl_norm_t *n,
                      wl_norm_t *again)
{
    wl_normalize((const char *)data, size, dialect, n);
    check(n->text != NULL && n->text[n->len] == '\0', "text not NUL-terminated", n, NULL);
    check(strlen(n->text) == n->len, "len does not match the text (a NUL inside?)", n, NULL);
    check(n->hash == wl_hash(n->text, n->len), "hash is not wl_hash(text)", n, NULL);
    size_t prev_end = 0;
    for (int i = 0; i < n->nlits; i++) {
        size_t off = n->lits[i].off, len = n->lits[i].len;
        check(off + len <= size, "literal span outside the input", n, NULL);
        check(off >= prev_end, "literal spans out of order or overlapping", n, NULL);
        prev_end = off + len;
    }
    wl_normalize(n->text, n->len, WL_DIALECT_PG, again);
    check(again->len == n->len && memcmp(again->text, n->text, n->len) == 0,
          "normalizing the text again changes it", n, again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wl_norm_t n, again; /* zero-initialized: a valid empty wl_norm_t */
    if (size > 64 * 1024)
        return 0;
    check_one(data, size, WL_DIALECT_PG, &n, &again);
    check_one(data, size, WL_DIALECT_MYSQL, &n, &again);
    return 0;
}
