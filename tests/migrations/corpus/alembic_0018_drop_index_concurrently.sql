BEGIN;

-- Running upgrade d3e4f5a6b7c8 -> e4f5a6b7c8d9

COMMIT;

DROP INDEX CONCURRENTLY IF EXISTS idx_products_name_pattern;

BEGIN;

UPDATE alembic_version SET version_num='e4f5a6b7c8d9' WHERE alembic_version.version_num = 'd3e4f5a6b7c8';

COMMIT;
