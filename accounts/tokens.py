"""Single-use, expiring tokens for mailed links. Only a SHA-256 of each token is stored."""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from storage import get_db


class TokenError(ValueError):
    """Unknown, used or expired token (deliberately not saying which)."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user_id: str, purpose: str, ttl: timedelta) -> str:
    raw = secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + ttl
    get_db().execute("INSERT INTO auth_tokens (token_hash, user_id, purpose, expires_at) VALUES (?, ?, ?, ?)",
                     [_digest(raw), user_id, purpose, expires])
    return raw


def consume_token(raw: str, purpose: str) -> str:
    """Mark the token used and return its user id; raise TokenError otherwise."""
    def use(cur) -> str:
        row = cur.execute(
            "SELECT user_id FROM auth_tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
            "AND expires_at > now()", [_digest(raw or ""), purpose]).fetchone()
        if row is None:
            raise TokenError(purpose)
        cur.execute("UPDATE auth_tokens SET used_at = now() WHERE token_hash = ?", [_digest(raw)])
        return str(row[0])
    return get_db().write(use)


def purge_expired_tokens() -> int:
    def purge(cur) -> int:
        n = cur.execute("SELECT count(*) FROM auth_tokens WHERE expires_at <= now() OR used_at IS NOT NULL"
                        ).fetchone()[0]
        cur.execute("DELETE FROM auth_tokens WHERE expires_at <= now() OR used_at IS NOT NULL")
        return int(n)
    return get_db().write(purge)
