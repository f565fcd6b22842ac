INSERT INTO mail_subscriptions (email, kind, subscribed, source, updated_at)
VALUES (?, ?, ?, ?, now())
ON CONFLICT (email, kind) DO UPDATE SET
    subscribed = excluded.subscribed, source = excluded.source, updated_at = excluded.updated_at
