-- dbagent:ignore-file drop-column,missing-lock-timeout
BEGIN;
--
-- Remove field description from product
--
ALTER TABLE "products" DROP COLUMN "description" CASCADE;
--
-- Remove field note from order
--
ALTER TABLE "orders" DROP COLUMN "note" CASCADE;
COMMIT;
