INSERT INTO dsr_audit (actor_id, actor_kind, action, subject_ref, request_ref, details)
VALUES (?, ?, ?, ?, ?, ?)
