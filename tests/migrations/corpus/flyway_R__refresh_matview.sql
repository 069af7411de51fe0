-- R__refresh_matview.sql
REFRESH MATERIALIZED VIEW daily_revenue;
