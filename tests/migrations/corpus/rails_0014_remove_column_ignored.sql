-- == 20240121103000 RemoveCouponCodeFromOrders: migrating =====================
-- self.ignored_columns = ["coupon_code"] shipped in release 2024.01.2
SET lock_timeout TO '5s';
BEGIN;
-- dbagent:ignore drop-column
ALTER TABLE "orders" DROP COLUMN "coupon_code";
INSERT INTO "schema_migrations" ("version") VALUES ('20240121103000') RETURNING "version";
COMMIT;
