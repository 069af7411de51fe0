-- == 20240213100000 AddUniqueSkuPerCategory: migrating ========================
-- disable_ddl_transaction!
SET lock_timeout TO '10s';
CREATE UNIQUE INDEX CONCURRENTLY "index_products_on_category_and_sku" ON "products" ("category", "sku");
ALTER TABLE "products" ADD CONSTRAINT "products_category_sku_unique" UNIQUE USING INDEX "index_products_on_category_and_sku";
INSERT INTO "schema_migrations" ("version") VALUES ('20240213100000') RETURNING "version";
