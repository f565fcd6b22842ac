"""The audit trail of data-subject requests and erasures: who, what, when.

Kept after a request is closed, and pseudonymous: the person appears only as subject_ref (a keyed
hash of the e-mail, privacy.keys.email_ref) and the request reference, never as an address.
"""
from __future__ import annotations

import json
from typing import Any

from accounts import User, require
from privacy import store_requests as store
from storage import Database


def record(actor_id: str | None, action: str, subject_ref: str | None, details: dict[str, Any] | None = None,
           *, request_ref: str | None = None, actor_kind: str | None = None, db: Database | None = None) -> None:
    """Append one event (to `db`, default the process database). actor_id None = the requester or the
    system (actor_kind says which)."""
    kind = actor_kind or ("staff" if actor_id else "system")
    store.add_audit(actor_id, kind, action, subject_ref, request_ref, json.dumps(details or {}, default=str), db)


def list_events(actor: User | None, *, request_ref: str | None = None, limit: int = 500) -> list[dict]:
    """Newest first; DPO only."""
    require(actor, "dpo")
    rows = store.audit_rows(request_ref or None, limit)
    keys = ("occurred_at", "actor_id", "actor_kind", "action", "subject_ref", "request_ref", "details")
    return [dict(zip(keys, r, strict=True)) for r in rows]
