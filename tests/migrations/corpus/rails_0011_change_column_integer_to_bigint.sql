-- == 20240119090000 ChangeOrderItemsQuantityToBigint: migrating ===============
-- -- change_column(:order_items, :quantity, :bigint)
BEGIN;
ALTER TABLE "order_items" ALTER COLUMN "quantity" TYPE bigint;
INSERT INTO "schema_migrations" ("version") VALUES ('20240119090000') RETURNING "version";
COMMIT;
