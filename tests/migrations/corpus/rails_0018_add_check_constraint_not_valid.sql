-- == 20240123101000 AddQuantityLimitCheck: migrating ==========================
-- -- add_check_constraint(:order_items, "quantity <= 1000", {:name=>"order_items_quantity_max", :validate=>false})
BEGIN;
SET LOCAL lock_timeout = '3s';
ALTER TABLE "order_items" ADD CONSTRAINT order_items_quantity_max CHECK (quantity <= 1000) NOT VALID;
INSERT INTO "schema_migrations" ("version") VALUES ('20240123101000') RETURNING "version";
COMMIT;
-- == 20240123101100 ValidateQuantityLimitCheck: migrating ======================
BEGIN;
ALTER TABLE "order_items" VALIDATE CONSTRAINT "order_items_quantity_max";
INSERT INTO "schema_migrations" ("version") VALUES ('20240123101100') RETURNING "version";
COMMIT;
