#!/usr/bin/env python3
"""Generate bench/corpus.sql: a deterministic corpus of PostgreSQL queries against
the example shop schema (examples/shop/schema.sql), one statement per line.

The corpus feeds bench/optimize.sh, so it should look like real application
traffic: mostly ordinary, healthy queries of many shapes, with a steady share of
every anti-pattern listed under "Query rules" in RULES.md. Shapes are varied on
purpose (columns, operators, join paths, clause combinations) so that a tool that
caches per shape or only handles a few templates gets no unfair advantage.

Usage: bench/gen-corpus.py [OUTPUT]   (default: corpus.sql next to this script)
Only the standard library is used and the seed is fixed, so the output is
byte-for-byte reproducible.
"""

import os
import random
import sys

SEED = 20240917
TARGET = 3000          # statements to emit (at least; N+1 batches may overshoot)

# --------------------------------------------------------------------------
# Schema model.  Types are coarse classes that decide which predicates and
# literals make sense: int, text, ts, num, bool, jsonb, enum.
# (name, type, nullable)
# --------------------------------------------------------------------------
SCHEMA = {
    "users": [("id", "int", False), ("email", "text", False), ("name", "text", False),
              ("status", "text", False), ("profile", "jsonb", True),
              ("created_at", "ts", False), ("updated_at", "ts", False)],
    "teams": [("id", "int", False), ("name", "text", False), ("created_at", "ts", False)],
    "user_teams": [("user_id", "int", False), ("team_id", "int", False),
                   ("role", "text", False)],
    "products": [("id", "int", False), ("sku", "text", False), ("name", "text", False),
                 ("description", "text", True), ("price", "num", False),
                 ("category", "text", True), ("attributes", "jsonb", False),
                 ("active", "bool", False), ("created_at", "ts", False)],
    "orders": [("id", "int", False), ("user_id", "int", False), ("status", "enum", False),
               ("total", "num", False), ("coupon_code", "text", True),
               ("note", "text", True), ("created_at", "ts", False),
               ("shipped_at", "ts", True)],
    "order_items": [("id", "int", False), ("order_id", "int", False),
                    ("product_id", "int", False), ("quantity", "int", False),
                    ("unit_price", "num", False)],
}
COLTYPE = {(t, c): ty for t, cols in SCHEMA.items() for c, ty, _ in cols}
NULLABLE = {(t, c) for t, cols in SCHEMA.items() for c, _, n in cols if n}

# Foreign keys as join edges: (child, child_col, parent, parent_col).
FKS = [("user_teams", "user_id", "users", "id"),
       ("user_teams", "team_id", "teams", "id"),
       ("orders", "user_id", "users", "id"),
       ("order_items", "order_id", "orders", "id"),
       ("order_items", "product_id", "products", "id")]

ALIAS = {"users": "u", "teams": "t", "user_teams": "ut", "products": "p",
         "orders": "o", "order_items": "oi"}

# Columns an INSERT may set (identity columns are GENERATED ALWAYS), and how many
# of them, from the front, are required (NOT NULL without a default).
INSERTABLE = {
    "users": (["email", "name", "status", "profile"], 2),
    "teams": (["name"], 1),
    "user_teams": (["user_id", "team_id", "role"], 2),
    "products": (["sku", "name", "price", "description", "category", "attributes"], 3),
    "orders": (["user_id", "total", "status", "coupon_code", "note"], 2),
    "order_items": (["order_id", "product_id", "quantity", "unit_price"], 4),
}

# Literal vocabularies.  A name with an apostrophe keeps quote escaping honest.
FIRST = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
         "judy", "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent"]
LAST = ["smith", "jones", "garcia", "mueller", "rossi", "tanaka", "o''brien", "novak"]
DOMAINS = ["example.com", "mail.test", "shop.example", "corp.test"]
USER_STATUS = ["active", "inactive", "banned"]
ORDER_STATUS = ["pending", "paid", "shipped", "delivered", "cancelled"]
ROLES = ["member", "admin", "owner", "viewer"]
CATEGORIES = ["books", "garden", "kitchen", "toys", "outdoor", "office", "audio"]
WORDS = ["chair", "lamp", "table", "mug", "kettle", "cable", "speaker", "tent",
         "notebook", "pen", "blender", "rug", "shelf", "drill", "puzzle", "kite"]
ADJ = ["oak", "steel", "blue", "compact", "deluxe", "vintage", "smart", "eco"]
COUPONS = ["SPRING24", "WELCOME10", "VIP", "BLACKFRIDAY", "FREESHIP", "SUMMER5"]
NOTES = ["gift", "leave at door", "call first", "fragile", "express"]
TEAMS = ["platform", "growth", "payments", "search", "mobile", "data"]
ATTR = {"color": ["red", "green", "black", "white"], "size": ["S", "M", "L", "XL"],
        "material": ["wood", "steel", "cotton"], "brand": ["acme", "globex", "initech"]}
PROFILE = {"locale": ["en", "de", "fr", "ja"], "theme": ["dark", "light"],
           "plan": ["free", "pro", "team"]}
TSWORDS = ["waterproof", "wireless", "organic", "handmade", "portable", "quiet"]


def q(s):
    """Quote a string literal (inputs are already escaped where needed)."""
    return "'" + s + "'"


