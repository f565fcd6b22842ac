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
from urllib.parse import quote

from cryptography.fernet import Fernet, InvalidToken

from accounts import User, get_user_by_email
from config.secrets import get_secret
from config.settings import get_settings
from i18n import t
from storage import get_db

OPTIONAL_KINDS = ("news",)  # opt-in mailings a person may subscribe to
ALL = "all"                  # an objection to every optional mailing
TRANSACTIONAL_KINDS = ("account", "request", "breach", "retention")
_SECRET = "unsubscribe_key"  # noqa: S105 (the name of the secret, not its value)


class UnsubscribeError(ValueError):
    """The token is not one of ours (tampered or truncated)."""


def _normalise(email: str) -> str:
    return (email or "").strip().lower()


def _fernet() -> Fernet:
    key = hashlib.sha256(get_secret(_SECRET).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def unsubscribe_token(email: str) -> str:
    """A token that names the address without showing it; it does not expire (links in old mails)."""
    return _fernet().encrypt(_normalise(email).encode()).decode()


def email_of_token(token: str) -> str:
    try:
        return _fernet().decrypt((token or "").strip().encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise UnsubscribeError("invalid unsubscribe token") from exc


def unsubscribe_url(email: str) -> str:
    """Account holders land on their account page, others on the public privacy centre."""
    page = "account" if get_user_by_email(_normalise(email)) is not None else "privacy_centre"
    base = get_settings().APP_BASE_URL.rstrip("/")
    return f"{base}/{page}?unsubscribe={quote(unsubscribe_token(email), safe='')}"


def list_unsubscribe_headers(email: str) -> dict[str, str]:
    """RFC 8058 headers: mail clients show their own "unsubscribe" button, which POSTs to our route."""
    base = get_settings().APP_BASE_URL.rstrip("/")
    return {"List-Unsubscribe": f"<{base}/api/unsubscribe?token={quote(unsubscribe_token(email), safe='')}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


async def unsubscribe_endpoint(request):  # starlette Request -> Response (POST /api/unsubscribe)
    """One-click unsubscribe from a mail client (RFC 8058); answers without revealing the address."""
    from anyio import to_thread
    from starlette.responses import Response

    try:
        await to_thread.run_sync(unsubscribe, request.query_params.get("token", ""))
    except UnsubscribeError:
        return Response("invalid token\n", status_code=400, media_type="text/plain")
    return Response("unsubscribed\n", media_type="text/plain")


def footer(email: str, lang: str) -> str:
    """The plain-text footer of every mail, with the one-click link."""
    return t("privacy.mail.footer", lang, url=unsubscribe_url(email))


def _set(cur, email: str, kind: str, subscribed: bool, source: str) -> None:
    cur.execute(
        "INSERT INTO mail_subscriptions (email, kind, subscribed, source, updated_at) "
        "VALUES (?, ?, ?, ?, now()) ON CONFLICT (email, kind) DO UPDATE SET "
        "subscribed = excluded.subscribed, source = excluded.source, updated_at = excluded.updated_at",
        [email, kind, subscribed, source])


def unsubscribe(token: str) -> str:
    """One click: object to every optional mailing. Returns the address (raises UnsubscribeError)."""
    email = email_of_token(token)

    def change(cur) -> None:
        for kind in OPTIONAL_KINDS:
            _set(cur, email, kind, False, "link")
        _set(cur, email, ALL, False, "link")
    get_db().write(change)
    return email


def set_subscription(actor: User | None, kind: str, subscribed: bool) -> None:
    """The logged-in person's own choice, from their account page."""
    if actor is None:
        raise PermissionError("user")
    if kind not in OPTIONAL_KINDS:
        raise ValueError(f"not an optional mailing: {kind!r}")
    email = _normalise(actor.email)

    def change(cur) -> None:
        _set(cur, email, kind, subscribed, "account")
        if subscribed:  # a new explicit opt-in lifts an earlier objection to every mailing
            cur.execute("DELETE FROM mail_subscriptions WHERE email = ? AND kind = ?", [email, ALL])
    get_db().write(change)


def subscriptions(email: str) -> dict[str, bool]:
    """{kind: subscribed} for every optional kind (False when never subscribed)."""
    rows = dict(get_db().query("SELECT kind, subscribed FROM mail_subscriptions WHERE email = ?",
                               [_normalise(email)]))
    objected = rows.get(ALL) is False
    return {kind: bool(rows.get(kind)) and not objected for kind in OPTIONAL_KINDS}


def is_unsubscribed(email: str, kind: str) -> bool:
    """True when a mail of `kind` must not be sent to `email`.

    Transactional kinds: never. Opt-in kinds: unless subscribed. Any other kind: when the person
    objected to all optional mailings.
    """
    if kind in TRANSACTIONAL_KINDS:
        return False
    rows = dict(get_db().query("SELECT kind, subscribed FROM mail_subscriptions WHERE email = ?",
                               [_normalise(email)]))
    if rows.get(ALL) is False:
        return True
    if kind in OPTIONAL_KINDS:
        return not rows.get(kind, False)
    return False
