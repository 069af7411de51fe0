-- R__functions.sql
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$BODY$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$BODY$;

DROP TRIGGER IF EXISTS users_touch_updated_at ON users;
CREATE TRIGGER users_touch_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE OR REPLACE FUNCTION order_count(p_user bigint) RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT count(*) FROM orders WHERE user_id = p_user);

CREATE OR REPLACE PROCEDURE refresh_reports()
LANGUAGE plpgsql
AS $$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY daily_revenue;
END;
$$;