class Stmt:
    """Per-statement state: the random source and the $n parameter counter."""

    def __init__(self, rng):
        self.r = rng
        self.nparam = 0
        # About a quarter of statements are written the way drivers send them:
        # with bind parameters instead of literals.
        self.param_rate = 0.7 if rng.random() < 0.25 else 0.0

    # -- small helpers ------------------------------------------------------
    def chance(self, p):
        return self.r.random() < p

    def pick(self, seq):
        return self.r.choice(seq)

    def param(self, cast=None):
        self.nparam += 1
        return "$%d" % self.nparam + ("::" + cast if cast else "")

    def date(self):
        return "2024-%02d-%02d" % (self.r.randint(1, 12), self.r.randint(1, 28))

    def ts(self):
        if self.chance(0.5):
            return q(self.date())
        return q("%s %02d:%02d:00+00" % (self.date(), self.r.randint(0, 23),
                                          self.r.choice([0, 15, 30, 45])))

    def date_range(self):
        """Two ordered timestamp literals."""
        m = self.r.randint(1, 11)
        d = self.r.randint(1, 28)
        lo = "2024-%02d-%02d" % (m, d)
        hi = "2024-%02d-%02d" % (self.r.randint(m + 1, 12), self.r.randint(1, 28))
        return q(lo), q(hi)

    def email(self):
        return q("%s.%s%d@%s" % (self.pick(FIRST), self.pick(LAST),
                                 self.r.randint(1, 999), self.pick(DOMAINS)))

    def jsonb_obj(self, vocab):
        k = self.pick(sorted(vocab))
        return q('{"%s": "%s"}' % (k, self.pick(vocab[k])))

    # -- literals -----------------------------------------------------------
    def lit(self, table, col):
        """A literal that fits the column's type and domain."""
        ty = COLTYPE[(table, col)]
        r = self.r
        if ty == "int":
            if col == "quantity":
                return str(r.randint(1, 20))
            return str(r.choice([r.randint(1, 100), r.randint(1, 100000)]))
        if ty == "num":
            return "%d.%02d" % (r.randint(1, 900), r.randint(0, 99))
        if ty == "bool":
            return r.choice(["true", "false"])
        if ty == "ts":
            return self.ts()
        if ty == "enum":
            return q(self.pick(ORDER_STATUS))
        if ty == "jsonb":
            return self.jsonb_obj(ATTR if table == "products" else PROFILE)
        # text
        key = (table, col)
        if key == ("users", "email"):
            return self.email()
        if key == ("users", "name"):
            return q("%s %s" % (self.pick(FIRST).title(), self.pick(LAST).title()))
        if key == ("users", "status"):
            return q(self.pick(USER_STATUS))
        if key == ("user_teams", "role"):
            return q(self.pick(ROLES))
        if key == ("products", "sku"):
            return q("SKU-%05d" % r.randint(1, 99999))
        if key == ("products", "category"):
            return q(self.pick(CATEGORIES))
        if key == ("orders", "coupon_code"):
            return q(self.pick(COUPONS))
        if key == ("orders", "note"):
            return q(self.pick(NOTES))
        if key == ("teams", "name"):
            return q(self.pick(TEAMS))
        return q("%s %s" % (self.pick(ADJ), self.pick(WORDS)))

    def val(self, table, col):
        """A literal, or a bind parameter when this statement uses them."""
        if self.param_rate and self.chance(self.param_rate):
            ty = COLTYPE[(table, col)]
            cast = {"int": "bigint", "ts": "timestamptz", "num": "numeric",
                    "jsonb": "jsonb", "enum": "order_status"}.get(ty)
            return self.param(cast if self.chance(0.4) else None)
        return self.lit(table, col)

    # -- names --------------------------------------------------------------
    def ref(self, table, alias, col):
        return "%s.%s" % (alias, col) if alias else col

    def cols(self, table, kind=None):
        return [c for c, ty, _ in SCHEMA[table] if kind is None or ty == kind]

    def from_item(self, table, alias):
        """Table reference, sometimes schema-qualified or with AS."""
        name = "public." + table if self.chance(0.08) else table
        if not alias:
            return name
        return "%s AS %s" % (name, alias) if self.chance(0.2) else "%s %s" % (name, alias)

    def select_list(self, tables, n=None):
        """A few columns from the given (table, alias) pairs."""
        pool = [(t, a, c) for t, a in tables for c in self.cols(t)]
        n = n or self.r.randint(1, 4)
        chosen = self.r.sample(pool, min(n, len(pool)))
        return ", ".join(self.ref(t, a, c) for t, a, c in chosen)

    # -- predicates ---------------------------------------------------------
    def pred(self, table, alias, col=None):
        """A sargable predicate on one column."""
        col = col or self.pick(self.cols(table))
        ty = COLTYPE[(table, col)]
        c = self.ref(table, alias, col)
        r = self.r
        if (table, col) in NULLABLE and self.chance(0.15):
            return "%s IS %sNULL" % (c, self.pick(["", "NOT "]))
        if col == "quantity":
            lo = r.randint(1, 10)
            k = r.randint(0, 2)
            if k == 0:
                return "%s = %s" % (c, self.val(table, col))
            if k == 1:
                return "%s BETWEEN %d AND %d" % (c, lo, lo + 5)
            return "%s > %d" % (c, lo)
        if ty == "int":
            k = r.randint(0, 5)
            if k == 0:
                return "%s = %s" % (c, self.val(table, col))
            if k == 1:
                vals = sorted({r.randint(1, 5000) for _ in range(r.randint(2, 12))})
                return "%s IN (%s)" % (c, ", ".join(map(str, vals)))
            if k == 2:
                lo = r.randint(1, 5000)
                return "%s BETWEEN %d AND %d" % (c, lo, lo + r.randint(1, 500))
            if k == 3:
                return "%s = ANY(%s)" % (c, self.param("bigint[]"))
            return "%s %s %s" % (c, self.pick([">", ">=", "<", "<="]), self.val(table, col))
        if ty == "num":
            if self.chance(0.4):
                lo = r.randint(1, 400)
                return "%s BETWEEN %d AND %d" % (c, lo, lo + r.randint(10, 500))
            return "%s %s %s" % (c, self.pick([">", ">=", "<", "<="]), self.val(table, col))
        if ty == "bool":
            return self.pick([c, "NOT " + c, "%s = %s" % (c, self.lit(table, col)),
                              "%s IS TRUE" % c])
        if ty == "ts":
            k = r.randint(0, 4)
            if k == 0:
                lo, hi = self.date_range()
                return "%s >= %s AND %s < %s" % (c, lo, c, hi)
            if k == 1:
                lo, hi = self.date_range()
                return "%s BETWEEN %s AND %s" % (c, lo, hi)
            if k == 2:
                return "%s > now() - interval '%d %s'" % (
                    c, r.randint(1, 90), self.pick(["days", "hours", "minutes"]))
            if k == 3:
                return "%s >= %s::timestamptz" % (c, q(self.date()))
            return "%s %s %s" % (c, self.pick(["<", ">="]), self.val(table, col))
        if ty == "enum":
            k = r.randint(0, 2)
            if k == 0:
                return "%s = %s" % (c, self.val(table, col))
            if k == 1:
                vals = r.sample(ORDER_STATUS, r.randint(2, 3))
                return "%s IN (%s)" % (c, ", ".join(q(v) for v in vals))
            return "%s <> %s" % (c, q(self.pick(ORDER_STATUS)))
        if ty == "jsonb":
            return self.jsonb_pred(table, alias, col)
        # text
        k = r.randint(0, 4)
        if k == 0 or k == 4:
            return "%s = %s" % (c, self.val(table, col))
        if k == 1:
            vals = {self.lit(table, col) for _ in range(r.randint(2, 5))}
            return "%s IN (%s)" % (c, ", ".join(sorted(vals)))
        if k == 2:
            # Prefix search: sargable with text_pattern_ops.
            return "%s LIKE %s" % (c, q(self.pick(ADJ + WORDS + ["SKU-0", "SKU-1"]) + "%"))
        return "%s <> %s" % (c, self.lit(table, col))

    def jsonb_pred(self, table, alias, col):
        c = self.ref(table, alias, col)
        vocab = ATTR if table == "products" else PROFILE
        k = self.pick(sorted(vocab))
        form = self.r.randint(0, 5)
        if form == 0:
            return "%s @> %s" % (c, self.jsonb_obj(vocab))
        if form == 1:
            return "%s ->> %s = %s" % (c, q(k), q(self.pick(vocab[k])))
        if form == 2:
            return "%s ? %s" % (c, q(k))
        if form == 3:
            ks = self.r.sample(sorted(vocab), 2)
            return "%s ?| array[%s]" % (c, ", ".join(q(x) for x in ks))
        if form == 4:
            return "%s @> %s::jsonb" % (c, self.param())
        return "%s #>> '{%s}' = %s" % (c, k, q(self.pick(vocab[k])))

    def where(self, tables, n=None):
        """Conjunction of predicates over the given (table, alias) pairs."""
        n = n or self.r.randint(1, 3)
        preds = []
        for _ in range(n):
            t, a = self.pick(tables)
            preds.append(self.pred(t, a))
        return " AND ".join(preds)

    def order_by(self, tables, n=1):
        items = []
        for _ in range(n):
            t, a = self.pick(tables)
            col = self.pick([c for c, ty, _ in SCHEMA[t] if ty != "jsonb"])
            items.append(self.ref(t, a, col) + self.pick(["", " DESC", " ASC", " DESC NULLS LAST"]))
        return ", ".join(items)

    def limit(self):
        return "LIMIT %s" % (self.param() if self.param_rate else self.pick(
            ["1", "10", "20", "25", "50", "100"]))

    # -- join paths ---------------------------------------------------------
    def join_path(self, n):
        """n tables connected along foreign keys: [(table, alias)] and ON clauses."""
        start = self.pick(sorted(SCHEMA))
        tables = [start]
        ons = []
        while len(tables) < n:
            edges = [e for e in FKS if (e[0] in tables) != (e[2] in tables)]
            child, ccol, parent, pcol = self.pick(edges)
            new = parent if child in tables else child
            tables.append(new)
            ons.append((new, "%s.%s = %s.%s" % (ALIAS[child], ccol, ALIAS[parent], pcol)))
        return [(t, ALIAS[t]) for t in tables], ons

    def from_join(self, tables, ons, left_ok=True):
        sql = self.from_item(tables[0][0], tables[0][1])
        for (t, a), (_, on) in zip(tables[1:], ons):
            kind = self.pick(["JOIN", "JOIN", "INNER JOIN", "LEFT JOIN"] if left_ok else ["JOIN"])
            sql += " %s %s ON %s" % (kind, self.from_item(t, a), on)
        return sql


