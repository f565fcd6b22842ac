"""Contact and quote requests from people who may have no account (personal data: exported and
erased through the privacy data map like everything else)."""
from __future__ import annotations

from accounts import throttle
from accounts.model import User, require
from accounts.validation import ValidationError, check_email, clean_text
from contact import store

TOPICS = ("quote", "demo", "support", "partnership", "other")


def submit_request(*, name: str, email: str, company: str, topic: str, message: str,
                   client_ip: str | None = None) -> None:
    """Store a request; ValidationError for bad fields, or when this client sent too many
    (throttle.CONTACT_FORM; clients without a known address share one limit)."""
    if topic not in TOPICS:
        raise ValidationError("core.error.required")
    values = [clean_text(name, "name", required=True), check_email(email), clean_text(company, "company"),
              topic, clean_text(message, "message", required=True)]
    if not throttle.CONTACT_FORM.allow(client_ip):
        raise ValidationError("core.error.too_many_contacts")
    store.add_request(*values)


def list_requests(actor: User | None, *, include_handled: bool = False) -> list[dict]:
    require(actor, "staff")
    return store.request_records(include_handled)


def mark_handled(actor: User | None, request_id: str) -> None:
    require(actor, "staff")
    store.mark_handled(request_id, actor.id)
