/* local fuzz target (not committed): snapshot_read never crashes; whatever it accepts
 * round-trips exactly; pgi_parse_array never crashes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "engine/pg/pg_introspect.h"
#include "model/snapshot.h"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena_t *a = arena_new();
    catalog_t cat, back;
    snapshot_meta_t meta;
    err_t err;
    if (snapshot_read_meta(a, (const char *)data, size, &cat, &meta, &err) == 0) {
        snapshot_opts_t o = {.with_values = true, .taken_at = "x", .source = "s"};
        const char *j1, *j2;
        snapshot_write_opts(a, &cat, &o, &j1);
        if (snapshot_read_meta(a, j1, strlen(j1), &back, &meta, &err) != 0) abort();
        snapshot_write_opts(a, &back, &o, &j2);
        if (strcmp(j1, j2)) abort();
    }
    char *s = arena_strndup(a, (const char *)data, size);
    const char **v; int n;
    (void)pgi_parse_array(a, s, &v, &n);
    arena_free(a);
    return 0;
}
