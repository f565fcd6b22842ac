"""Data-subject requests: the state machine and the one-month deadline (GDPR Art. 12(3)).

    received -> identity_pending -> verified -> in_review -> [extended] -> completed | refused
                      \\-> proof_requested (reasonable doubt, Art. 12(6)) -> verified

The deadline is received_at + 1 calendar month (+ an extension of at most 2 months, with a
reason, announced before the first deadline). The clock is paused while the identity is not
confirmed (unverified mail, proof asked): the paused time is added to the deadline.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from accounts import User, require, throttle, validation
from mail.address import normalise_email
from privacy import audit, dsr_mail, identity_docs, verification
from privacy import store_requests as store
from privacy.dates import add_months
from privacy.keys import email_ref

ACTIONS = ("withdraw_consent", "erasure", "rectification", "portability", "access", "objection")
STATES = ("received", "identity_pending", "proof_requested", "verified", "in_review", "extended",
          "completed", "refused")
PAUSED = {"received", "identity_pending", "proof_requested"}
CLOSED = {"completed", "refused"}
TRANSITIONS = {
    "received": {"identity_pending", "verified", "refused"},
    "identity_pending": {"verified", "proof_requested", "refused"},
    "proof_requested": {"verified", "refused"},
    "verified": {"in_review", "extended", "completed", "refused", "proof_requested"},
    "in_review": {"extended", "completed", "refused"},
    "extended": {"completed", "refused"},
    "completed": set(),
    "refused": set(),
}
MAX_EXTENSION_MONTHS = 2
MAX_OPEN_PER_DAY = 5   # per e-mail address, against mail bombing through the form
MAX_CHALLENGES = 5     # verification mails per request: bounds code guessing across resends
_COLUMNS = store.REQUEST_COLUMNS


class InvalidTransition(ValueError):
    pass


class TooManyRequests(RuntimeError):
    """message_key: the catalogue message to show."""

    def __init__(self, what: str, message_key: str = "dsr.form.too_many") -> None:
        super().__init__(what)
        self.message_key = message_key


@dataclass(frozen=True)
class Request:
    id: str
    reference: str
    subject_ref: str
    requester_email: str | None
    first_name: str | None
    last_name: str | None
    user_id: str | None
    actions: tuple[str, ...]
    message: str | None
    channel: str
    language: str
    state: str
    received_at: datetime
    verified_at: datetime | None
    paused_since: datetime | None
    paused_seconds: int
    extension_months: int
    extension_reason: str | None
    refusal_reason: str | None
    result_summary: str | None
    closed_at: datetime | None

    def deadline(self, now: datetime | None = None) -> datetime:
        return compute_deadline(self.received_at, self.paused_seconds, self.paused_since,
                                self.extension_months, now)

    def days_left(self, now: datetime | None = None) -> int:
        now = now or datetime.now(UTC)
        return (self.deadline(now).date() - now.date()).days

    def overdue(self, now: datetime | None = None) -> bool:
        return self.state not in CLOSED and self.deadline(now) < (now or datetime.now(UTC))

    @property
    def paused(self) -> bool:
        return self.paused_since is not None


def compute_deadline(received_at: datetime, paused_seconds: int, paused_since: datetime | None,
                     extension_months: int, now: datetime | None = None) -> datetime:
    """received + 1 (+ extension) calendar months + every second the clock was paused."""
    now = now or datetime.now(UTC)
    paused = paused_seconds + (max(0, int((now - paused_since).total_seconds())) if paused_since else 0)
    return add_months(received_at, 1 + extension_months) + timedelta(seconds=paused)


def new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I: read aloud on the phone
    body = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"DSR-{body[:5]}-{body[5:]}"


# -- reading ---------------------------------------------------------------------------------
def _row_to_request(row: tuple) -> Request:
    d = dict(zip(_COLUMNS, row, strict=True))
    d["id"] = str(d["id"])
    d["user_id"] = str(d["user_id"]) if d["user_id"] else None
    d["actions"] = tuple(d["actions"] or ())
    return Request(**d)


def _load(by: str, params: list) -> list[Request]:
    return [_row_to_request(r) for r in store.request_rows(by, params)]


def load(request_id: str) -> Request:
    found = _load("id", [request_id])
    if not found:
        raise KeyError(request_id)
    return found[0]


def by_reference(reference: str) -> Request | None:
    found = _load("reference", [reference.strip().upper()])
    return found[0] if found else None


def list_requests(actor: User | None, *, open_only: bool = False) -> list[Request]:
    require(actor, "dpo")
    return _load("open" if open_only else "all", [])


def public_status(reference: str) -> dict | None:
    """What anyone holding the reference may see: no personal data."""
    req = by_reference(reference)
    if req is None:
        return None
    return {"reference": req.reference, "state": req.state, "actions": req.actions,
            "received_at": req.received_at, "deadline": req.deadline(), "paused": req.paused,
            "refusal_reason": req.refusal_reason, "closed_at": req.closed_at}


# -- transitions -----------------------------------------------------------------------------
def transition(req_id: str, to: str, *, actor_id: str | None, action: str, details: dict | None = None,
               now: datetime | None = None, **fields) -> Request:
    """Move a request to state `to`, pausing or resuming the deadline clock, and audit it."""
    now = now or datetime.now(UTC)

    def decide(state: str, paused_since: datetime | None, paused_seconds: int) -> dict:
        if to != state and to not in TRANSITIONS[state]:
            raise InvalidTransition(f"{state} -> {to}")
        values = dict(fields, state=to)
        if to in PAUSED and paused_since is None:
            values["paused_since"] = now
        elif to not in PAUSED and paused_since is not None:
            values["paused_since"] = None
            values["paused_seconds"] = paused_seconds + max(0, int((now - paused_since).total_seconds()))
        if to in CLOSED:
            values["closed_at"] = now
        return values
    store.change_request(req_id, decide)
    req = load(req_id)
    audit.record(actor_id, action, req.subject_ref, {"state": to, **(details or {})},
                 request_ref=req.reference, actor_kind="staff" if actor_id else "requester")
    return req


def submit(*, first_name: str, last_name: str, email: str, actions: list[str], message: str = "",
           language: str = "fr", user: User | None = None, channel: str = "web",
           actor: User | None = None, received_at: datetime | None = None,
           identity_checked: bool = False, client_ip: str | None = None) -> Request:
    """Register a request (privacy centre form, or the DPO for mail/post/phone: actor = the DPO).

    A logged-in user asking about his own account, or a DPO who checked identity, is verified at
    once; anyone else receives a mail with a link and a code, and the request waits. Mails to
    others are limited per address (MAX_OPEN_PER_DAY) and per client (`client_ip`, the form's
    visitor: throttle.REQUEST_FORM).
    """
    email = validation.check_email(email)
    first_name = validation.clean_text(first_name, "name", required=True)
    last_name = validation.clean_text(last_name, "name", required=True)
    message = validation.clean_text(message, "message")
    actions = [a for a in ACTIONS if a in set(actions)]
    if not actions:
        raise validation.ValidationError("dsr.form.no_action")
    if actor is not None:
        require(actor, "dpo")
    ref = email_ref(email)
    recent = store.recent_requests_for(ref)
    if recent >= MAX_OPEN_PER_DAY and actor is None:
        raise TooManyRequests(email)
    received_at = received_at or datetime.now(UTC)
    own_account = user is not None and normalise_email(user.email) == email
    if actor is None and not own_account and not throttle.REQUEST_FORM.allow(client_ip):
        raise TooManyRequests("client", "dsr.form.too_many_client")
    verified_now = own_account or identity_checked   # then the clock runs from receipt, never paused
    req = load(store.add_request([new_reference(), ref, email, first_name, last_name, actions, message or None,
                                  channel, language, received_at, None if verified_now else received_at]))
    actor_id = str(actor.id) if actor else None
    audit.record(actor_id, "request.received", ref, {"actions": actions, "channel": channel},
                 request_ref=req.reference, actor_kind="staff" if actor else "requester")
    if verified_now:
        req = _mark_verified(req, actor_id=actor_id, how="session" if own_account else "dpo")
        dsr_mail.receipt(req, challenge=None)
    else:
        req = send_challenge(req)
    return req


def send_challenge(req: Request) -> Request:
    """(Re)send the verification mail; the request waits in identity_pending."""
    if req.state not in ("received", "identity_pending"):
        raise InvalidTransition(f"{req.state}: nothing to verify")
    sent = store.audit_count(req.reference, "verification.sent")
    if sent >= MAX_CHALLENGES:
        raise TooManyRequests(req.reference)
    challenge = verification.issue(req.id)
    req = transition(req.id, "identity_pending", actor_id=None, action="verification.sent")
    dsr_mail.receipt(req, challenge=challenge)
    return req


def verify(reference: str, *, token: str | None = None, code: str | None = None) -> Request | None:
    """The requester's link or code; returns the verified request, or None."""
    req = by_reference(reference)
    if req is None or req.state not in ("received", "identity_pending"):
        return None
    if not verification.check(req.id, token=token, code=code):
        audit.record(None, "verification.failed", req.subject_ref, request_ref=req.reference,
                     actor_kind="requester")
        return None
    return _mark_verified(req, actor_id=None, how="link" if token else "code")


