/* catalog.c — building and looking up the catalog model. */
#include "model/catalog.h"

#include <stdio.h>
#include <string.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

void catalog_init(catalog_t *cat, arena_t *a)
{
    memset(cat, 0, sizeof(*cat));
    cat->arena = a;
}

cat_table_t *catalog_add_table(catalog_t *cat, const char *schema, const char *name)
{
    cat_table_t *t = arena_alloc(cat->arena, sizeof(*t));
    t->schema = schema ? arena_strdup(cat->arena, schema) : NULL;
    t->name = arena_strdup(cat->arena, name);
    t->rows = t->pages = -1;
    t->size_bytes = t->n_mod_since_analyze = -1;
    ARENA_PUSH(cat->arena, cat->tables, cat->ntables, cat->tables_cap, t);
    return t;
}

cat_table_t *catalog_table(const catalog_t *cat, const char *schema, const char *name)
{
    if (!cat || !name)
        return NULL;
    for (int i = 0; i < cat->ntables; i++) {
        cat_table_t *t = cat->tables[i];
        if (strcmp(t->name, name))
            continue;
        if (!schema || !t->schema || !strcmp(schema, t->schema))
            return t;
    }
    return NULL;
}

cat_column_t *catalog_column(const cat_table_t *t, const char *name)
{
    if (!t || !name)
        return NULL;
    for (int i = 0; i < t->ncolumns; i++)
        if (!strcmp(t->columns[i].name, name))
            return &t->columns[i];
    return NULL;
}

cat_column_t *catalog_add_column(catalog_t *cat, cat_table_t *t, const char *name)
{
    cat_column_t c = {.name = arena_strdup(cat->arena, name)};
    ARENA_PUSH(cat->arena, t->columns, t->ncolumns, t->columns_cap, c);
    return &t->columns[t->ncolumns - 1];
}

void catalog_add_index(catalog_t *cat, cat_table_t *t, cat_index_t *ix)
{
    ARENA_PUSH(cat->arena, t->indexes, t->nindexes, t->indexes_cap, ix);
}

const cat_enum_t *catalog_enum(const catalog_t *cat, const char *name)
{
    for (int i = 0; cat && name && i < cat->nenums; i++)
        if (!strcmp(cat->enums[i].name, name))
            return &cat->enums[i];
    return NULL;
}

bool catalog_has_extension(const catalog_t *cat, const char *name)
{
    for (int i = 0; cat && i < cat->nextensions; i++)
        if (!strcmp(cat->extensions[i], name))
            return true;
    return false;
}

int catalog_column_domain_size(const catalog_t *cat, const cat_column_t *c)
{
    if (!c)
        return 0;
    if (c->nenum > 0)
        return c->nenum;
    const cat_enum_t *e = catalog_enum(cat, c->type);
    if (e)
        return e->nvalues;
    if (c->type && !strcmp(c->type, "bool"))
        return 2;
    return 0;
}

bool catalog_column_low_cardinality(const catalog_t *cat, const cat_column_t *c)
{
    int n = catalog_column_domain_size(cat, c);
    return n > 0 && n <= 8;
}

/* Written type names and their canonical names, as PostgreSQL's format_type. */
static const struct {
    const char *written, *canonical;
} type_aliases[] = {
    {"integer", "int4"}, {"int", "int4"}, {"int4", "int4"}, {"serial", "int4"},
    {"serial4", "int4"}, {"bigint", "int8"}, {"int8", "int8"}, {"bigserial", "int8"},
    {"serial8", "int8"}, {"smallint", "int2"}, {"int2", "int2"}, {"smallserial", "int2"},
    {"real", "float4"}, {"float4", "float4"}, {"double precision", "float8"},
    {"float8", "float8"}, {"float", "float8"}, {"numeric", "numeric"}, {"decimal", "numeric"},
    {"money", "money"}, {"text", "text"}, {"varchar", "varchar"},
    {"character varying", "varchar"}, {"char", "bpchar"}, {"character", "bpchar"},
    {"bpchar", "bpchar"}, {"boolean", "bool"}, {"bool", "bool"},
    {"timestamp", "timestamp"}, {"timestamp without time zone", "timestamp"},
    {"timestamptz", "timestamptz"}, {"timestamp with time zone", "timestamptz"},
    {"date", "date"}, {"time", "time"}, {"timetz", "timetz"}, {"interval", "interval"},
    {"uuid", "uuid"}, {"json", "json"}, {"jsonb", "jsonb"}, {"bytea", "bytea"},
    {"inet", "inet"}, {"citext", "citext"}, {"tsvector", "tsvector"},
};

const char *catalog_canonical_type(arena_t *a, const char *written)
{
    if (!written)
        return NULL;
    const char *bracket = strchr(written, '[');
    if (bracket) { /* int[] → int4[]: the element's canonical name, then the brackets */
        const char *elem = arena_strndup(a, written, (size_t)(bracket - written));
        return arena_printf(a, "%s[]", catalog_canonical_type(a, elem));
    }
    size_t n = strcspn(written, "(");
    while (n > 0 && written[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < sizeof(type_aliases) / sizeof(type_aliases[0]); i++)
        if (strlen(type_aliases[i].written) == n && !strncmp(type_aliases[i].written, written, n))
            return type_aliases[i].canonical;
    return written;
}

static bool in_list(const char *type, const char *const *list)
{
    for (; type && *list; list++)
        if (!strcmp(type, *list))
            return true;
    return false;
}

bool catalog_type_is_text(const char *type)
{
    static const char *const t[] = {"text", "varchar", "bpchar", "citext", "name", NULL};
    return in_list(type, t);
}

bool catalog_type_is_numeric(const char *type)
{
    static const char *const t[] = {"int2", "int4", "int8", "float4", "float8", "numeric",
                                    "money", NULL};
    return in_list(type, t);
}

bool catalog_type_is_temporal(const char *type)
{
    static const char *const t[] = {"timestamp", "timestamptz", "date", "time", "timetz", NULL};
    return in_list(type, t);
}

bool catalog_extension_available(const catalog_t *cat, const char *name)
{
    for (int i = 0; cat && i < cat->navailable; i++)
        if (!strcmp(cat->available_extensions[i], name))
            return true;
    return false;
}

const char *catalog_setting(const catalog_t *cat, const char *name)
{
    for (int i = 0; cat && i < cat->nsettings; i++)
        if (!strcmp(cat->settings[i].name, name))
            return cat->settings[i].value;
    return NULL;
}