# Parent/child pairs that a correlated subquery or semi-join can use.
CHILDREN = [(p, pc, c, cc) for c, cc, p, pc in FKS]


# ==========================================================================
# Healthy / ordinary query shapes.
# ==========================================================================

def g_point(s):
    t = s.pick(sorted(SCHEMA))
    key = {"users": ["id", "email"], "products": ["id", "sku"],
           "user_teams": ["user_id"]}.get(t, ["id"])
    col = s.pick(key)
    sql = "SELECT %s FROM %s WHERE %s = %s" % (s.select_list([(t, None)]), s.from_item(t, None),
                                                col, s.val(t, col))
    if t == "user_teams" and s.chance(0.5):
        sql += " AND team_id = %s" % s.val(t, "team_id")
    return sql


def g_filter(s):
    t = s.pick(sorted(SCHEMA))
    a = ALIAS[t] if s.chance(0.3) else None
    tabs = [(t, a)]
    sql = "SELECT %s FROM %s WHERE %s" % (s.select_list(tabs), s.from_item(t, a),
                                          s.where(tabs, s.r.randint(2, 4)))
    if s.chance(0.5):
        sql += " ORDER BY " + s.order_by(tabs, s.r.randint(1, 2))
    if s.chance(0.5):
        sql += " " + s.limit()
    return sql


def g_join(s):
    tabs, ons = s.join_path(s.r.randint(2, 4))
    sql = "SELECT %s FROM %s" % (s.select_list(tabs, s.r.randint(2, 5)), s.from_join(tabs, ons))
    if s.chance(0.85):
        sql += " WHERE " + s.where(tabs)
    if s.chance(0.4):
        sql += " ORDER BY " + s.order_by(tabs)
    if s.chance(0.4):
        sql += " " + s.limit()
    return sql


def group_key(s, tabs):
    """A grouping column, never jsonb."""
    t, a = s.pick(tabs)
    c = s.pick([c for c, ty, _ in SCHEMA[t] if ty in ("int", "text", "enum", "bool")])
    return s.ref(t, a, c)


def agg_expr(s, tabs):
    t, a = s.pick(tabs)
    nums = [c for c, ty, _ in SCHEMA[t] if ty in ("num", "int")]
    c = s.ref(t, a, s.pick(nums))
    return s.pick(["count(*)", "sum(%s)" % c, "avg(%s)" % c, "max(%s)" % c, "min(%s)" % c,
                   "count(DISTINCT %s)" % c])


def g_aggregate(s):
    if s.chance(0.5):
        tabs, ons = s.join_path(s.r.randint(2, 3))
        src = s.from_join(tabs, ons, left_ok=False)
    else:
        t = s.pick(sorted(SCHEMA))
        tabs = [(t, ALIAS[t])]
        src = s.from_item(t, ALIAS[t])
    keys = list(dict.fromkeys(group_key(s, tabs) for _ in range(s.r.randint(1, 2))))
    aggs = list(dict.fromkeys(agg_expr(s, tabs) for _ in range(s.r.randint(1, 3))))
    sql = "SELECT %s, %s FROM %s" % (", ".join(keys), ", ".join(aggs), src)
    if s.chance(0.7):
        sql += " WHERE " + s.where(tabs)
    sql += " GROUP BY " + ", ".join(keys)
    if s.chance(0.4):
        sql += " HAVING %s > %d" % (aggs[0], s.r.randint(1, 1000))
    if s.chance(0.5):
        sql += " ORDER BY %s DESC" % (s.pick(["2", aggs[0]]))
        if s.chance(0.6):
            sql += " " + s.limit()
    return sql


