"""Login state kept server-side: throttling of failures.

streamlit-authenticator checks passwords; these functions are what it lacks: a failure counter
that survives reruns. Login cookies are accounts.sessions'.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from config.settings import get_settings
from storage import get_db


def recent_failures(user_id: str, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    window = now - timedelta(minutes=get_settings().LOGIN_LOCK_MINUTES)
    row = get_db().query_one("SELECT count(*) FROM login_failures WHERE user_id = ? AND failed_at > ?",
                             [user_id, window])
    return int(row[0])


def is_locked(user_id: str, now: datetime | None = None) -> bool:
    return recent_failures(user_id, now) >= get_settings().LOGIN_MAX_FAILURES


def record_failure(user_id: str) -> None:
    get_db().execute("INSERT INTO login_failures (user_id) VALUES (?)", [user_id])


def clear_failures(user_id: str) -> None:
    get_db().execute("DELETE FROM login_failures WHERE user_id = ?", [user_id])


def credentials(only: str | None = None) -> dict:
    """The dict streamlit-authenticator expects, rebuilt from the database on every run.

    Disabled accounts are left out, so neither their password nor their cookie logs them in.
    The per-account failure count comes from the database, so the library's own
    `max_login_attempts` check trips on the real count. `only`: just that account (a session
    already logged in needs no one else's hash).
    """
    rows = get_db().query(
        "SELECT u.email, u.password_hash, u.first_name, u.last_name, u.roles, "
        "  (SELECT count(*) FROM login_failures f WHERE f.user_id = u.id AND f.failed_at > ?) "
        "FROM users u WHERE u.disabled_at IS NULL AND (? IS NULL OR u.email = ?)",
        [datetime.now(UTC) - timedelta(minutes=get_settings().LOGIN_LOCK_MINUTES), only, only])
    return {"usernames": {
        email: {"email": email, "password": pw, "first_name": first or email, "last_name": last,
                "roles": list(roles), "failed_login_attempts": int(failures), "logged_in": False}
        for email, pw, first, last, roles, failures in rows}}
