-- Login lookup through the unique index on users.email.
-- expect: healthy, slow-node
SELECT id, name, status FROM users WHERE email = 'robert.moreau4242@post.example';