def g_window(s):
    t = s.pick(["orders", "order_items", "products", "user_teams"])
    part = {"orders": "user_id", "order_items": "order_id", "products": "category",
            "user_teams": "team_id"}[t]
    order = {"orders": "created_at", "order_items": "unit_price", "products": "price",
             "user_teams": "user_id"}[t]
    fns = ["row_number()", "rank()", "dense_rank()", "lag(%s)" % order, "count(*)"]
    if t in ("order_items", "products"):
        fns.append("sum(%s)" % order)
    fn = s.pick(fns)
    inner = "SELECT %s, %s OVER (PARTITION BY %s ORDER BY %s DESC) AS rn FROM %s" % (
        s.select_list([(t, None)], 2), fn, part, order, t)
    if s.chance(0.5):
        inner += " WHERE " + s.pred(t, None)
    if fn == "row_number()" and s.chance(0.6):
        return "SELECT * FROM (%s) ranked WHERE rn <= %d" % (inner, s.r.randint(1, 5))
    return inner


def g_subquery(s):
    parent, pcol, child, ccol = s.pick(CHILDREN)
    pa, ca = ALIAS[parent], ALIAS[child] + "2"
    sel = s.select_list([(parent, pa)])
    kind = s.r.randint(0, 5)
    if kind == 0:
        sub = "SELECT %s FROM %s WHERE %s" % (ccol, child, s.where([(child, None)]))
        cond = "%s.%s IN (%s)" % (pa, pcol, sub)
    elif kind in (1, 2):
        sub = "SELECT 1 FROM %s %s WHERE %s.%s = %s.%s" % (child, ca, ca, ccol, pa, pcol)
        if s.chance(0.7):
            sub += " AND " + s.pred(child, ca)
        cond = "%sEXISTS (%s)" % ("NOT " if kind == 2 else "", sub)
    elif kind == 3:
        # NOT IN over a NOT NULL foreign key: not an anti-pattern.
        sub = "SELECT %s FROM %s WHERE %s" % (ccol, child, s.where([(child, None)], 1))
        cond = "%s.%s NOT IN (%s)" % (pa, pcol, sub)
    elif kind == 4:
        # Uncorrelated scalar subquery in WHERE.
        c = s.pick(s.cols(parent, "int") + s.cols(parent, "num"))
        cond = "%s.%s >= (SELECT %s(%s) FROM %s) - %d" % (
            pa, c, s.pick(["max", "avg"]), c, parent, s.r.randint(1, 100))
    else:
        sub = "SELECT %s FROM %s WHERE %s = ANY(%s)" % (ccol, child, ccol, s.param("bigint[]"))
        cond = "%s.%s IN (%s)" % (pa, pcol, sub)
    sql = "SELECT %s FROM %s WHERE %s" % (sel, s.from_item(parent, pa), cond)
    if s.chance(0.3):
        sql += " AND " + s.pred(parent, pa)
    if s.chance(0.3):
        sql += " " + s.limit()
    return sql


def g_cte(s):
    r = s.r
    form = r.randint(0, 3)
    if form == 0:
        lo, hi = s.date_range()
        return ("WITH recent AS (SELECT id, user_id, total FROM orders WHERE created_at >= %s "
                "AND created_at < %s) SELECT u.id, u.email, sum(r.total) AS spent FROM recent r "
                "JOIN users u ON u.id = r.user_id GROUP BY u.id, u.email ORDER BY spent DESC "
                "LIMIT %d" % (lo, hi, r.randint(5, 50)))
    if form == 1:
        return ("WITH top_products AS (SELECT product_id, sum(quantity) AS qty FROM order_items "
                "GROUP BY product_id ORDER BY qty DESC LIMIT %d) SELECT p.id, p.name, t.qty FROM "
                "top_products t JOIN products p ON p.id = t.product_id WHERE %s" % (
                    r.randint(5, 100), s.pred("products", "p")))
    if form == 2:
        return ("WITH team_sizes AS (SELECT team_id, count(*) AS n FROM user_teams GROUP BY "
                "team_id), big AS (SELECT team_id FROM team_sizes WHERE n > %d) SELECT t.id, "
                "t.name FROM teams t JOIN big b ON b.team_id = t.id ORDER BY t.name" % r.randint(2, 50))
    tabs, ons = s.join_path(r.randint(2, 3))
    inner = "SELECT %s FROM %s WHERE %s" % (s.select_list(tabs, 3), s.from_join(tabs, ons),
                                           s.where(tabs))
    return "WITH base AS %s(%s) SELECT count(*) FROM base" % (
        s.pick(["", "MATERIALIZED ", "NOT MATERIALIZED "]), inner)


def g_union_all(s):
    t = s.pick(["orders", "products", "users"])
    cols = s.select_list([(t, None)], 2)
    branches = ["SELECT %s FROM %s WHERE %s" % (cols, t, s.pred(t, None))
                for _ in range(s.r.randint(2, 3))]
    sql = " UNION ALL ".join(branches)
    if s.chance(0.3):
        sql += " " + s.limit()
    return sql


def g_like_prefix(s):
    t, c = s.pick([("products", "name"), ("products", "sku"), ("users", "email"),
                   ("users", "name"), ("teams", "name")])
    word = s.pick(ADJ + WORDS + FIRST)
    op = "LIKE" if s.chance(0.8) else "ILIKE"
    pat = q(word + "%") if not s.param_rate else s.param()
    return "SELECT id, %s FROM %s WHERE %s %s %s ORDER BY %s %s" % (c, t, c, op, pat, c, s.limit())


def g_jsonb(s):
    t = s.pick(["products", "users"])
    col = "attributes" if t == "products" else "profile"
    a = ALIAS[t]
    proj = s.pick(["%s.id" % a, "%s.id, %s.%s ->> 'color'" % (a, a, col) if t == "products"
                   else "%s.id, %s.%s -> 'locale'" % (a, a, col),
                   "%s.id, jsonb_typeof(%s.%s)" % (a, a, col)])
    sql = "SELECT %s FROM %s WHERE %s" % (proj, s.from_item(t, a), s.jsonb_pred(t, a, col))
    if s.chance(0.4):
        sql += " AND " + s.pred(t, a)
    return sql


