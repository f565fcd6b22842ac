-- Push the idle deadline of a browser-session cookie forward (remembered cookies keep theirs).
UPDATE login_cookies SET exp_date = ? WHERE session_hash = ? AND kind = 'session' AND exp_date > ?
