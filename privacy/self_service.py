""""My account": the person exercises their rights without writing to anyone.

Rectification goes to the audit trail; deletion of the account needs a confirmation checked here
(the password, or a code mailed to the account's address), not only in the page, and then runs
the same erasure service as the DPO desk (privacy.erasure.erase_person).
"""
from __future__ import annotations

from datetime import timedelta

from accounts import PermissionDenied, User, registration, tokens
from accounts.users import update_profile
from accounts.validation import ValidationError, check_siren, clean_text
from i18n import LANGUAGES, t
from mail import send
from privacy import audit
from privacy.erasure import ErasureResult, erase_person
from privacy.keys import email_ref

DELETION_PURPOSE = "erase_account"
DELETION_CODE_MINUTES = 15


class ConfirmationError(PermissionDenied):
    """Wrong password or code: nothing was erased."""


def rectify(actor: User | None, *, first_name: str, last_name: str, company: str, siren: str,
            language: str) -> list[str]:
    """Update the person's own details; returns the names of the fields changed (audited, no values)."""
    if actor is None:
        raise PermissionDenied("login required")
    if language not in LANGUAGES:
        raise ValidationError("core.error.required")
    changed = update_profile(actor, first_name=clean_text(first_name, "name"),
                             last_name=clean_text(last_name, "name"), company=clean_text(company, "company"),
                             siren=check_siren(siren), language=language)
    if changed:
        # actor_id None: the trail stays pseudonymous (subject_ref only), even after an erasure.
        audit.record(None, "self.rectification", email_ref(actor.email), {"fields": sorted(changed)},
                     actor_kind="requester")
    return sorted(changed)


def send_deletion_code(actor: User | None, lang: str) -> None:
    """Mail a single-use code to the account's own address (only its hash is stored)."""
    if actor is None:
        raise PermissionDenied("login required")
    code = tokens.issue_token(actor.id, DELETION_PURPOSE, timedelta(minutes=DELETION_CODE_MINUTES))
    send(actor.email, t("privacy.account.code_mail_subject", lang),
         t("privacy.account.code_mail_body", lang, code=code, minutes=DELETION_CODE_MINUTES), kind="account",
         lang=lang)


def delete_own_account(actor: User | None, *, password: str | None = None, code: str | None = None
                       ) -> ErasureResult:
    """Erase the actor's account and content once the password or the mailed code is confirmed."""
    if actor is None:
        raise PermissionDenied("login required")
    if password:
        confirmed = registration.check_login_password(actor, password)  # throttled like the login
    elif code:
        try:
            confirmed = tokens.consume_token(code.strip(), DELETION_PURPOSE) == str(actor.id)
        except tokens.TokenError:
            confirmed = False
    else:
        confirmed = False
    if not confirmed:
        audit.record(None, "self.erasure_refused", email_ref(actor.email),
                     {"method": "password" if password else "code"}, actor_kind="requester")
        raise ConfirmationError("confirmation failed")
    return erase_person(actor, user_id=actor.id, reason="self-service: account deleted by its holder")
