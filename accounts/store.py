"""The data module of accounts/: users, login failures and cookies, mailed tokens.

Its SQL lives in storage/queries/accounts/*.sql. The role checks stay with the callers
(accounts.users, accounts.registration), which decide who may ask; these functions only read and write.
"""
from __future__ import annotations

from datetime import datetime

from storage import get_db, load_sql


def _sql(name: str) -> str:
    return load_sql(f"accounts/{name}")


# -- users -------------------------------------------------------------------------------------
def user_row_by_id(user_id: str) -> tuple | None:
    return get_db().query_one(_sql("user_by_id"), [user_id])


def user_row_by_email(email: str) -> tuple | None:
    return get_db().query_one(_sql("user_by_email"), [email])


def user_rows() -> list[tuple]:
    return get_db().query(_sql("users_all"))


def password_hash(user_id: str) -> str | None:
    row = get_db().query_one(_sql("password_hash"), [user_id])
    return row[0] if row else None


def add_user(email: str, hashed: str, first_name: str, last_name: str, company: str, siren: str,
             language: str) -> None:
    """Raises duckdb.ConstraintException when the address is taken."""
    get_db().execute(_sql("user_add"), [email, hashed, first_name, last_name, company, siren, language])


def add_confirmed_user(email: str, hashed: str, first_name: str, last_name: str, company: str,
                       roles: list[str]) -> None:
    """An account confirmed at once (the demo accounts)."""
    get_db().execute(_sql("user_add_confirmed"), [email, hashed, first_name, last_name, company, roles])


def delete_new_user(user_id: str) -> None:
    """An account that was never usable (its confirmation mail failed): the user and its tokens."""
    get_db().write(lambda cur: (cur.execute(_sql("tokens_delete"), [user_id]),
                                cur.execute(_sql("user_delete"), [user_id])))


def set_roles(user_id: str, roles: list[str]) -> None:
    get_db().execute(_sql("set_roles"), [roles, user_id])


def set_disabled(user_id: str, disabled: bool) -> None:
    def change(cur) -> None:
        cur.execute(_sql("set_disabled"), [disabled, user_id])
        if disabled:  # a disabled account keeps no valid login cookie
            cur.execute(_sql("cookies_revoke_all"), [user_id])
    get_db().write(change)


def set_profile(user_id: str, *, first_name: str, last_name: str, company: str, siren: str,
                language: str) -> None:
    get_db().execute(_sql("set_profile"), [first_name, last_name, company, siren, language, user_id])


def touch_activity(user_id: str, now: datetime) -> None:
    get_db().execute(_sql("touch_activity"), [now, user_id])


def confirm(user_id: str) -> None:
    get_db().execute(_sql("confirm"), [user_id])


def set_password(user_id: str, hashed: str) -> None:
    """The new hash; every device logs in again and earlier failures are forgotten."""
    def store(cur) -> None:
        cur.execute(_sql("set_password"), [hashed, user_id])
        cur.execute(_sql("cookies_revoke_all"), [user_id])
        cur.execute(_sql("failures_clear"), [user_id])
    get_db().write(store)


def unconfirmed_before(cutoff: datetime) -> list[str]:
    """Ids of the accounts created before `cutoff` whose address was never confirmed."""
    return [r[0] for r in get_db().query(_sql("unconfirmed_before"), [cutoff])]


# -- login failures and cookies -----------------------------------------------------------------
def failures_since(user_id: str, since: datetime) -> int:
    return int(get_db().query_one(_sql("failures_since"), [user_id, since])[0])


def add_failure(user_id: str) -> None:
    get_db().execute(_sql("failure_add"), [user_id])


def reserve_attempt(user_id: str, since: datetime, limit: int) -> bool:
    """Count a login attempt as a failure unless `limit` failures since `since` exist already; the
    count and the insert are one transaction, so concurrent attempts cannot all pass the limit."""
    def reserve(cur) -> bool:
        if cur.execute(_sql("failures_since"), [user_id, since]).fetchone()[0] >= limit:
            return False
        cur.execute(_sql("failure_add"), [user_id])
        return True
    return get_db().write(reserve)


def clear_failures(user_id: str) -> None:
    get_db().execute(_sql("failures_clear"), [user_id])


def credential_rows(failures_since: datetime, only: str | None) -> list[tuple]:
    """(email, password_hash, first_name, last_name, roles, recent failures) of enabled accounts."""
    return get_db().query(_sql("credentials"), [failures_since, only, only])


# -- mailed tokens (stored as SHA-256 digests) ---------------------------------------------------
def add_token(digest: str, user_id: str, purpose: str, expires: datetime) -> None:
    get_db().execute(_sql("token_add"), [digest, user_id, purpose, expires])


def use_token(digest: str, purpose: str) -> str | None:
    """Mark a usable token used and return its user id, in one transaction; None if not usable."""
    def use(cur) -> str | None:
        row = cur.execute(_sql("token_usable"), [digest, purpose]).fetchone()
        if row is None:
            return None
        cur.execute(_sql("token_use"), [digest])
        return str(row[0])
    return get_db().write(use)


def resets_last_hour(user_id: str) -> int:
    return int(get_db().query_one(_sql("resets_last_hour"), [user_id])[0])


# -- login sessions (accounts/sessions.py: the cookie's value is only ever stored as a hash) -------
def add_session(user_id: str, deadline: float, digest: str, kind: str) -> None:
    get_db().execute(_sql("session_insert"), [user_id, deadline, digest, kind])


def session_row(digest: str, now: float) -> tuple | None:
    """(email, kind, deadline) of a listed login that is not past its deadline."""
    return get_db().query_one(_sql("session_lookup"), [digest, now])


def touch_session(digest: str, deadline: float, now: float) -> None:
    get_db().execute(_sql("session_touch"), [deadline, digest, now])


def revoke_session(digest: str) -> None:
    get_db().execute(_sql("session_revoke"), [digest])


def revoke_remembered_sessions(user_id: str) -> None:
    get_db().execute(_sql("session_revoke_remembered"), [user_id])
