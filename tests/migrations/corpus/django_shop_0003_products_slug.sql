BEGIN;
--
-- Add field slug to product
--
ALTER TABLE "products" ADD COLUMN "slug" varchar(50) NULL;
CREATE INDEX "products_slug_6c5d4e3f" ON "products" ("slug");
CREATE INDEX "products_slug_6c5d4e3f_like" ON "products" ("slug" varchar_pattern_ops);
--
-- Raw Python operation
--
-- (no-op)
--
-- Alter field slug on product
--
ALTER TABLE "products" ALTER COLUMN "slug" SET NOT NULL;
ALTER TABLE "products" ADD CONSTRAINT "products_slug_6c5d4e3f_uniq" UNIQUE ("slug");
COMMIT;
