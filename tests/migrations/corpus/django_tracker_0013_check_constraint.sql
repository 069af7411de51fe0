BEGIN;
--
-- Create constraint due_after_created on model card
--
ALTER TABLE "tracker_card" ADD CONSTRAINT "due_after_created" CHECK ("due" >= ("created")::date);
COMMIT;
