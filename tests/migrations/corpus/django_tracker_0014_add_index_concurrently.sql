--
-- Concurrently create index tracker_car_owner_i_4b1e2f_idx on field(s) owner, created of model card
--
CREATE INDEX CONCURRENTLY "tracker_car_owner_i_4b1e2f_idx" ON "tracker_card" ("owner_id", "created" DESC);
