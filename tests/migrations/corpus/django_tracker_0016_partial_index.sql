BEGIN;
--
-- Create index active_cards on field(s) column, position of model card
--
CREATE INDEX "active_cards" ON "tracker_card" ("column_id", "updated") WHERE NOT "archived";
COMMIT;
