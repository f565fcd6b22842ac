"""Input rules for account fields. Errors carry a message key, translated by the caller."""
from __future__ import annotations

import re
import unicodedata

from mail.address import normalise_email

# A practical address check (RFC 5322 is far wider than what mail servers accept in practice).
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_BYTES = 72  # bcrypt ignores (5.0: refuses) anything longer
TEXT_MAX = {"name": 100, "company": 200, "message": 5000, "topic": 50}


class ValidationError(ValueError):
    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def check_email(raw: str) -> str:
    """The address, normalised (mail.address.normalise_email); ValidationError if it is not one."""
    email = normalise_email(raw)
    if len(email) > 254 or not _EMAIL.match(email):
        raise ValidationError("core.error.email_invalid")
    return email


def check_password(password: str) -> str:
    if password != password.strip():
        raise ValidationError("core.error.password_spaces")
    if len(password) < PASSWORD_MIN_CHARS:
        raise ValidationError("core.error.password_short", min=PASSWORD_MIN_CHARS)
    if len(password.encode("utf-8")) > PASSWORD_MAX_BYTES:
        raise ValidationError("core.error.password_long", max=PASSWORD_MAX_BYTES)
    if len(set(password)) < 4:
        raise ValidationError("core.error.password_weak")
    return password


def check_siren(raw: str) -> str:
    """Empty, or 9 digits passing the Luhn checksum (INSEE rule)."""
    siren = re.sub(r"\s", "", raw or "")
    if not siren:
        return ""
    if not re.fullmatch(r"\d{9}", siren) or not luhn_ok(siren):
        raise ValidationError("core.error.siren_invalid")
    return siren


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def clean_text(raw: str, kind: str, *, required: bool = False) -> str:
    """Trim, drop control characters, enforce the length limit for that kind of field."""
    text = "".join(ch for ch in (raw or "") if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
    if required and not text:
        raise ValidationError("core.error.required")
    if len(text) > TEXT_MAX[kind]:
        raise ValidationError("core.error.too_long", max=TEXT_MAX[kind])
    return text
