#!/usr/bin/env python3
"""gen-migrations.py — write a deterministic PostgreSQL migration file of N
statements to stdout, for bench/lint.sh.

    bench/gen-migrations.py [N] > migration.sql      (N defaults to 10000)

The file reads like a long run of real migrations (Rails/Django/Flyway/Alembic
shapes) against a large imaginary schema of a few hundred tables: each migration
starts with a `-- migration NNNN_name` comment, some run inside BEGIN … COMMIT,
and the statements mix

  CREATE TABLE (with PRIMARY KEY, REFERENCES, CHECK, defaults), DROP TABLE,
  ALTER TABLE … RENAME TO, ADD COLUMN (nullable, constant default, volatile
  default, NOT NULL DEFAULT), DROP COLUMN, RENAME COLUMN, ALTER COLUMN TYPE
  (widening and with USING), SET/DROP NOT NULL, SET/DROP DEFAULT, ADD CONSTRAINT
  FOREIGN KEY / CHECK / UNIQUE (with and without NOT VALID, and UNIQUE USING
  INDEX), VALIDATE CONSTRAINT, CREATE [UNIQUE] INDEX (with and without
  CONCURRENTLY, partial, multi-column, expression), DROP INDEX [CONCURRENTLY],
  SET lock_timeout / statement_timeout, VACUUM FULL, VACUUM (ANALYZE), ANALYZE,
  REINDEX TABLE / INDEX (with and without CONCURRENTLY), CREATE TYPE … AS ENUM,
  ALTER TYPE … ADD VALUE, COMMENT ON TABLE / COLUMN, batched backfill UPDATEs,
  and `--` comments between statements.

The generator keeps a model of the schema, so names stay consistent: columns are
renamed, retyped and dropped only where they exist, constraints are validated
only after they were added NOT VALID, and CONCURRENTLY never appears inside a
transaction block. Every statement parses with libpg_query (PostgreSQL 15+
grammar) and would run on a server with that schema.

Determinism: only the standard library, a fixed seed, and statements drawn one
after another, so the output for N is byte-for-byte the first N statements of
the output for any larger N (bench/lint.sh uses this to lint a prefix).
A statement ends with `;` at the end of a line; comment lines carry no `;`.
"""
import random
import re
import sys

SEED = 20240611
N_TABLES = 360

AREAS = ["billing", "crm", "inventory", "shipping", "catalog", "auth", "support",
         "marketing", "payroll", "analytics", "warehouse", "orders", "loyalty",
         "search", "content", "audit", "finance", "hr"]
NOUNS = ["accounts", "invoices", "payments", "customers", "contacts", "leads",
         "items", "stock_levels", "shipments", "carriers", "products", "variants",
         "prices", "sessions", "tokens", "tickets", "messages", "campaigns",
         "subscriptions", "employees", "events", "locations", "bins", "orders",
         "line_items", "refunds", "coupons", "points", "queries", "documents",
         "revisions", "entries", "ledgers", "budgets", "teams", "reviews",
         "attachments", "notes", "webhooks", "api_keys"]
FIELD_WORDS = ["status", "kind", "code", "label", "title", "amount", "quantity",
               "weight", "score", "priority", "region", "currency", "locale",
               "source", "channel", "reference", "external_id", "notes", "rating",
               "balance", "discount", "tax_rate", "due_on", "expires_at",
               "archived_at", "confirmed_at", "metadata", "settings", "tags",
               "is_active", "is_primary", "is_deleted", "version", "position",
               "checksum", "email", "phone", "country", "city", "postal_code"]
# (SQL type, class) — the class decides defaults, widenings, checks and indexes.
TYPES = [("integer", "int"), ("bigint", "int"), ("smallint", "int"),
         ("text", "text"), ("varchar(64)", "varchar"), ("varchar(255)", "varchar"),
         ("numeric(12,2)", "num"), ("boolean", "bool"), ("timestamptz", "ts"),
         ("date", "date"), ("jsonb", "jsonb"), ("uuid", "uuid")]
