-- == 20240122093000 ChangeOrdersStatusDefault: migrating ======================
-- -- change_column_default(:users, :status, {:from=>"active", :to=>"inactive"})
BEGIN;
ALTER TABLE "users" ALTER COLUMN "status" SET DEFAULT 'inactive';
INSERT INTO "schema_migrations" ("version") VALUES ('20240122093000') RETURNING "version";
COMMIT;
