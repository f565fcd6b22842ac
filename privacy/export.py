"""The personal-data package (access, portability): one ZIP used by "My account" and the DPO desk.

Inside: data.json (every table of the personal-data map, the person's rows), one CSV per table,
and README.md with the processing information Art. 15(1) requires (purposes, retention, rights).
For a request, the package is kept encrypted under APP_DATA_DIR/exports and reached through a
short-lived single-purpose link; only the hash of the link token is stored.
"""
from __future__ import annotations

import csv
import io
import json
import secrets
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from accounts import PermissionDenied, User
from config.settings import get_settings
from privacy import store_requests as store
from privacy.export_readme import readme
from privacy.keys import fernet, token_hash
from privacy.periods import period
from privacy.store_datamap import export_rows, match_sql, present_entries
from storage import Database
from storage.csvsafe import spreadsheet_safe


def collect(*, user_id: str | None = None, email: str | None = None) -> dict[str, list[dict]]:
    """The person's rows per table (export columns only)."""
    if user_id and not email:
        email = store.account_email(user_id, lower=False)
    out: dict[str, list[dict]] = {}
    for entry in present_entries():
        if not entry.export_columns:
            continue
        where, params = match_sql(entry, [str(user_id)] if user_id else [], [email] if email else [])
        if where == "FALSE":
            continue
        out[entry.table] = export_rows(entry, where, params)
    return out


def build_export_zip(actor: User | None, user_id: str) -> bytes:
    """The account holder's package; the person himself or the DPO."""
    _check(actor, user_id)
    return package_bytes(collect(user_id=user_id), _language(user_id))


def build_package_for(actor: User | None, *, user_id: str | None, email: str | None, lang: str = "fr") -> bytes:
    """DPO desk: a requester known by account or only by e-mail (contact form, mails)."""
    _check(actor, user_id)
    return package_bytes(collect(user_id=user_id, email=email), lang)


def _language(user_id: str) -> str:
    return store.account_language(user_id) or "fr"


def package_bytes(data: dict[str, list[dict]], lang: str = "fr") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        for table, rows in data.items():
            zf.writestr(f"csv/{table}.csv", _csv(rows))
        zf.writestr("README.md", readme(data, lang))
    return buf.getvalue()


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: json.dumps(v, default=str) if isinstance(v, list | dict) else spreadsheet_safe(v)
                             for k, v in row.items()})
    return out.getvalue()


def _check(actor: User | None, user_id: str | None) -> None:
    if actor is None:
        raise PermissionDenied("login required")
    if not (actor.has("dpo") or (user_id and str(actor.id) == str(user_id))):
        raise PermissionDenied("only the person or the DPO may export personal data")


# -- packages kept for a request ------------------------------------------------------------
def _dir() -> Path:
    path = get_settings().APP_DATA_DIR / "exports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def store_package(request_id: str, data: bytes) -> str:
    """Encrypt and keep the package; returns the one-time link token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    name = f"{uuid.uuid4()}.bin"
    (_dir() / name).write_bytes(fernet().encrypt(data))
    store.add_package(request_id, token_hash(token), name,
                      datetime.now(UTC) + timedelta(days=period("dsr_download_days")))
    return token


def open_package(reference: str, token: str) -> bytes | None:
    """The package behind a mailed link, or None (wrong, expired or purged)."""
    row = store.package_by_link(reference, token_hash(token))
    if not row:
        return None
    path = _dir() / row[1]
    if not path.exists():
        return None
    store.mark_downloaded(row[0])
    return fernet().decrypt(path.read_bytes())


def delete_packages(request_id: str, *, expired_only: bool = False, db: Database | None = None) -> int:
    rows = store.package_files(request_id, expired_only, db)
    for _id, name in rows:
        (_dir() / name).unlink(missing_ok=True)
    if rows:
        store.drop_packages(request_id, expired_only, db)
    return len(rows)


def purge_expired() -> int:
    ids = store.requests_with_expired_packages()
    return sum(delete_packages(rid, expired_only=True) for rid in ids)
