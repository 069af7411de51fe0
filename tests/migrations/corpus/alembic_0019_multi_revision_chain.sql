BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0a1b2c3d4e5f

CREATE TABLE events (
    id BIGSERIAL NOT NULL, 
    source VARCHAR(64) NOT NULL, 
    kind VARCHAR(64) NOT NULL, 
    payload JSONB NOT NULL, 
    received_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    PRIMARY KEY (id)
);

CREATE INDEX ix_events_source_kind ON events (source, kind);

INSERT INTO alembic_version (version_num) VALUES ('0a1b2c3d4e5f') RETURNING alembic_version.version_num;

-- Running upgrade 0a1b2c3d4e5f -> 1b2c3d4e5f6a

CREATE TABLE event_subscriptions (
    id SERIAL NOT NULL, 
    kind VARCHAR(64) NOT NULL, 
    target_url TEXT NOT NULL, 
    secret VARCHAR(64) NOT NULL, 
    active BOOLEAN DEFAULT true NOT NULL, 
    PRIMARY KEY (id)
);

CREATE INDEX ix_event_subscriptions_kind ON event_subscriptions (kind) WHERE active;

UPDATE alembic_version SET version_num='1b2c3d4e5f6a' WHERE alembic_version.version_num = '0a1b2c3d4e5f';

-- Running upgrade 1b2c3d4e5f6a -> 2c3d4e5f6a7b

CREATE TABLE event_deliveries (
    id BIGSERIAL NOT NULL, 
    event_id BIGINT NOT NULL, 
    subscription_id INTEGER NOT NULL, 
    status_code SMALLINT, 
    attempted_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    response_ms INTEGER, 
    PRIMARY KEY (id), 
    FOREIGN KEY(event_id) REFERENCES events (id) ON DELETE CASCADE, 
    FOREIGN KEY(subscription_id) REFERENCES event_subscriptions (id) ON DELETE CASCADE
);

CREATE INDEX ix_event_deliveries_event_id ON event_deliveries (event_id);

CREATE INDEX ix_event_deliveries_subscription_id ON event_deliveries (subscription_id);

UPDATE alembic_version SET version_num='2c3d4e5f6a7b' WHERE alembic_version.version_num = '1b2c3d4e5f6a';

-- Running upgrade 2c3d4e5f6a7b -> 3d4e5f6a7b8c

ALTER TABLE events ADD COLUMN tenant_id INTEGER;

ALTER TABLE events ADD COLUMN processed_at TIMESTAMP WITH TIME ZONE;

CREATE INDEX ix_events_unprocessed ON events (received_at) WHERE processed_at IS NULL;

ALTER TABLE event_subscriptions ADD COLUMN tenant_id INTEGER NOT NULL;

UPDATE alembic_version SET version_num='3d4e5f6a7b8c' WHERE alembic_version.version_num = '2c3d4e5f6a7b';

-- Running upgrade 3d4e5f6a7b8c -> 4e5f6a7b8c9d

ALTER TABLE events ALTER COLUMN kind TYPE VARCHAR(128);

ALTER TABLE event_deliveries ADD COLUMN error TEXT;

UPDATE alembic_version SET version_num='4e5f6a7b8c9d' WHERE alembic_version.version_num = '3d4e5f6a7b8c';

COMMIT;
