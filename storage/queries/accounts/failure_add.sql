INSERT INTO login_failures (user_id) VALUES (?)