def g_fts(s):
    w = s.pick(TSWORDS)
    cfg = q("english")
    fn = s.pick(["to_tsquery", "plainto_tsquery", "websearch_to_tsquery"])
    return ("SELECT id, name, ts_rank(to_tsvector(%s, description), %s(%s, %s)) AS rank FROM "
            "products WHERE to_tsvector(%s, description) @@ %s(%s, %s) ORDER BY rank DESC LIMIT %d"
            % (cfg, fn, cfg, q(w), cfg, fn, cfg, q(w), s.r.randint(5, 50)))


def g_casts(s):
    """Casts on the literal or parameter side: still sargable."""
    form = s.r.randint(0, 3)
    if form == 0:
        return "SELECT id, total FROM orders WHERE created_at >= %s::date AND created_at < %s::date + 1" % (
            q(s.date()), q(s.date()))
    if form == 1:
        return "SELECT id FROM orders WHERE user_id = CAST(%s AS bigint)" % q(str(s.r.randint(1, 9999)))
    if form == 2:
        return "SELECT id, price::text AS price_text, created_at::date AS day FROM products WHERE id = %s" % (
            s.val("products", "id"))
    return "SELECT id FROM orders WHERE status = %s::order_status AND total > %s::numeric" % (
        q(s.pick(ORDER_STATUS)), q("%d.00" % s.r.randint(1, 500)))


def g_keyset(s):
    """Keyset pagination: the recommended alternative to OFFSET."""
    t = s.pick(["orders", "products", "users"])
    if s.param_rate:
        cond = "(created_at, id) < (%s, %s)" % (s.param("timestamptz"), s.param("bigint"))
    else:
        cond = "(created_at, id) < (%s, %d)" % (s.ts(), s.r.randint(1, 100000))
    return "SELECT %s FROM %s WHERE %s ORDER BY created_at DESC, id DESC LIMIT %d" % (
        s.select_list([(t, None)], 3), t, cond, s.pick([20, 50, 100]))


def g_small_offset(s):
    t = s.pick(["orders", "products", "users", "teams"])
    return "SELECT %s FROM %s ORDER BY %s LIMIT %d OFFSET %d" % (
        s.select_list([(t, None)], 2), t, s.order_by([(t, None)]), s.pick([10, 20, 25]),
        s.pick([0, 10, 20, 40, 60]))


def g_lateral(s):
    return ("SELECT u.id, u.email, last.id AS order_id, last.total FROM users u LEFT JOIN LATERAL "
            "(SELECT o.id, o.total FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC "
            "LIMIT %d) last ON true WHERE %s" % (s.r.randint(1, 3), s.pred("users", "u")))


def g_queue(s):
    return ("SELECT id, user_id FROM orders WHERE status = 'pending' ORDER BY created_at LIMIT %d "
            "FOR UPDATE SKIP LOCKED" % s.r.randint(1, 100))


def g_case(s):
    return ("SELECT id, CASE WHEN total >= %d THEN 'large' WHEN total >= %d THEN 'medium' ELSE "
            "'small' END AS bucket, coalesce(coupon_code, 'none') AS coupon FROM orders WHERE %s" % (
                s.r.randint(500, 900), s.r.randint(50, 400), s.pred("orders", None)))


def g_filter_agg(s):
    return ("SELECT user_id, count(*) FILTER (WHERE status = %s) AS n1, count(*) FILTER (WHERE "
            "status = %s) AS n2 FROM orders WHERE %s GROUP BY user_id" % (
                q(s.pick(ORDER_STATUS)), q(s.pick(ORDER_STATUS)), s.pred("orders", None, "created_at")))


def g_insert(s):
    t = s.pick(sorted(INSERTABLE))
    cols, required = INSERTABLE[t]
    if s.chance(0.4):
        # Optional columns are often left out.
        cols = cols[:required] + [c for c in cols[required:] if s.chance(0.5)]
    rows = ["(%s)" % ", ".join(s.val(t, c) for c in cols) for _ in range(s.r.randint(1, 4))]
    sql = "INSERT INTO %s (%s) VALUES %s" % (t, ", ".join(cols), ", ".join(rows))
    if t == "user_teams" and s.chance(0.6):
        sql += s.pick([" ON CONFLICT (user_id, team_id) DO NOTHING",
                       " ON CONFLICT (user_id, team_id) DO UPDATE SET role = EXCLUDED.role"])
    elif t == "users" and s.chance(0.3):
        sql += " ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, updated_at = now()"
    if t not in ("user_teams",) and s.chance(0.5):
        sql += " RETURNING id"
    return sql


def g_insert_select(s):
    return ("INSERT INTO order_items (order_id, product_id, quantity, unit_price) SELECT %s, p.id, "
            "%d, p.price FROM products p WHERE %s" % (
                s.val("orders", "id"), s.r.randint(1, 5), s.pred("products", "p")))


def g_update(s):
    t = s.pick(sorted(SCHEMA))
    settable = [c for c, ty, _ in SCHEMA[t] if c != "id" and c != "created_at"]
    sets = s.r.sample(settable, min(len(settable), s.r.randint(1, 2)))
    assign = ["%s = %s" % (c, s.val(t, c)) for c in sets]
    if t == "users" and "updated_at" not in sets and s.chance(0.7):
        assign.append("updated_at = now()")
    key = s.pick(["id", "id", None]) if t != "user_teams" else None
    cond = ("id = %s" % s.val(t, "id")) if key else s.where([(t, None)])
    sql = "UPDATE %s SET %s WHERE %s" % (t, ", ".join(assign), cond)
    if s.chance(0.3):
        sql += " RETURNING *" if s.chance(0.3) else " RETURNING " + s.select_list([(t, None)], 2)
    return sql


def g_update_from(s):
    return ("UPDATE orders o SET status = 'cancelled' FROM users u WHERE u.id = o.user_id AND "
            "u.status = 'banned' AND o.status = %s" % q(s.pick(["pending", "paid"])))


def g_delete(s):
    t = s.pick(sorted(SCHEMA))
    if t == "user_teams":
        cond = "user_id = %s AND team_id = %s" % (s.val(t, "user_id"), s.val(t, "team_id"))
    elif s.chance(0.5):
        cond = "id = %s" % s.val(t, "id")
    else:
        cond = s.where([(t, None)])
    sql = "DELETE FROM %s WHERE %s" % (t, cond)
    if s.chance(0.2):
        sql += " RETURNING id" if t != "user_teams" else " RETURNING user_id, team_id"
    return sql


