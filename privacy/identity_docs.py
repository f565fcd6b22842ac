"""Proofs of identity, asked only on reasonable doubt (Art. 12(6)).

The file is encrypted (Fernet, key from config.secrets) under APP_DATA_DIR/identity_docs, never
stored in the database, and deleted as soon as identity is confirmed, or when the request closes.
"""
from __future__ import annotations

import uuid
from pathlib import Path

from accounts import User, require
from config.settings import get_settings
from privacy.keys import fernet
from storage import get_db

MAX_BYTES = 10 * 1024 * 1024


def _dir() -> Path:
    path = get_settings().APP_DATA_DIR / "identity_docs"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def store(request_id: str, data: bytes, media_type: str = "application/octet-stream") -> str:
    """Keep an uploaded proof for the DPO; returns its id. The original file name is not kept."""
    if len(data) > MAX_BYTES:
        raise ValueError("file too large")
    name = f"{uuid.uuid4()}.bin"
    (_dir() / name).write_bytes(fernet().encrypt(data))
    row = get_db().write(lambda cur: cur.execute(
        "INSERT INTO dsr_identity_docs (request_id, stored_name, media_type) VALUES (?, ?, ?) RETURNING id",
        [request_id, name, media_type]).fetchone())
    return str(row[0])


def list_for_request(actor: User | None, request_id: str) -> list[tuple[str, str]]:
    require(actor, "dpo")
    return [(str(i), m) for i, m in get_db().query(
        "SELECT id, media_type FROM dsr_identity_docs WHERE request_id = ? ORDER BY uploaded_at", [request_id])]


def read(actor: User | None, doc_id: str) -> bytes:
    require(actor, "dpo")
    row = get_db().query_one("SELECT stored_name FROM dsr_identity_docs WHERE id = ?", [doc_id])
    if not row:
        raise KeyError(doc_id)
    return fernet().decrypt((_dir() / row[0]).read_bytes())


def delete_for_request(request_id: str) -> int:
    rows = get_db().query("SELECT stored_name FROM dsr_identity_docs WHERE request_id = ?", [request_id])
    for (name,) in rows:
        (_dir() / name).unlink(missing_ok=True)
    if rows:
        get_db().execute("DELETE FROM dsr_identity_docs WHERE request_id = ?", [request_id])
    return len(rows)


def purge_closed() -> int:
    """Proofs of requests that are verified or closed: nothing justifies keeping them."""
    ids = [r[0] for r in get_db().query(
        "SELECT DISTINCT CAST(d.request_id AS VARCHAR) FROM dsr_identity_docs d "
        "LEFT JOIN dsr_requests r ON r.id = d.request_id "
        "WHERE r.id IS NULL OR r.closed_at IS NOT NULL OR r.state NOT IN ('proof_requested')")]
    return sum(delete_for_request(rid) for rid in ids)