def _mark_verified(req: Request, *, actor_id: str | None, how: str) -> Request:
    account = store.account_id_by_email(req.requester_email)
    return transition(req.id, "verified", actor_id=actor_id, action="identity.verified",
                      details={"how": how, "account_match": bool(account)},
                      verified_at=datetime.now(UTC), user_id=account)


def start_review(actor: User | None, req_id: str) -> Request:
    require(actor, "dpo")
    return transition(req_id, "in_review", actor_id=str(actor.id), action="request.review")


def extend(actor: User | None, req_id: str, months: int, reason: str,
           now: datetime | None = None) -> Request:
    """Art. 12(3): at most two more months, with reasons, told to the person within the first month."""
    require(actor, "dpo")
    req = load(req_id)
    if not reason.strip():
        raise ValueError("an extension needs a reason")
    if not 1 <= req.extension_months + months <= MAX_EXTENSION_MONTHS:
        raise ValueError("the deadline may be extended by two months at most")
    if req.extension_months == 0 and req.overdue(now):
        raise ValueError("too late: an extension must be announced before the first deadline")
    req = transition(req_id, "extended", actor_id=str(actor.id), action="request.extended",
                     details={"months": months}, now=now, extension_months=req.extension_months + months,
                     extension_reason=reason.strip())
    dsr_mail.extended(req)
    return req


