#!/usr/bin/env bash
# Fixtures beyond the shop (run before the "unchanged" fingerprint, which covers
# the shop database only): a database without HypoPG, holding an unused index and
# an invalid one, for the hypopg-not-installed and index-hygiene cases.
set -euo pipefail
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS nohypo" -c "CREATE DATABASE nohypo"
psql -X -q -v ON_ERROR_STOP=1 -d nohypo <<'SQL'
CREATE TABLE items (id bigint PRIMARY KEY, owner_id bigint NOT NULL, label text NOT NULL);
INSERT INTO items SELECT g, g % 500, 'item ' || g FROM generate_series(1, 50000) g;
CREATE INDEX items_label ON items (label);
CREATE INDEX items_broken ON items (owner_id, label);
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'items_broken'::regclass;
VACUUM ANALYZE items;
SELECT pg_stat_reset();
GRANT SELECT ON ALL TABLES IN SCHEMA public TO dbagent_ro;
SQL
