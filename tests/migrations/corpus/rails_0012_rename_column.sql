-- == 20240120110000 RenameUsersNameToFullName: migrating ======================
-- -- rename_column(:users, :name, :full_name)
BEGIN;
ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";
INSERT INTO "schema_migrations" ("version") VALUES ('20240120110000') RETURNING "version";
COMMIT;
