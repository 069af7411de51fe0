-- One order by primary key.
-- expect: healthy, slow-node
SELECT * FROM orders WHERE id = 424242;
