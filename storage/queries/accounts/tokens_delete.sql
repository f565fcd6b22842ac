DELETE FROM auth_tokens WHERE user_id = ?
