"""The one normalisation of an e-mail address: how every table stores and looks one up."""
from __future__ import annotations


def normalise_email(raw: str | None) -> str:
    """Trimmed and lower-cased; no validation (accounts.validation.check_email validates)."""
    return (raw or "").strip().lower()
