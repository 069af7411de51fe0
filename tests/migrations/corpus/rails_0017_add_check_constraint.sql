-- == 20240123100000 AddPricePositiveCheck: migrating ==========================
-- -- add_check_constraint(:products, "price >= 0", {:name=>"products_price_non_negative"})
BEGIN;
ALTER TABLE "products" ADD CONSTRAINT products_price_non_negative CHECK (price >= 0);
INSERT INTO "schema_migrations" ("version") VALUES ('20240123100000') RETURNING "version";
COMMIT;
