INSERT INTO audience.log_imports (id, site, digest, head_digest, bytes, lines, stored) VALUES (?, ?, ?, ?, ?, ?, ?)
