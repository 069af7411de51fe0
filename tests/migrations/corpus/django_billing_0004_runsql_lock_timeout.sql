BEGIN;
--
-- Raw SQL operation
--
SET LOCAL lock_timeout = '2s';
--
-- Add field tax_rate to invoice
--
ALTER TABLE "billing_invoice" ADD COLUMN "tax_rate" numeric(5, 4) DEFAULT 0 NOT NULL;
ALTER TABLE "billing_invoice" ALTER COLUMN "tax_rate" DROP DEFAULT;
--
-- Create index billing_inv_issued_7d8e9f_idx on field(s) issued of model invoice
--
CREATE INDEX "billing_inv_issued_7d8e9f_idx" ON "billing_invoice" ("issued");
COMMIT;