CONST_DEFAULT = {"int": ["0", "1", "100"], "text": ["''", "'pending'", "'unknown'"],
                 "varchar": ["''", "'new'", "'EUR'"], "num": ["0", "0.00", "1.5"],
                 "bool": ["false", "true"], "ts": ["'2024-01-01 00:00:00+00'"],
                 "date": ["'2024-01-01'"], "jsonb": ["'{}'::jsonb", "'[]'::jsonb"],
                 "uuid": ["'00000000-0000-0000-0000-000000000000'::uuid"]}
VOLATILE_DEFAULT = {"int": ["(random() * 1000)::integer"], "num": ["random()::numeric(12,2)"],
                    "ts": ["now()", "clock_timestamp()", "CURRENT_TIMESTAMP"],
                    "date": ["CURRENT_DATE"], "uuid": ["gen_random_uuid()"],
                    "text": ["md5(random()::text)"], "varchar": ["substr(md5(random()::text), 1, 8)"]}
WIDEN = {"integer": "bigint", "smallint": "integer", "varchar(64)": "varchar(255)",
         "varchar(255)": "text", "numeric(12,2)": "numeric(18,4)", "date": "timestamptz"}
RETYPE = [("text", "varchar(255)"), ("integer", "text"), ("varchar(64)", "integer"),
          ("text", "jsonb"), ("timestamptz", "date"), ("bigint", "integer")]
ENUM_LABELS = ["draft", "active", "paused", "archived", "deleted", "pending", "failed",
               "sent", "queued", "expired"]


class Table:
    __slots__ = ("name", "cols", "indexes", "not_valid", "uniques", "fks")

    def __init__(self, name):
        self.name = name
        self.cols = {}          # column -> SQL type
        self.indexes = []       # index names on this table
        self.not_valid = []     # constraints added NOT VALID, not yet validated
        self.uniques = []       # unique/check/fk constraint names that exist
        self.fks = 0


