SELECT "posts".* FROM "posts" WHERE "posts"."user_id" IN (1, 2, 3) AND "posts"."title"::text LIKE '%it''s%' ORDER BY "posts"."id" DESC LIMIT 21 OFFSET 40
