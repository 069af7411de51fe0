/* query.h — the engine-neutral query model.
 *
 * Each engine lowers its input into this model; rules and advisors read only the
 * model (and the catalog), so a new database type is a new engine, not a change
 * everywhere. All memory lives in the request's arena.
 *
 * A batch is the statements of one request. A statement is a tree of query blocks:
 * block 0 is the statement itself; subqueries, CTE bodies, derived tables and set
 * operation branches are further blocks that name their parent. `src` pointers are
 * the engine's own tree nodes, opaque here; an engine uses them to edit its tree
 * when a rewrite is applied. */
#ifndef DBAGENT_QUERY_H
#define DBAGENT_QUERY_H

#include <stdbool.h>

typedef struct {
    int statement; /* 1-based */
    int line, column; /* 1-based; 0 when unknown */
    int offset;    /* byte offset in the request's query text, -1 when unknown */
} qm_loc_t;

typedef enum { QM_SELECT, QM_INSERT, QM_UPDATE, QM_DELETE, QM_UTILITY } qm_stmt_kind_t;

typedef enum {
    QB_TOP,       /* the statement itself */
    QB_CTE,       /* WITH name AS (…) */
    QB_DERIVED,   /* FROM (subquery) alias */
    QB_SET_ARM,   /* a branch of UNION/INTERSECT/EXCEPT */
    QB_IN,        /* x IN (subquery) / NOT IN */
    QB_EXISTS,    /* EXISTS (subquery) */
    QB_SCALAR,    /* (subquery) used as a value */
    QB_LATERAL,
} qm_block_kind_t;

/* Where a column reference or predicate sits. */
typedef enum { QC_WHERE, QC_JOIN, QC_HAVING, QC_SELECT, QC_ORDER, QC_GROUP, QC_SET } qm_clause_t;

typedef struct {
    const char *qualifier; /* alias or table as written, NULL when unqualified */
    const char *column;    /* NULL for `t.*` / `*` */
    int rel;               /* index into the owning block's rels, -1 unresolved */
    int block;             /* block that owns rel (outer block for correlated refs) */
} qm_colref_t;

typedef enum {
    QV_NONE,     /* unary predicates: IS NULL, EXISTS */
    QV_CONST,    /* a literal */
    QV_PARAM,    /* $n or ? */
    QV_COLUMN,   /* another column: a join or correlation */
    QV_EXPR,     /* any other expression without columns of this block */
    QV_SUBQUERY, /* IN (SELECT …), = (SELECT …) */
    QV_LIST,     /* IN (1, 2, 3) */
    QV_NULL,     /* the NULL literal */
} qm_value_kind_t;

typedef enum { QL_NONE, QL_INT, QL_FLOAT, QL_STRING, QL_BOOL } qm_literal_kind_t;

/* What is wrapped around the column side of a predicate. */
typedef enum { QW_NONE, QW_FUNC, QW_CAST, QW_ARITH, QW_EXTRACT } qm_wrap_kind_t;

typedef struct {
    qm_wrap_kind_t kind;
    const char *name;      /* function name, cast type, arithmetic operator, extract field */
    const char *arg_text;  /* date_trunc's unit; arithmetic constant */
    bool arg_is_int;
    const char *expr_text; /* the whole column-side expression, deparsed */
    const char *index_text; /* the same without table qualifiers: an index expression */
} qm_wrap_t;

typedef struct {
    qm_loc_t loc;
    qm_clause_t clause;
    const char *op;        /* "=", "<", "<=", ">", ">=", "<>", "~~" (LIKE), "~~*" (ILIKE),
                              "!~~", "IN", "NOT IN", "IS NULL", "IS NOT NULL", "@>", "@@",
                              "BETWEEN", "EXISTS", "NOT EXISTS", "=ANY", other operators as written */
    bool has_col;
    qm_colref_t col;       /* the column side */
    qm_wrap_t wrap;        /* function/cast/arithmetic around the column, kind QW_NONE if bare */
    qm_value_kind_t value_kind;
    qm_literal_kind_t literal_kind;
    const char *value_text; /* literal text, param name ("$1"), or deparsed expression */
    qm_colref_t value_col;  /* when value_kind == QV_COLUMN */
    int list_len;           /* QV_LIST */
    int sub_block;          /* QV_SUBQUERY / EXISTS: the block, else -1 */
    bool has_aggregate;     /* HAVING conjunct that uses an aggregate */
    bool subquery_count;    /* value is a scalar subquery returning count(*) */
    bool in_or;             /* inside an OR: not a conjunct, cannot drive an index alone */
    int or_group;           /* 1-based id of the OR it sits in, 0 when a conjunct */
    bool under_not;
    void *src;              /* engine node of the whole predicate */
    void *col_src;          /* engine node of the column side */
} qm_pred_t;

