-- == 20240207090000 RemoveIndexOrderItemsOrderId: migrating ===================
BEGIN;
DROP INDEX "idx_order_items_order_id";
CREATE INDEX "index_order_items_on_order_id_and_product_id" ON "order_items" ("order_id", "product_id");
INSERT INTO "schema_migrations" ("version") VALUES ('20240207090000') RETURNING "version";
COMMIT;
