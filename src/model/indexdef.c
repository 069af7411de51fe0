/* indexdef.c — index names and DDL. */
#include "model/indexdef.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "base/sb.h"
#include "base/banned.h" /* last: turns unsafe string calls into errors */

enum { NAME_MAX_BYTES = 63 };

/* Lower-case letters, digits and single underscores from an expression. */
static void add_name_part(sb_t *sb, const char *text)
{
    bool sep = true;
    for (const char *p = text; *p; p++) {
        if (isalnum((unsigned char)*p)) {
            if (sep && sb->len && sb->buf[sb->len - 1] != '_')
                sb_addc(sb, '_');
            sb_addc(sb, (char)tolower((unsigned char)*p));
            sep = false;
        } else {
            sep = true;
        }
    }
}

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

const char *indexdef_name(arena_t *a, const indexdef_t *d)
{
    sb_t sb;
    sb_init(&sb, a);
    sb_add(&sb, "idx");
    add_name_part(&sb, d->table);
    for (int i = 0; i < d->nkeys; i++)
        add_name_part(&sb, d->keys[i].column ? d->keys[i].column : d->keys[i].expr);
    if (d->suffix)
        add_name_part(&sb, d->suffix);
    if (d->where)
        add_name_part(&sb, "partial");
    if (sb.len <= NAME_MAX_BYTES)
        return sb_str(&sb);
    uint32_t h = fnv1a(sb_str(&sb));
    sb_truncate(&sb, NAME_MAX_BYTES - 9);
    sb_addf(&sb, "_%08x", h);
    return sb_str(&sb);
}

static const char *key_sql(arena_t *a, quote_fn_t quote, const indexdef_key_t *k)
{
    sb_t sb;
    sb_init(&sb, a);
    if (k->column)
        sb_add(&sb, quote(a, k->column));
    else
        sb_addf(&sb, "(%s)", k->expr);
    if (k->opclass)
        sb_addf(&sb, " %s", k->opclass);
    if (k->desc)
        sb_add(&sb, " DESC");
    return sb_str(&sb);
}

/* The key as the report's `columns` shows it: "created_at DESC", "lower(email)". */
static const char *key_label(arena_t *a, const indexdef_key_t *k)
{
    return arena_printf(a, "%s%s%s%s", k->column ? k->column : k->expr,
                        k->opclass ? " " : "", k->opclass ? k->opclass : "",
                        k->desc ? " DESC" : "");
}

index_advice_t *indexdef_advice(arena_t *a, quote_fn_t quote, const indexdef_t *d)
{
    index_advice_t *ix = arena_alloc(a, sizeof(*ix));
    ix->name = indexdef_name(a, d);
    ix->table = d->table;
    ix->type = d->method;
    ix->where = d->where;
    ix->cost_before = ix->cost_after = -1;
    ix->size_bytes = -1;
    ix->time_share = -1;
    ix->benefit_ms = -1;
    ix->validated_by = "model";
    ix->columns = arena_calloc(a, (size_t)d->nkeys + 1, sizeof(char *));
    ix->include = arena_calloc(a, (size_t)d->ninclude + 1, sizeof(char *));
    sb_t sql;
    sb_init(&sql, a);
    if (d->needs_trgm) {
        ix->prerequisite = "CREATE EXTENSION IF NOT EXISTS pg_trgm;";
        sb_addf(&sql, "%s\n", ix->prerequisite);
    }
    sb_addf(&sql, "CREATE INDEX CONCURRENTLY %s ON ", quote(a, ix->name));
    if (d->schema)
        sb_addf(&sql, "%s.", quote(a, d->schema));
    sb_add(&sql, quote(a, d->table));
    if (strcmp(d->method, "btree"))
        sb_addf(&sql, " USING %s", d->method);
    sb_add(&sql, " (");
    for (int i = 0; i < d->nkeys; i++) {
        ix->columns[ix->ncolumns++] = key_label(a, &d->keys[i]);
        sb_addf(&sql, "%s%s", i ? ", " : "", key_sql(a, quote, &d->keys[i]));
    }
    sb_add(&sql, ")");
    for (int i = 0; i < d->ninclude; i++) {
        ix->include[ix->ninclude++] = d->include[i];
        sb_addf(&sql, "%s%s", i ? ", " : " INCLUDE (", quote(a, d->include[i]));
    }
    if (d->ninclude)
        sb_add(&sql, ")");
    if (d->where)
        sb_addf(&sql, " WHERE %s", d->where);
    sb_add(&sql, ";");
    ix->ddl = sb_str(&sql);
    return ix;
}
