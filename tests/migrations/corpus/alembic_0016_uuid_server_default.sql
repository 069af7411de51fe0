BEGIN;

-- Running upgrade b1c2d3e4f5a6 -> c2d3e4f5a6b7

CREATE EXTENSION IF NOT EXISTS "uuid-ossp";

ALTER TABLE users ADD COLUMN external_id UUID DEFAULT uuid_generate_v4() NOT NULL;

UPDATE alembic_version SET version_num='c2d3e4f5a6b7' WHERE alembic_version.version_num = 'b1c2d3e4f5a6';

COMMIT;
