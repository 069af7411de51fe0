BEGIN;
--
-- Add field gift_message to order
--
ALTER TABLE "orders" ADD COLUMN "gift_message" varchar(500) DEFAULT '' NOT NULL;
ALTER TABLE "orders" ALTER COLUMN "gift_message" DROP DEFAULT;
--
-- Add field is_gift to order
--
ALTER TABLE "orders" ADD COLUMN "is_gift" boolean DEFAULT false NOT NULL;
ALTER TABLE "orders" ALTER COLUMN "is_gift" DROP DEFAULT;
--
-- Alter field shipped_at on order
--
CREATE INDEX "orders_shipped_at_4a3b2c1d" ON "orders" ("shipped_at");
COMMIT;
