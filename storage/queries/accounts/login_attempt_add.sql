-- One login attempt, counted as a failure until its password check succeeds (which clears them).
INSERT INTO login_failures (user_id) VALUES (?)
