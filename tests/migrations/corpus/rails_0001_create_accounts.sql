-- == 20240102090000 CreateAccounts: migrating =================================
-- -- create_table(:accounts)
BEGIN;
CREATE TABLE "accounts" ("id" bigserial primary key, "name" character varying NOT NULL, "subdomain" character varying NOT NULL, "plan" character varying DEFAULT 'free' NOT NULL, "trial_ends_at" timestamp(6), "settings" jsonb DEFAULT '{}' NOT NULL, "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL);
CREATE UNIQUE INDEX "index_accounts_on_subdomain" ON "accounts" ("subdomain");
INSERT INTO "schema_migrations" ("version") VALUES ('20240102090000') RETURNING "version";
COMMIT;
-- == 20240102090000 CreateAccounts: migrated (0.0123s) ========================
