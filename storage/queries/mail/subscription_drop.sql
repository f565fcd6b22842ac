DELETE FROM mail_subscriptions WHERE email = ? AND kind = ?
