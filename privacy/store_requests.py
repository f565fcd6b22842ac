"""Data module of the data-subject requests: the requests, their verification codes, identity proofs,
access packages, the audit trail and the legal archive's index (SQL in storage/queries/privacy/).

Role checks stay with the callers (privacy.requests, privacy.audit ...); these functions read and write.
Those the erasure calls take the database it works on (`db`, default: the process database).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from storage import Database, get_db, load_sql

REQUEST_COLUMNS = ("id", "reference", "subject_ref", "requester_email", "first_name", "last_name", "user_id",
                   "actions", "message", "channel", "language", "state", "received_at", "verified_at",
                   "paused_since", "paused_seconds", "extension_months", "extension_reason", "refusal_reason",
                   "result_summary", "closed_at")
# How requests are picked; the one place their WHERE text is chosen (values are bound).
_REQUEST_FILTERS = {"id": "id = ?", "reference": "reference = ?", "open": "state NOT IN ('completed', 'refused')",
                    "all": "TRUE"}


def _sql(name: str) -> str:
    return load_sql(f"privacy/{name}")


# -- requests ----------------------------------------------------------------------------------
def request_rows(by: str, params: list) -> list[tuple]:
    """Rows of REQUEST_COLUMNS, oldest first; `by` is a key of _REQUEST_FILTERS."""
    sql = (f"SELECT {', '.join(REQUEST_COLUMNS)} FROM dsr_requests "  # noqa: S608 (names from the lists above)
           f"WHERE {_REQUEST_FILTERS[by]} ORDER BY received_at")
    return get_db().query(sql, params)


def add_request(values: list) -> str:
    """values in the order of request_add.sql; returns the new id."""
    return str(get_db().write(lambda cur: cur.execute(_sql("request_add"), values).fetchone())[0])


def change_request(req_id: str, decide: Callable[[str, datetime | None, int], dict]) -> None:
    """In one transaction: read (state, paused_since, paused_seconds), let `decide` return the columns
    to set (it may raise to refuse), write them. KeyError for an unknown request."""
    def write(cur) -> None:
        row = cur.execute(_sql("request_clock"), [req_id]).fetchone()
        if row is None:
            raise KeyError(req_id)
        values = decide(*row)
        unknown = set(values) - set(REQUEST_COLUMNS[1:])
        if unknown:
            raise ValueError(f"not a column of dsr_requests: {sorted(unknown)}")
        sets = ", ".join(f"{k} = ?" for k in values)   # names checked against REQUEST_COLUMNS just above
        cur.execute(f"UPDATE dsr_requests SET {sets} WHERE id = ?", [*values.values(), req_id])  # noqa: S608
    get_db().write(write)


def recent_requests_for(subject_ref: str) -> int:
    return int(get_db().query_one(_sql("requests_recent_for"), [subject_ref])[0])


# -- accounts, as the requests see them ----------------------------------------------------------
def account_id_by_email(email: str, db: Database | None = None) -> str | None:
    row = (db or get_db()).query_one(_sql("account_id_by_email"), [email])
    return row[0] if row else None


def account_email(user_id: str, *, lower: bool = True, db: Database | None = None) -> str | None:
    query = "account_email_by_id" if lower else "account_plain_email_by_id"
    row = (db or get_db()).query_one(_sql(query), [str(user_id)])
    return row[0] if row else None


def account_language(user_id: str) -> str | None:
    row = get_db().query_one(_sql("account_language"), [str(user_id)])
    return row[0] if row else None


# -- audit trail ------------------------------------------------------------------------------
def add_audit(actor_id: str | None, kind: str, action: str, subject_ref: str | None, request_ref: str | None,
              details_json: str, db: Database | None = None) -> None:
    (db or get_db()).execute(_sql("audit_add"), [actor_id, kind, action, subject_ref, request_ref, details_json])


def audit_rows(request_ref: str | None, limit: int) -> list[tuple]:
    return get_db().query(_sql("audit_latest"), [request_ref, request_ref, int(limit)])


def audit_count(request_ref: str, action: str) -> int:
    return int(get_db().query_one(_sql("audit_count"), [request_ref, action])[0])


# -- verification codes -------------------------------------------------------------------------
def replace_verification(request_id: str, token_digest: str, code_digest: str, created: datetime,
                         expires: datetime) -> None:
    def write(cur) -> None:
        cur.execute(_sql("verification_drop"), [request_id])
        cur.execute(_sql("verification_add"), [request_id, token_digest, code_digest, created, expires])
    get_db().write(write)


def check_verification(request_id: str, judge: Callable[[tuple | None], bool | None], now: datetime) -> bool:
    """In one transaction: `judge` gets (token_hash, code_hash, expires_at, attempts, used_at) or None and
    returns True (a match: mark used), False (a miss: count it) or None (not usable: change nothing)."""
    def check(cur) -> bool:
        verdict = judge(cur.execute(_sql("verification_of"), [request_id]).fetchone())
        if verdict is None:
            return False
        if verdict:
            cur.execute(_sql("verification_used"), [now, request_id])
            return True
        cur.execute(_sql("verification_missed"), [request_id])
        return False
    return get_db().write(check)


def purge_verifications(now: datetime, max_attempts: int) -> int:
    return int(get_db().write(lambda cur: cur.execute(_sql("verifications_purge"), [now, max_attempts]
                                                      ).fetchone()[0]))


# -- identity proofs ---------------------------------------------------------------------------
def add_identity_doc(request_id: str, stored_name: str, media_type: str) -> str:
    return str(get_db().write(lambda cur: cur.execute(_sql("identity_doc_add"),
                                                      [request_id, stored_name, media_type]).fetchone())[0])


def identity_docs_listed(request_id: str) -> list[tuple[str, str]]:
    return [(str(i), m) for i, m in get_db().query(_sql("identity_docs_listed"), [request_id])]


def identity_doc_file(doc_id: str) -> str | None:
    row = get_db().query_one(_sql("identity_doc_file"), [doc_id])
    return row[0] if row else None


def identity_doc_files(request_id: str, db: Database | None = None) -> list[str]:
    return [r[0] for r in (db or get_db()).query(_sql("identity_doc_files_of"), [request_id])]


def drop_identity_docs(request_id: str, db: Database | None = None) -> None:
    (db or get_db()).execute(_sql("identity_docs_drop"), [request_id])


def requests_with_closed_proofs() -> list[str]:
    return [r[0] for r in get_db().query(_sql("identity_docs_closed"))]


# -- access packages ---------------------------------------------------------------------------
def add_package(request_id: str, token_digest: str, stored_name: str, expires: datetime) -> None:
    get_db().execute(_sql("package_add"), [request_id, token_digest, stored_name, expires])


def package_by_link(reference: str, token_digest: str) -> tuple[str, str] | None:
    """(id, stored_name) of an unexpired package."""
    return get_db().query_one(_sql("package_by_link"), [reference, token_digest])


def mark_downloaded(package_id: str) -> None:
    get_db().execute(_sql("package_downloaded"), [package_id])


def package_files(request_id: str, expired_only: bool, db: Database | None = None) -> list[tuple]:
    return (db or get_db()).query(_sql("packages_of"), [request_id, expired_only])


def drop_packages(request_id: str, expired_only: bool, db: Database | None = None) -> None:
    (db or get_db()).execute(_sql("packages_drop"), [request_id, expired_only])


def requests_with_expired_packages() -> list[str]:
    return [r[0] for r in get_db().query(_sql("packages_expired_requests"))]


# -- the legal archive's index -------------------------------------------------------------------
def add_archive_entry(cur, subject_ref: str, table: str, reason: str, stored_name: str, rows: int,
                      expires: datetime) -> None:
    """Inside the erasure transaction (cur)."""
    cur.execute(_sql("archive_add"), [subject_ref, table, reason, stored_name, rows, expires])


def archive_index() -> list[tuple]:
    """(id, source_table, reason, row_count, archived_at, expires_at), newest first."""
    return get_db().query(_sql("archive_index"))


def archive_entry(archive_id: str) -> tuple[str, str] | None:
    """(stored_name, subject_ref)."""
    return get_db().query_one(_sql("archive_entry"), [archive_id])


def expired_archives(now: datetime) -> list[tuple]:
    return get_db().query(_sql("archive_expired"), [now])


def drop_archive_entry(archive_id: str) -> None:
    get_db().execute(_sql("archive_drop"), [archive_id])


# -- consent withdrawals (fulfilment) ----------------------------------------------------------
def latest_consents_of(user_id: str) -> list[tuple[str, str]]:
    """(consent_id, decisions JSON) of every browser choice linked to the account, the latest of each."""
    return get_db().query(_sql("consent_latest_of_user"), [user_id])
