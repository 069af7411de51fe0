BEGIN;
--
-- Alter field title on card
--
ALTER TABLE "tracker_card" ALTER COLUMN "title" TYPE varchar(500);
COMMIT;