def refuse(actor: User | None, req_id: str, reason: str) -> Request:
    """Art. 12(4): the reason and the right to complain to the CNIL are mailed."""
    require(actor, "dpo")
    if not reason.strip():
        raise ValueError("a refusal needs a reason")
    req = transition(req_id, "refused", actor_id=str(actor.id), action="request.refused",
                     refusal_reason=reason.strip())
    dsr_mail.refused(req)
    _forget_proofs(req)
    return req


def request_proof(actor: User | None, req_id: str, note: str) -> Request:
    """Reasonable doubt only (Art. 12(6)): ask for a proof of identity; the clock pauses."""
    require(actor, "dpo")
    if not note.strip():
        raise ValueError("say why the identity is in doubt")
    req = transition(req_id, "proof_requested", actor_id=str(actor.id), action="identity.proof_requested")
    # the note itself is mailed, not kept in the audit trail: it may describe the person
    dsr_mail.proof_requested(req, note.strip())
    return req


def confirm_identity(actor: User | None, req_id: str) -> Request:
    """The DPO is satisfied: the proof is deleted at once."""
    require(actor, "dpo")
    req = _mark_verified(load(req_id), actor_id=str(actor.id), how="proof")
    _forget_proofs(req)
    return req


def _forget_proofs(req: Request) -> None:
    n = identity_docs.delete_for_request(req.id)
    if n:
        audit.record(None, "identity.proof_deleted", req.subject_ref, {"files": n}, request_ref=req.reference)
