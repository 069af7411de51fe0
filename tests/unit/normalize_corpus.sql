-- normalize_corpus.sql — statements for the fingerprint agreement test of the
-- digest's normalizer (tests/unit/test_normalize.c).
--
-- Format: statements are separated by blank lines and may span lines. A block
-- whose lines all start with "--" is a comment like this one and is skipped. A
-- block whose first line is "-- mysql" is a MySQL statement (the marker line is
-- not part of it); every other block is PostgreSQL.
--
-- The test normalizes every statement and checks, for the PostgreSQL ones that
-- libpg_query parses, that equal normalized texts mean equal fingerprints and
-- that the normalized text has the original's fingerprint. Variants of one
-- shape (other values, spacing, case, list lengths) are here on purpose.

-- pgbench (tpcb-like and select-only)

BEGIN;

UPDATE pgbench_accounts SET abalance = abalance + -1234 WHERE aid = 56789;

UPDATE pgbench_accounts SET abalance = abalance + 4321 WHERE aid = 12;

SELECT abalance FROM pgbench_accounts WHERE aid = 56789;

SELECT abalance FROM pgbench_accounts WHERE aid = 7;

UPDATE pgbench_tellers SET tbalance = tbalance + -1234 WHERE tid = 5;

UPDATE pgbench_branches SET bbalance = bbalance + 77 WHERE bid = 1;

INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (5, 1, 56789, -1234, CURRENT_TIMESTAMP);

INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (9, 2, 3, 4999, CURRENT_TIMESTAMP);

END;

-- sysbench oltp_read_write (PostgreSQL driver)

SELECT c FROM sbtest1 WHERE id=5

SELECT c FROM sbtest1 WHERE id=4711

SELECT c FROM sbtest3 WHERE id BETWEEN 10 AND 109

SELECT SUM(k) FROM sbtest3 WHERE id BETWEEN 5012 AND 5111

SELECT c FROM sbtest1 WHERE id BETWEEN 10 AND 109 ORDER BY c

SELECT DISTINCT c FROM sbtest1 WHERE id BETWEEN 10 AND 109 ORDER BY c

UPDATE sbtest1 SET k=k+1 WHERE id=5

UPDATE sbtest1 SET c='68487932199-96439406143-93774651418-41631865787-96406072701-20604855487-25459966574-28203206787-41238978918-19503783441' WHERE id=5

DELETE FROM sbtest1 WHERE id=5

INSERT INTO sbtest1 (id, k, c, pad) VALUES (5, 4999, '83868641912-28773972837', '67847967377-48000963322')

-- mysql
SELECT c FROM sbtest1 WHERE id=5

-- mysql
SELECT c FROM `sbtest1` WHERE `id`=5

-- mysql
SELECT SUM(k) FROM sbtest3 WHERE id BETWEEN 5012 AND 5111

-- mysql
UPDATE sbtest1 SET c="68487932199-96439406143" WHERE id=5 # sysbench

-- mysql
INSERT INTO sbtest1 (id, k, c, pad) VALUES (5, 4999, '83868641912\'28773972837', "67847967377")

-- mysql
/*!40101 SET character_set_client = utf8 */;

-- mysql
SELECT * FROM t WHERE a = _utf8mb4'abc' AND b = x'1F' -- trailing comment

-- mysql
INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y') ON DUPLICATE KEY UPDATE b = VALUES(b)

-- mysql
REPLACE INTO t (a) VALUES (1), (2), (3)

-- mysql
SELECT a FROM t ORDER BY a LIMIT 10, 20

-- Rails (ActiveRecord), with bound values inlined and with $n

SELECT "users".* FROM "users" WHERE "users"."id" = $1 LIMIT $2

SELECT "users".* FROM "users" WHERE "users"."id" = 42 LIMIT 1

SELECT 1 AS one FROM "users" WHERE "users"."email" = 'a@example.com' LIMIT 1

SELECT 1 AS one FROM "users" WHERE "users"."email" = $1 LIMIT $2

INSERT INTO "posts" ("title", "body", "created_at", "updated_at") VALUES ('Hello', 'It''s here', '2024-01-01 10:00:00.123456', '2024-01-01 10:00:00.123456') RETURNING "id"

INSERT INTO "posts" ("title", "body", "created_at", "updated_at") VALUES ($1, $2, $3, $4) RETURNING "id"

SELECT "posts".* FROM "posts" WHERE "posts"."user_id" IN (1, 2, 3)

SELECT "posts".* FROM "posts" WHERE "posts"."user_id" IN (4, 5, 6, 7, 8, 9, 10, 11, 12, 13)

SELECT "posts".* FROM "posts" WHERE "posts"."user_id" IN ($1, $2)

