INSERT INTO contact_requests (name, email, company, topic, message) VALUES (?, ?, ?, ?, ?)