def g_delete_using(s):
    return ("DELETE FROM order_items oi USING orders o WHERE o.id = oi.order_id AND o.status = "
            "'cancelled' AND o.created_at < %s" % s.ts())


# ==========================================================================
# Anti-patterns (RULES.md "Query rules"), each in several variants.
# ==========================================================================

def a_select_star(s):
    if s.chance(0.6):
        t = s.pick(sorted(SCHEMA))
        sql = "SELECT * FROM %s WHERE %s" % (t, s.where([(t, None)]))
    else:
        tabs, ons = s.join_path(2)
        t, a = s.pick(tabs)
        sql = "SELECT %s FROM %s WHERE %s" % (s.pick(["*", a + ".*"]), s.from_join(tabs, ons),
                                              s.where(tabs, 1))
    if s.chance(0.4):
        sql += " " + s.limit()
    return sql


TEXTCOLS = [("products", "name"), ("products", "description"), ("users", "email"),
            ("users", "name"), ("teams", "name"), ("orders", "note"), ("products", "sku")]


def a_leading_wildcard(s):
    t, c = s.pick(TEXTCOLS)
    w = s.pick(WORDS + ADJ + DOMAINS + FIRST)
    pat = s.pick(["%" + w + "%", "%" + w, "%" + w + "%" + s.pick(WORDS) + "%", "_" + w + "%"])
    op = s.pick(["LIKE", "ILIKE", "NOT LIKE", "ILIKE"])
    target = c if s.chance(0.8) else "lower(%s)" % c
    return "SELECT id, %s FROM %s WHERE %s %s %s" % (c, t, target, op, q(pat.replace("'", "''")))


def a_non_sargable(s):
    r = s.r
    d = q(s.date())
    use_alias = s.chance(0.3)

    def C(t, c):
        return "%s.%s" % (ALIAS[t], c) if use_alias else c

    ts_cols = [("orders", "created_at"), ("orders", "shipped_at"), ("users", "created_at"),
               ("products", "created_at"), ("teams", "created_at"), ("users", "updated_at")]
    t, tc = s.pick(ts_cols)
    tc = C(t, tc)
    idt = s.pick(["users", "teams", "products", "orders", "order_items"])
    forms = [
        ("users", "lower(%s) = %s" % (C("users", "email"), s.email().lower())),
        ("users", "upper(%s) = %s" % (C("users", "name"), q(s.pick(FIRST).upper()))),
        ("users", "lower(%s) IN (%s, %s)" % (C("users", "email"), s.email(), s.email())),
        (t, "%s::date = %s" % (tc, d)),
        (t, "date(%s) = %s" % (tc, d)),
        (t, "CAST(%s AS date) = %s" % (tc, d)),
        (t, "date_trunc(%s, %s) = %s" % (q(s.pick(["day", "month", "hour", "week"])), tc, d)),
        (t, "extract(%s FROM %s) = %d" % (s.pick(["year", "month", "dow", "hour"]), tc,
                                         r.choice([2023, 2024, 3, 6, 11]))),
        (t, "date_part('year', %s) = %d" % (tc, r.choice([2023, 2024]))),
        (t, "to_char(%s, 'YYYY-MM') = %s" % (tc, q("2024-%02d" % r.randint(1, 12)))),
        (t, "%s + interval '%d days' > now()" % (tc, r.randint(1, 60))),
        (idt, "%s + %d = %d" % (C(idt, "id"), r.randint(1, 3), r.randint(5, 9999))),
        ("orders", "%s * %s > %d" % (C("orders", "total"), s.pick(["1.19", "100", "0.9"]),
                                     r.randint(10, 1000))),
        ("order_items", "%s * %s > %d" % (C("order_items", "quantity"),
                                          C("order_items", "unit_price"), r.randint(50, 2000))),
        ("order_items", "%s - 1 = %d" % (C("order_items", "order_id"), r.randint(1, 9999))),
        ("orders", "coalesce(%s, '') = %s" % (C("orders", "coupon_code"), q(s.pick(COUPONS)))),
        ("products", "trim(%s) = %s" % (C("products", "sku"), q("SKU-%05d" % r.randint(1, 99999)))),
        ("products", "length(%s) > %d" % (C("products", "name"), r.randint(10, 40))),
        ("products", "%s::int = %d" % (C("products", "price"), r.randint(1, 500))),
        ("products", "substr(%s, 1, 5) = 'SKU-0'" % C("products", "sku")),
        ("orders", "abs(%s) > %d" % (C("orders", "total"), r.randint(1, 500))),
        ("orders", "%s::text = %s" % (C("orders", "user_id"), q(str(r.randint(1, 9999))))),
        ("teams", "lower(%s) = %s" % (C("teams", "name"), q(s.pick(TEAMS)))),
    ]
    t, cond = s.pick(forms)
    a = ALIAS[t] if use_alias else None
    sql = "SELECT %s FROM %s WHERE %s" % (s.ref(t, a, "id"), s.from_item(t, a), cond)
    if s.chance(0.3):
        sql += " AND " + s.pred(t, a)
    return sql


def a_non_sargable_join(s):
    return s.pick([
        "SELECT u.email, o.id FROM users u JOIN orders o ON o.user_id + 0 = u.id WHERE u.status = %s",
        "SELECT u.email, o.id FROM users u JOIN orders o ON o.user_id::text = u.id::text WHERE u.status = %s",
        "SELECT u.email, o.id FROM users u JOIN orders o ON o.user_id = u.id AND date(o.created_at) = date(u.created_at) WHERE u.status = %s",
    ]) % q(s.pick(USER_STATUS))


def a_implicit_conversion(s):
    r = s.r
    forms = [
        ("orders", "coupon_code = %d" % r.randint(1, 999)),
        ("orders", "note = %d" % r.randint(1, 99)),
        ("products", "sku = %d" % r.randint(1, 99999)),
        ("products", "category = %d" % r.randint(1, 9)),
        ("users", "email = %d" % r.randint(1, 99)),
        ("users", "status = %d" % r.randint(0, 2)),
        ("user_teams", "role = %d" % r.randint(0, 3)),
        ("products", "name IN (%d, %d)" % (r.randint(1, 99), r.randint(100, 999))),
        ("orders", "coupon_code > %d" % r.randint(1, 99)),
        # Accepted by PostgreSQL, but the bigint column is cast to numeric.
        ("orders", "user_id = %d.0" % r.randint(1, 9999)),
        ("order_items", "order_id IN (%d.0, %d.0)" % (r.randint(1, 99), r.randint(100, 999))),
        ("users", "id = %s::numeric" % s.param()),
    ]
    t, cond = s.pick(forms)
    sel = "user_id" if t == "user_teams" else "id"
    if s.chance(0.2):
        return ("SELECT o.id FROM orders o JOIN users u ON o.coupon_code = u.id WHERE u.status = %s"
                % q(s.pick(USER_STATUS)))
    return "SELECT %s FROM %s WHERE %s" % (sel, t, cond)


