SELECT count(*) FROM auth_tokens
WHERE user_id = ? AND purpose = 'reset' AND created_at > now() - INTERVAL 1 HOUR
