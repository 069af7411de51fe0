BEGIN;
--
-- Add field priority to card
--
ALTER TABLE "tracker_card" ADD COLUMN "priority" smallint DEFAULT 2 NOT NULL CHECK ("priority" >= 0);
ALTER TABLE "tracker_card" ALTER COLUMN "priority" DROP DEFAULT;
COMMIT;
