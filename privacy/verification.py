"""Verification of the requester's e-mail: a mailed link and a 6-digit code, both single use.

Only keyed hashes are stored. A verification expires after [retention] dsr_verification_hours
and is burnt after MAX_ATTEMPTS wrong codes; the requester then asks for a new one.
"""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from privacy.keys import token_hash
from privacy.periods import period
from storage import get_db

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Challenge:
    token: str   # goes in the link
    code: str    # typed in the status form


def issue(request_id: str, *, now: datetime | None = None) -> Challenge:
    """A new challenge for the request; any previous one stops working."""
    now = now or datetime.now(UTC)
    challenge = Challenge(token=secrets.token_urlsafe(32), code=f"{secrets.randbelow(900000) + 100000}")

    def _write(cur):
        cur.execute("DELETE FROM dsr_verifications WHERE request_id = ?", [request_id])
        cur.execute("INSERT INTO dsr_verifications (request_id, token_hash, code_hash, created_at, expires_at) "
                    "VALUES (?, ?, ?, ?, ?)", [request_id, token_hash(challenge.token),
                                               token_hash(challenge.code), now,
                                               now + timedelta(hours=period("dsr_verification_hours"))])
    get_db().write(_write)
    return challenge


def check(request_id: str, *, token: str | None = None, code: str | None = None,
          now: datetime | None = None) -> bool:
    """True once for a right token or code; counts wrong attempts; burns after the limit."""
    now = now or datetime.now(UTC)
    secret = token if token is not None else code
    if not secret:
        return False

    def _check(cur) -> bool:
        row = cur.execute("SELECT token_hash, code_hash, expires_at, attempts, used_at FROM dsr_verifications "
                          "WHERE request_id = ?", [request_id]).fetchone()
        if not row or row[4] is not None or row[2] <= now or row[3] >= MAX_ATTEMPTS:
            return False
        expected = row[0] if token is not None else row[1]
        if hmac.compare_digest(expected, token_hash(secret)):
            cur.execute("UPDATE dsr_verifications SET used_at = ? WHERE request_id = ?", [now, request_id])
            return True
        cur.execute("UPDATE dsr_verifications SET attempts = attempts + 1 WHERE request_id = ?", [request_id])
        return False
    return get_db().write(_check)


def purge_expired(now: datetime | None = None) -> int:
    """Used, expired or burnt challenges (retention job)."""
    now = now or datetime.now(UTC)
    return get_db().write(lambda cur: cur.execute(
        "DELETE FROM dsr_verifications WHERE used_at IS NOT NULL OR expires_at <= ? OR attempts >= ?",
        [now, MAX_ATTEMPTS]).fetchone()[0])
