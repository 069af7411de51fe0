BEGIN;

-- Running upgrade 1d2e3f4a5b6c -> 2e3f4a5b6c7d

ALTER TYPE movement_kind ADD VALUE 'write_off';

UPDATE alembic_version SET version_num='2e3f4a5b6c7d' WHERE alembic_version.version_num = '1d2e3f4a5b6c';

COMMIT;
