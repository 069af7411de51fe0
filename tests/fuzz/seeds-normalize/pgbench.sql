BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + -1234 WHERE aid = 56789;
SELECT abalance FROM pgbench_accounts WHERE aid = 56789;
INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (5, 1, 56789, -1234, CURRENT_TIMESTAMP);
END;
