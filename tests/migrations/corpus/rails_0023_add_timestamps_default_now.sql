-- == 20240203090000 AddTimestampsToOrderItems: migrating ======================
-- -- add_timestamps(:order_items, {:default=>-> { "CURRENT_TIMESTAMP" }, :null=>false})
BEGIN;
ALTER TABLE "order_items" ADD "created_at" timestamp(6) DEFAULT CURRENT_TIMESTAMP NOT NULL, ADD "updated_at" timestamp(6) DEFAULT CURRENT_TIMESTAMP NOT NULL;
INSERT INTO "schema_migrations" ("version") VALUES ('20240203090000') RETURNING "version";
COMMIT;
