INSERT INTO breach_affected (breach_id, user_id, notified_at) VALUES (?, ?, ?)
