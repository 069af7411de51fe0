/* err.c — filling err_t. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char *const code_names[] = {
    [ERR_NONE] = "none",
    [ERR_INVALID_REQUEST] = "invalid_request",
    [ERR_SYNTAX] = "syntax_error",
    [ERR_NOT_IMPLEMENTED] = "not_implemented",
    [ERR_IO] = "io_error",
    [ERR_UNREACHABLE] = "database_unreachable",
    [ERR_INTERNAL] = "internal_error",
};

const char *err_code_name(err_code_t code)
{
    return code_names[code];
}

void err_clear(err_t *err)
{
    memset(err, 0, sizeof(*err));
}

int err_set(err_t *err, err_code_t code, const char *fmt, ...)
{
    if (!err)
        return -1;
    err_clear(err);
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return -1;
}

int err_set_path(err_t *err, const char *path, const char *fmt, ...)
{
    if (!err)
        return -1;
    err_clear(err);
    err->code = ERR_INVALID_REQUEST;
    snprintf(err->path, sizeof(err->path), "%s", path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return -1;
}
