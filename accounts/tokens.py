"""Single-use, expiring tokens for mailed links. Only a SHA-256 of each token is stored."""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from accounts import store


class TokenError(ValueError):
    """Unknown, used or expired token (deliberately not saying which)."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_token(user_id: str, purpose: str, ttl: timedelta) -> str:
    raw = secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + ttl
    store.add_token(_digest(raw), user_id, purpose, expires)
    return raw


def consume_token(raw: str, purpose: str) -> str:
    """Mark the token used and return its user id; raise TokenError otherwise."""
    user_id = store.use_token(_digest(raw or ""), purpose)
    if user_id is None:
        raise TokenError(purpose)
    return user_id
