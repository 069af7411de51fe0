-- The live-advice workload: 24 queries an application on the shop fixture runs,
-- with concrete values so EXPLAIN ANALYZE measures real executions.
SELECT id, total, created_at FROM orders WHERE user_id = 4242 ORDER BY created_at DESC LIMIT 20;
SELECT id, total FROM orders WHERE user_id = 17 AND status = 'pending';
SELECT count(*) FROM orders WHERE status = 'pending';
SELECT id, created_at FROM orders WHERE status = 'pending' AND created_at > '2024-06-01' ORDER BY created_at LIMIT 50;
SELECT o.id, o.total FROM orders o WHERE o.coupon_code = 'SPRING24';
SELECT id, quantity, unit_price FROM order_items WHERE product_id = 1234;
SELECT sum(quantity) FROM order_items WHERE product_id = 77;
SELECT oi.order_id, oi.quantity FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE o.user_id = 99;
SELECT u.id, u.name FROM users u WHERE lower(u.email) = 'user4242@example.com';
SELECT id, name FROM users WHERE status = 'banned' ORDER BY created_at DESC LIMIT 10;
SELECT id, email FROM users WHERE created_at >= '2023-03-01' AND created_at < '2023-03-02';
SELECT team_id, count(*) FROM user_teams WHERE team_id = 42 GROUP BY team_id;
SELECT ut.user_id FROM user_teams ut WHERE ut.team_id = 7 AND ut.role = 'admin';
SELECT id, name, price FROM products WHERE category = 'garden' AND active ORDER BY price LIMIT 20;
SELECT id, sku FROM products WHERE sku = 'SKU-000123';
SELECT id FROM orders WHERE shipped_at >= '2024-05-01' AND shipped_at < '2024-05-02';
SELECT id, total FROM orders WHERE total > 9000 AND status = 'delivered' ORDER BY total DESC LIMIT 5;
SELECT u.email, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE u.id = 31337;
SELECT o.id FROM orders o WHERE o.user_id = 5 AND o.created_at >= '2023-01-01' AND o.created_at < '2024-01-01';
SELECT product_id, sum(quantity * unit_price) FROM order_items WHERE order_id = 123456 GROUP BY product_id;
SELECT id FROM orders WHERE user_id = 123 ORDER BY id DESC LIMIT 1;
SELECT count(*) FROM order_items WHERE product_id = 4321 AND quantity > 3;
SELECT id, note FROM orders WHERE note IS NOT NULL AND user_id = 888;
SELECT p.name, oi.quantity FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = 777777;
