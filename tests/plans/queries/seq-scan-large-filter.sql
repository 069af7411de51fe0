-- A coupon code nobody used: the Seq Scan reads all 1M orders to return none.
-- expect: seq-scan-large-filter, slow-node
SELECT id, total FROM orders WHERE coupon_code = 'X';
