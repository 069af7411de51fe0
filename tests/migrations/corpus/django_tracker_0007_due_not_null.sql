BEGIN;
--
-- Alter field due on card
--
ALTER TABLE "tracker_card" ALTER COLUMN "due" SET DEFAULT '2024-12-31'::date;
UPDATE "tracker_card" SET "due" = '2024-12-31'::date WHERE "due" IS NULL;
SET CONSTRAINTS ALL IMMEDIATE;
ALTER TABLE "tracker_card" ALTER COLUMN "due" SET NOT NULL;
ALTER TABLE "tracker_card" ALTER COLUMN "due" DROP DEFAULT;
COMMIT;
