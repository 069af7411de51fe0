/* pg_tree.c — parsing, deparsing and building libpg_query protobuf trees.
 *
 * Ownership: libpg_query's results are malloc'd and freed here before returning;
 * everything handed out lives in the caller's arena. */
#include "engine/pg/pg_tree.h"

#include "model/sql_keyword.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/banned.h" /* last: turns unsafe string calls into errors */

static void *arena_pb_alloc(void *data, size_t size)
{
    return arena_alloc(data, size);
}

static void arena_pb_free(void *data, void *ptr)
{
    (void)data;
    (void)ptr; /* freed with the arena */
}

int pgt_skip_space(const char *text, int offset, int end)
{
    while (offset < end) {
        char c = text[offset];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            offset++;
        } else if (c == '-' && offset + 1 < end && text[offset + 1] == '-') {
            while (offset < end && text[offset] != '\n')
                offset++;
        } else if (c == '/' && offset + 1 < end && text[offset + 1] == '*') {
            int depth = 0; /* PostgreSQL's block comments nest */
            do {
                if (text[offset] == '/' && text[offset + 1] == '*')
                    depth++, offset += 2;
                else if (text[offset] == '*' && text[offset + 1] == '/')
                    depth--, offset += 2;
                else
                    offset++;
            } while (depth > 0 && offset + 1 < end);
        } else {
            break;
        }
    }
    return offset;
}

void pgt_lines_init(arena_t *a, pgt_lines_t *li, const char *text)
{
    int cap = 64;
    li->text = text;
    li->n = 0;
    li->starts = arena_calloc(a, (size_t)cap, sizeof(int));
    ARENA_PUSH(a, li->starts, li->n, cap, 0);
    for (int i = 0; text[i]; i++)
        if (text[i] == '\n')
            ARENA_PUSH(a, li->starts, li->n, cap, i + 1);
}

void pgt_lines_pos(const pgt_lines_t *li, int offset, int *line, int *column)
{
    int lo = 0, hi = li->n - 1; /* the last line starting at or before offset */
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (li->starts[mid] <= offset)
            lo = mid;
        else
            hi = mid - 1;
    }
    int c = 1;
    for (int i = li->starts[lo]; i < offset && li->text[i]; i++)
        if (((unsigned char)li->text[i] & 0xC0) != 0x80)
            c++;
    *line = lo + 1;
    *column = c;
}

