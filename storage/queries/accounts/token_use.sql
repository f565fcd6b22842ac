UPDATE auth_tokens SET used_at = now() WHERE token_hash = ?
