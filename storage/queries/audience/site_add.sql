INSERT INTO audience_sites (name, hosts, created_by) VALUES (?, ?, ?)
