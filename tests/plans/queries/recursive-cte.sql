-- A recursive CTE (Recursive Union, WorkTable Scan) driving 30 index range probes.
-- expect: recursive, cte, slow-node
WITH RECURSIVE days(d) AS (
    SELECT timestamptz '2024-06-01'
    UNION ALL
    SELECT d + interval '1 day' FROM days WHERE d < '2024-06-30'
)
SELECT days.d, count(o.id) AS orders
FROM days
LEFT JOIN orders o ON o.created_at >= days.d AND o.created_at < days.d + interval '1 day'
GROUP BY days.d
ORDER BY days.d;
