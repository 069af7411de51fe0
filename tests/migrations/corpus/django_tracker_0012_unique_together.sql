BEGIN;
--
-- Alter unique_together for board (1 constraint(s))
--
ALTER TABLE "tracker_column" ADD CONSTRAINT "tracker_column_workspace_id_position_a1b2c3d4_uniq" UNIQUE ("workspace_id", "position");
COMMIT;
