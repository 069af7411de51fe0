-- == 20240205140000 AddShippingFieldsToOrders: migrating ======================
-- -- change_table(:orders, {:bulk=>true})
BEGIN;
ALTER TABLE "orders" ADD "shipping_method" character varying, ADD "tracking_number" character varying, ADD "shipping_cost" numeric(12,2) DEFAULT 0.0 NOT NULL, ADD "carrier_payload" jsonb;
INSERT INTO "schema_migrations" ("version") VALUES ('20240205140000') RETURNING "version";
COMMIT;
