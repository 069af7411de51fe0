-- == 20240116093000 AddForeignKeyOrderItemsProducts: migrating =================
-- -- add_foreign_key(:order_items, :products, {:validate=>false})
BEGIN;
SET LOCAL lock_timeout = '5s';
ALTER TABLE "order_items" ADD CONSTRAINT "fk_rails_e3b2c9a4d1"
FOREIGN KEY ("product_id")
  REFERENCES "products" ("id")
 NOT VALID;
INSERT INTO "schema_migrations" ("version") VALUES ('20240116093000') RETURNING "version";
COMMIT;
-- == 20240116093100 ValidateForeignKeyOrderItemsProducts: migrating ============
BEGIN;
ALTER TABLE "order_items" VALIDATE CONSTRAINT "fk_rails_e3b2c9a4d1";
INSERT INTO "schema_migrations" ("version") VALUES ('20240116093100') RETURNING "version";
COMMIT;
