"""Proofs of identity, asked only on reasonable doubt (Art. 12(6)).

The file is encrypted (Fernet, key from config.secrets) under APP_DATA_DIR/identity_docs, never
stored in the database, and deleted as soon as identity is confirmed, or when the request closes.
"""
from __future__ import annotations

import uuid
from pathlib import Path

from accounts import User, require
from config.settings import get_settings
from privacy import store_requests
from privacy.keys import fernet
from storage import Database

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
    return store_requests.add_identity_doc(request_id, name, media_type)


def list_for_request(actor: User | None, request_id: str) -> list[tuple[str, str]]:
    require(actor, "dpo")
    return store_requests.identity_docs_listed(request_id)


def read(actor: User | None, doc_id: str) -> bytes:
    require(actor, "dpo")
    name = store_requests.identity_doc_file(doc_id)
    if not name:
        raise KeyError(doc_id)
    return fernet().decrypt((_dir() / name).read_bytes())


def delete_for_request(request_id: str, db: Database | None = None) -> int:
    names = store_requests.identity_doc_files(request_id, db)
    for name in names:
        (_dir() / name).unlink(missing_ok=True)
    if names:
        store_requests.drop_identity_docs(request_id, db)
    return len(names)


def purge_closed() -> int:
    """Proofs of requests that are verified or closed: nothing justifies keeping them."""
    ids = store_requests.requests_with_closed_proofs()
    return sum(delete_for_request(rid) for rid in ids)
