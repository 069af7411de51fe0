/* pg_plan.c — EXPLAIN output of any format into plans: detects JSON or text and
 * unwraps what psql adds around a JSON plan (the QUERY PLAN header, the rule, the
 * trailing "+" of each continued line, the "(1 row)" footer). */
#include <string.h>

#include "base/sb.h"
#include "engine/pg/pg.h"
#include "engine/pg/pg_plan_json.h"
#include "engine/pg/pg_plan_text.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* psql's aligned output of a JSON plan, back to the JSON; NULL when not that. */
static const char *unwrap_psql_json(arena_t *a, const char *text, size_t len, size_t *out_len)
{
    const char *p = skip_space(text, text + len), *end = text + len;
    if ((size_t)(end - p) < 10 || strncmp(p, "QUERY PLAN", 10))
        return NULL;
    const char *nl = memchr(p, '\n', (size_t)(end - p)); /* header */
    if (!nl || !(nl = memchr(nl + 1, '\n', (size_t)(end - nl - 1)))) /* ---- rule */
        return NULL;
    sb_t sb;
    sb_init(&sb, a);
    for (const char *line = nl + 1; line < end;) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        size_t n = eol ? (size_t)(eol - line) : (size_t)(end - line);
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\r'))
            n--;
        if (n && line[n - 1] == '+')
            n--;
        if (n && line[0] == '(' && memchr(line, ')', n) && strstr(line, "row"))
            break; /* "(1 row)" */
        sb_addn(&sb, line, n);
        sb_addc(&sb, '\n');
        line = eol ? eol + 1 : end;
    }
    const char *j = skip_space(sb_str(&sb), sb_str(&sb) + sb.len);
    if (*j != '[' && *j != '{')
        return NULL;
    *out_len = sb.len;
    return sb_str(&sb);
}

int pg_parse_plan(arena_t *a, const char *text, size_t len, plan_set_t *out, err_t *err)
{
    const char *p = skip_space(text, text + len);
    if (p < text + len && (*p == '[' || *p == '{'))
        return pg_plan_json_parse(a, text, len, out, err);
    size_t jlen;
    const char *json = unwrap_psql_json(a, text, len, &jlen);
    if (json)
        return pg_plan_json_parse(a, json, jlen, out, err);
    return pg_plan_text_parse(a, text, len, out, err);
}
