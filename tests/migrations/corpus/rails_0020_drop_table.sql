-- == 20240126090000 DropUserTeams: migrating ==================================
-- -- drop_table(:user_teams)
BEGIN;
DROP TABLE "user_teams";
INSERT INTO "schema_migrations" ("version") VALUES ('20240126090000') RETURNING "version";
COMMIT;
