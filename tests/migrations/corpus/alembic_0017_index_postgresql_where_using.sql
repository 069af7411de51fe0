BEGIN;

-- Running upgrade c2d3e4f5a6b7 -> d3e4f5a6b7c8

COMMIT;

CREATE INDEX CONCURRENTLY ix_orders_pending_created ON orders (created_at) WHERE status = 'pending';

CREATE INDEX CONCURRENTLY ix_users_profile ON users USING gin (profile jsonb_path_ops);

CREATE UNIQUE INDEX CONCURRENTLY uq_users_lower_email ON users (lower(email));

BEGIN;

UPDATE alembic_version SET version_num='d3e4f5a6b7c8' WHERE alembic_version.version_num = 'c2d3e4f5a6b7';

COMMIT;
