"""Login state kept server-side: throttling of failures.

streamlit-authenticator checks passwords; these functions are what it lacks: a failure counter
that survives reruns. Login cookies are accounts.sessions'.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from accounts import store
from config.settings import get_settings


def recent_failures(user_id: str, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    window = now - timedelta(minutes=get_settings().LOGIN_LOCK_MINUTES)
    return store.failures_since(user_id, window)


def is_locked(user_id: str, now: datetime | None = None) -> bool:
    return recent_failures(user_id, now) >= get_settings().LOGIN_MAX_FAILURES


def attempt(user_id: str, check_password: Callable[[], bool]) -> bool | None:
    """Run `check_password` unless the account is locked; None when locked (nothing checked).

    The attempt is recorded as a failure BEFORE the check, in the transaction that reads the count,
    so that concurrent attempts cannot all get under the limit; a success clears the failures."""
    window = datetime.now(UTC) - timedelta(minutes=get_settings().LOGIN_LOCK_MINUTES)
    if not store.reserve_attempt(user_id, window, get_settings().LOGIN_MAX_FAILURES):
        return None
    ok = bool(check_password())
    if ok:
        clear_failures(user_id)
    return ok


def record_failure(user_id: str) -> None:
    store.add_failure(user_id)


def clear_failures(user_id: str) -> None:
    store.clear_failures(user_id)


def credentials(only: str | None = None) -> dict:
    """The dict streamlit-authenticator expects, rebuilt from the database on every run.

    Disabled accounts are left out, so neither their password nor their cookie logs them in.
    The per-account failure count comes from the database, so the library's own
    `max_login_attempts` check trips on the real count. `only`: just that account (a session
    already logged in needs no one else's hash).
    """
    rows = store.credential_rows(datetime.now(UTC) - timedelta(minutes=get_settings().LOGIN_LOCK_MINUTES), only)
    return {"usernames": {
        email: {"email": email, "password": pw, "first_name": first or email, "last_name": last,
                "roles": list(roles), "failed_login_attempts": int(failures), "logged_in": False}
        for email, pw, first, last, roles, failures in rows}}
