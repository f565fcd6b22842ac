"""Data module of the consent log (SQL in storage/queries/privacy/consent_*.sql)."""
from __future__ import annotations

from datetime import datetime

from storage import get_db, load_sql


def add_event(consent_id: str, user_id: str | None, policy_version: str, banner_sha256: str, decisions_json: str,
              method: str, created_at: datetime, ip_trunc: str | None, user_agent: str | None) -> None:
    get_db().execute(load_sql("privacy/consent_add"), [consent_id, user_id, policy_version, banner_sha256,
                                                       decisions_json, method, created_at, ip_trunc, user_agent])


def latest_event(consent_id: str) -> tuple | None:
    """(policy_version, decisions JSON, created_at) of the last choice logged for the consent id."""
    return get_db().query_one(load_sql("privacy/consent_latest"), [consent_id])


def search(consent_id: str, account: str, limit: int) -> list[tuple]:
    """Events of the consent id and/or the account (e-mail or user id); "" matches any. Newest first."""
    return get_db().query(load_sql("privacy/consent_search"),
                          [consent_id, consent_id, account, account, account, int(limit)])
