SELECT user_id FROM auth_tokens
WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > now()
