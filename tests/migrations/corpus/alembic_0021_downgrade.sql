BEGIN;

-- Running downgrade 5f6a7b8c9d0e -> 4e5f6a7b8c9d

ALTER TABLE inbound_events RENAME TO events;

DROP INDEX ix_events_tenant_id;

ALTER TABLE events DROP CONSTRAINT fk_events_tenant_id_teams;

ALTER TABLE events ALTER COLUMN tenant_id DROP NOT NULL;

UPDATE alembic_version SET version_num='4e5f6a7b8c9d' WHERE alembic_version.version_num = '5f6a7b8c9d0e';

COMMIT;
