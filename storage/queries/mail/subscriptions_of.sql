SELECT kind, subscribed FROM mail_subscriptions WHERE email = ?
