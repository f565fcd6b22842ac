UPDATE breaches SET cnil_notified_at = ?, cnil_reference = ?, late_reason = ? WHERE id = ?
