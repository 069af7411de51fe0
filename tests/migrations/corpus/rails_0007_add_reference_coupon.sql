-- == 20240115120000 AddCouponToOrders: migrating ==============================
-- -- add_reference(:orders, :coupon, {:foreign_key=>true})
BEGIN;
CREATE TABLE "coupons" ("id" bigserial primary key, "code" character varying NOT NULL, "percent_off" integer, "expires_at" timestamp(6), "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL);
CREATE UNIQUE INDEX "index_coupons_on_code" ON "coupons" ("code");
ALTER TABLE "orders" ADD "coupon_id" bigint;
CREATE INDEX "index_orders_on_coupon_id" ON "orders" ("coupon_id");
ALTER TABLE "orders" ADD CONSTRAINT "fk_rails_0a8c4f1e27"
FOREIGN KEY ("coupon_id")
  REFERENCES "coupons" ("id")
;
INSERT INTO "schema_migrations" ("version") VALUES ('20240115120000') RETURNING "version";
COMMIT;