def a_or_across(s):
    t = s.pick(["orders", "products", "users", "order_items"])
    cols = [c for c in s.cols(t) if COLTYPE[(t, c)] not in ("jsonb", "bool")]
    c1, c2 = s.r.sample(cols, 2)
    a = ALIAS[t] if s.chance(0.3) else None
    cond = "%s = %s OR %s = %s" % (s.ref(t, a, c1), s.val(t, c1), s.ref(t, a, c2), s.val(t, c2))
    if s.chance(0.25):
        c3 = s.pick([c for c in cols if c not in (c1, c2)])
        cond += " OR %s = %s" % (s.ref(t, a, c3), s.val(t, c3))
    if s.chance(0.3):
        cond = "(%s) AND %s" % (cond, s.pred(t, a))
    return "SELECT %s FROM %s WHERE %s" % (s.select_list([(t, a)], 2), s.from_item(t, a), cond)


def a_not_in_nullable(s):
    forms = [
        "SELECT id, sku FROM products WHERE sku NOT IN (SELECT coupon_code FROM orders%s)",
        "SELECT id, email FROM users WHERE email NOT IN (SELECT note FROM orders%s)",
        "SELECT id FROM products p WHERE p.category NOT IN (SELECT category FROM products%s)",
        "SELECT id FROM orders WHERE created_at NOT IN (SELECT shipped_at FROM orders%s)",
        "SELECT id, name FROM products WHERE name NOT IN (SELECT description FROM products%s)",
        "SELECT id FROM orders WHERE coupon_code NOT IN (SELECT coupon_code FROM orders%s)",
    ]
    tail = s.pick(["", " WHERE created_at > now() - interval '30 days'",
                   " WHERE id > %d" % s.r.randint(1, 9999)])
    return s.pick(forms) % tail


def a_offset(s):
    t = s.pick(["orders", "products", "users", "order_items"])
    off = s.param() if s.chance(0.3) else str(s.pick([1000, 5000, 10000, 25000, 100000]))
    sql = "SELECT %s FROM %s" % (s.select_list([(t, None)], 3), t)
    if s.chance(0.4):
        sql += " WHERE " + s.pred(t, None)
    sql += " ORDER BY %s" % s.order_by([(t, None)])
    if s.chance(0.5):
        sql += " LIMIT %d OFFSET %s" % (s.pick([20, 50, 100]), off)
    else:
        sql += " OFFSET %s LIMIT %d" % (off, s.pick([20, 50, 100]))
    return sql


def a_unbounded(s):
    t = s.pick(sorted(SCHEMA))
    if s.chance(0.5):
        c = s.pick([c for c, _, _ in SCHEMA[t] if c not in ("id", "user_id", "team_id")])
        sql = "UPDATE %s SET %s = %s" % (t, c, s.lit(t, c))
    else:
        sql = "DELETE FROM %s" % t
    if s.chance(0.2):
        sql += " RETURNING *"
    return sql


def a_cartesian(s):
    t1, t2 = s.r.sample(sorted(SCHEMA), 2)
    a1, a2 = ALIAS[t1], ALIAS[t2]
    sel = "%s, %s" % (s.select_list([(t1, a1)], 1), s.select_list([(t2, a2)], 1))
    form = s.r.randint(0, 3)
    if form == 0:
        return "SELECT %s FROM %s %s, %s %s WHERE %s" % (sel, t1, a1, t2, a2, s.pred(t1, a1))
    if form == 1:
        return "SELECT %s FROM %s %s CROSS JOIN %s %s" % (sel, t1, a1, t2, a2)
    if form == 2:
        return "SELECT %s FROM %s %s JOIN %s %s ON true WHERE %s" % (sel, t1, a1, t2, a2,
                                                                     s.pred(t2, a2))
    # Two related tables plus an unrelated one.
    return ("SELECT u.email, o.total, p.name FROM users u JOIN orders o ON o.user_id = u.id, "
            "products p WHERE %s" % s.pred("orders", "o"))


def a_order_random(s):
    t = s.pick(["products", "users", "orders", "teams"])
    sql = "SELECT %s FROM %s" % (s.select_list([(t, None)], 2), t)
    if s.chance(0.5):
        sql += " WHERE " + s.pred(t, None)
    return sql + " ORDER BY random() LIMIT %d" % s.r.randint(1, 20)


def a_count_exists(s):
    parent, pcol, child, ccol = s.pick(CHILDREN)
    cmp = s.pick(["> 0", ">= 1", "<> 0", "= 0"])
    form = s.r.randint(0, 2)
    if form == 0:
        return "SELECT count(*) %s FROM %s WHERE %s" % (cmp, child, s.where([(child, None)]))
    if form == 1:
        pa = ALIAS[parent]
        return ("SELECT %s FROM %s %s WHERE (SELECT count(*) FROM %s c WHERE c.%s = %s.%s) %s" %
                (s.select_list([(parent, pa)], 2), parent, pa, child, ccol, pa, pcol, cmp))
    return "SELECT CASE WHEN count(*) > 0 THEN true ELSE false END FROM %s WHERE %s = %s" % (
        child, ccol, s.val(child, ccol))


def a_distinct_join(s):
    parent, pcol, child, ccol = s.pick(CHILDREN)
    pa, ca = ALIAS[parent], ALIAS[child]
    return "SELECT DISTINCT %s FROM %s %s JOIN %s %s ON %s.%s = %s.%s WHERE %s" % (
        s.select_list([(parent, pa)], s.r.randint(1, 3)), parent, pa, child, ca, ca, ccol, pa,
        pcol, s.pred(child, ca))


