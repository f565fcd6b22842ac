INSERT INTO dsr_requests (reference, subject_ref, requester_email, first_name, last_name, actions,
                          message, channel, language, state, received_at, paused_since)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)
RETURNING id
