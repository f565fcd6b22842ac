"""Verification of the requester's e-mail: a mailed link and a 6-digit code, both single use.

Only keyed hashes are stored. A verification expires after [retention] dsr_verification_hours
and is burnt after MAX_ATTEMPTS wrong codes; the requester then asks for a new one.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from privacy import store_requests as store
from privacy.keys import token_hash
from privacy.periods import period

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Challenge:
    token: str   # goes in the link
    code: str    # typed in the status form


def issue(request_id: str, *, now: datetime | None = None) -> Challenge:
    """A new challenge for the request; any previous one stops working."""
    now = now or datetime.now(UTC)
    challenge = Challenge(token=secrets.token_urlsafe(32), code=f"{secrets.randbelow(900000) + 100000}")

    store.replace_verification(request_id, token_hash(challenge.token), token_hash(challenge.code), now,
                               now + timedelta(hours=period("dsr_verification_hours")))
    return challenge


def check(request_id: str, *, token: str | None = None, code: str | None = None,
          now: datetime | None = None) -> bool:
    """True once for a right token or code; counts wrong attempts; burns after the limit."""
    now = now or datetime.now(UTC)
    secret = token if token is not None else code
    if not secret:
        return False

    def judge(row: tuple | None) -> bool | None:
        if not row or row[4] is not None or row[2] <= now or row[3] >= MAX_ATTEMPTS:
            return None
        expected = row[0] if token is not None else row[1]
        return hmac.compare_digest(expected, token_hash(secret))
    return store.check_verification(request_id, judge, now)


def purge_expired(now: datetime | None = None) -> int:
    """Used, expired or burnt challenges (retention job)."""
    now = now or datetime.now(UTC)
    return store.purge_verifications(now, MAX_ATTEMPTS)
