"""The data module of mail/: the outbox and the mailing subscriptions (SQL in storage/queries/mail/)."""
from __future__ import annotations

from storage import get_db, load_sql


def add_to_outbox(to: str, subject: str, body: str, kind: str) -> None:
    get_db().execute(load_sql("mail/outbox_add"), [to, subject, body, kind])


def latest_outbox(limit: int) -> list[tuple]:
    """(created_at, to_addr, subject, kind, body), newest first."""
    return get_db().query(load_sql("mail/outbox_latest"), [limit])


def has_account(email: str) -> bool:
    return bool(get_db().query_one(load_sql("mail/has_account"), [email])[0])


def subscription_rows(email: str) -> dict[str, bool]:
    """{kind: subscribed} as recorded for the address (kinds never chosen are absent)."""
    return dict(get_db().query(load_sql("mail/subscriptions_of"), [email]))


def set_subscriptions(email: str, choices: dict[str, bool], source: str, *, drop: tuple[str, ...] = ()) -> None:
    """Record {kind: subscribed} for the address and delete the rows of `drop`, in one transaction."""
    def change(cur) -> None:
        for kind, subscribed in choices.items():
            cur.execute(load_sql("mail/subscription_set"), [email, kind, subscribed, source])
        for kind in drop:
            cur.execute(load_sql("mail/subscription_drop"), [email, kind])
    get_db().write(change)
