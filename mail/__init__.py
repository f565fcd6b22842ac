"""The one place that sends mail.

With SMTP_HOST set, mails go through that server; without it they are kept in the mail_outbox
table, readable by admins, so that the demo works offline. Every mail carries the unsubscribe
footer of mail.subscriptions; mails of optional kinds carry the one-click List-Unsubscribe headers
and are not sent to addresses that objected.
"""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from typing import TYPE_CHECKING

from config.settings import get_settings
from mail import store
from mail import subscriptions as mailing

if TYPE_CHECKING:  # accounts sends mail: mail does not import it at run time
    from accounts.model import User

log = logging.getLogger(__name__)
# Mails a person cannot object to (they answer something the person asked for or that the law requires).
TRANSACTIONAL_KINDS = mailing.TRANSACTIONAL_KINDS


class MailError(RuntimeError):
    pass


def send(to: str, subject: str, body: str, *, kind: str, lang: str = "fr") -> bool:
    """Send (or keep in the outbox) one mail; returns False when skipped because of an objection."""
    optional = kind not in TRANSACTIONAL_KINDS
    if optional and mailing.is_unsubscribed(to, kind):
        return False
    body = body.rstrip() + "\n\n-- \n" + mailing.footer(to, lang)
    settings = get_settings()
    if not settings.SMTP_HOST:
        store.add_to_outbox(to, subject, body, kind)
        return True
    msg = EmailMessage()
    msg["From"] = settings.MAIL_FROM
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain=settings.MAIL_FROM.split("@")[-1])
    if optional:  # mail clients show their own one-click unsubscribe button (RFC 8058)
        for name, value in mailing.list_unsubscribe_headers(to).items():
            msg[name] = value
    msg.set_content(body)
    try:
        with smtplib.SMTP(settings.SMTP_HOST, settings.SMTP_PORT, timeout=20) as smtp:
            if settings.SMTP_STARTTLS:
                smtp.starttls()
            if settings.SMTP_USER:
                smtp.login(settings.SMTP_USER, settings.SMTP_PASSWORD)
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("mail of kind %s could not be sent: %s", kind, type(exc).__name__)
        raise MailError(kind) from exc
    return True


def outbox(actor: User | None, limit: int = 200) -> list[tuple]:
    """The kept mails, newest first: admins only."""
    if actor is None or not actor.has("admin"):
        raise PermissionError("admin")  # accounts.model.require's check, without importing accounts
    return store.latest_outbox(limit)
