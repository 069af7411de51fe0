/* pg_tree.h — libpg_query's protobuf trees, private to engine/pg.
 *
 * Trees are unpacked with an allocator backed by the request's arena, so they
 * live and die with the request and can be edited in place: nodes grafted in by a
 * rewrite come from the same arena. Nothing here frees a tree. */
#ifndef DBAGENT_PG_TREE_H
#define DBAGENT_PG_TREE_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdbool.h>

#include "base/arena.h"
#include "base/err.h"

typedef PgQuery__Node node_t;

/* The parser's own serialized tree, kept so an unchanged tree can be deparsed
 * without packing it again (packing is most of a deparse's cost). */
typedef struct {
    const uint8_t *data;
    size_t len;
} pgt_packed_t;

/* Parses text into a tree in the arena. A syntax error fills err with the
 * parser's message and the line and column of the cursor position. When packed
 * is not NULL it receives a copy (in the arena) of the serialized tree. */
int pgt_parse(arena_t *a, const char *text, PgQuery__ParseResult **out, pgt_packed_t *packed,
              err_t *err);
/* Deparses a serialized tree, as pgt_deparse does for an unpacked one. */
int pgt_deparse_packed(arena_t *a, const pgt_packed_t *packed, const char **out, err_t *err);
/* Deparses a whole parse result to SQL text (in the arena). */
int pgt_deparse(arena_t *a, PgQuery__ParseResult *pr, const char **out, err_t *err);
/* Deparses one expression (as `SELECT expr` would print it), NULL on failure. */
const char *pgt_deparse_expr(arena_t *a, node_t *expr);

/* The first offset at or after offset (and before end) that is not white space
 * or a comment: where a statement really starts. */
int pgt_skip_space(const char *text, int offset, int end);
/* Line starts of a text, built once, so positions cost a binary search instead
 * of a scan from the top (long migration files would be quadratic otherwise). */
typedef struct {
    const char *text;
    int *starts; /* byte offset of each line's first character */
    int n;
} pgt_lines_t;

void pgt_lines_init(arena_t *a, pgt_lines_t *li, const char *text);
/* Offset (0-based byte) → 1-based line and column (in characters). */
void pgt_lines_pos(const pgt_lines_t *li, int offset, int *line, int *column);
/* The same without an index: a scan from the top, for one-off positions. */
void pgt_line_col(const char *text, int offset, int *line, int *column);

/* A deep copy of n in the arena (packed, then unpacked with the arena allocator),
 * to edit without touching the statement's own tree. */
node_t *pgt_copy(arena_t *a, const node_t *n);
/* Small constructors for grafting, all arena-allocated. */
node_t *pgt_node(arena_t *a, PgQuery__Node__NodeCase kind, void *msg);
node_t *pgt_string(arena_t *a, const char *s);
node_t *pgt_const_str(arena_t *a, const char *s);
node_t *pgt_const_int(arena_t *a, int v);
node_t *pgt_colref(arena_t *a, const char *qualifier, const char *column);
node_t *pgt_op(arena_t *a, const char *op, node_t *l, node_t *r);
node_t *pgt_bool(arena_t *a, PgQuery__BoolExprType op, node_t **args, int n);
node_t *pgt_null_test(arena_t *a, node_t *arg, bool is_null);
/* Parses a whole `SELECT <expr>` statement written by us and returns the
 * expression node of its single target. */
node_t *pgt_parse_expr(arena_t *a, const char *sql);
/* Parses a statement written by us and returns its node. */
node_t *pgt_parse_stmt(arena_t *a, const char *sql);

/* Helpers for reading. */
/* protobuf-c unpacks an unset string as "", not NULL: this maps "" to NULL. */
static inline const char *pgt_opt(const char *s)
{
    return s && s[0] ? s : NULL;
}
const char *pgt_str(const node_t *n); /* String node value, else NULL */
/* Last element of a qualified name list (funcname, operator name). */
const char *pgt_last_name(node_t **names, size_t n);
bool pgt_is_aggregate_name(const char *name);
/* True when the expression contains an aggregate call (not inside a subquery). */
bool pgt_has_aggregate(const node_t *n);
/* True for a keyword that must be quoted to be used as an identifier. */
bool pgt_is_quoted_keyword(const char *word);
/* PostgreSQL's identifier quoting rules (quote_ident). */
const char *pgt_quote_ident(arena_t *a, const char *ident);

#endif