SELECT "posts".* FROM "posts" WHERE "posts"."user_id" = 5

UPDATE "users" SET "sign_in_count" = 5, "updated_at" = '2024-03-01 12:00:00' WHERE "users"."id" = 42

SELECT COUNT(*) FROM "orders" WHERE "orders"."status" = 'paid'

SELECT "orders".* FROM "orders" WHERE "orders"."deleted_at" IS NULL ORDER BY "orders"."created_at" DESC LIMIT 25 OFFSET 50

-- Django

SELECT "app_item"."id", "app_item"."name" FROM "app_item" WHERE ("app_item"."owner_id" = 7 AND "app_item"."name"::text LIKE '%foo%') ORDER BY "app_item"."id" DESC LIMIT 21

SELECT "app_item"."id", "app_item"."name" FROM "app_item" WHERE ("app_item"."owner_id" = 8 AND "app_item"."name"::text LIKE '%bar%') ORDER BY "app_item"."id" DESC LIMIT 21

SELECT "app_item"."id" FROM "app_item" WHERE "app_item"."id" IN (1, 2)

SELECT (1) AS "a" FROM "auth_user" WHERE "auth_user"."username" = 'bob' LIMIT 1

SELECT "auth_user"."id" FROM "auth_user" WHERE UPPER("auth_user"."email"::text) = UPPER('Bob@Example.com')

INSERT INTO "django_session" ("session_key", "session_data", "expire_date") VALUES ('abc123', 'e30:1p', '2024-02-01T00:00:00+00:00'::timestamptz) RETURNING "django_session"."session_key"

SELECT "django_content_type"."id" FROM "django_content_type" WHERE ("django_content_type"."app_label" = 'auth' AND "django_content_type"."model" = 'user') LIMIT 21

-- Hibernate

select user0_.id as id1_0_, user0_.name as name2_0_ from users user0_ where user0_.id=42

select user0_.id as id1_0_, user0_.name as name2_0_ from users user0_ where user0_.id=$1

insert into orders (customer_id, total, id) values (7, 99.5, 1001)

select nextval ('hibernate_sequence')

update orders set total=10.0, version=4 where id=5 and version=3

select o1_0.id,o1_0.total from orders o1_0 where o1_0.customer_id in (1,2,3,4,5) fetch first 10 rows only

-- IN lists of many lengths and element kinds

SELECT * FROM t WHERE a IN (1)

SELECT * FROM t WHERE a IN (1, 2)

SELECT * FROM t WHERE a IN (1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40)

SELECT * FROM t WHERE a IN ('x', 'y', 'z')

SELECT * FROM t WHERE a IN (-1, -2, 3)

SELECT * FROM t WHERE a IN (NULL, 1)

SELECT * FROM t WHERE a IN (1::bigint, 2::bigint)

SELECT * FROM t WHERE a IN ($1, 2, $3)

SELECT * FROM t WHERE a IN (b, 1, 2)

SELECT * FROM t WHERE a NOT IN (1, 2, 3)

SELECT * FROM t WHERE (a, b) IN ((1, 2), (3, 4), (5, 6))

SELECT * FROM t WHERE (a, b) IN ((1, 'x'))

SELECT * FROM t WHERE a IN (SELECT b FROM u WHERE c = 1)

SELECT * FROM t WHERE a IN ((SELECT 1), (SELECT 2))

SELECT * FROM t WHERE a IN (date '2024-01-01', date '2024-01-02')

-- multi-row VALUES

INSERT INTO t (a, b) VALUES (1, 'a')

INSERT INTO t (a, b) VALUES (1, 'a'), (2, 'b')

INSERT INTO t (a, b) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')

INSERT INTO t (a, b) VALUES (1, NULL), (2, DEFAULT), (3, 'c')

INSERT INTO t (a, b) VALUES (1, now()), (2, now())

INSERT INTO t (a, b) VALUES (1, now()), (2, lower('X'))

INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)

SELECT * FROM (VALUES (1, 'one'), (2, 'two')) AS v (n, name)

VALUES (1), (2), (3)

INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b + 1

-- comments, quotes in comments, spacing and case

SELECT 1 /* it's a comment */ FROM t

SELECT 1 /* "quoted" */ FROM t -- it's here

/* leading comment */ select 1 from T

/* nested /* comment */ still comment */ SELECT 2 FROM t

SeLeCt   A,b
  FROM   t
 WHERE a = 3

SELECT a, b FROM t WHERE a=3

-- strings: E'', B'', X'', U&'', dollar quotes, continuation, doubled quotes

SELECT * FROM t WHERE a = E'it\'s'

SELECT * FROM t WHERE a = E'\\'

SELECT * FROM t WHERE a = 'it''s'

