-- V20__identity_column.sql
ALTER TABLE user_teams ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE user_teams DROP CONSTRAINT user_teams_pkey, ADD PRIMARY KEY (id);
