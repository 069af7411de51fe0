BEGIN;
--
-- Rename table for team to shop_team
--
ALTER TABLE "teams" RENAME TO "shop_team";
--
-- Alter field name on team
--
ALTER TABLE "shop_team" ALTER COLUMN "name" TYPE varchar(200) USING "name"::varchar(200);
COMMIT;
