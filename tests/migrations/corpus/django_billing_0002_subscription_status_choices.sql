BEGIN;
--
-- Alter field status on subscription
--
ALTER TABLE "billing_subscription" ALTER COLUMN "status" TYPE varchar(32);
--
-- Create constraint status_valid on model subscription
--
ALTER TABLE "billing_subscription" ADD CONSTRAINT "status_valid" CHECK ("status" IN ('trialing', 'active', 'past_due', 'canceled'));
COMMIT;
