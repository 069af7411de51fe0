-- A small ORDER BY that sorts in memory (quicksort).
-- expect: healthy, slow-node
SELECT id, total FROM orders WHERE created_at >= '2024-06-28' ORDER BY total DESC;
