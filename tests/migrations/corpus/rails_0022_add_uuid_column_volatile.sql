-- == 20240202110000 AddPublicIdToOrders: migrating ============================
-- -- add_column(:orders, :public_id, :uuid, {:default=>"gen_random_uuid()", :null=>false})
BEGIN;
ALTER TABLE "orders" ADD "public_id" uuid DEFAULT gen_random_uuid() NOT NULL;
INSERT INTO "schema_migrations" ("version") VALUES ('20240202110000') RETURNING "version";
COMMIT;
