-- == 20240118151000 ChangeUsersNameToText: migrating ==========================
-- -- change_column(:users, :name, :text)
BEGIN;
ALTER TABLE "users" ALTER COLUMN "name" TYPE text;
INSERT INTO "schema_migrations" ("version") VALUES ('20240118151000') RETURNING "version";
COMMIT;
