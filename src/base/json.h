/* json.h — reading JSON, the only door to jansson outside the renderers.
 *
 * A parsed document is owned by the caller and released with jv_release();
 * values obtained from it are borrowed and live as long as the document. */
#ifndef DBAGENT_JSON_H
#define DBAGENT_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

typedef struct json_value json_value_t;

typedef enum { JV_NULL, JV_BOOL, JV_INT, JV_REAL, JV_STRING, JV_ARRAY, JV_OBJECT } jv_kind_t;

/* Parses text (need not be NUL-terminated). Rejects duplicate keys and invalid
 * UTF-8. On failure err has code invalid_request and the line/column. */
int jv_parse(const char *text, size_t len, json_value_t **out, err_t *err) MUST_CHECK;
void jv_release(json_value_t *v);

jv_kind_t jv_kind(const json_value_t *v);
const char *jv_kind_name(jv_kind_t kind);
json_value_t *jv_get(const json_value_t *obj, const char *key);
const char *jv_string(const json_value_t *v);
size_t jv_string_len(const json_value_t *v);
double jv_number(const json_value_t *v);
bool jv_bool(const json_value_t *v);
size_t jv_array_len(const json_value_t *v);
json_value_t *jv_array_at(const json_value_t *v, size_t i);

/* Calls fn for each key of an object in document order; stops when fn returns -1. */
int jv_object_each(const json_value_t *obj,
                     int (*fn)(const char *key, json_value_t *val, void *ctx), void *ctx);

#endif
