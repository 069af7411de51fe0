-- == 20240122090000 ChangeProductsCategoryNull: migrating =====================
-- -- change_column_null(:products, :category, false, "uncategorized")
BEGIN;
UPDATE "products" SET "category"='uncategorized' WHERE "category" IS NULL;
ALTER TABLE "products" ALTER COLUMN "category" SET NOT NULL;
INSERT INTO "schema_migrations" ("version") VALUES ('20240122090000') RETURNING "version";
COMMIT;
