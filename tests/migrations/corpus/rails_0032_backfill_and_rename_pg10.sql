-- == 20240214090000 AddTaxToOrders: migrating =================================
-- legacy cluster still on PostgreSQL 10
BEGIN;
ALTER TABLE "orders" ADD "tax" numeric(12,2) DEFAULT 0 NOT NULL;
UPDATE "orders" SET "tax" = round("total" * 0.2, 2) WHERE "created_at" >= '2024-01-01';
INSERT INTO "schema_migrations" ("version") VALUES ('20240214090000') RETURNING "version";
COMMIT;
