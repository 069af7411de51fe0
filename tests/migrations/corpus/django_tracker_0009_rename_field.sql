BEGIN;
--
-- Rename field modified on card to updated
--
ALTER TABLE "tracker_card" RENAME COLUMN "modified" TO "updated";
COMMIT;
