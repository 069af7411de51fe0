BEGIN;
--
-- Remove field description from card
--
ALTER TABLE "tracker_card" DROP COLUMN "description" CASCADE;
COMMIT;
