INSERT INTO t (a, b, c) VALUES (1, 'a', NULL), (2, E'b\'', DEFAULT), (-3, $$c$$, now()) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b RETURNING id
