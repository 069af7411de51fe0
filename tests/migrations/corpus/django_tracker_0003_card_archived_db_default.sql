BEGIN;
--
-- Add field archived to card
--
ALTER TABLE "tracker_card" ADD COLUMN "archived" boolean DEFAULT false NOT NULL;
COMMIT;
