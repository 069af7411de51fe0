/* fuzz_read_pg_csv.c — bytes → lines → the PostgreSQL csvlog reader.
 *
 * The input is split at newlines, as the input layer does, and fed line by
 * line; every entry is checked by fuzz_read_pg.h's emit callback, which reads
 * each byte it points to. The same lines go through format detection and the
 * --jobs cut-point test. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_read_pg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    fuzz_read_lines(WL_FMT_PG_CSV, NULL, (const char *)data, size);
    return 0;
}
