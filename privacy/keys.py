"""Keyed hashes and encryption keys, derived from secrets kept under APP_DATA_DIR/secrets.

A keyed hash (HMAC) rather than a plain hash: an e-mail address is guessable, so a plain SHA-256
of it would still identify the person to anyone holding a list of addresses.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet

from config.secrets import get_secret
from mail.address import normalise_email

_SUBJECT_SECRET = "privacy_subject_key"  # noqa: S105 (a file name, not a secret)
_FERNET_SECRET = "privacy_file_key"  # noqa: S105


def keyed_hash(kind: str, value: str) -> str:
    key = get_secret(_SUBJECT_SECRET).encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def email_ref(email: str) -> str:
    """The pseudonymous reference of a person known by e-mail (audit trail, journal)."""
    return keyed_hash("email", normalise_email(email))


def user_ref(user_id: str) -> str:
    return keyed_hash("user", str(user_id))


def token_hash(token: str) -> str:
    """Hash of a one-time token or code: keyed, so a stolen table cannot be brute-forced offline."""
    return keyed_hash("token", token.strip())


def fernet() -> Fernet:
    """The key that encrypts files kept outside the database (identity proofs, archive, packages)."""
    raw = hashlib.sha256(get_secret(_FERNET_SECRET).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(raw))
