"""The mails of a data-subject request, in the requester's language (i18n/messages/dsr.json)."""
from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

import mail
from config.organisation import get_organisation
from config.settings import get_settings
from i18n import format_date, t
from privacy.periods import period

if TYPE_CHECKING:
    from privacy.requests import Request
    from privacy.verification import Challenge

CNIL_COMPLAINT_URL = "https://www.cnil.fr/fr/plaintes"


def centre_link(**params: str) -> str:
    return f"{get_settings().APP_BASE_URL.rstrip('/')}/privacy_centre?{urlencode(params)}"


def _send(req: Request, key: str, **kw) -> None:
    if not req.requester_email:
        return   # erased: nobody to write to
    lang = req.language
    org = get_organisation()
    body = t(f"dsr.mail.{key}.body", lang, reference=req.reference, name=req.first_name or "",
             organisation=org.name, dpo_email=org.raw.get("organisation", {}).get("dpo_email", ""),
             status_link=centre_link(ref=req.reference), **kw)
    mail.send(req.requester_email, t(f"dsr.mail.{key}.subject", lang, reference=req.reference), body,
              kind="request", lang=lang)   # transactional: sent even to people who objected to mailings


def _actions(req: Request) -> str:
    return ", ".join(t(f"dsr.action.{a}", req.language) for a in req.actions)


def receipt(req: Request, challenge: Challenge | None) -> None:
    """Step 1: the reference, and the link and code when the e-mail must be verified."""
    deadline = format_date(req.deadline().date(), req.language)
    if challenge is None:
        _send(req, "receipt_verified", actions=_actions(req), deadline=deadline)
    else:
        _send(req, "receipt", actions=_actions(req), code=challenge.code, hours=period("dsr_verification_hours"),
              verify_link=centre_link(verify=challenge.token, ref=req.reference))


def extended(req: Request) -> None:
    _send(req, "extended", reason=req.extension_reason or "",
          deadline=format_date(req.deadline().date(), req.language))


def refused(req: Request) -> None:
    _send(req, "refused", reason=req.refusal_reason or "", cnil=CNIL_COMPLAINT_URL)


def proof_requested(req: Request, note: str) -> None:
    _send(req, "proof", note=note)


def result(req: Request, summary: str, download_link: str | None = None) -> None:
    extra = (t("dsr.mail.result.download", req.language, link=download_link, days=period("dsr_download_days"))
             if download_link else "")
    _send(req, "result", summary=summary, download=extra, cnil=CNIL_COMPLAINT_URL)
