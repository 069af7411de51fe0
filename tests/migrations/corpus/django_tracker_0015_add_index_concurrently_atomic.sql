BEGIN;
--
-- Concurrently create index tracker_car_due_5a6b7c_idx on field(s) due of model card
--
CREATE INDEX CONCURRENTLY "tracker_car_due_5a6b7c_idx" ON "tracker_card" ("due") WHERE NOT "archived";
COMMIT;
