"""The breach register (GDPR Art. 33-34): every incident, its risk assessment and notifications.

Path decided by the risk assessment:
  none       registered only (Art. 33(5));
  risk       the CNIL must be notified within 72 h of awareness (Art. 33(1)); a late notification
             states its reasons;
  high       also tell the affected people without undue delay (Art. 34(1)); our policy promises
             72 h as well. Mails carry the Art. 34(2) contents.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import mail
from accounts import User, require
from config.organisation import get_organisation
from i18n import format_date, t
from mail.address import normalise_email
from privacy import audit
from privacy import store_breaches as store
from privacy.store_breaches import EDITABLE, FIELDS

RISK_LEVELS = ("unassessed", "none", "risk", "high")
NOTIFY_WITHIN = timedelta(hours=72)


@dataclass(frozen=True)
class Breach:
    id: str
    title: str
    occurred_at: datetime
    aware_at: datetime
    nature: str
    categories_people: str
    approx_people: int
    categories_records: str
    approx_records: int
    consequences: str
    measures: str
    risk_level: str
    risk_reasoning: str
    cnil_notified_at: datetime | None
    cnil_reference: str
    late_reason: str
    persons_notified_at: datetime | None
    persons_notified: int
    created_by: str | None
    created_at: datetime

    @property
    def cnil_required(self) -> bool:
        return self.risk_level in ("risk", "high")

    @property
    def persons_required(self) -> bool:
        return self.risk_level == "high"

    @property
    def deadline(self) -> datetime:
        """72 hours from awareness: the CNIL's, and our promise to the people."""
        return self.aware_at + NOTIFY_WITHIN

    def hours_left(self, now: datetime | None = None) -> float:
        return (self.deadline - (now or datetime.now(UTC))).total_seconds() / 3600

    def pending_actions(self) -> list[str]:
        out = []
        if self.risk_level == "unassessed":
            out.append("assess")
        if self.cnil_required and not self.cnil_notified_at:
            out.append("notify_cnil")
        if self.persons_required and not self.persons_notified_at:
            out.append("notify_persons")
        return out


def _load(breach_id: str | None = None) -> list[Breach]:
    out = []
    for r in store.breach_rows(breach_id):
        d = dict(zip(FIELDS, r, strict=True))
        d["id"] = str(d["id"])
        d["created_by"] = str(d["created_by"]) if d["created_by"] else None
        out.append(Breach(**d))
    return out


def list_breaches(actor: User | None) -> list[Breach]:
    require(actor, "staff")
    return _load()


def get(actor: User | None, breach_id: str) -> Breach:
    require(actor, "staff")
    found = _load(breach_id)
    if not found:
        raise KeyError(breach_id)
    return found[0]


def record(actor: User | None, **fields) -> Breach:
    """Register an incident (any staff member). aware_at defaults to now."""
    require(actor, "staff")
    values = {k: v for k, v in fields.items() if k in EDITABLE}
    if not str(values.get("title", "")).strip() or not str(values.get("nature", "")).strip():
        raise ValueError("title and nature are required")
    values.setdefault("aware_at", datetime.now(UTC))
    values.setdefault("occurred_at", values["aware_at"])
    if values["occurred_at"] > values["aware_at"]:
        raise ValueError("a breach cannot be discovered before it happened")
    breach_id = store.add_breach(values, actor.id)
    audit.record(str(actor.id), "breach.recorded", None, {"breach": breach_id})
    return get(actor, breach_id)


def update(actor: User | None, breach_id: str, **fields) -> Breach:
    require(actor, "staff")
    values = {k: v for k, v in fields.items() if k in EDITABLE}
    if values:
        store.update_breach(breach_id, values)
    return get(actor, breach_id)


def assess(actor: User | None, breach_id: str, level: str, reasoning: str) -> Breach:
    """The risk assessment decides the path; the reasoning is recorded (Art. 33(5))."""
    require(actor, "dpo")
    if level not in RISK_LEVELS[1:] or not reasoning.strip():
        raise ValueError("choose none, risk or high, and give the reasoning")
    store.set_assessment(breach_id, level, reasoning.strip())
    audit.record(str(actor.id), "breach.assessed", None, {"breach": breach_id, "level": level})
    return get(actor, breach_id)


def cnil_notification(breach: Breach, lang: str = "fr") -> str:
    """Pre-filled text with the Art. 33(3) contents, for the CNIL's online notification service."""
    org = get_organisation()
    info = org.raw.get("organisation", {})
    return t("dsr.breach.cnil_text", lang, organisation=org.name, dpo_name=info.get("dpo_name", ""),
             dpo_email=info.get("dpo_email", ""), title=breach.title,
             occurred=format_date(breach.occurred_at, lang, True), aware=format_date(breach.aware_at, lang, True),
             nature=breach.nature, categories_people=breach.categories_people or "-",
             approx_people=breach.approx_people, categories_records=breach.categories_records or "-",
             approx_records=breach.approx_records, consequences=breach.consequences or "-",
             measures=breach.measures or "-")


def mark_cnil_notified(actor: User | None, breach_id: str, reference: str, late_reason: str = "",
                       now: datetime | None = None) -> Breach:
    require(actor, "dpo")
    now = now or datetime.now(UTC)
    breach = get(actor, breach_id)
    if now > breach.deadline and not late_reason.strip():
        raise ValueError("notified after 72 hours: Art. 33(1) requires the reasons for the delay")
    store.set_cnil_notified(breach_id, now, reference.strip(), late_reason.strip())
    audit.record(str(actor.id), "breach.cnil_notified", None, {"breach": breach_id})
    return get(actor, breach_id)


def person_mail(breach: Breach, lang: str) -> tuple[str, str]:
    """Subject and body with the Art. 34(2) contents, in clear language."""
    info = get_organisation().raw.get("organisation", {})
    body = t("dsr.breach.person_body", lang, organisation=get_organisation().name, nature=breach.nature,
             dpo_email=info.get("dpo_email", ""), consequences=breach.consequences or "-",
             measures=breach.measures or "-")
    return t("dsr.breach.person_subject", lang), body


def notify_persons(actor: User | None, breach_id: str, user_ids: list[str] | None = None,
                   now: datetime | None = None) -> int:
    """Mail the affected accounts (all accounts when user_ids is None) and record when."""
    require(actor, "dpo")
    breach = get(actor, breach_id)
    now = now or datetime.now(UTC)
    rows = store.accounts_to_notify(user_ids)
    if not rows:  # nobody matched: the duty to inform is not done, say so instead of recording it
        raise ValueError("no account matches the addresses given")
    for uid, email, lang in rows:
        subject, body = person_mail(breach, lang)
        mail.send(email, subject, body, kind="breach", lang=lang)
        store.record_person_notified(breach_id, uid, now)
    store.count_persons_notified(breach_id, now, len(rows))
    audit.record(str(actor.id), "breach.persons_notified", None, {"breach": breach_id, "mails": len(rows)})
    return len(rows)


def user_ids_for(emails: list[str]) -> list[str]:
    """Account ids of the listed addresses (unknown addresses are ignored)."""
    clean = [normalise_email(e) for e in emails if e.strip()]
    if not clean:
        return []
    return store.account_ids_by_emails(clean)
