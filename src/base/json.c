/* json.c — the jansson wrapper for reading. json_value_t is jansson's json_t. */
#include "base/json.h"

#include <jansson.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

#define J(v) ((json_t *)(v))

int jv_parse(const char *text, size_t len, json_value_t **out, err_t *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
    if (!root) {
        err_set(err, ERR_INVALID_REQUEST, "invalid JSON: %s", jerr.text);
        err->line = jerr.line > 0 ? jerr.line : 0;
        err->column = jerr.column > 0 ? jerr.column : 0;
        return -1;
    }
    *out = (json_value_t *)root;
    return 0;
}

void jv_release(json_value_t *v)
{
    json_decref(J(v));
}

jv_kind_t jv_kind(const json_value_t *v)
{
    switch (json_typeof(J(v))) {
    case JSON_OBJECT: return JV_OBJECT;
    case JSON_ARRAY: return JV_ARRAY;
    case JSON_STRING: return JV_STRING;
    case JSON_INTEGER: return JV_INT;
    case JSON_REAL: return JV_REAL;
    case JSON_TRUE:
    case JSON_FALSE: return JV_BOOL;
    default: return JV_NULL;
    }
}

const char *jv_kind_name(jv_kind_t kind)
{
    static const char *const names[] = {"null", "boolean", "integer", "number",
                                        "string", "array", "object"};
    return names[kind];
}

json_value_t *jv_get(const json_value_t *obj, const char *key)
{
    return (json_value_t *)json_object_get(J(obj), key);
}

const char *jv_string(const json_value_t *v)
{
    return json_string_value(J(v));
}

size_t jv_string_len(const json_value_t *v)
{
    return json_string_length(J(v));
}

double jv_number(const json_value_t *v)
{
    return json_number_value(J(v));
}

bool jv_bool(const json_value_t *v)
{
    return json_is_true(J(v));
}

size_t jv_array_len(const json_value_t *v)
{
    return json_array_size(J(v));
}

json_value_t *jv_array_at(const json_value_t *v, size_t i)
{
    return (json_value_t *)json_array_get(J(v), i);
}

int jv_object_each(const json_value_t *obj,
                     int (*fn)(const char *key, json_value_t *val, void *ctx), void *ctx)
{
    const char *key;
    json_t *val;
    json_object_foreach(J(obj), key, val) {
        if (fn(key, (json_value_t *)val, ctx) < 0)
            return -1;
    }
    return 0;
}
