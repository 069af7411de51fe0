SELECT `c`, "str\"ing", 'it\'s' FROM `sb``test` WHERE id=5 # comment
AND k BETWEEN 10 AND 109 -- c
/*!40101 SET x = 1 */ LIMIT 10, 20; REPLACE INTO t VALUES (1), (2);
