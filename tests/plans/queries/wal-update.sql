-- settings: SET search_path = scratch, public;
-- explain: ANALYZE, BUFFERS, WAL
-- WAL usage of an UPDATE. It runs on scratch.orders, a logged copy of the first
-- 20000 orders made inside the rolled-back transaction: a rolled-back UPDATE of
-- public.orders would still leave dead row versions, new pages and a cleared
-- visibility map behind in the shared test database.
-- expect: wal, slow-node
CREATE SCHEMA scratch;
CREATE TABLE scratch.orders AS SELECT * FROM public.orders WHERE id < 20000;
ALTER TABLE scratch.orders ADD PRIMARY KEY (id);
ANALYZE scratch.orders;
-- query
UPDATE orders SET note = 'x' WHERE id < 1000;
