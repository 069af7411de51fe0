SELECT U&'d!0061t' UESCAPE '!', 'con'
  -- comment
  'tinued', B'101', X'1F', $tag$a $$ b$tag$, data->>'k', data ?| array['a'] /* it's */ FROM t; COPY t FROM '/tmp/x' WITH (DELIMITER ',');
