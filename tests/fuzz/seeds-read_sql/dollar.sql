DO $$ BEGIN PERFORM 1; END $$;
SELECT $1, $2::int FROM t WHERE a$b = 1; SELECT $a$ x $b$ ; $a$;
CREATE FUNCTION f() RETURNS text AS $body$
  SELECT $q$;$q$ || $$;$$;
$body$ LANGUAGE sql;
SELECT E'a\'b';
\connect x
COPY t FROM stdin;
1	2
\.
SELECT 1 \gx
/* a /* b */ c */ SELECT "q""x";
