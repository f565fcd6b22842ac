SELECT created_at, to_addr, subject, kind, body FROM mail_outbox ORDER BY created_at DESC LIMIT ?
