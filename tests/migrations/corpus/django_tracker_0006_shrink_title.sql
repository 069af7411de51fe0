BEGIN;
--
-- Alter field title on board
--
ALTER TABLE "tracker_board" ALTER COLUMN "title" TYPE varchar(100);
COMMIT;
