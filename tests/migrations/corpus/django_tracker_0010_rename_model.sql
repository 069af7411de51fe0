BEGIN;
--
-- Rename model Board to Column
--
ALTER TABLE "tracker_board" RENAME TO "tracker_column";
SET CONSTRAINTS "tracker_card_board_id_5e0d3f6a_fk_tracker_board_id" IMMEDIATE; ALTER TABLE "tracker_card" DROP CONSTRAINT "tracker_card_board_id_5e0d3f6a_fk_tracker_board_id";
ALTER TABLE "tracker_card" RENAME COLUMN "board_id" TO "column_id";
ALTER TABLE "tracker_card" ADD CONSTRAINT "tracker_card_column_id_7f6e5d4c_fk_tracker_column_id" FOREIGN KEY ("column_id") REFERENCES "tracker_column" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER INDEX "tracker_card_board_id_5e0d3f6a" RENAME TO "tracker_card_column_id_7f6e5d4c";
COMMIT;
