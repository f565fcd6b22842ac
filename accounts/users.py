"""The users table: lookups, admin changes and activity. Every change checks the actor."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from accounts.model import ROLES, PermissionDenied, User, require
from accounts.validation import ValidationError
from storage import get_db

_COLUMNS = ("id, email, first_name, last_name, company, siren, roles, language, "
            "confirmed_at IS NOT NULL, disabled_at IS NOT NULL, created_at, last_active_at")
ACTIVITY_RESOLUTION = timedelta(hours=1)  # last activity is coarse: no write on every click


def _user(row: tuple) -> User:
    return User(id=str(row[0]), email=row[1], first_name=row[2], last_name=row[3], company=row[4],
                siren=row[5], roles=tuple(row[6]), language=row[7], confirmed=bool(row[8]),
                disabled=bool(row[9]), created_at=row[10], last_active_at=row[11])


def get_user(user_id: str) -> User | None:
    row = get_db().query_one(f"SELECT {_COLUMNS} FROM users WHERE id = TRY_CAST(? AS UUID)", [user_id])
    return _user(row) if row else None


def get_user_by_email(email: str) -> User | None:
    row = get_db().query_one(f"SELECT {_COLUMNS} FROM users WHERE email = ?", [(email or "").strip().lower()])
    return _user(row) if row else None


def password_hash_of(user_id: str) -> str | None:
    row = get_db().query_one("SELECT password_hash FROM users WHERE id = ?", [user_id])
    return row[0] if row else None


def list_users(actor: User | None) -> list[User]:
    require(actor, "admin")
    return [_user(r) for r in get_db().query(f"SELECT {_COLUMNS} FROM users ORDER BY created_at")]


def set_roles(actor: User | None, user_id: str, roles: list[str]) -> None:
    require(actor, "admin")
    clean = sorted({r for r in roles if r in ROLES})
    if not clean:
        raise ValidationError("core.error.roles_empty")
    if user_id == actor.id and "admin" not in clean:
        raise ValidationError("core.error.own_admin")  # an admin cannot lock everyone out by accident
    get_db().execute("UPDATE users SET roles = ? WHERE id = ?", [clean, user_id])


def set_disabled(actor: User | None, user_id: str, disabled: bool) -> None:
    require(actor, "admin")
    if user_id == actor.id:
        raise ValidationError("core.error.own_disable")

    def change(cur) -> None:
        cur.execute("UPDATE users SET disabled_at = CASE WHEN ? THEN now() END WHERE id = ?",
                    [disabled, user_id])
        if disabled:  # a disabled account keeps no valid login cookie
            cur.execute("DELETE FROM login_cookies WHERE user_id = ?", [user_id])
    get_db().write(change)


def update_profile(actor: User | None, *, first_name: str, last_name: str, company: str, siren: str,
                   language: str) -> dict[str, tuple[str, str]]:
    """The user's own details; returns {field: (old, new)} of what changed (for the audit trail)."""
    if actor is None:
        raise PermissionDenied("user")
    new = {"first_name": first_name, "last_name": last_name, "company": company, "siren": siren,
           "language": language}
    changed = {k: (getattr(actor, k), v) for k, v in new.items() if getattr(actor, k) != v}
    if changed:
        sets = ", ".join(f"{k} = ?" for k in changed)
        get_db().execute(f"UPDATE users SET {sets} WHERE id = ?", [v[1] for v in changed.values()] + [actor.id])
    return changed


def touch_activity(user: User, now: datetime | None = None) -> None:
    """Record activity (needed for the 30-month inactivity rule), at most once an hour."""
    now = now or datetime.now(UTC)
    if user.last_active_at is None or now - user.last_active_at >= ACTIVITY_RESOLUTION:
        get_db().execute("UPDATE users SET last_active_at = ? WHERE id = ?", [now, user.id])