SELECT * FROM t WHERE a = B'1010' OR a = X'1F'

SELECT * FROM t WHERE a = U&'d\0061t\+000061'

SELECT * FROM t WHERE a = U&'d!0061t' UESCAPE '!'

SELECT * FROM t WHERE a = $$it's$$

SELECT * FROM t WHERE a = $tag$a $$ b$tag$

SELECT * FROM t WHERE a = 'con'
  'tinued'

SELECT * FROM t WHERE a = n'national'

-- dollar-quoted bodies in statements that are not queries keep their text

DO $$ BEGIN RAISE NOTICE 'hello'; END $$

DO $$ BEGIN RAISE NOTICE 'bye'; END $$

CREATE FUNCTION add_one(i int) RETURNS int AS $body$ SELECT i + 1 $body$ LANGUAGE sql

CREATE FUNCTION add_two(i int) RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN i + 2; END'

-- casts and typed literals

SELECT * FROM t WHERE a = '1'::int

SELECT * FROM t WHERE a = '1'::text::int

SELECT * FROM t WHERE a = CAST(CAST('1' AS text) AS int)

SELECT * FROM t WHERE a = ('1'::text)::int

SELECT * FROM t WHERE a = 1::int::bigint

SELECT * FROM t WHERE a = CAST('7' AS varchar(10))

SELECT * FROM t WHERE a = '7'::character varying(10)

SELECT * FROM t WHERE a = '7'::double precision

SELECT * FROM t WHERE a = '2024-01-01'::timestamp(3) with time zone

SELECT * FROM t WHERE a = '1'::interval day to second

SELECT * FROM t WHERE a = '{1,2}'::int[]

SELECT * FROM t WHERE a = int '5'

SELECT * FROM t WHERE a = date '2024-01-01'

SELECT * FROM t WHERE a > now() - interval '1 day'

SELECT * FROM t WHERE a > now() - interval '3' hour

SELECT * FROM t WHERE a = timestamp with time zone '2024-01-01 00:00:00+00'

SELECT * FROM t WHERE a = numeric(10,2) '5.5'

SELECT * FROM t WHERE a = varchar(3) 'abc'

SELECT * FROM t WHERE a = double precision '1.5'

SELECT * FROM t WHERE a = pg_catalog.date '2024-01-01'

SELECT * FROM t WHERE a = int '5'::text

SELECT * FROM t WHERE a = '5'::int::text

SELECT * FROM t WHERE a = numeric(10,2) '5.5'::text

SELECT * FROM t WHERE a IN (int '5'::text, int '6'::text)

SELECT ARRAY[date '2024-01-01', date '2024-01-02']

SELECT * FROM t WHERE a = a::numeric(10,2)

SELECT * FROM t WHERE a = a::numeric(12,4)

-- arrays

SELECT * FROM t WHERE a = ANY(ARRAY[1, 2, 3])

SELECT * FROM t WHERE a = ANY(ARRAY[4])

SELECT * FROM t WHERE a = ANY('{1,2,3}'::int[])

SELECT * FROM t WHERE tags && ARRAY['a', 'b']::text[]

SELECT ARRAY[[1, 2], [3, 4]]

SELECT ARRAY[[5, 6, 7], [8, 9, 10]]

SELECT ARRAY[a, 1, 2] FROM t

SELECT a[1], a[2:3] FROM t

SELECT (a).f[1] FROM t

-- JSON operators

SELECT data->>'name' FROM t WHERE data->'a'->>'b' = 'x'

SELECT data->>'title' FROM t WHERE data->'c'->>'d' = 'y'

SELECT data #> '{a,b}', data #>> '{a}' FROM t

SELECT * FROM t WHERE data @> '{"a": 1}'

SELECT * FROM t WHERE data ? 'k' AND data ?| array['a', 'b'] AND data ?& array['x']

SELECT * FROM t WHERE data @? '$.a[*] ? (@ > 1)'

SELECT jsonb_build_object('a', 1, 'b', 'two')

-- negative numbers versus subtraction

SELECT a-1 FROM t

SELECT a - 1 FROM t

SELECT a -1 FROM t

SELECT a - -1 FROM t

SELECT a+-1 FROM t

SELECT a*-1 FROM t

SELECT -1 FROM t

SELECT - 1 FROM t

SELECT -(1) FROM t

SELECT -(-1) FROM t

SELECT - - 1 FROM t

SELECT -(-(-(1))) FROM t

SELECT -(1)[1] FROM t

SELECT -(1).f FROM t

SELECT -a FROM t

SELECT -$1 FROM t

SELECT 5 - -5

SELECT -1::int

SELECT -'1'

SELECT (a)-1 FROM t

SELECT f(a)-1 FROM t

