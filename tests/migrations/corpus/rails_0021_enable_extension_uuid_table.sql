-- == 20240201100000 CreateApiTokens: migrating ================================
-- -- enable_extension("pgcrypto")
BEGIN;
CREATE EXTENSION IF NOT EXISTS "pgcrypto";
CREATE TABLE "api_tokens" ("id" uuid DEFAULT gen_random_uuid() NOT NULL PRIMARY KEY, "user_id" bigint NOT NULL, "token_digest" character varying NOT NULL, "scopes" character varying[] DEFAULT '{}' NOT NULL, "last_used_at" timestamp(6), "revoked_at" timestamp(6), "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL, CONSTRAINT "fk_rails_f16b5e0447"
FOREIGN KEY ("user_id")
  REFERENCES "users" ("id")
);
CREATE INDEX "index_api_tokens_on_user_id" ON "api_tokens" ("user_id");
CREATE UNIQUE INDEX "index_api_tokens_on_token_digest" ON "api_tokens" ("token_digest");
CREATE INDEX "index_api_tokens_active" ON "api_tokens" ("user_id") WHERE revoked_at IS NULL;
INSERT INTO "schema_migrations" ("version") VALUES ('20240201100000') RETURNING "version";
COMMIT;
