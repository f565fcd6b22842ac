UPDATE breaches SET persons_notified_at = ?, persons_notified = persons_notified + ? WHERE id = ?
