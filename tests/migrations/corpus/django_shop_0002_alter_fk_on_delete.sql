BEGIN;
--
-- Alter field order on orderitem
--
SET CONSTRAINTS "order_items_order_id_fkey" IMMEDIATE; ALTER TABLE "order_items" DROP CONSTRAINT "order_items_order_id_fkey";
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_3e2f1a0b_fk_orders_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") DEFERRABLE INITIALLY DEFERRED;
COMMIT;
