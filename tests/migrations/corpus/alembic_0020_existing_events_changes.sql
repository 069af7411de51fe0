BEGIN;

-- Running upgrade 4e5f6a7b8c9d -> 5f6a7b8c9d0e

ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;

ALTER TABLE events ADD CONSTRAINT fk_events_tenant_id_teams FOREIGN KEY(tenant_id) REFERENCES teams (id);

CREATE INDEX ix_events_tenant_id ON events (tenant_id);

ALTER TABLE events RENAME TO inbound_events;

UPDATE alembic_version SET version_num='5f6a7b8c9d0e' WHERE alembic_version.version_num = '4e5f6a7b8c9d';

COMMIT;
