"""Login state kept server-side: throttling of failures and the allow-list of login cookies.

streamlit-authenticator checks passwords and sets a signed cookie; these functions are what it
lacks: a failure counter that survives reruns, and cookies that logout or a password change revoke.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from config.settings import get_settings
from storage import get_db
from storage.queries import load_sql


def recent_failures(user_id: str, now: datetime | None = None) -> int:
    now = now or datetime.now(UTC)
    window = now - timedelta(minutes=get_settings().LOGIN_LOCK_MINUTES)
    row = get_db().query_one("SELECT count(*) FROM login_failures WHERE user_id = ? AND failed_at > ?",
                             [user_id, window])
    return int(row[0])


def is_locked(user_id: str, now: datetime | None = None) -> bool:
    return recent_failures(user_id, now) >= get_settings().LOGIN_MAX_FAILURES


def attempt(user_id: str, check_password: Callable[[], bool]) -> bool | None:
    """Run `check_password` unless the account is locked; None when locked (nothing checked).

    The attempt is recorded as a failure BEFORE the check, in the transaction that reads the count,
    so that concurrent attempts cannot all get under the limit; a success clears the failures."""
    if not get_db().write(lambda cur: _reserve_attempt(cur, user_id)):
        return None
    ok = bool(check_password())
    if ok:
        clear_failures(user_id)
    return ok


def _reserve_attempt(cur, user_id: str) -> bool:
    window = datetime.now(UTC) - timedelta(minutes=get_settings().LOGIN_LOCK_MINUTES)
    failures = cur.execute(load_sql("accounts/login_attempt_count"), [user_id, window]).fetchone()[0]
    if failures >= get_settings().LOGIN_MAX_FAILURES:
        return False
    cur.execute(load_sql("accounts/login_attempt_add"), [user_id])
    return True


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


def remember_cookie(user_id: str, exp_date: float) -> None:
    get_db().execute("INSERT INTO login_cookies (user_id, exp_date) VALUES (?, ?)", [user_id, exp_date])


def cookie_is_valid(email: str, exp_date: float) -> bool:
    row = get_db().query_one(
        "SELECT count(*) FROM login_cookies c JOIN users u ON u.id = c.user_id "
        "WHERE u.email = ? AND c.exp_date = ? AND u.disabled_at IS NULL AND c.exp_date > epoch(now())",
        [email, exp_date])
    return bool(row and row[0])


def revoke_cookie(user_id: str, exp_date: float | None = None) -> None:
    """Revoke one login cookie, or all of the user's when exp_date is None."""
    if exp_date is None:
        get_db().execute("DELETE FROM login_cookies WHERE user_id = ?", [user_id])
    else:
        get_db().execute("DELETE FROM login_cookies WHERE user_id = ? AND exp_date = ?", [user_id, exp_date])
