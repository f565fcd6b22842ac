"""Keyed hashes and encryption keys, derived from secrets kept under APP_DATA_DIR/secrets (the
file key: from the environment when APP_ENCRYPTION_KEY is set).

A keyed hash (HMAC) rather than a plain hash: an e-mail address is guessable, so a plain SHA-256
of it would still identify the person to anyone holding a list of addresses.
"""
from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet

from config.secrets import get_secret, secret_dir
from config.settings import get_settings
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


def fernet() -> MultiFernet:
    """The key that encrypts files kept outside the database (identity proofs, archive, packages):
    from the environment (APP_ENCRYPTION_KEY), so that a copy of the data directory alone cannot
    be read, else generated under data/secrets/. With the setting, files written before it under
    the generated key stay readable (MultiFernet decrypts with either)."""
    return MultiFernet([Fernet(base64.urlsafe_b64encode(digest)) for digest in _file_secrets()])


def backup_keys() -> list[bytes]:
    """AES-256 keys of the backups (privacy.backup), derived from the same secret: the first
    encrypts, every one may decrypt."""
    return [hmac.new(digest, b"backup", hashlib.sha256).digest() for digest in _file_secrets()]


def _file_secrets() -> list[bytes]:
    configured = get_settings().APP_ENCRYPTION_KEY
    secrets = [configured] if configured else []
    if not configured or (secret_dir() / _FERNET_SECRET).exists():  # never create it once the setting is used
        secrets.append(get_secret(_FERNET_SECRET))
    return [hashlib.sha256(secret.encode()).digest() for secret in secrets]
