UPDATE contact_requests SET handled_at = now(), handled_by = ? WHERE id = ?