def a_correlated_select(s):
    parent, pcol, child, ccol = s.pick(CHILDREN)
    pa, ca = ALIAS[parent], ALIAS[child] + "x"
    nums = [c for c, ty, _ in SCHEMA[child] if ty in ("num", "int", "ts")]
    c = s.pick(nums)
    subs = ["(SELECT %s FROM %s %s WHERE %s.%s = %s.%s) AS %s" % (
        s.pick(["count(*)", "max(%s.%s)" % (ca, c), "min(%s.%s)" % (ca, c)]), child, ca, ca,
        ccol, pa, pcol, "x%d" % i) for i in range(s.r.randint(1, 2))]
    sql = "SELECT %s, %s FROM %s %s" % (s.select_list([(parent, pa)], 2), ", ".join(subs),
                                        parent, pa)
    if s.chance(0.5):
        sql += " WHERE " + s.pred(parent, pa)
    if s.chance(0.5):
        sql += " " + s.limit()
    return sql


def a_union_disjoint(s):
    if s.chance(0.3):
        return ("SELECT id, name, 'user' AS kind FROM users WHERE name LIKE %s UNION SELECT id, "
                "name, 'team' AS kind FROM teams WHERE name LIKE %s" % (
                    q(s.pick(FIRST).title() + "%"), q(s.pick(TEAMS) + "%")))
    st = s.r.sample(ORDER_STATUS, s.r.randint(2, 3))
    cols = s.pick(["id", "id, total", "id, user_id, created_at"])
    return " UNION ".join("SELECT %s FROM orders WHERE status = %s" % (cols, q(x)) for x in st)


def a_large_in(s):
    n = s.r.randint(1001, 1500)
    ids = s.r.sample(range(1, 500000), n)
    t = s.pick(["orders", "users", "products"])
    return "SELECT id FROM %s WHERE id IN (%s)" % (t, ", ".join(map(str, ids)))


def a_null_cmp(s):
    t, c = s.pick(sorted(NULLABLE))
    op = s.pick(["=", "<>", "!="])
    cond = s.pick(["%s %s NULL" % (c, op), "NULL = %s" % c])
    if s.chance(0.2):
        return "UPDATE %s SET %s = %s WHERE %s" % (t, c, s.lit(t, c), cond)
    return "SELECT id FROM %s WHERE %s" % (t, cond)


def a_having_no_agg(s):
    t = s.pick(["orders", "products", "user_teams", "users"])
    g = {"orders": "status", "products": "category", "user_teams": "role", "users": "status"}[t]
    cond = s.pick(["%s = %s", "%s <> %s", "%s IN (%s)"])
    v = s.lit(t, g)
    extra = ""
    if s.chance(0.3):
        extra = " AND count(*) > %d" % s.r.randint(1, 50)
    return "SELECT %s, count(*) FROM %s GROUP BY %s HAVING %s%s" % (g, t, g, cond % (g, v), extra)


def a_like_no_wildcard(s):
    t, c = s.pick(TEXTCOLS)
    lit = s.lit(t, c) if (t, c) not in (("products", "description"),) else q(s.pick(WORDS))
    op = "LIKE" if s.chance(0.8) else "ILIKE"
    return "SELECT id FROM %s WHERE %s %s %s" % (t, c, op, lit)


def a_n_plus_one(s):
    """A parent query followed by one child query per key, as an ORM loop sends them."""
    shapes = [
        ("SELECT * FROM users LIMIT %d", "SELECT * FROM user_teams WHERE user_id = %d"),
        ("SELECT id, email FROM users WHERE status = 'active' LIMIT %d",
         "SELECT id, total, status FROM orders WHERE user_id = %d"),
        ("SELECT id FROM orders ORDER BY created_at DESC LIMIT %d",
         "SELECT product_id, quantity FROM order_items WHERE order_id = %d"),
        ("SELECT product_id FROM order_items WHERE order_id = 7 LIMIT %d",
         "SELECT id, name, price FROM products WHERE id = %d"),
        ("SELECT id, name FROM teams LIMIT %d",
         "SELECT user_id, role FROM user_teams WHERE team_id = %d"),
    ]
    parent, child = s.pick(shapes)
    n = s.r.randint(3, 8)
    start = s.r.randint(1, 5000)
    return [parent % n] + [child % (start + i) for i in range(n)]


# Weighted mix: ordinary traffic dominates, every anti-pattern is present.
GENERATORS = [
    (g_point, 12), (g_filter, 12), (g_join, 12), (g_aggregate, 8), (g_window, 3),
    (g_subquery, 8), (g_cte, 4), (g_union_all, 3), (g_like_prefix, 3), (g_jsonb, 4),
    (g_fts, 1), (g_casts, 3), (g_keyset, 2), (g_small_offset, 2), (g_lateral, 1),
    (g_queue, 1), (g_case, 1), (g_filter_agg, 1), (g_insert, 5), (g_insert_select, 1),
    (g_update, 5), (g_update_from, 1), (g_delete, 3), (g_delete_using, 1),
    (a_select_star, 3), (a_leading_wildcard, 2), (a_non_sargable, 4), (a_non_sargable_join, 1),
    (a_implicit_conversion, 2), (a_or_across, 2), (a_not_in_nullable, 1), (a_offset, 2),
    (a_unbounded, 1), (a_cartesian, 1), (a_order_random, 1), (a_count_exists, 1.5),
    (a_distinct_join, 1), (a_correlated_select, 1.5), (a_union_disjoint, 1),
    (a_large_in, 0.15), (a_null_cmp, 1), (a_having_no_agg, 1), (a_like_no_wildcard, 1),
    (a_n_plus_one, 0.5),
]


def lower_keywords(sql):
    """Lowercase everything outside string literals: apps write SQL in both cases."""
    parts = sql.split("'")
    return "'".join(p.lower() if i % 2 == 0 else p for i, p in enumerate(parts))


def generate(rng, target):
    funcs = [f for f, _ in GENERATORS]
    weights = [w for _, w in GENERATORS]
    out = []
    while len(out) < target:
        s = Stmt(rng)
        f = rng.choices(funcs, weights)[0]
        res = f(s)
        stmts = res if isinstance(res, list) else [res]
        for sql in stmts:
            if rng.random() < 0.12:
                sql = lower_keywords(sql)
            if rng.random() < 0.03:
                # sqlcommenter-style tag some frameworks prepend.
                sql = "/* app:%s */ %s" % (rng.choice(["web", "worker", "api"]), sql)
            assert "\n" not in sql
            out.append(sql + ";")
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus.sql")
    lines = generate(random.Random(SEED), TARGET)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d statements to %s" % (len(lines), path), file=sys.stderr)


if __name__ == "__main__":
    main()
