-- == 20240111100000 AddIndexToOrdersUserIdCreatedAt: migrating ================
-- -- add_index(:orders, [:user_id, :created_at])
BEGIN;
CREATE INDEX "index_orders_on_user_id_and_created_at" ON "orders" ("user_id", "created_at");
INSERT INTO "schema_migrations" ("version") VALUES ('20240111100000') RETURNING "version";
COMMIT;
