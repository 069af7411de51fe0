/* err.h — errors as values.
 *
 * Fallible functions return 0 on success and -1 on failure, filling a caller-owned
 * err_t. The code is the contract's `error.code`; line/column are 1-based source
 * positions when known (0 otherwise); path is a JSON pointer into the request when
 * the error is about a request field. Nothing below cli/ prints or exits. */
#ifndef DBAGENT_ERR_H
#define DBAGENT_ERR_H

#define MUST_CHECK __attribute__((warn_unused_result))

typedef enum {
    ERR_NONE = 0,
    ERR_INVALID_REQUEST, /* exit 2 */
    ERR_SYNTAX,          /* exit 2 */
    ERR_NOT_IMPLEMENTED, /* exit 2 */
    ERR_IO,              /* exit 2: a file we were told to read */
    ERR_UNREACHABLE,     /* exit 3 */
    ERR_INTERNAL,
} err_code_t;

typedef struct {
    err_code_t code;
    char message[1024];
    int line, column; /* 1-based; 0 when not about a source position */
    int statement;    /* 1-based statement number, 0 when unknown */
    char path[128];   /* JSON pointer into the request, "" when none */
} err_t;

/* Sets the error and returns -1, so callers can `return err_set(...)`. */
int err_set(err_t *err, err_code_t code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int err_set_path(err_t *err, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void err_clear(err_t *err);
/* The contract's name for a code: "invalid_request", "syntax_error", … */
const char *err_code_name(err_code_t code);

#endif
