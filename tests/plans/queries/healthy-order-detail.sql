-- One order with its lines and products: small nested loops over primary keys.
-- expect: healthy, slow-node
SELECT o.id, o.status, p.sku, p.name, oi.quantity, oi.unit_price
FROM orders o
JOIN order_items oi ON oi.order_id = o.id
JOIN products p ON p.id = oi.product_id
WHERE o.id = 777777;
