-- R__views.sql (repeatable: re-applied whenever its checksum changes)
CREATE OR REPLACE VIEW order_totals AS
SELECT o.id,
       o.user_id,
       o.status,
       sum(oi.quantity * oi.unit_price) AS items_total,
       o.total
  FROM orders o
  JOIN order_items oi ON oi.order_id = o.id
 GROUP BY o.id;

CREATE OR REPLACE VIEW active_products AS
SELECT id, sku, name, price, category
  FROM products
 WHERE active;

DROP MATERIALIZED VIEW IF EXISTS daily_revenue;
CREATE MATERIALIZED VIEW daily_revenue AS
SELECT date_trunc('day', created_at) AS day, sum(total) AS revenue, count(*) AS orders
  FROM orders
 WHERE status IN ('paid', 'shipped', 'delivered')
 GROUP BY 1
WITH DATA;
CREATE UNIQUE INDEX daily_revenue_day_idx ON daily_revenue (day);

GRANT SELECT ON order_totals, active_products, daily_revenue TO reporting;
