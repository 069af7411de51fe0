-- == 20240110140000 AddAdminToUsers: migrating ================================
-- -- add_column(:users, :admin, :boolean, {:default=>false, :null=>false})
BEGIN;
ALTER TABLE "users" ADD "admin" boolean DEFAULT FALSE NOT NULL;
INSERT INTO "schema_migrations" ("version") VALUES ('20240110140000') RETURNING "version";
COMMIT;
