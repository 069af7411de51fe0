-- == 20240207083000 RemoveIndexOrdersCreatedAt: migrating =====================
-- disable_ddl_transaction!
-- -- remove_index(:orders, {:name=>"idx_orders_created_at", :algorithm=>:concurrently})
SET lock_timeout TO '10s';
DROP INDEX CONCURRENTLY "idx_orders_created_at";
INSERT INTO "schema_migrations" ("version") VALUES ('20240207083000') RETURNING "version";
