"""Objection to mailings (GDPR Art. 21): subscriptions, one-click unsubscribe, the mail footer.

`mail.send` appends `footer()` to every mail and skips a mail of an optional kind when
`is_unsubscribed()` says so. Optional kinds are opt-in (e.g. "news"): nothing is sent before the
person subscribed. Kind "all" records an objection to every optional mailing at once, which is
what the one-click link does. Transactional mails (account, requests, breach notices) are not
optional and are never skipped.

The unsubscribe token encrypts the address (Fernet, key from config.secrets), so the link works
without an account and without any lookup table, and does not show the address in the URL.
"""
from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING
from urllib.parse import quote

from cryptography.fernet import Fernet, InvalidToken

from config.secrets import get_secret
from config.settings import get_settings
from i18n import t
from mail import store
from mail.address import normalise_email

if TYPE_CHECKING:  # accounts sends mail: mail does not import it at run time
    from accounts import User

OPTIONAL_KINDS = ("news",)  # opt-in mailings a person may subscribe to
ALL = "all"                  # an objection to every optional mailing
# Mails a person cannot object to: they answer something the person asked for or that the law requires.
TRANSACTIONAL_KINDS = ("account", "request", "breach", "retention")
_SECRET = "unsubscribe_key"  # noqa: S105 (the name of the secret, not its value)


class UnsubscribeError(ValueError):
    """The token is not one of ours (tampered or truncated)."""


def _fernet() -> Fernet:
    key = hashlib.sha256(get_secret(_SECRET).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def unsubscribe_token(email: str) -> str:
    """A token that names the address without showing it; it does not expire (links in old mails)."""
    return _fernet().encrypt(normalise_email(email).encode()).decode()


def email_of_token(token: str) -> str:
    try:
        return _fernet().decrypt((token or "").strip().encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise UnsubscribeError("invalid unsubscribe token") from exc


def unsubscribe_url(email: str) -> str:
    """Account holders land on their account page, others on the public privacy centre."""
    page = "account" if store.has_account(normalise_email(email)) else "privacy_centre"
    base = get_settings().APP_BASE_URL.rstrip("/")
    return f"{base}/{page}?unsubscribe={quote(unsubscribe_token(email), safe='')}"


def list_unsubscribe_headers(email: str) -> dict[str, str]:
    """RFC 8058 headers: mail clients show their own "unsubscribe" button, which POSTs to our route."""
    base = get_settings().APP_BASE_URL.rstrip("/")
    return {"List-Unsubscribe": f"<{base}/api/unsubscribe?token={quote(unsubscribe_token(email), safe='')}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def footer(email: str, lang: str) -> str:
    """The plain-text footer of every mail, with the one-click link."""
    return t("privacy.mail.footer", lang, url=unsubscribe_url(email))


def unsubscribe(token: str) -> str:
    """One click: object to every optional mailing. Returns the address (raises UnsubscribeError)."""
    email = email_of_token(token)
    store.set_subscriptions(email, {**dict.fromkeys(OPTIONAL_KINDS, False), ALL: False}, "link")
    return email


def set_subscription(actor: User | None, kind: str, subscribed: bool) -> None:
    """The logged-in person's own choice, from their account page."""
    if actor is None:
        raise PermissionError("user")
    if kind not in OPTIONAL_KINDS:
        raise ValueError(f"not an optional mailing: {kind!r}")
    # a new explicit opt-in lifts an earlier objection to every mailing
    store.set_subscriptions(normalise_email(actor.email), {kind: subscribed}, "account",
                            drop=(ALL,) if subscribed else ())


def subscriptions(email: str) -> dict[str, bool]:
    """{kind: subscribed} for every optional kind (False when never subscribed)."""
    rows = store.subscription_rows(normalise_email(email))
    objected = rows.get(ALL) is False
    return {kind: bool(rows.get(kind)) and not objected for kind in OPTIONAL_KINDS}


def is_unsubscribed(email: str, kind: str) -> bool:
    """True when a mail of `kind` must not be sent to `email`.

    Transactional kinds: never. Opt-in kinds: unless subscribed. Any other kind: when the person
    objected to all optional mailings.
    """
    if kind in TRANSACTIONAL_KINDS:
        return False
    rows = store.subscription_rows(normalise_email(email))
    if rows.get(ALL) is False:
        return True
    if kind in OPTIONAL_KINDS:
        return not rows.get(kind, False)
    return False