SELECT x[1]-1 FROM t

SELECT CASE WHEN a > 0 THEN -1 ELSE 1 END FROM t

SELECT * FROM t WHERE a BETWEEN -5 AND -1

SELECT * FROM t ORDER BY -1

SELECT a @-1 FROM t

SELECT a @- 1 FROM t

SELECT * FROM t WHERE a != -1

SELECT * FROM t WHERE a <> 1

SELECT +1

-- parameters

SELECT * FROM t WHERE a = $1 AND b = $2

SELECT * FROM t WHERE a = $2 AND b = $1

SELECT * FROM t WHERE a = $1 AND b = 5

SELECT * FROM t LIMIT $1 OFFSET $2

SELECT $1::int, $2::text

-- numbers

SELECT * FROM t WHERE a = 1e10 OR a = .5 OR a = 1.5e-3 OR a = 99999999999999999999999

SELECT * FROM t WHERE a = 0x1F OR a = 1_000 OR a = 0o17 OR a = 0b101

SELECT * FROM t WHERE a = 3 OR a = 4 OR a = 5 OR a = 6

-- identifiers

SELECT "Name", name FROM "MyTable"

SELECT "name", NAME FROM "mytable"

SELECT * FROM t WHERE "Weird ""quoted"" id" = 1

SELECT * FROM t WHERE café = 'crème'

SELECT * FROM t WHERE U&"d\0061t" = 1

-- booleans, NULL, LIMIT, ORDER BY positions

SELECT * FROM t WHERE a = true AND b IS NULL

SELECT * FROM t WHERE a IS TRUE

SELECT * FROM t WHERE a IS DISTINCT FROM NULL

SELECT * FROM t LIMIT 10

SELECT * FROM t LIMIT 20

SELECT * FROM t LIMIT ALL

SELECT * FROM t ORDER BY 1

SELECT * FROM t ORDER BY 2 DESC

-- CTEs, subqueries, windows, misc query syntax

WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '7 days') SELECT count(*) FROM recent WHERE total > 100

WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '30 days') SELECT count(*) FROM recent WHERE total > 250

SELECT a, sum(b) OVER (PARTITION BY c ORDER BY d ROWS BETWEEN 3 PRECEDING AND CURRENT ROW) FROM t

SELECT x AT TIME ZONE 'UTC' FROM t

SELECT x AT TIME ZONE 'Europe/Paris' FROM t

SELECT substring(a FROM 2 FOR 3), position('x' IN a), trim(both 'x' FROM a), extract(epoch FROM b) FROM t

SELECT * FROM t WHERE a LIKE 'a%' ESCAPE '!'

SELECT * FROM t TABLESAMPLE SYSTEM (10) REPEATABLE (42)

SELECT count(*) FILTER (WHERE a > 1) FROM t

SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id AND u.k = 'v')

SELECT * FROM t FOR UPDATE SKIP LOCKED

TABLE t

MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v + 1 WHEN NOT MATCHED THEN INSERT VALUES (s.id, 0)

SELECT 1; SELECT 2

SELECT 3;;

(SELECT 1) UNION ALL (SELECT 2)

EXPLAIN SELECT * FROM t WHERE a = 1

EXPLAIN (ANALYZE, FORMAT JSON) SELECT * FROM t WHERE a = 2

EXPLAIN (FORMAT 'json') SELECT 1

EXPLAIN (FORMAT 'text') SELECT 1

-- statements that are not queries keep their literals

SET statement_timeout = 5000

SET statement_timeout = '5s'

SET search_path TO public, "$user"

SET TIME ZONE 'UTC'

COPY t FROM '/tmp/a.csv' WITH (FORMAT csv, DELIMITER ',')

COPY t FROM '/tmp/b.csv' WITH (FORMAT csv, DELIMITER ';')

COMMENT ON TABLE t IS 'first'

COMMENT ON TABLE t IS 'second'

CREATE TABLE t2 (a int DEFAULT 5, b varchar(10) NOT NULL, c numeric(10,2))

CREATE INDEX CONCURRENTLY t_a_idx ON t (a) WHERE b > 10

CREATE SEQUENCE s START 5

CREATE SEQUENCE s START 6

ALTER TABLE t ALTER COLUMN a SET STATISTICS 500

VACUUM (VERBOSE, ANALYZE) t

SAVEPOINT sp1

RELEASE SAVEPOINT sp1

COMMIT

LISTEN ch

NOTIFY ch, 'payload one'

NOTIFY ch, 'payload two'

PREPARE q (int) AS SELECT * FROM t WHERE a = $1

EXECUTE q (5)

FETCH 10 FROM c

FETCH 20 FROM c

CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f('a')

CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f('b')
