-- Thirty UNION ALL branches, one per day of June 2024: an Append with 30 children.
-- expect: wide, append, slow-node
SELECT date '2024-06-01' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-01' AND created_at < '2024-06-02'
UNION ALL
SELECT date '2024-06-02' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-02' AND created_at < '2024-06-03'
UNION ALL
SELECT date '2024-06-03' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-03' AND created_at < '2024-06-04'
UNION ALL
SELECT date '2024-06-04' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-04' AND created_at < '2024-06-05'
UNION ALL
SELECT date '2024-06-05' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-05' AND created_at < '2024-06-06'
UNION ALL
SELECT date '2024-06-06' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-06' AND created_at < '2024-06-07'
UNION ALL
SELECT date '2024-06-07' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-07' AND created_at < '2024-06-08'
UNION ALL
SELECT date '2024-06-08' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-08' AND created_at < '2024-06-09'
UNION ALL
SELECT date '2024-06-09' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-09' AND created_at < '2024-06-10'
UNION ALL
SELECT date '2024-06-10' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-10' AND created_at < '2024-06-11'
UNION ALL
SELECT date '2024-06-11' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-11' AND created_at < '2024-06-12'
UNION ALL
SELECT date '2024-06-12' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-12' AND created_at < '2024-06-13'
UNION ALL
SELECT date '2024-06-13' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-13' AND created_at < '2024-06-14'
UNION ALL
SELECT date '2024-06-14' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-14' AND created_at < '2024-06-15'
UNION ALL
SELECT date '2024-06-15' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-15' AND created_at < '2024-06-16'
UNION ALL
SELECT date '2024-06-16' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-16' AND created_at < '2024-06-17'
UNION ALL
SELECT date '2024-06-17' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-17' AND created_at < '2024-06-18'
UNION ALL
SELECT date '2024-06-18' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-18' AND created_at < '2024-06-19'
UNION ALL
SELECT date '2024-06-19' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-19' AND created_at < '2024-06-20'
UNION ALL
SELECT date '2024-06-20' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-20' AND created_at < '2024-06-21'
UNION ALL
SELECT date '2024-06-21' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-21' AND created_at < '2024-06-22'
UNION ALL
SELECT date '2024-06-22' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-22' AND created_at < '2024-06-23'
UNION ALL
SELECT date '2024-06-23' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-23' AND created_at < '2024-06-24'
UNION ALL
SELECT date '2024-06-24' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-24' AND created_at < '2024-06-25'
UNION ALL
SELECT date '2024-06-25' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-25' AND created_at < '2024-06-26'
UNION ALL
SELECT date '2024-06-26' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-26' AND created_at < '2024-06-27'
UNION ALL
SELECT date '2024-06-27' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-27' AND created_at < '2024-06-28'
UNION ALL
SELECT date '2024-06-28' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-28' AND created_at < '2024-06-29'
UNION ALL
SELECT date '2024-06-29' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-29' AND created_at < '2024-06-30'
UNION ALL
SELECT date '2024-06-30' AS day, count(*) AS orders, sum(total) AS revenue FROM orders WHERE created_at >= '2024-06-30' AND created_at < '2024-07-01'
;
