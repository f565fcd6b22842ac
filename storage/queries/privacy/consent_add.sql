INSERT INTO consent_events (consent_id, user_id, policy_version, banner_text_sha256, decisions,
                            method, created_at, ip_trunc, user_agent)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
