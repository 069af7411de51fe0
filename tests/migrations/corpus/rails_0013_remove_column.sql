-- == 20240121100000 RemoveNoteFromOrders: migrating ===========================
-- -- remove_column(:orders, :note, :text)
BEGIN;
ALTER TABLE "orders" DROP COLUMN "note";
INSERT INTO "schema_migrations" ("version") VALUES ('20240121100000') RETURNING "version";
COMMIT;
