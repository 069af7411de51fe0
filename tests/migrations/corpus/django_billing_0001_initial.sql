BEGIN;
--
-- Create model Plan
--
CREATE TABLE "billing_plan" ("id" serial NOT NULL PRIMARY KEY, "code" varchar(32) NOT NULL UNIQUE, "name" varchar(100) NOT NULL, "monthly_price" numeric(10, 2) NOT NULL, "seats" integer NOT NULL CHECK ("seats" >= 0));
--
-- Create model Subscription
--
CREATE TABLE "billing_subscription" ("id" serial NOT NULL PRIMARY KEY, "status" varchar(16) NOT NULL, "started" timestamp with time zone NOT NULL, "ends" timestamp with time zone NULL, "plan_id" integer NOT NULL, "customer_id" integer NOT NULL);
--
-- Create model Invoice
--
CREATE TABLE "billing_invoice" ("id" bigserial NOT NULL PRIMARY KEY, "number" varchar(20) NOT NULL UNIQUE, "amount" numeric(12, 2) NOT NULL, "currency" varchar(3) NOT NULL, "issued" date NOT NULL, "paid" timestamp with time zone NULL, "lines" jsonb NOT NULL, "subscription_id" integer NOT NULL);
CREATE INDEX "billing_plan_code_4f3e2d1c_like" ON "billing_plan" ("code" varchar_pattern_ops);
ALTER TABLE "billing_subscription" ADD CONSTRAINT "billing_subscription_plan_id_1a2b3c4d_fk_billing_plan_id" FOREIGN KEY ("plan_id") REFERENCES "billing_plan" ("id") DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE "billing_subscription" ADD CONSTRAINT "billing_subscription_customer_id_5e6f7a8b_fk_auth_user_id" FOREIGN KEY ("customer_id") REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "billing_subscription_plan_id_1a2b3c4d" ON "billing_subscription" ("plan_id");
CREATE INDEX "billing_subscription_customer_id_5e6f7a8b" ON "billing_subscription" ("customer_id");
CREATE INDEX "billing_invoice_number_9c8b7a6d_like" ON "billing_invoice" ("number" varchar_pattern_ops);
ALTER TABLE "billing_invoice" ADD CONSTRAINT "billing_invoice_subscription_id_0f1e2d3c_fk_billing_subscription_id" FOREIGN KEY ("subscription_id") REFERENCES "billing_subscription" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "billing_invoice_subscription_id_0f1e2d3c" ON "billing_invoice" ("subscription_id");
COMMIT;
