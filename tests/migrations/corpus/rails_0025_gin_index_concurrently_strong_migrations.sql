-- == 20240206100000 AddGinIndexToProductsAttributes: migrating ================
-- strong_migrations: disable_ddl_transaction! + algorithm: :concurrently
SET lock_timeout TO '10s';
SET statement_timeout TO '1h';
CREATE INDEX CONCURRENTLY "index_products_on_attributes" ON "products" USING gin ("attributes");
CREATE INDEX CONCURRENTLY "index_products_on_name_trgm" ON "products" USING gin ("name" gin_trgm_ops);
RESET statement_timeout;
INSERT INTO "schema_migrations" ("version") VALUES ('20240206100000') RETURNING "version";
