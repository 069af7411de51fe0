-- == 20240118150000 ChangeOrdersTotalPrecision: migrating =====================
-- -- change_column(:orders, :total, :decimal, {:precision=>14, :scale=>2})
BEGIN;
ALTER TABLE "orders" ALTER COLUMN "total" TYPE numeric(14,2);
INSERT INTO "schema_migrations" ("version") VALUES ('20240118150000') RETURNING "version";
COMMIT;
