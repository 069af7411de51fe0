/* fuzz_read_pg_stderr.c — bytes → lines → the PostgreSQL stderr log reader.
 *
 * The first byte picks the log_line_prefix: 0 detects it from the lines, other
 * values give one of a few (the common ones, padded escapes, every escape at
 * once). The rest is split at newlines, as the input layer does, and fed line
 * by line; every entry is checked by fuzz_read_pg.h's emit callback, which
 * reads each byte it points to. The same lines go through format detection
 * and the --jobs cut-point test. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_read_pg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const prefixes[] = {
    NULL,
    "%m [%p] ",
    "%m [%p] %q%u@%d ",
    "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
    "%t:%r:%u@%d:[%p]:",
    "%m %-10u %10d [%p] %c ",
    "%n %c %l %x %v %e %i %b %s %Q %a %P %%: ",
    "%a%u%d%c%",
    "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 256 * 1024)
        return 0;
    const char *prefix = prefixes[data[0] % (sizeof(prefixes) / sizeof(prefixes[0]))];
    fuzz_read_lines(WL_FMT_PG_STDERR, prefix, (const char *)data + 1, size - 1);
    return 0;
}
