"""Retention periods of the request desk, read from [retention] of privacy/organisation.toml.

The file (and so the policy text, which lists every [retention] key) is the source. DEFAULTS
apply only while a key is absent from the file, so the code never runs without a period.
"""
from __future__ import annotations

from config.organisation import get_organisation

DEFAULTS = {
    "dsr_verification_hours": 24,   # life of the mailed verification link and code
    "dsr_download_days": 7,         # life of the mailed access-package link
    "dsr_records_years": 5,         # closed requests and their audit trail (limitation period)
    "backup_days": 30,              # the app's backups (privacy.backup)
}


def period(key: str) -> int:
    """A [retention] value by name: the organisation file first, then DEFAULTS."""
    found = get_organisation().retention_periods().get(key)
    if found is not None:
        return int(found[0])
    if hasattr(get_organisation().retention, key):
        return int(getattr(get_organisation().retention, key))
    return DEFAULTS[key]
