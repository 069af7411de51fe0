BEGIN;
--
-- Add field amount_cents to invoice
--
ALTER TABLE "billing_invoice" ADD COLUMN "amount_cents" bigint NULL;
--
-- Raw SQL operation
--
UPDATE billing_invoice SET amount_cents = (amount * 100)::bigint;
--
-- Alter field amount_cents on invoice
--
ALTER TABLE "billing_invoice" ALTER COLUMN "amount_cents" SET NOT NULL;
--
-- Remove field amount from invoice
--
ALTER TABLE "billing_invoice" DROP COLUMN "amount" CASCADE;
COMMIT;
