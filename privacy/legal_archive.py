"""The restricted archive (intermediate archiving, CNIL fiche 14; GDPR Art. 17(3)(b)).

Rows a legal obligation makes us keep after an erasure leave the active database: each batch is a
Fernet-encrypted file under APP_DATA_DIR/legal_archive, indexed in privacy_legal_archive by a
keyed hash of the person, the reason and the end date. Only the DPO can read it (audited); the
retention job destroys it at the end date.
"""
from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

from accounts import User, require
from config.settings import get_settings
from privacy import audit, store_datamap
from privacy import store_requests as store
from privacy.datamap import Entry, hold_years
from privacy.dates import add_months
from privacy.keys import fernet


def archive_dir() -> Path:
    path = get_settings().APP_DATA_DIR / "legal_archive"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def archive_rows(cur, entry: Entry, subject_ref: str, where: str, params: list) -> int:
    """Inside the erasure transaction: copy the rows, encrypted, before they are deleted."""
    rows = store_datamap.whole_rows(cur, entry, where, params)
    if not rows:
        return 0
    assert entry.legal_hold is not None
    name = f"{uuid.uuid4()}.bin"
    payload = json.dumps({"table": entry.table, "rows": rows}, default=str).encode()
    (archive_dir() / name).write_bytes(fernet().encrypt(payload))
    expires = add_months(datetime.now(UTC), 12 * hold_years(entry))
    store.add_archive_entry(cur, subject_ref, entry.table, entry.legal_hold.reason, name, len(rows), expires)
    return len(rows)


def list_archive(actor: User | None) -> list[dict]:
    """The index (no personal data): what is held, why, until when."""
    require(actor, "dpo")
    keys = ("id", "source_table", "reason", "row_count", "archived_at", "expires_at")
    rows = store.archive_index()
    return [dict(zip(keys, r, strict=True)) for r in rows]


def read_archive(actor: User | None, archive_id: str, purpose: str) -> dict:
    """Open one archived batch (e.g. for a legal claim); the access and its purpose are audited."""
    require(actor, "dpo")
    if not purpose.strip():
        raise ValueError("say why the archive is opened")
    row = store.archive_entry(archive_id)
    if row is None:
        raise KeyError(archive_id)
    audit.record(str(actor.id), "archive.read", row[1], {"archive": archive_id, "purpose": purpose.strip()})
    return json.loads(fernet().decrypt((archive_dir() / row[0]).read_bytes()))


def purge_expired(now: datetime) -> int:
    expired = store.expired_archives(now)
    for _id, name in expired:
        (archive_dir() / name).unlink(missing_ok=True)
        store.drop_archive_entry(_id)
    return len(expired)