class Gen:
    def __init__(self):
        self.r = random.Random(SEED)
        self.tables = {}
        self.serial = 0
        self.enums = {}
        self.in_tx = False
        self.migration = 0
        self.left_in_migration = 0
        self.out = []           # lines of the current statement batch
        # The imaginary existing schema: N_TABLES tables, created elsewhere.
        names = set()
        while len(names) < N_TABLES:
            names.add("%s_%s" % (self.r.choice(AREAS), self.r.choice(NOUNS)))
        for name in sorted(names):
            t = Table(name)
            t.cols["id"] = "bigint"
            for _ in range(self.r.randint(4, 12)):
                sql_type, _cls = self.r.choice(TYPES)
                t.cols[self.fresh_col(t)] = sql_type
            t.cols["created_at"] = "timestamptz"
            self.tables[name] = t

    # ------------------------------------------------------------ helpers
    def n(self):
        self.serial += 1
        return self.serial

    def fresh_col(self, t):
        while True:
            c = self.r.choice(FIELD_WORDS)
            if self.r.random() < 0.5 or c in t.cols:
                c = "%s_%d" % (c, self.n())
            if c not in t.cols:
                return c

    def table(self):
        return self.tables[self.r.choice(self.table_list)]

    def col(self, t, want=None):
        cols = [c for c, ty in t.cols.items() if c != "id" and (want is None or ty in want)]
        return self.r.choice(cols) if cols else None

    def cls(self, sql_type):
        for ty, c in TYPES:
            if ty == sql_type:
                return c
        return "enum" if sql_type in self.enums else "text"

    def refresh(self):
        self.table_list = sorted(self.tables)

    # ------------------------------------------------------------ statements
    # Each returns a list of statements (one or more lines each, ending in ';'),
    # or None when the model has nothing suitable; every one is one statement.

    def create_table(self):
        name = "%s_%s_%d" % (self.r.choice(AREAS), self.r.choice(NOUNS), self.n())
        t = Table(name)
        lines = ["    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"]
        t.cols["id"] = "bigint"
        parent = self.table()
        fk_col = "%s_id" % parent.name.split("_", 1)[1].rstrip("s")
        t.cols[fk_col] = "bigint"
        lines.append("    %s bigint NOT NULL REFERENCES %s (id) ON DELETE CASCADE" % (fk_col, parent.name))
        parent.fks += 1
        for _ in range(self.r.randint(2, 8)):
            sql_type, c = self.r.choice(TYPES)
            col = self.fresh_col(t)
            t.cols[col] = sql_type
            spec = "    %s %s" % (col, sql_type)
            roll = self.r.random()
            if roll < 0.3:
                spec += " NOT NULL DEFAULT " + self.r.choice(CONST_DEFAULT[c])
            elif roll < 0.4 and c in ("int", "num"):
                spec += " CHECK (%s >= 0)" % col
            elif roll < 0.5:
                spec += " NOT NULL"
            lines.append(spec)
        t.cols["created_at"] = "timestamptz"
        t.cols["updated_at"] = "timestamptz"
        lines.append("    created_at timestamptz NOT NULL DEFAULT now()")
        lines.append("    updated_at timestamptz NOT NULL DEFAULT now()")
        self.tables[name] = t
        self.refresh()
        out = ["CREATE TABLE %s (\n%s\n);" % (name, ",\n".join(lines))]
        return out

    def drop_table(self):
        # Only tables this file created (and that nothing references) are dropped,
        # so the imaginary base schema stays intact.
        mine = [n for n in self.table_list if n.count("_") >= 2 and n.rsplit("_", 1)[1].isdigit()
                and self.tables[n].fks == 0]
        if not mine:
            return None
        name = self.r.choice(mine)
        del self.tables[name]
        self.refresh()
        # Anything else that references it would block the drop: CASCADE, as Rails does.
        return ["DROP TABLE IF EXISTS %s CASCADE;" % name]

    def rename_table(self):
        t = self.table()
        new = "%s_v%d" % (re.sub(r"_v[0-9]+$", "", t.name), self.n())
        del self.tables[t.name]
        old, t.name = t.name, new
        self.tables[new] = t
        self.refresh()
        return ["ALTER TABLE %s RENAME TO %s;" % (old, new)]

    def add_column(self):
        t = self.table()
        sql_type, c = self.r.choice(TYPES)
        if self.enums and self.r.random() < 0.08:
            sql_type = self.r.choice(sorted(self.enums))
            c = "enum"
        col = self.fresh_col(t)
        t.cols[col] = sql_type
        roll = self.r.random()
        ine = "IF NOT EXISTS " if self.r.random() < 0.15 else ""
        if c == "enum":
            tail = " DEFAULT '%s'" % self.enums[sql_type][0]
        elif roll < 0.35:
            tail = ""
        elif roll < 0.6:
            tail = " DEFAULT " + self.r.choice(CONST_DEFAULT[c])
        elif roll < 0.75:
            tail = " NOT NULL DEFAULT " + self.r.choice(CONST_DEFAULT[c])
        elif c in VOLATILE_DEFAULT:
            tail = " DEFAULT " + self.r.choice(VOLATILE_DEFAULT[c])
        else:
            tail = " NULL"
        return ["ALTER TABLE %s ADD COLUMN %s%s %s%s;" % (t.name, ine, col, sql_type, tail)]

    def add_reference(self):
        # Rails' add_reference: column + index (+ foreign key), three statements.
        t, parent = self.table(), self.table()
        col = "%s_ref_%d_id" % (parent.name.split("_", 1)[1].rstrip("s"), self.n())
        t.cols[col] = "bigint"
        idx = "index_%s_on_%s" % (t.name, col)
        t.indexes.append(idx)
        conc = "" if self.in_tx else "CONCURRENTLY "
        out = ["ALTER TABLE %s ADD COLUMN %s bigint;" % (t.name, col),
               "CREATE INDEX %s%s ON %s (%s);" % (conc, idx, t.name, col)]
        fk = "fk_rails_%08x" % self.r.getrandbits(32)
        nv = " NOT VALID" if self.r.random() < 0.5 else ""
        out.append("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)%s;"
                   % (t.name, fk, col, parent.name, nv))
        parent.fks += 1
        (t.not_valid if nv else t.uniques).append(fk)
        return out

    def drop_column(self):
        t = self.table()
        col = self.col(t)
        if col is None or col in ("created_at", "updated_at") or col.endswith("_id"):
            return None
        del t.cols[col]
        ie = "IF EXISTS " if self.r.random() < 0.3 else ""
        return ["ALTER TABLE %s DROP COLUMN %s%s;" % (t.name, ie, col)]

    def rename_column(self):
        t = self.table()
        col = self.col(t)
        if col is None or col.endswith("_id"):
            return None
        new = "%s_%d" % (col.rsplit("_", 1)[0] if col[-1].isdigit() else col, self.n())
        t.cols[new] = t.cols.pop(col)
        return ["ALTER TABLE %s RENAME COLUMN %s TO %s;" % (t.name, col, new)]

    def alter_type(self):
        t = self.table()
        if self.r.random() < 0.55:
            col = self.col(t, set(WIDEN))
            if col is None:
                return None
            new = WIDEN[t.cols[col]]
            t.cols[col] = new
            return ["ALTER TABLE %s ALTER COLUMN %s TYPE %s;" % (t.name, col, new)]
        old, new = self.r.choice(RETYPE)
        col = self.col(t, {old})
        if col is None:
            return None
        t.cols[col] = new
        using = {"jsonb": "to_jsonb(%s)", "integer": "%s::integer", "text": "%s::text",
                 "varchar(255)": "%s::varchar(255)", "date": "%s::date"}[new] % col
        kw = "SET DATA TYPE" if self.r.random() < 0.3 else "TYPE"
        return ["ALTER TABLE %s ALTER COLUMN %s %s %s USING %s;" % (t.name, col, kw, new, using)]

    def not_null_default(self):
        t = self.table()
        col = self.col(t)
        if col is None:
            return None
        c = self.cls(t.cols[col])
        roll = self.r.random()
        if roll < 0.35:
            return ["ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;" % (t.name, col)]
        if roll < 0.5:
            return ["ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL;" % (t.name, col)]
        if roll < 0.85 and c in CONST_DEFAULT:
            return ["ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;"
                    % (t.name, col, self.r.choice(CONST_DEFAULT[c]))]
        return ["ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;" % (t.name, col)]

    def add_fk(self):
        t, parent = self.table(), self.table()
        col = self.col(t, {"bigint", "integer"})
        if col is None:
            return None
        name = "%s_%s_fkey_%d" % (t.name[:24], col[:16], self.n())
        nv = self.r.random() < 0.5
        action = self.r.choice(["", " ON DELETE CASCADE", " ON DELETE SET NULL", " ON UPDATE NO ACTION"])
        parent.fks += 1
        (t.not_valid if nv else t.uniques).append(name)
        return ["ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)%s%s;"
                % (t.name, name, col, parent.name, action, " NOT VALID" if nv else "")]

    def add_check(self):
        t = self.table()
        col = self.col(t)
        if col is None:
            return None
        c = self.cls(t.cols[col])
        expr = {"int": "%s >= 0", "num": "%s BETWEEN 0 AND 1000000", "text": "char_length(%s) <= 500",
                "varchar": "%s <> ''", "ts": "%s > '2000-01-01'::timestamptz",
                "date": "%s >= DATE '2000-01-01'", "jsonb": "jsonb_typeof(%s) = 'object'",
                "bool": "%s IS NOT NULL", "uuid": "%s IS NOT NULL", "enum": "%s IS NOT NULL"}[c] % col
        name = "%s_%s_check_%d" % (t.name[:24], col[:16], self.n())
        if self.r.random() < 0.15:
            name = "%s_not_null_%d" % (col[:24], self.n())
            expr = "%s IS NOT NULL" % col
        nv = self.r.random() < 0.5
        (t.not_valid if nv else t.uniques).append(name)
        return ["ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s)%s;"
                % (t.name, name, expr, " NOT VALID" if nv else "")]

    def validate(self):
        cands = [t for t in (self.tables[n] for n in self.table_list) if t.not_valid]
        if not cands:
            return None
        t = self.r.choice(cands[:40])
        name = t.not_valid.pop(0)
        t.uniques.append(name)
        return ["ALTER TABLE %s VALIDATE CONSTRAINT %s;" % (t.name, name)]

    def add_unique(self):
        t = self.table()
        cols = [c for c, ty in t.cols.items() if c != "id" and ty != "jsonb"]
        if not cols:
            return None
        pick = self.r.sample(cols, min(len(cols), self.r.randint(1, 2)))
        name = "%s_%s_key_%d" % (t.name[:24], "_".join(c[:10] for c in pick), self.n())
        t.uniques.append(name)
        if self.r.random() < 0.35 and not self.in_tx:
            # The safe way: build the index concurrently, then attach it.
            return ["CREATE UNIQUE INDEX CONCURRENTLY %s ON %s (%s);" % (name, t.name, ", ".join(pick)),
                    "ALTER TABLE %s ADD CONSTRAINT %s UNIQUE USING INDEX %s;" % (t.name, name, name)]
        return ["ALTER TABLE %s ADD CONSTRAINT %s UNIQUE (%s);" % (t.name, name, ", ".join(pick))]

    def create_index(self):
        t = self.table()
        cols = [c for c, ty in t.cols.items() if ty != "jsonb"]
        jsonb = [c for c, ty in t.cols.items() if ty == "jsonb"]
        conc = "CONCURRENTLY " if (not self.in_tx and self.r.random() < 0.55) else ""
        uniq = "UNIQUE " if self.r.random() < 0.12 else ""
        ine = "IF NOT EXISTS " if self.r.random() < 0.2 else ""
        roll = self.r.random()
        if roll < 0.1 and jsonb:
            col = self.r.choice(jsonb)
            name = "idx_%s_%s_gin_%d" % (t.name[:24], col[:16], self.n())
            body, uniq = "USING gin (%s jsonb_path_ops)" % col, ""
        elif roll < 0.2:
            col = self.col(t, {"text", "varchar(64)", "varchar(255)"})
            if col is None:
                return None
            name = "idx_%s_lower_%s_%d" % (t.name[:24], col[:16], self.n())
            body = "(lower(%s))" % col
        else:
            pick = self.r.sample(cols, min(len(cols), self.r.randint(1, 3)))
            name = "idx_%s_%s_%d" % (t.name[:24], "_".join(c[:8] for c in pick), self.n())
            body = "(%s)" % ", ".join(p + (" DESC" if self.r.random() < 0.1 else "") for p in pick)
            if self.r.random() < 0.2:
                body += " WHERE %s IS NOT NULL" % pick[0]
        t.indexes.append(name)
        return ["CREATE %sINDEX %s%s%s ON %s %s;" % (uniq, conc, ine, name, t.name, body)]

    def drop_index(self):
        cands = [t for t in (self.tables[n] for n in self.table_list) if t.indexes]
        if not cands:
            return None
        t = self.r.choice(cands[:60])
        name = t.indexes.pop(0)
        if name in t.uniques:
            return None
        conc = "CONCURRENTLY " if (not self.in_tx and self.r.random() < 0.6) else ""
        return ["DROP INDEX %sIF EXISTS %s;" % (conc, name)]

    def settings(self):
        return [self.r.choice(["SET lock_timeout = '2s';", "SET lock_timeout TO '5s';",
                               "SET lock_timeout = 3000;", "SET statement_timeout = '15min';",
                               "SET LOCAL lock_timeout = '1s';" if self.in_tx else "SET lock_timeout = '10s';",
                               "RESET statement_timeout;"])]

    def maintenance(self):
        t = self.table()
        roll = self.r.random()
        if self.in_tx:   # VACUUM and REINDEX CONCURRENTLY refuse transaction blocks
            return ["ANALYZE %s;" % t.name] if roll < 0.5 else ["REINDEX TABLE %s;" % t.name]
        if roll < 0.3:
            return ["VACUUM FULL %s;" % t.name]
        if roll < 0.45:
            return ["VACUUM (ANALYZE, VERBOSE) %s;" % t.name]
        if roll < 0.55:
            return ["ANALYZE %s;" % t.name]
        if roll < 0.75:
            return ["REINDEX TABLE %s%s;" % ("CONCURRENTLY " if self.r.random() < 0.5 else "", t.name)]
        if t.indexes:
            return ["REINDEX INDEX %s%s;" % ("CONCURRENTLY " if self.r.random() < 0.5 else "",
                                             self.r.choice(t.indexes))]
        return ["REINDEX TABLE %s;" % t.name]

    def enum(self):
        if self.enums and self.r.random() < 0.6:
            name = self.r.choice(sorted(self.enums))
            labels = self.enums[name]
            label = "%s_%d" % (self.r.choice(ENUM_LABELS), self.n())
            labels.append(label)
            where = " BEFORE '%s'" % labels[0] if self.r.random() < 0.2 else ""
            return ["ALTER TYPE %s ADD VALUE IF NOT EXISTS '%s'%s;" % (name, label, where)]
        name = "%s_state_%d" % (self.r.choice(AREAS), self.n())
        labels = self.r.sample(ENUM_LABELS, self.r.randint(2, 5))
        self.enums[name] = labels
        return ["CREATE TYPE %s AS ENUM (%s);" % (name, ", ".join("'%s'" % l for l in labels))]

    def comment_on(self):
        t = self.table()
        if self.r.random() < 0.4:
            return ["COMMENT ON TABLE %s IS 'Owned by the %s team; see ADR-%d.';"
                    % (t.name, t.name.split("_")[0], self.n())]
        col = self.col(t)
        if col is None:
            return None
        return ["COMMENT ON COLUMN %s.%s IS 'Set by the %s job (ticket #%d); it''s nullable for legacy rows.';"
                % (t.name, col, self.r.choice(["import", "sync", "billing", "nightly"]), self.n())]

    def backfill(self):
        t = self.table()
        col = self.col(t)
        if col is None:
            return None
        c = self.cls(t.cols[col])
        if c not in CONST_DEFAULT:
            return None
        lo = self.r.randrange(0, 10_000_000, 10_000)
        return ["UPDATE %s SET %s = %s WHERE id >= %d AND id < %d AND %s IS NULL;"
                % (t.name, col, self.r.choice(CONST_DEFAULT[c]), lo, lo + 10_000, col)]

    KINDS = [  # (weight, method)
        (7, "create_table"), (1, "drop_table"), (1, "rename_table"), (16, "add_column"),
        (3, "add_reference"), (5, "drop_column"), (4, "rename_column"), (6, "alter_type"),
        (6, "not_null_default"), (5, "add_fk"), (5, "add_check"), (5, "validate"),
        (3, "add_unique"), (12, "create_index"), (3, "drop_index"), (4, "settings"),
        (4, "maintenance"), (2, "enum"), (4, "comment_on"), (3, "backfill"),
    ]

    # ------------------------------------------------------------ driver
    def statements(self):
        """Yield (leading comment lines, statement text) forever."""
        self.refresh()
        weights = [w for w, _ in self.KINDS]
        methods = [getattr(self, m) for _, m in self.KINDS]
        while True:
            lead = []
            if self.left_in_migration == 0:
                if self.in_tx:
                    self.in_tx = False
                    yield [], "COMMIT;"
                self.migration += 1
                self.left_in_migration = self.r.randint(1, 9)
                lead = ["", "-- migration %04d_%s" % (self.migration, self.r.choice(
                    ["add", "drop", "rename", "backfill", "index", "constrain", "retype", "cleanup"])
                    + "_" + self.r.choice(NOUNS))]
                if self.r.random() < 0.3:
                    self.in_tx = True
                    yield lead, "BEGIN;"
                    lead = []
                if self.r.random() < 0.35:
                    yield lead, self.settings()[0]
                    lead = []
            stmts = None
            while stmts is None:
                stmts = self.r.choices(methods, weights)[0]()
            self.left_in_migration -= 1
            if self.r.random() < 0.12:
                lead.append("-- " + self.r.choice(
                    ["TODO: remove after the next release", "safe: table is small in production",
                     "see the runbook before deploying", "generated by the ORM",
                     "backfill runs in batches of 10k rows", "requires a maintenance window"]))
            for i, s in enumerate(stmts):
                yield (lead if i == 0 else []), s


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    if n < 0 or len(sys.argv) > 2:
        sys.exit("usage: gen-migrations.py [N]")
    out = sys.stdout
    out.write("-- bench/gen-migrations.py: deterministic PostgreSQL migrations for bench/lint.sh\n")
    count = 0
    for lead, stmt in Gen().statements():
        if count == n:
            break
        for line in lead:
            out.write(line + "\n")
        out.write(stmt + "\n")
        count += 1


if __name__ == "__main__":
    main()
