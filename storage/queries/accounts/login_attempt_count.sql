-- Failed (or still running) login attempts of one account since the start of the lock window.
SELECT count(*) FROM login_failures WHERE user_id = ? AND failed_at > ?
