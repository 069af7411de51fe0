-- == 20240212100000 AddIdToUserTeams: migrating ===============================
BEGIN;
ALTER TABLE "user_teams" DROP CONSTRAINT "user_teams_pkey";
ALTER TABLE "user_teams" ADD "id" bigserial;
ALTER TABLE "user_teams" ADD PRIMARY KEY ("id");
CREATE UNIQUE INDEX "index_user_teams_on_user_id_and_team_id" ON "user_teams" ("user_id", "team_id");
INSERT INTO "schema_migrations" ("version") VALUES ('20240212100000') RETURNING "version";
COMMIT;