void pgt_line_col(const char *text, int offset, int *line, int *column)
{
    int l = 1, c = 1;
    for (int i = 0; i < offset && text[i]; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

/* libpg_query's cursorpos counts characters (1-based); this is its byte offset. */
static int char_to_byte_offset(const char *text, int chars)
{
    int i = 0;
    for (int seen = 0; text[i] && seen < chars; seen++) {
        i++;
        while (((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

int pgt_parse(arena_t *a, const char *text, PgQuery__ParseResult **out, pgt_packed_t *packed,
              err_t *err)
{
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
    int rc = 0;
    if (r.error) {
        err_set(err, ERR_SYNTAX, "%s", r.error->message);
        int pos = char_to_byte_offset(text, r.error->cursorpos > 0 ? r.error->cursorpos - 1 : 0);
        pgt_line_col(text, pos, &err->line, &err->column);
        rc = -1;
        goto cleanup;
    }
    ProtobufCAllocator alloc = {arena_pb_alloc, arena_pb_free, a};
    *out = pg_query__parse_result__unpack(&alloc, r.parse_tree.len,
                                          (const uint8_t *)r.parse_tree.data);
    if (!*out)
        rc = err_set(err, ERR_INTERNAL, "could not read libpg_query's parse tree");
    if (packed) {
        packed->len = r.parse_tree.len;
        packed->data = (const uint8_t *)arena_strndup(a, r.parse_tree.data, r.parse_tree.len);
    }
cleanup:
    pg_query_free_protobuf_parse_result(r);
    return rc;
}

int pgt_deparse_packed(arena_t *a, const pgt_packed_t *packed, const char **out, err_t *err)
{
    PgQueryProtobuf pb = {packed->len, (char *)packed->data};
    PgQueryDeparseResult r = pg_query_deparse_protobuf(pb);
    int rc = 0;
    if (r.error)
        rc = err_set(err, ERR_INTERNAL, "deparse failed: %s", r.error->message);
    else
        *out = arena_strdup(a, r.query);
    pg_query_free_deparse_result(r);
    return rc;
}

int pgt_deparse(arena_t *a, PgQuery__ParseResult *pr, const char **out, err_t *err)
{
    size_t len = pg_query__parse_result__get_packed_size(pr);
    uint8_t *buf = arena_alloc(a, len ? len : 1);
    pg_query__parse_result__pack(pr, buf);
    pgt_packed_t packed = {buf, len};
    return pgt_deparse_packed(a, &packed, out, err);
}

/* A parse result holding `SELECT expr`, sharing expr. */
static PgQuery__ParseResult *wrap_select(arena_t *a, node_t *expr)
{
    PgQuery__ResTarget *rt = arena_alloc(a, sizeof(*rt));
    pg_query__res_target__init(rt);
    rt->val = expr;
    rt->location = -1;
    PgQuery__SelectStmt *sel = arena_alloc(a, sizeof(*sel));
    pg_query__select_stmt__init(sel);
    sel->n_target_list = 1;
    sel->target_list = arena_alloc(a, sizeof(node_t *));
    sel->target_list[0] = pgt_node(a, PG_QUERY__NODE__NODE_RES_TARGET, rt);
    sel->limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    sel->op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    PgQuery__RawStmt *raw = arena_alloc(a, sizeof(*raw));
    pg_query__raw_stmt__init(raw);
    raw->stmt = pgt_node(a, PG_QUERY__NODE__NODE_SELECT_STMT, sel);
    PgQuery__ParseResult *pr = arena_alloc(a, sizeof(*pr));
    pg_query__parse_result__init(pr);
    pr->version = PG_VERSION_NUM;
    pr->n_stmts = 1;
    pr->stmts = arena_alloc(a, sizeof(PgQuery__RawStmt *));
    pr->stmts[0] = raw;
    return pr;
}

const char *pgt_deparse_expr(arena_t *a, node_t *expr)
{
    const char *sql;
    err_t err;
    if (!expr || pgt_deparse(a, wrap_select(a, expr), &sql, &err) < 0)
        return NULL;
    return strncmp(sql, "SELECT ", 7) ? sql : sql + 7;
}

node_t *pgt_node(arena_t *a, PgQuery__Node__NodeCase kind, void *msg)
{
    node_t *n = arena_alloc(a, sizeof(*n));
    pg_query__node__init(n);
    n->node_case = kind;
    n->list = msg; /* every union member is a message pointer */
    return n;
}

node_t *pgt_string(arena_t *a, const char *s)
{
    PgQuery__String *str = arena_alloc(a, sizeof(*str));
    pg_query__string__init(str);
    str->sval = arena_strdup(a, s);
    return pgt_node(a, PG_QUERY__NODE__NODE_STRING, str);
}

node_t *pgt_const_str(arena_t *a, const char *s)
{
    PgQuery__AConst *c = arena_alloc(a, sizeof(*c));
    pg_query__a__const__init(c);
    PgQuery__String *str = arena_alloc(a, sizeof(*str));
    pg_query__string__init(str);
    str->sval = arena_strdup(a, s);
    c->val_case = PG_QUERY__A__CONST__VAL_SVAL;
    c->sval = str;
    c->location = -1;
    return pgt_node(a, PG_QUERY__NODE__NODE_A_CONST, c);
}

node_t *pgt_const_int(arena_t *a, int v)
{
    PgQuery__AConst *c = arena_alloc(a, sizeof(*c));
    pg_query__a__const__init(c);
    PgQuery__Integer *i = arena_alloc(a, sizeof(*i));
    pg_query__integer__init(i);
    i->ival = v;
    c->val_case = PG_QUERY__A__CONST__VAL_IVAL;
    c->ival = i;
    c->location = -1;
    return pgt_node(a, PG_QUERY__NODE__NODE_A_CONST, c);
}

node_t *pgt_colref(arena_t *a, const char *qualifier, const char *column)
{
    PgQuery__ColumnRef *cr = arena_alloc(a, sizeof(*cr));
    pg_query__column_ref__init(cr);
    cr->fields = arena_calloc(a, 2, sizeof(node_t *));
    if (qualifier)
        cr->fields[cr->n_fields++] = pgt_string(a, qualifier);
    cr->fields[cr->n_fields++] = pgt_string(a, column);
    cr->location = -1;
    return pgt_node(a, PG_QUERY__NODE__NODE_COLUMN_REF, cr);
}

node_t *pgt_op(arena_t *a, const char *op, node_t *l, node_t *r)
{
    PgQuery__AExpr *e = arena_alloc(a, sizeof(*e));
    pg_query__a__expr__init(e);
    e->kind = PG_QUERY__A__EXPR__KIND__AEXPR_OP;
    e->n_name = 1;
    e->name = arena_alloc(a, sizeof(node_t *));
    e->name[0] = pgt_string(a, op);
    e->lexpr = l;
    e->rexpr = r;
    e->location = -1;
    return pgt_node(a, PG_QUERY__NODE__NODE_A_EXPR, e);
}

node_t *pgt_bool(arena_t *a, PgQuery__BoolExprType op, node_t **args, int n)
{
    PgQuery__BoolExpr *b = arena_alloc(a, sizeof(*b));
    pg_query__bool_expr__init(b);
    b->boolop = op;
    b->n_args = (size_t)n;
    b->args = arena_calloc(a, (size_t)n, sizeof(node_t *));
    memcpy(b->args, args, (size_t)n * sizeof(node_t *));
    b->location = -1;
    return pgt_node(a, PG_QUERY__NODE__NODE_BOOL_EXPR, b);
}

node_t *pgt_null_test(arena_t *a, node_t *arg, bool is_null)
{
    PgQuery__NullTest *t = arena_alloc(a, sizeof(*t));
    pg_query__null_test__init(t);
    t->arg = arg;
    t->nulltesttype = is_null ? PG_QUERY__NULL_TEST_TYPE__IS_NULL
                              : PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL;
    t->location = -1;
    return pgt_node(a, PG_QUERY__NODE__NODE_NULL_TEST, t);
}

node_t *pgt_parse_stmt(arena_t *a, const char *sql)
{
    PgQuery__ParseResult *pr;
    err_t err;
    if (pgt_parse(a, sql, &pr, NULL, &err) < 0 || pr->n_stmts != 1)
        return NULL;
    return pr->stmts[0]->stmt;
}

node_t *pgt_parse_expr(arena_t *a, const char *sql)
{
    node_t *st = pgt_parse_stmt(a, sql);
    if (!st || st->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
        st->select_stmt->n_target_list != 1)
        return NULL;
    return st->select_stmt->target_list[0]->res_target->val;
}

const char *pgt_str(const node_t *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

const char *pgt_last_name(node_t **names, size_t n)
{
    return n ? pgt_str(names[n - 1]) : NULL;
}

bool pgt_is_aggregate_name(const char *name)
{
    static const char *const aggs[] = {
        "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "json_agg",
        "jsonb_agg", "json_object_agg", "jsonb_object_agg", "bool_and", "bool_or",
        "every", "bit_and", "bit_or", "stddev", "stddev_pop", "stddev_samp", "variance",
        "var_pop", "var_samp", "percentile_cont", "percentile_disc", "mode", "xmlagg",
        "corr", "covar_pop", "covar_samp", "regr_count",
    };
    for (size_t i = 0; name && i < sizeof(aggs) / sizeof(aggs[0]); i++)
        if (!strcmp(name, aggs[i]))
            return true;
    return false;
}

bool pgt_has_aggregate(const node_t *n)
{
    if (!n)
        return false;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
        const PgQuery__FuncCall *f = n->func_call;
        if (!f->over && pgt_is_aggregate_name(pgt_last_name(f->funcname, f->n_funcname)))
            return true;
        for (size_t i = 0; i < f->n_args; i++)
            if (pgt_has_aggregate(f->args[i]))
                return true;
        return false;
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
        return pgt_has_aggregate(n->a_expr->lexpr) || pgt_has_aggregate(n->a_expr->rexpr);
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        for (size_t i = 0; i < n->bool_expr->n_args; i++)
            if (pgt_has_aggregate(n->bool_expr->args[i]))
                return true;
        return false;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        return pgt_has_aggregate(n->type_cast->arg);
    case PG_QUERY__NODE__NODE_NULL_TEST:
        return pgt_has_aggregate(n->null_test->arg);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        for (size_t i = 0; i < n->coalesce_expr->n_args; i++)
            if (pgt_has_aggregate(n->coalesce_expr->args[i]))
                return true;
        return false;
    case PG_QUERY__NODE__NODE_LIST:
        for (size_t i = 0; i < n->list->n_items; i++)
            if (pgt_has_aggregate(n->list->items[i]))
                return true;
        return false;
    default:
        return false;
    }
}

bool pgt_is_quoted_keyword(const char *word)
{
    return sql_keyword_needs_quotes(word);
}

static bool needs_quotes(const char *ident)
{
    if (!ident[0] || !(islower((unsigned char)ident[0]) || ident[0] == '_'))
        return true;
    for (const char *p = ident; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_' || *p == '$'))
            return true;
    return pgt_is_quoted_keyword(ident);
}

const char *pgt_quote_ident(arena_t *a, const char *ident)
{
    if (!needs_quotes(ident))
        return ident;
    size_t n = strlen(ident);
    char *out = arena_alloc(a, n * 2 + 3), *p = out;
    *p++ = '"';
    for (const char *s = ident; *s; s++) {
        if (*s == '"')
            *p++ = '"';
        *p++ = *s;
    }
    *p++ = '"';
    *p = '\0';
    return out;
}

node_t *pgt_copy(arena_t *a, const node_t *n)
{
    size_t len = pg_query__node__get_packed_size(n);
    uint8_t *buf = arena_alloc(a, len ? len : 1);
    pg_query__node__pack(n, buf);
    ProtobufCAllocator alloc = {arena_pb_alloc, arena_pb_free, a};
    return pg_query__node__unpack(&alloc, len, buf);
}
