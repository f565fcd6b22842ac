"""The users table: lookups, admin changes and activity. Every change checks the actor."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from accounts import store
from accounts.model import ROLES, PermissionDenied, User, require
from accounts.validation import ValidationError
from mail.address import normalise_email

ACTIVITY_RESOLUTION = timedelta(hours=1)  # last activity is coarse: no write on every click


def _user(row: tuple) -> User:
    return User(id=str(row[0]), email=row[1], first_name=row[2], last_name=row[3], company=row[4],
                siren=row[5], roles=tuple(row[6]), language=row[7], confirmed=bool(row[8]),
                disabled=bool(row[9]), created_at=row[10], last_active_at=row[11])


def get_user(user_id: str) -> User | None:
    row = store.user_row_by_id(user_id)
    return _user(row) if row else None


def get_user_by_email(email: str) -> User | None:
    row = store.user_row_by_email(normalise_email(email))
    return _user(row) if row else None


def password_hash_of(user_id: str) -> str | None:
    return store.password_hash(user_id)


def list_users(actor: User | None) -> list[User]:
    require(actor, "admin")
    return [_user(r) for r in store.user_rows()]


def set_roles(actor: User | None, user_id: str, roles: list[str]) -> None:
    require(actor, "admin")
    clean = sorted({r for r in roles if r in ROLES})
    if not clean:
        raise ValidationError("core.error.roles_empty")
    if user_id == actor.id and "admin" not in clean:
        raise ValidationError("core.error.own_admin")  # an admin cannot lock everyone out by accident
    store.set_roles(user_id, clean)


def set_disabled(actor: User | None, user_id: str, disabled: bool) -> None:
    require(actor, "admin")
    if user_id == actor.id:
        raise ValidationError("core.error.own_disable")
    store.set_disabled(user_id, disabled)


def update_profile(actor: User | None, *, first_name: str, last_name: str, company: str, siren: str,
                   language: str) -> dict[str, tuple[str, str]]:
    """The user's own details; returns {field: (old, new)} of what changed (for the audit trail)."""
    if actor is None:
        raise PermissionDenied("user")
    new = {"first_name": first_name, "last_name": last_name, "company": company, "siren": siren,
           "language": language}
    changed = {k: (getattr(actor, k), v) for k, v in new.items() if getattr(actor, k) != v}
    if changed:
        store.set_profile(actor.id, **new)
    return changed


def touch_activity(user: User, now: datetime | None = None) -> None:
    """Record activity (needed for the 30-month inactivity rule), at most once an hour."""
    now = now or datetime.now(UTC)
    if user.last_active_at is None or now - user.last_active_at >= ACTIVITY_RESOLUTION:
        store.touch_activity(user.id, now)
