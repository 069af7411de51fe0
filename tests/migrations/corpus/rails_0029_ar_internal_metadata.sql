-- rails db:migrate on an empty database: Rails' own bookkeeping tables first
BEGIN;
CREATE TABLE "schema_migrations" ("version" character varying NOT NULL PRIMARY KEY);
CREATE TABLE "ar_internal_metadata" ("key" character varying NOT NULL PRIMARY KEY, "value" character varying, "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL);
INSERT INTO "ar_internal_metadata" ("key", "value", "created_at", "updated_at") VALUES ('environment', 'production', '2024-01-02 09:00:00.123456', '2024-01-02 09:00:00.123456') RETURNING "key";
COMMIT;
