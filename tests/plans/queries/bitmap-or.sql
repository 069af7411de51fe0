-- An OR over two indexed columns: BitmapOr of two Bitmap Index Scans.
-- expect: bitmap-or, slow-node
SELECT id FROM orders WHERE created_at >= '2024-06-30' OR id < 50;
