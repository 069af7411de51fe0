BEGIN;
--
-- Alter field title on card
--
CREATE INDEX "tracker_card_title_3c2d1e0f" ON "tracker_card" ("title");
CREATE INDEX "tracker_card_title_3c2d1e0f_like" ON "tracker_card" ("title" varchar_pattern_ops);
COMMIT;
