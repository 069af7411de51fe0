/* snapshot.h — the catalog and its statistics as a versioned JSON document.
 *
 * `dbagent snapshot --db DSN` writes one; `--snapshot FILE` reads it back so every
 * offline command sees the live database's tables, indexes and statistics
 * (DESIGN.md §1, issue 3 item 6). Engine-neutral: only the model and base.
 *
 * The document is {"dbagent_snapshot": SNAPSHOT_VERSION, "taken_at", "server_version",
 * "server_version_num", "source", "settings", "extensions", "available_extensions",
 * "enums", "tables"}. Unknown values are written as null (a row count, a size,
 * idx_scan of -1; a column without statistics has "stats": null). Without values
 * (--no-values, for privacy) the keys most_common_vals, most_common_freqs and
 * histogram_bounds are left out, so a reader can tell "dropped" from "none".
 *
 * Invariant: writing what was read gives the same text, byte for byte, when the
 * writer is given the document's own taken_at and source (snapshot_meta_t).
 * Reading is strict about shapes: an unknown member or a value of the wrong type
 * is an error naming its JSON pointer; missing members keep their "unknown"
 * defaults, so a hand-written snapshot may be short. */
#ifndef DBAGENT_SNAPSHOT_H
#define DBAGENT_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "model/catalog.h"

enum { SNAPSHOT_VERSION = 1 };

/* What a document says about itself, beyond the catalog. */
typedef struct {
    int version;             /* dbagent_snapshot */
    const char *taken_at;    /* ISO 8601 UTC ("2025-01-31T12:00:00Z"), NULL when absent */
    const char *source;      /* where the data came from: "live", "ddl"; NULL when absent */
} snapshot_meta_t;

typedef struct {
    bool with_values;        /* false: drop most-common values, frequencies, histograms */
    const char *taken_at;    /* NULL: now, in UTC, to the second */
    const char *source;      /* NULL: cat->source */
} snapshot_opts_t;

/* Writes cat as a pretty-printed snapshot document into *json (in a, NUL-terminated).
 * taken_at is now; source is cat->source. Never fails; returns 0. */
int snapshot_write(arena_t *a, const catalog_t *cat, bool with_values, const char **json);
/* As snapshot_write, with the document's metadata given (to rewrite a snapshot
 * that was read, pass its snapshot_meta_t's taken_at and source). */
int snapshot_write_opts(arena_t *a, const catalog_t *cat, const snapshot_opts_t *o,
                        const char **json);

/* Reads a snapshot document (text need not be NUL-terminated) into cat, which is
 * (re)initialised with arena a; every string is copied into a. The result has
 * loaded = true, source = "snapshot", has_stats = true when some table's row
 * count is known. Fails with ERR_INVALID_REQUEST when the text is not JSON, when
 * dbagent_snapshot is missing or not SNAPSHOT_VERSION (the message names the
 * version found and the supported one), or when a member has the wrong shape
 * (err->path is the JSON pointer, also at the start of the message). */
int snapshot_read(arena_t *a, const char *text, size_t len, catalog_t *cat,
                  err_t *err) MUST_CHECK;
/* As snapshot_read, also filling *meta (when not NULL) with the document's own
 * metadata; its strings live in a. */
int snapshot_read_meta(arena_t *a, const char *text, size_t len, catalog_t *cat,
                       snapshot_meta_t *meta, err_t *err) MUST_CHECK;

#endif
