"""One click on the DPO desk runs a verified request, then mails the result to the requester.

Order matters: access runs before erasure (the package documents what was erased, and survives
it for its few days of validity); erasure runs last, through the one erasure service.
"""
from __future__ import annotations

from accounts import User, get_user, require, validation
from accounts import store as accounts_store
from i18n import LANGUAGES, t
from mail import subscriptions as mailing
from privacy import audit, consent, dsr_mail, export, policy
from privacy import store_requests as store
from privacy.erasure import erase_person
from privacy.periods import period
from privacy.requests import Request, load, transition

RECTIFIABLE = ("first_name", "last_name", "company", "siren", "language")
READY = {"verified", "in_review", "extended"}


class NotReady(ValueError):
    pass


def fulfil(actor: User | None, req_id: str, *, rectification: dict[str, str] | None = None) -> Request:
    """Run every action of the request; completed when all succeeded (else it stays open, audited)."""
    require(actor, "dpo")
    req = load(req_id)
    if req.state not in READY:
        raise NotReady(req.state)
    actor_id = str(actor.id)
    lang = req.language
    lines: list[str] = []
    link = None
    try:
        if "access" in req.actions or "portability" in req.actions:
            data = export.build_package_for(actor, user_id=req.user_id, email=req.requester_email, lang=lang)
            token = export.store_package(req.id, data)
            link = dsr_mail.centre_link(download=token, ref=req.reference)
            _step(req, actor_id, "fulfil.access", {"bytes": len(data)})
            lines.append(t("dsr.result.access", lang, days=period("dsr_download_days")))
        if "rectification" in req.actions:
            changed = rectify(actor, req, rectification or {})
            lines.append(t("dsr.result.rectification", lang, fields=", ".join(changed) or "-"))
        if "withdraw_consent" in req.actions:
            n = withdraw_consents(req, categories=None)
            _step(req, actor_id, "fulfil.withdraw_consent", {"consents": n})
            lines.append(t("dsr.result.withdraw_consent", lang))
        if "objection" in req.actions:
            n = withdraw_consents(req, categories=("audience",))
            _step(req, actor_id, "fulfil.objection", {"consents": n})
            lines.append(t("dsr.result.objection", lang))
    except Exception as exc:
        audit.record(actor_id, "fulfil.failed", req.subject_ref, {"error": type(exc).__name__},
                     request_ref=req.reference)
        raise
    if "erasure" in req.actions:
        # The result mail goes first, while we still know the address; if it cannot be sent nothing is
        # erased yet and the DPO retries. Its copy in the local outbox is erased with the rest.
        lines.append(t("dsr.result.erasure", lang))
        dsr_mail.result(req, "\n".join(f"- {line}" for line in lines), link)
        erase_person(actor, user_id=req.user_id, email=req.requester_email, reason=f"request {req.reference}",
                     keep_request_id=req.id)
        return transition(req.id, "completed", actor_id=actor_id, action="request.completed",
                          result_summary=",".join(req.actions))
    summary = "\n".join(f"- {line}" for line in lines)
    done = transition(req.id, "completed", actor_id=actor_id, action="request.completed",
                      result_summary=",".join(req.actions))
    dsr_mail.result(done, summary, link)
    return done


def _step(req: Request, actor_id: str, action: str, details: dict) -> None:
    audit.record(actor_id, action, req.subject_ref, details, request_ref=req.reference)


def rectify(actor: User, req: Request, fields: dict[str, str]) -> list[str]:
    """Apply the corrected fields to the account (only fields the law lets the person correct)."""
    require(actor, "dpo")
    clean = {k: str(v).strip() for k, v in fields.items() if k in RECTIFIABLE and v is not None}
    for key in ("first_name", "last_name"):
        if key in clean:
            clean[key] = validation.clean_text(clean[key], "name")
    if "company" in clean:
        clean["company"] = validation.clean_text(clean["company"], "company")
    if "siren" in clean:
        clean["siren"] = validation.check_siren(clean["siren"])
    if "language" in clean and clean["language"] not in LANGUAGES:
        raise validation.ValidationError("dsr.form.bad_language")
    if not clean:
        return []
    if not req.user_id:
        raise NotReady("no account matches this request: nothing to rectify")
    account = get_user(req.user_id)
    if account is not None:   # RECTIFIABLE are the profile's fields: the others keep their values
        accounts_store.set_profile(req.user_id, **({k: getattr(account, k) for k in RECTIFIABLE} | clean))
    _step(req, str(actor.id), "fulfil.rectification", {"fields": sorted(clean)})   # names only, no values
    return sorted(clean)


def withdraw_consents(req: Request, categories: tuple[str, ...] | None) -> int:
    """Record a withdrawal for every browser choice linked to the account, and stop optional mailings.

    categories None = every optional category (withdrawal); ("audience",) = objection to measurement.
    """
    n = 0
    if req.user_id:
        rows = store.latest_consents_of(req.user_id)
        import json
        for consent_id, decisions in rows:
            current = consent.normalise(json.loads(decisions))
            new = consent.all_refused() if categories is None else {
                k: (False if k in categories else v) for k, v in current.items()}
            consent.record_consent(consent_id, new, "withdraw", policy.current_version(),
                                   f"data-subject request {req.reference}", None, None, req.user_id)
            n += 1
    if req.requester_email:
        mailing.unsubscribe(mailing.unsubscribe_token(req.requester_email))
    return n
