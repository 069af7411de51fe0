BEGIN;
--
-- Add field uuid to card
--
ALTER TABLE "tracker_card" ADD COLUMN "uuid" uuid DEFAULT '7c1b1b62-4c0e-4bb5-9d39-7fd4e43a3e55'::uuid NOT NULL UNIQUE;
ALTER TABLE "tracker_card" ALTER COLUMN "uuid" DROP DEFAULT;
COMMIT;
