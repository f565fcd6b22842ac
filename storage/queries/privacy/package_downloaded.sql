UPDATE dsr_exports SET downloaded_at = coalesce(downloaded_at, now()) WHERE id = ?
