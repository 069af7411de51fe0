/* jsonw.h — writing JSON straight into a string builder.
 *
 * Reports are written once, in order, so a streaming writer is enough and costs
 * a fraction of building a document first. Pretty output indents by two spaces
 * (empty containers print as [] and {}); compact output has no spaces. Strings
 * are escaped as RFC 8259 requires, and invalid UTF-8 is replaced with U+FFFD so
 * the output is always valid JSON. */
#ifndef DBAGENT_JSONW_H
#define DBAGENT_JSONW_H

#include <stdbool.h>

#include "base/sb.h"

enum { JSONW_MAX_DEPTH = 32 };

typedef struct {
    sb_t *sb;
    bool pretty;
    int depth;
    bool empty[JSONW_MAX_DEPTH]; /* no member written yet at this depth */
    bool after_key;
} jsonw_t;

void jw_init(jsonw_t *w, sb_t *sb, bool pretty);
void jw_object(jsonw_t *w);
void jw_object_end(jsonw_t *w);
void jw_array(jsonw_t *w);
void jw_array_end(jsonw_t *w);
void jw_key(jsonw_t *w, const char *key);
void jw_string(jsonw_t *w, const char *s); /* NULL writes null */
void jw_int(jsonw_t *w, long long v);
void jw_real(jsonw_t *w, double v);
/* All 17 significant digits: reads back as the same double (partial files). */
void jw_real_exact(jsonw_t *w, double v);
void jw_bool(jsonw_t *w, bool v);
void jw_null(jsonw_t *w);

/* Shorthands for an object member. */
void jw_kv_string(jsonw_t *w, const char *key, const char *s);
void jw_kv_int(jsonw_t *w, const char *key, long long v);
void jw_kv_bool(jsonw_t *w, const char *key, bool v);
/* key: [the n strings] */
void jw_kv_strings(jsonw_t *w, const char *key, const char *const *items, int n);

#endif
