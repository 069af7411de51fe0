-- == 20240111103000 AddIndexToOrdersStatus: migrating =========================
-- disable_ddl_transaction!
-- -- add_index(:orders, :status, {:algorithm=>:concurrently})
SET lock_timeout TO '10s';
SET statement_timeout TO '1h';
CREATE INDEX CONCURRENTLY "index_orders_on_status" ON "orders" ("status");
INSERT INTO "schema_migrations" ("version") VALUES ('20240111103000') RETURNING "version";
-- == 20240111103000 AddIndexToOrdersStatus: migrated (4.3301s) ================
