-- V16__shop_reporting_role.sql
-- Read-only role for the BI tool on the shop schema.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'reporting') THEN
        CREATE ROLE reporting NOLOGIN;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO reporting;
GRANT SELECT ON users, orders, order_items, products TO reporting;
REVOKE SELECT (email) ON users FROM reporting;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reporting;
COMMENT ON ROLE reporting IS 'BI dashboards, read-only';
