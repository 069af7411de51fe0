BEGIN;
SET LOCAL lock_timeout = '2s';
--
-- Rename field coupon_code on order to promo_code
--
-- dbagent:ignore rename-column
ALTER TABLE "orders" RENAME COLUMN "coupon_code" TO "promo_code";
COMMIT;
