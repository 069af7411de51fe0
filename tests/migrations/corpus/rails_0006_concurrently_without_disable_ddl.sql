-- == 20240112080000 AddIndexToProductsCategory: migrating =====================
-- forgot disable_ddl_transaction!: the index build runs inside the migration's transaction
BEGIN;
CREATE INDEX CONCURRENTLY "index_products_on_category" ON "products" ("category");
INSERT INTO "schema_migrations" ("version") VALUES ('20240112080000') RETURNING "version";
COMMIT;
