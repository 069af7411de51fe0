-- == 20240102091500 CreateProjects: migrating =================================
BEGIN;
CREATE TABLE "projects" ("id" bigserial primary key, "account_id" bigint NOT NULL, "name" character varying NOT NULL, "key" character varying(10) NOT NULL, "description" text, "archived" boolean DEFAULT FALSE NOT NULL, "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL, CONSTRAINT "fk_rails_3b6f2a91c4"
FOREIGN KEY ("account_id")
  REFERENCES "accounts" ("id")
);
CREATE INDEX "index_projects_on_account_id" ON "projects" ("account_id");
CREATE UNIQUE INDEX "index_projects_on_account_id_and_key" ON "projects" ("account_id", "key");
INSERT INTO "schema_migrations" ("version") VALUES ('20240102091500') RETURNING "version";
COMMIT;
-- == 20240102091500 CreateProjects: migrated (0.0210s) ========================
