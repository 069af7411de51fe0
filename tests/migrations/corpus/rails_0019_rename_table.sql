-- == 20240125120000 RenameTeamsToGroups: migrating ============================
-- -- rename_table(:teams, :groups)
BEGIN;
ALTER TABLE "teams" RENAME TO "groups";
ALTER TABLE "public"."teams_id_seq" RENAME TO "groups_id_seq";
ALTER INDEX "teams_pkey" RENAME TO "groups_pkey";
INSERT INTO "schema_migrations" ("version") VALUES ('20240125120000') RETURNING "version";
COMMIT;
