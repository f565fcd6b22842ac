"""Contact and quote requests from people who may have no account (personal data: exported and
erased through the privacy data map like everything else)."""
from __future__ import annotations

from accounts.model import User, require
from accounts.validation import ValidationError, check_email, clean_text
from storage import get_db

TOPICS = ("quote", "demo", "support", "partnership", "other")


def submit_request(*, name: str, email: str, company: str, topic: str, message: str) -> None:
    if topic not in TOPICS:
        raise ValidationError("core.error.required")
    values = [clean_text(name, "name", required=True), check_email(email), clean_text(company, "company"),
              topic, clean_text(message, "message", required=True)]
    get_db().execute("INSERT INTO contact_requests (name, email, company, topic, message) "
                     "VALUES (?, ?, ?, ?, ?)", values)


def list_requests(actor: User | None, *, include_handled: bool = False) -> list[dict]:
    require(actor, "staff")
    where = "" if include_handled else "WHERE handled_at IS NULL"
    df = get_db().query_df("SELECT id::VARCHAR AS id, created_at, name, email, company, topic, message, "
                           f"handled_at FROM contact_requests {where} ORDER BY created_at DESC")
    return df.to_dict("records")


def mark_handled(actor: User | None, request_id: str) -> None:
    require(actor, "staff")
    get_db().execute("UPDATE contact_requests SET handled_at = now(), handled_by = ? WHERE id = ?",
                     [actor.id, request_id])
