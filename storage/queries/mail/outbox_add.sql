INSERT INTO mail_outbox (to_addr, subject, body, kind) VALUES (?, ?, ?, ?)
