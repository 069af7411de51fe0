BEGIN;
--
-- Remove field card from cardwatcher
--
SET CONSTRAINTS "tracker_card_watchers_card_id_0b9d8e7f_fk_tracker_card_id" IMMEDIATE; ALTER TABLE "tracker_card_watchers" DROP CONSTRAINT "tracker_card_watchers_card_id_0b9d8e7f_fk_tracker_card_id";
--
-- Delete model CardWatcher
--
DROP TABLE "tracker_card_watchers" CASCADE;
COMMIT;
