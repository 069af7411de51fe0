--
-- Concurrently create index billing_inv_lines_gin on field(s) lines of model invoice
--
CREATE INDEX CONCURRENTLY "billing_inv_lines_gin" ON "billing_invoice" USING gin ("lines" jsonb_path_ops);
--
-- Concurrently remove index billing_inv_issued_7d8e9f_idx from invoice
--
DROP INDEX CONCURRENTLY IF EXISTS "billing_inv_issued_7d8e9f_idx";