typedef struct {
    int id;                /* 1-based, as in qm_pred_t.or_group */
    qm_loc_t loc;
    int npreds;            /* predicates directly under it */
    bool distinct_columns; /* its arms test different columns */
    const char *columns;   /* "a, b" for messages */
    void *src;
} qm_or_t;

typedef enum { QJ_NONE, QJ_INNER, QJ_LEFT, QJ_RIGHT, QJ_FULL, QJ_CROSS } qm_join_t;

typedef struct {
    const char *schema;   /* NULL when not written */
    const char *name;     /* table name; NULL for derived tables and functions */
    const char *alias;    /* alias or NULL */
    const char *label;    /* what the query calls it: alias, else name */
    int sub_block;        /* derived table or CTE body, -1 otherwise */
    bool is_cte;
    qm_join_t join;       /* how it is joined to what precedes it */
    bool join_has_quals;  /* ON/USING/NATURAL given (WHERE equalities are checked by rules) */
    qm_loc_t loc;
    void *src;
} qm_rel_t;

typedef struct {
    qm_loc_t loc;
    bool is_star;         /* * or t.* */
    qm_colref_t col;      /* a bare column, col.column NULL otherwise */
    const char *name;     /* output name (alias or column) */
    const char *expr_text;
    bool has_aggregate;
    int sub_block;        /* scalar subquery in the select list, -1 otherwise */
    void *src;
} qm_target_t;

typedef struct {
    qm_loc_t loc;
    qm_colref_t col;      /* column.column NULL when the key is an expression */
    const char *expr_text;
    bool desc;
    int nulls;            /* 0 default, 1 NULLS FIRST, 2 NULLS LAST */
    bool is_random;       /* ORDER BY random() */
} qm_order_t;

typedef enum { QLIM_NONE, QLIM_CONST, QLIM_PARAM, QLIM_EXPR } qm_limit_kind_t;

typedef enum { QS_NONE, QS_UNION, QS_UNION_ALL, QS_INTERSECT, QS_EXCEPT } qm_setop_t;

typedef struct {
    int id;
    int parent;           /* -1 for block 0 */
    qm_block_kind_t kind;
    qm_loc_t loc;
    bool correlated;      /* references a column of an enclosing block */
    bool negated;         /* NOT IN / NOT EXISTS */
    const char *cte_name;

    qm_rel_t *rels; int nrels, rels_cap;
    qm_pred_t *preds; int npreds, preds_cap;
    qm_or_t *ors; int nors, ors_cap;
    qm_target_t *targets; int ntargets, targets_cap;
    qm_order_t *order; int norder, order_cap;
    qm_colref_t *group; int ngroup, group_cap;
    qm_pred_t *having; int nhaving, having_cap;

    bool distinct;
    bool has_aggregate;   /* aggregate in select list or HAVING */
    bool has_window;
    qm_limit_kind_t limit_kind; long long limit;
    qm_limit_kind_t offset_kind; long long offset;
    qm_loc_t offset_loc;

    qm_setop_t setop;     /* this block combines set_arms */
    int *set_arms; int nset_arms, set_arms_cap;

    void *src;
} qm_block_t;

typedef struct {
    int index;            /* 1-based */
    qm_stmt_kind_t kind;
    const char *text;     /* the statement as written */
    qm_loc_t loc;
    const char *target_table; /* INSERT/UPDATE/DELETE */
    bool has_where;           /* UPDATE/DELETE */
    const char **set_columns; int nset_columns; /* UPDATE SET / INSERT columns */
    qm_block_t **blocks; int nblocks, blocks_cap; /* pointers: lowering appends while filling */
    const char *fingerprint;  /* 16 hex digits */
    const char *normalized;   /* constants replaced by $n */
    void *src;
} qm_stmt_t;

typedef struct {
    const char *text;     /* the whole input */
    qm_stmt_t *stmts; int nstmts;
    void *src;            /* the engine's parse result */
    void *engine_data;    /* anything else the engine keeps for this batch */
} qm_batch_t;

const char *qm_stmt_kind_name(qm_stmt_kind_t kind);
/* The relation a resolved column reference points to, or NULL. */
const qm_rel_t *qm_colref_rel(const qm_stmt_t *st, const qm_colref_t *c);
/* "label.column" for messages. */
const char *qm_colref_text(const qm_stmt_t *st, const qm_colref_t *c, char *buf, int size);
bool qm_op_is_equality(const char *op);
bool qm_op_is_range(const char *op);

#endif
